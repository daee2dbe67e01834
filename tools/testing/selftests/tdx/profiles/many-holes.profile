# A server with 17 memory holes below 2 GiB (more than the 16 reserved
# areas a TDMR can hold); the holes lie inside the first CMR.  Planning-only.
name        many-holes
generation  1.0
version     1.0.3
build       500 20221011
max_pa      46
keyid_bits  6
keyids      mktme 15 tdx 48
cpus        64 packages 2
nodes       2
memory      0x0-0x7000000 usable node 0
memory      0x7000000-0x7400000 reserved
memory      0x7400000-0xe000000 usable node 0
memory      0xe000000-0xe400000 reserved
memory      0xe400000-0x15000000 usable node 0
memory      0x15000000-0x15400000 reserved
memory      0x15400000-0x1c000000 usable node 0
memory      0x1c000000-0x1c400000 reserved
memory      0x1c400000-0x23000000 usable node 0
memory      0x23000000-0x23400000 reserved
memory      0x23400000-0x2a000000 usable node 0
memory      0x2a000000-0x2a400000 reserved
memory      0x2a400000-0x31000000 usable node 0
memory      0x31000000-0x31400000 reserved
memory      0x31400000-0x38000000 usable node 0
memory      0x38000000-0x38400000 reserved
memory      0x38400000-0x3f000000 usable node 0
memory      0x3f000000-0x3f400000 reserved
memory      0x3f400000-0x46000000 usable node 0
memory      0x46000000-0x46400000 reserved
memory      0x46400000-0x4d000000 usable node 0
memory      0x4d000000-0x4d400000 reserved
memory      0x4d400000-0x54000000 usable node 0
memory      0x54000000-0x54400000 reserved
memory      0x54400000-0x5b000000 usable node 0
memory      0x5b000000-0x5b400000 reserved
memory      0x5b400000-0x62000000 usable node 0
memory      0x62000000-0x62400000 reserved
memory      0x62400000-0x69000000 usable node 0
memory      0x69000000-0x69400000 reserved
memory      0x69400000-0x70000000 usable node 0
memory      0x70000000-0x70400000 reserved
memory      0x70400000-0x77000000 usable node 0
memory      0x77000000-0x77400000 reserved
memory      0x77400000-0x80000000 usable node 0
memory      0x100000000-0x1080000000 usable node 0
memory      0x1080000000-0x2000000000 usable node 1
cmr         0x100000-0x80000000
cmr         0x100000000-0x1080000000
cmr         0x1080000000-0x2000000000
