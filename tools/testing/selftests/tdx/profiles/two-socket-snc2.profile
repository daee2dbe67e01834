# Two sockets in Sub-NUMA Clustering mode (SNC-2): four NUMA nodes, two per
# package.  CMRs as such a BIOS reports them: the low one from 1 MiB to the
# top of low DRAM below the 32-bit hole ([0x100000, 0x77800000), SMRAM and
# MMIO above it), then one per node, each ending a little below the next
# node's memory (gaps of 96 MiB to 2 GiB).  Planning-only.
name        two-socket-snc2
generation  1.5
version     1.5.6
build       698 20231102
max_pa      52
keyid_bits  6
keyids      mktme 15 tdx 48
cpus        192 packages 2
nodes       4
memory      0x0-0x9f000 usable node 0
memory      0x9f000-0x100000 reserved
memory      0x100000-0x6e2a4000 usable node 0
memory      0x6e2a4000-0x6f800000 reserved
memory      0x6f800000-0x77800000 usable node 0
memory      0x77800000-0x80000000 reserved
memory      0x100000000-0x2000000000 usable node 0
memory      0x2000000000-0x2006000000 reserved
memory      0x2006000000-0x4000000000 usable node 1
memory      0x4000000000-0x4080000000 reserved
memory      0x4080000000-0x6000000000 usable node 2
memory      0x6000000000-0x6006000000 reserved
memory      0x6006000000-0x8000000000 usable node 3
cmr         0x100000-0x77800000
cmr         0x100000000-0x2000000000
cmr         0x2006000000-0x4000000000
cmr         0x4080000000-0x6000000000
cmr         0x6006000000-0x8000000000
