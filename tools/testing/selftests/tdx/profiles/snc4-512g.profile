# One socket in Sub-NUMA Clustering mode (SNC-4): four NUMA nodes of
# 128 GiB each on one package.  Planning-only.
name        snc4-512g
generation  1.5
version     1.5.1
build       100 20230605
max_pa      46
keyid_bits  6
keyids      mktme 31 tdx 32
cpus        112 packages 1
nodes       4
memory      0x0-0x9f000 usable node 0
memory      0x100000-0x7e000000 usable node 0
memory      0x7e000000-0x80000000 reserved
memory      0x100000000-0x2080000000 usable node 0
memory      0x2080000000-0x4080000000 usable node 1
memory      0x4080000000-0x6080000000 usable node 2
memory      0x6080000000-0x8080000000 usable node 3
cmr         0x100000-0x7e000000
cmr         0x100000000-0x2080000000
cmr         0x2080000000-0x4080000000
cmr         0x4080000000-0x6080000000
cmr         0x6080000000-0x8080000000
