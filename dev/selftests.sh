#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run tools/testing/selftests/tdx in QEMU on the TDX module model: build the
# boot kernel and the selftests (static), boot once per line of "boots"
# below (a normal first TD with PAMT from the tdx_pamt=reserve boot
# reservation, and first TDs that hit an injected TDX module error at each
# stage of the initialization), and print each boot's TAP output prefixed
# with the boot's name; then one kexec boot (kexec_boot below).  Called by
# dev/test.sh.
set -euo pipefail
# shellcheck source=dev/boot.sh
. "$(dirname "$0")/boot.sh"

boot_build_kernel
make -s -C "$SRC/tools/testing/selftests/tdx" OUTPUT="$SRC/tools/testing/selftests/tdx" >/dev/null
bins=()
for t in tdx_host_test tdx_kvm_test; do
	bins+=("$SRC/tools/testing/selftests/tdx/$t")
done
boot_initramfs "$BOOT_BUILD/selftests.cpio" "${bins[@]}"
# The kexec boot's: the second kernel's in the first kernel's, with the
# kernel and tdx_kexec.
boot_initramfs "$BOOT_BUILD/kexec2.cpio"
boot_initramfs "$BOOT_BUILD/kexec.cpio" "$SRC/tools/testing/selftests/tdx/tdx_kexec" \
	"$BOOT_BUILD/arch/x86/boot/bzImage" "$BOOT_BUILD/kexec2.cpio"

# One boot per line: name, kernel arguments, /init scenario.  A fault
# scenario "selftests-fault,LEAF,STATUS,CPU,NTH" makes the model fail a
# leaf (tdx_model debugfs "inject"), so that the first TD fails at that
# stage and the kernel must give back what it took: the selftests check
# sysfs against dmesg, and kmemleak scans after them.
# The KVM selftests need /dev/kvm (VMX), which TCG does not offer: they run
# (and skip) in the first two boots only.
host_only=tdx_selftests=tdx_host_test
boots=(
	# PAMT from the tdx_pamt=reserve reservation, lent before.
	"reserve|tdx_pamt=reserve|selftests"
	# TDH.SYS.KEY.CONFIG fails on every try (TDX_KEY_GENERATION_FAILED),
	# after the PAMT was allocated at runtime.
	"fault-keyconfig||selftests-fault,31,0x8000080000000000,-1,0"
	# TDH.SYS.LP.INIT fails on CPU 3 (TDX_INCONSISTENT_CPUID_FIELD),
	# before anything is allocated.
	"fault-lpinit|$host_only|selftests-fault,35,0xC000090200000000,3,0"
	# TDH.SYS.CONFIG rejects a reserved area: PAMT taken from the
	# reservation must go back to it.
	"fault-config-reserve|tdx_pamt=reserve $host_only|selftests-fault,45,0xC0000A2000001003,-1,1"
	# The third TDH.SYS.TDMR.INIT rejects its operand (a busy TDMR would
	# be retried): the module is at SYS_READY and must be shut down with
	# TDH.SYS.SHUTDOWN.
	"fault-tdmrinit|$host_only|selftests-fault,36,0xC000010000000001,-1,3"
	# The module allows one reserved area per TDMR (its profile says
	# so; the host reads it and tdmr_plan_set_reserved() refuses more),
	# and one unmovable page starts every 16 MiB of free memory: PAMT
	# chunks land where a TDMR has no area left and must be placed
	# again (tdmr_pamt.c).
	"budget|$host_only|selftests-budget,1,16384"
)
# Print boot $1's selftest output from its console log $2: the TAP lines,
# named after the boot, and the harness's "#" lines; if a test failed, what
# it logged and the boot's virt/tdx lines as "detail" lines, which
# dev/test.sh repeats under its failures.  No pipe is cut short (pipefail).
report_boot() {
	local s=$1 log=$2 out
	out=$(sed -n '/=== selftests begin/,/=== selftests end/p' "$log")
	sed -n "s/^\(not ok\|ok\) \([0-9]*\) \(.*\)/\1 \2 $s: \3/p" <<< "$out"
	grep '^#' <<< "$out" || true
	grep -q '^not ok' <<< "$out" || return 0
	# What each failed test logged between its RUN and FAIL lines, 20
	# lines at most in all.
	awk -v b="$s" '/^#  RUN / || /^# +OK /{m = 0; next}
		/^# +FAIL /{for (i = 1; i <= m && p < 20; i++) {print l[i]; p++}
			    m = 0; next}
		/^#/{l[++m] = "detail " b ": " substr($0, 3)}' <<< "$out"
	{ grep -E '^(virt/tdx|tdx_model):' "$log" || true; } |
		awk '!seen[$0]++' | tail -15 | sed "s/^/detail $s: /"
}

