#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The PAMT benchmark (userspace half), all figures from one run:
#
#   1. per machine profile: TDMRs, PAMT bytes and largest contiguous chunk
#      of the planner and of the upstream 6.8 policy, as ratios; the floor
#      (PAMT for exactly the memory in the CMRs); what "tdx_pamt=reserve"
#      reserves at boot against what the plan then takes; reserved areas
#      per TDMR after PAMT placement, by placement
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
#      per node), then 1 and 2 CPUs with every TDMR.INIT call taking
#      TDX_BENCH_CALL_US (default 50) microseconds besides the model's work
#      (debugfs tdx_model/tdmr_call_us, a stand-in for the module's time
#      per call); tdx_enable() wall time, the model's share, the ratio to
#      1 CPU; the TDMR.INIT step's wall time (the model's clock, from the
#      first call taking its TDMR's lock to the last one's commit) and its
#      ratio to 1 CPU; the TDMRs and TDH.SYS.TDMR.INIT calls, the model's
#      work per call and the most calls in flight at once (the model's
#      count, debugfs tdx_model/tdmr_init).  The output first states the machine:
#      host cores and CPU, load, QEMU, -accel tcg,thread=multi (dev/boot.sh).
#      Under TCG each vCPU is a host thread: with more vCPUs than host
#      cores, vCPUs spinning on a lock steal the holder's core, so only the
#      runs with at most one vCPU per core say something.
#   5. TDH.SYS.TDMR.INIT projected to a 2 TiB two-socket and an 8 TiB
#      eight-socket host: calls for the planner's TDMRs of those profiles
#      (bench_reserve tdmr-init: 4 MiB of TDMR per call), one after the
#      other and in parallel as tdx_init_tdmrs() runs them (a worker per
#      CPU of the node, TDX_BENCH_CPUS_PER_NODE, default 112, at most one
#      per TDMR), times the model's per-call cost from part 4's first run.
#      That cost is the model's under TCG, not hardware's: the seconds are
#      the model's, the ratio serial/parallel is what the projection says.
#      TDX_BENCH_QEMU=0 skips parts 3 to 5, TDX_BENCH_FRAG=0 part 3.
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
echo "=== tdx_enable() in QEMU on the model: TDMRs in parallel"
echo "machine: host $(nproc) cores ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)), load $(cut -d' ' -f1-3 /proc/loadavg) at start;"
echo "  $(qemu-system-x86_64 --version | head -1 | sed 's/ (.*//'), -accel tcg,thread=multi (a host thread per vCPU), 6 GiB, 2 NUMA nodes, vCPUs per row"
echo "  us/call: the model's work per TDH.SYS.TDMR.INIT call (4 MiB of TDMR, 16 KiB of PAMT written) under TCG;"
echo "  inflight: the most TDMR.INIT calls in flight at once (tdx_model/tdmr_init in debugfs)"
echo "  init_ms: the TDMR.INIT step alone, first call to last (the model's clock); init_ratio to 1 vCPU"
echo "  call_us: microseconds every call takes besides the model's work (tdx_model/tdmr_call_us), a"
echo "  stand-in for the module's own time per call: with it the calls, not the emulator, take the time"
printf '%-7s %-5s %-7s %10s %10s %7s %9s %10s %6s %6s %9s %8s\n' call_us vcpus result enable_ms model_ms ratio init_ms init_ratio TDMRs calls us/call inflight
call_ns="" call_cpus=""
for row in 0,1 0,2 0,4 "${TDX_BENCH_CALL_US:-50},1" "${TDX_BENCH_CALL_US:-50},2"; do
	cu=${row%,*} smp=${row#*,}
	[ "$smp" = 1 ] && base_ns="" base_span=""
	if ! BOOT_SMP=$smp BOOT_EXTRA_ARGS="kmemleak=off" bench_boot "bench,bounded,0,$cu"; then
		printf '%-7s %-5s %s\n' "$cu" "$smp" "no result (boot failed)"
		continue
	fi
	[ -n "$base_ns" ] || base_ns=$enable_ns
	[ -n "$base_span" ] || base_span=${tdmr_span_ns:-0}
	# The projection's per-call cost: the first run that has one (1 vCPU:
	# no vCPU competes with another for a host core).
	if [ -z "$call_ns" ] && [ "${tdmr_calls:-0}" -gt 0 ]; then
		call_ns=$(echo "$tdmr_work_ns / $tdmr_calls" | bc -l)
		call_cpus=$cpus
	fi
	printf '%-7s %-5s %-7s %10.1f %10.1f %6.2fx %9.1f %9.2fx %6s %6s %9.1f %8s\n' "$cu" "$smp" "$result" \
		"$(echo "$enable_ns / 1000000" | bc -l)" "$(echo "$seamcall_ns / 1000000" | bc -l)" \
		"$(echo "$base_ns / ($enable_ns + 1)" | bc -l)" \
		"$(echo "${tdmr_span_ns:-0} / 1000000" | bc -l)" \
		"$(echo "$base_span / (${tdmr_span_ns:-0} + 1)" | bc -l)" "$nr_tdmrs" "$tdmr_calls" \
		"$(echo "$tdmr_work_ns / ($tdmr_calls + 0.000001) / 1000" | bc -l)" "$tdmr_max_in_flight"
done

[ -n "$call_ns" ] || exit 0
cpn=${TDX_BENCH_CPUS_PER_NODE:-112}
echo
echo "=== TDH.SYS.TDMR.INIT projected to large hosts"
printf 'per-call cost: %.1f us, the model'"'"'s under TCG (%s vCPU run), NOT hardware'"'"'s: the seconds\n' \
	"$(echo "$call_ns / 1000" | bc -l)" "$call_cpus"
echo "below are this model's; what carries over is the ratio serial/parallel.  Calls: every"
echo "4 MiB of the planner's TDMRs for the profile (bench_reserve tdmr-init); parallel: per node"
echo "one worker per CPU ($cpn CPUs per node assumed), at most one per TDMR of the node, each"
echo "taking the node's next TDMR when done (tdx_init_tdmrs()); every call assumed to cost the"
echo "same whatever runs beside it (no memory bandwidth limit)."
printf '%-7s %-15s %6s %6s %9s %8s %9s %10s %10s %7s\n' profile host TDMRs /node workers calls par_calls serial_s parallel_s ratio
"$SRC/tools/testing/tdx/bench_reserve/build/bench_reserve" tdmr-init "$cpn" 2T-2S 8T-8S |
while read -r _ line; do
	# shellcheck disable=SC2046
	eval $(echo "$line" | tr ' ' '\n' | grep -E '^[a-z_]+=[0-9a-zA-Z-]*$')
	printf '%-7s %-15s %6s %6s %9s %8s %9s %10.1f %10.1f %6.1fx\n' "$profile" \
		"$(((mem_gib + 512) / 1024)) TiB, $nodes nodes" "$tdmrs" "$most_tdmrs_per_node" \
		"$workers" "$calls" "$parallel_calls" \
		"$(echo "$calls * $call_ns / 10^9" | bc -l)" \
		"$(echo "$parallel_calls * $call_ns / 10^9" | bc -l)" \
		"$(echo "$calls / $parallel_calls" | bc -l)"
done
