#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The PAMT benchmark (userspace half), all figures from one run:
#
#   1. per machine profile: TDMRs, PAMT bytes and largest contiguous chunk
#      of the planner and of the upstream 6.8 policy, as ratios; the floor
#      (PAMT for exactly the memory in the CMRs); what "tdx_pamt=reserve"
#      reserves at boot against what the plan then takes
#      (tools/testing/tdx/bench_reserve);
#   2. planner time against the number of memory ranges, 10 to 10^5
#      (tools/testing/tdx "make bench").
#
# The QEMU half (tdx_enable() wall time, the fragmentation experiment)
# needs the TDX core wired to tdx_pamt_reserve_alloc(): see the
# pamt_fragment knob in arch/x86/virt/vmx/tdx/tdx_pamt_reserve.c.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
WORK=${TDX_WORK:-$REPO/work}
SRC=$WORK/linux

[ -d "$SRC/tools/testing/tdx/bench_reserve" ] || bash "$REPO/dev/tree.sh"

echo "=== PAMT per machine profile"
make -s -C "$SRC/tools/testing/tdx/bench_reserve" run
echo
echo "=== planner time against memory ranges (2 TiB, 2 nodes, 4 KiB holes)"
make -s -C "$SRC/tools/testing/tdx" bench