for b in "${boots[@]}"; do
	IFS='|' read -r s extra scenario <<< "$b"
	log=$WORK/selftests-$s.log
	BOOT_EXTRA_ARGS="$extra" boot_run tcg "$BOOT_BUILD/selftests.cpio" "$scenario" 600 > "$log" || true
	if ! grep -q "=== tdx-demo done" "$log"; then
		echo "not ok 1 $s: the guest did not finish (see $log)"
		continue
	fi
	report_boot "$s" "$log"
done

# The kexec boot: a platform with the partial-write machine check erratum
# (tdx_model debugfs "pw_mce_erratum"), the module initialized, then
# kexec_file_load(2) into the same kernel (dev/initramfs/init, scenarios
# kexec and kexec2).  The first kernel's reboot notifier must reset exactly
# the PAMT it allocated, the second kernel must boot to its end, and
# neither may print a kernel report ($BAD).
kexec_boot() {
	local log=$WORK/selftests-kexec.log first second pamt reset t n=0 l lines
	t=$(date +%s)
	boot_run tcg "$BOOT_BUILD/kexec.cpio" kexec 600 > "$log" || true
	t=$(($(date +%s) - t))
	# The first kernel's lines, up to the second kernel's /init.
	first=$(sed '/^=== tdx-demo: .* scenario kexec2$/,$d' "$log")
	second=$(sed -n '/^=== tdx-demo: .* scenario kexec2$/,$p' "$log")
	pamt=$(sed -n 's/.*virt\/tdx: [0-9]* TDMRs, \([0-9]*\) KB allocated for PAMT$/\1/p' <<< "$first")
	reset=$(sed -n 's/.*virt\/tdx: kexec: reset \([0-9]*\) KB of PAMT with MOVDIR64B.*/\1/p' <<< "$first")
	if [ -n "$pamt" ] && grep -q "tdx_kexec: loaded" <<< "$first"; then
		echo "ok $((++n)) kexec: first kernel: module initialized on an erratum platform ($pamt KB of PAMT), kexec_file_load() done"
	else
		echo "not ok $((++n)) kexec: first kernel: no module initialized or no kexec_file_load() (see $log)"
	fi
	if [ -n "$pamt" ] && [ "$reset" = "$pamt" ]; then
		echo "ok $((++n)) kexec: before the jump, $reset KB of PAMT reset with MOVDIR64B: every PAMT line, nothing else"
	else
		echo "not ok $((++n)) kexec: PAMT reset before the jump: '${reset:-no line}' KB, allocated '${pamt:-no line}' KB"
	fi
	if grep -q "^=== tdx-demo done" <<< "$second"; then
		# The second kernel's TAP lines, renumbered.
		mapfile -t lines < <(sed -n '/^=== kexec2 begin/,/^=== kexec2 end/p' <<< "$second" |
			sed -n 's/^\(not ok\|ok\) [0-9]* \(.*\)/\1|\2/p')
		for l in "${lines[@]}"; do
			echo "${l%%|*} $((++n)) kexec: ${l#*|}"
		done
		[ ${#lines[@]} -gt 0 ] ||
			echo "not ok $((++n)) kexec: the second kernel printed no test line (see $log)"
	else
		echo "not ok $((++n)) kexec: the second kernel did not finish in ${t}s (see $log)"
	fi
	if ! grep -qE "$BAD" "$log"; then
		echo "ok $((++n)) kexec: both kernels booted and finished in ${t}s, no panic, lockdep, WARN or BUG report"
	else
		echo "not ok $((++n)) kexec: kernel report in the log (see $log)"
		grep -E "$BAD" "$log" | awk 'NR <= 5 { print "# " $0 }'
	fi
}
kexec_boot
