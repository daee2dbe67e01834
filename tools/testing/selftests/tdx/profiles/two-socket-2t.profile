# Two-socket server with 2 TiB of RAM, one NUMA node per socket.
# For planning-only checks: the model never touches this memory.
name        two-socket-2t
generation  1.5
version     1.5.6
build       698 20231102
attributes  0
features0   0x40000
handoff     1 0
max_tdmrs   64
max_reserved_per_tdmr 16
pamt_entry_size 16
max_pa      52
keyid_bits  6
keyids      mktme 15 tdx 48
cpus        224 packages 2
nodes       2
memory      0x0-0x9f000 usable node 0
memory      0x9f000-0x100000 reserved
memory      0x100000-0x6f7fe000 usable node 0
memory      0x6f7fe000-0x80000000 reserved
memory      0x100000000-0x10080000000 usable node 0
memory      0x10080000000-0x20080000000 usable node 1
cmr         0x100000-0x6f7fe000
cmr         0x100000000-0x10080000000
cmr         0x10080000000-0x20080000000
