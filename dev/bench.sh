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
#   3. in QEMU on the TDX module model (6 GiB, 2 nodes): the fragmentation
#      experiment.  While all memory is free, one pinned unmovable page per
#      S KiB (debugfs tdx/pamt_fragment); then, before TDX is initialized,
#      tmpfs is filled until 160 MiB are free (the page allocator lends a
#      CMA area only once a zone's other free memory runs short) and the
#      oldest files are deleted until 512 MiB are free again, which leaves
#      the pages lent to the reservation in place.  Then tdx_enable() with
#      this series' bounded chunks and with the boot reservation: result,
#      wall time, the part spent in SEAMCALLs (the model), and what the
#      reservation had lent before and after.  (The upstream policy's one
#      chunk per TDMR is measured by part 1, from its plan; the production
#      allocator has no switch to imitate it.)
#   4. in QEMU on the model: TDMRs initialized in parallel.  The same
#      kernel and memory (6 GiB, 2 nodes, no fragmentation, bounded PAMT)
#      with 1 CPU (node 1 memory-only: every TDMR on that CPU, one after
#      the other), 2 CPUs (one per node: a worker per node) and 4 CPUs (2
#      per node); tdx_enable() wall time, the model's share, and the
#      ratio to 1 CPU.  Under TCG each vCPU is a host thread: with more
#      vCPUs than host cores, vCPUs spinning on a lock steal the holder's
#      core, so only the runs with at most one vCPU per core say something.
#      TDX_BENCH_QEMU=0 skips parts 3 and 4, TDX_BENCH_FRAG=0 part 3.
set -euo pipefail
# shellcheck source=dev/boot.sh
. "$(dirname "$0")/boot.sh"

[ -d "$SRC/tools/testing/tdx/bench_reserve" ] || bash "$REPO/dev/tree.sh"

echo "=== PAMT per machine profile"
make -s -C "$SRC/tools/testing/tdx/bench_reserve" run
echo
echo "=== planner time against memory ranges (2 TiB, 2 nodes, 4 KiB holes)"
make -s -C "$SRC/tools/testing/tdx" bench

[ "${TDX_BENCH_QEMU:-1}" = 0 ] && exit 0
boot_build_kernel >/dev/null
boot_initramfs "$BOOT_BUILD/bench.cpio"

# bench_boot SCENARIO: one boot; sets the variables of its "=== bench" line
# (result, enable_ns, seamcall_ns, ...), or returns 1 if it has none.
bench_boot() {
	local line
	line=$(boot_run tcg "$BOOT_BUILD/bench.cpio" "$1" 900 | grep "^=== bench " || true)
	[ -n "$line" ] || return 1
	# shellcheck disable=SC2046
	eval "$(echo "$line" | tr ' ' '\n' | grep -E '^[a-z_]+=[0-9a-zA-Z]*$')"
}

if [ "${TDX_BENCH_FRAG:-1}" != 0 ]; then
	echo
	echo "=== tdx_enable() in QEMU on the model: fragmentation x PAMT policy"
	printf '%-8s %-9s %-7s %10s %10s %7s %14s %14s %12s\n' policy density result enable_ms model_ms model% lent_before_KB lent_after_KB used_KB
	for density in 0 4096 256 64; do
		for policy in bounded reserve; do
			extra="kmemleak=off"
			[ "$policy" = reserve ] && extra="$extra tdx_pamt=reserve"
			if ! BOOT_EXTRA_ARGS="$extra" bench_boot "bench,$policy,$density"; then
				printf '%-8s %-9s %s\n' "$policy" "$density" "no result (boot failed)"
				continue
			fi
			printf '%-8s %-9s %-7s %10.1f %10.1f %6.0f%% %14d %14d %12d\n' "$policy" \
				"$( [ "$density" = 0 ] && echo none || echo "1/${density}K")" "$result" \
				"$(echo "$enable_ns / 1000000" | bc -l)" "$(echo "$seamcall_ns / 1000000" | bc -l)" \
				"$(echo "100 * $seamcall_ns / ($enable_ns + 1)" | bc -l)" \
				$((lent_before / 1024)) $((lent_after / 1024)) $((used / 1024))
		done
	done
fi

echo
echo "=== tdx_enable() in QEMU on the model: TDMRs in parallel ($(nproc) host cores)"
printf '%-6s %-7s %10s %10s %10s\n' cpus result enable_ms model_ms ratio
base_ns=""
for smp in 1 2 4; do
	if ! BOOT_SMP=$smp BOOT_EXTRA_ARGS="kmemleak=off" bench_boot "bench,bounded,0"; then
		printf '%-6s %s\n' "$smp" "no result (boot failed)"
		continue
	fi
	[ -n "$base_ns" ] || base_ns=$enable_ns
	printf '%-6s %-7s %10.1f %10.1f %9.2fx\n' "$smp" "$result" \
		"$(echo "$enable_ns / 1000000" | bc -l)" "$(echo "$seamcall_ns / 1000000" | bc -l)" \
		"$(echo "$base_ns / ($enable_ns + 1)" | bc -l)"
done
