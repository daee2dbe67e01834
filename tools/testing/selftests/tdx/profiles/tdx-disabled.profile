# A platform whose BIOS did not enable TDX: reading MSR 0x87 faults and
# SEAMCALL raises #GP.
name        tdx-disabled
generation  1.5
max_pa      46
keyid_bits  6
keyids      disabled
memory      0x0-0x80000000 usable node 0
