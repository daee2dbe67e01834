# One socket whose high memory is remapped in runs with gaps between them
# (memory above the 32-bit hole remapped, DIMMs of different sizes
# interleaved sparsely): each run is its own CMR.  1.0 module.
# Planning-only.
name        sparse-remap
generation  1.0
version     1.0.3
build       500 20221011
max_pa      46
keyid_bits  6
keyids      mktme 15 tdx 48
cpus        56 packages 1
nodes       1
memory      0x0-0x9f000 usable node 0
memory      0x9f000-0x100000 reserved
memory      0x100000-0x6f800000 usable node 0
memory      0x6f800000-0x80000000 reserved
memory      0x100000000-0x880000000 usable node 0
memory      0x880000000-0x900000000 reserved
memory      0x900000000-0x1078000000 usable node 0
memory      0x1100000000-0x1f80000000 usable node 0
memory      0x2000000000-0x2040000000 usable node 0
cmr         0x100000-0x6f800000
cmr         0x100000000-0x880000000
cmr         0x900000000-0x1078000000
cmr         0x1100000000-0x1f80000000
cmr         0x2000000000-0x2040000000
