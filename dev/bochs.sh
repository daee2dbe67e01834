#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# KVM's TDX paths on a CPU with VMX: QEMU's TCG has none, Bochs emulates it
# (corei7_haswell_4770, with EPT).  Builds the boot kernel (dev/boot.sh) and
# tdx_kvm_test, an El Torito CD per scenario (isolinux: Bochs cannot load a
# kernel itself), and boots Bochs (2 CPUs, 2 GiB, the TDX module model
# active, lockdep on) once per line of "boots" below, at most two at a time
# (one host core each, 45-110 s a boot).  Prints the TAP lines of each boot's
# /init (dev/initramfs/bochs-init) and, per boot, one line for the boot
# itself: finished, and no panic, lockdep, WARN or BUG report in its log.
# Called by dev/test.sh.
#
#   dev/bochs.sh [SCENARIO...]    only those boots (default all);
#                                 BOCHS_EXTRA_ARGS adds kernel arguments
set -euo pipefail
# shellcheck source=dev/boot.sh
. "$(dirname "$0")/boot.sh"

BOCHS_DIR=${BOCHS_DIR:-$WORK/bochs}
BOCHS_TIMEOUT=${BOCHS_TIMEOUT:-600}

# One boot per line: scenario, kernel arguments.
#  lazy         kvm_intel.tdx=1: the KVM selftests, the first TD initializes
#  eager        kvm_intel.tdx_eager=1: initialized at boot, then TDs
#  eager-fault  eager, TDH.SYS.KEY.CONFIG fails on every call: the module
#               (1.5, not ready: no shutdown in its state) is fenced off,
#               TDs withdrawn, kvm_intel.tdx reads N
#  hotplug      eager with CPU 1 offline (maxcpus=1): eager initialization
#               and a TD refused, retryably; the first TD once CPU 1 is
#               back, CPU 1 offline and online again after initialization,
#               TDs again
boots=(
	"lazy|kvm_intel.tdx=1"
	"eager|kvm_intel.tdx=1 kvm_intel.tdx_eager=1"
	"eager-fault|kvm_intel.tdx=1 kvm_intel.tdx_eager=1 tdx_model_inject=31,0x8000080000000000,-1,0 tdx_expect_state=fenced"
	"hotplug|kvm_intel.tdx=1 kvm_intel.tdx_eager=1 maxcpus=1"
)

# No boot may print a kernel report ($BAD, dev/boot.sh).  The CPU is a
# Haswell model: Bochs' corei7_skylake_x declares XSAVE area sizes that do
# not match its own CPUID, and 6.1 WARNs about it in
# fpu__init_system_xstate(); Haswell (XSAVE with AVX, no XSAVES/XSAVEC, VMX
# with EPT) boots without a report.  BOCHS_CPU picks another Bochs CPU
# model.

bochs_iso() {	# bochs_iso DIR CPIO CMDLINE
	local d=$1/iso
	rm -rf "$d"
	mkdir -p "$d/isolinux"
	cp /usr/lib/ISOLINUX/isolinux.bin /usr/lib/syslinux/modules/bios/ldlinux.c32 "$d/isolinux/"
	cp "$BOOT_BUILD/arch/x86/boot/bzImage" "$d/bzImage"
	cp "$2" "$d/initrd"
	printf 'DEFAULT linux\nLABEL linux\n  KERNEL /bzImage\n  INITRD /initrd\n  APPEND %s\n' "$3" > "$d/isolinux/isolinux.cfg"
	xorriso -as mkisofs -quiet -o "$1/boot.iso" -b isolinux/isolinux.bin \
		-c isolinux/boot.cat -no-emul-boot -boot-load-size 4 \
		-boot-info-table "$d" 2>/dev/null
	rm -rf "$d"
}

bochs_run() {	# bochs_run DIR: boot DIR/boot.iso, console in DIR/serial.log
	cat > "$1/bochsrc" <<-EOF
	display_library: rfb, options="timeout=0"
	romimage: file=/usr/share/bochs/BIOS-bochs-latest
	vgaromimage: file=/usr/share/vgabios/vgabios.bin
	memory: guest=2048, host=2048
	cpu: model=${BOCHS_CPU:-corei7_haswell_4770}, count=2, ips=200000000
	ata0-master: type=cdrom, path=$1/boot.iso, status=inserted
	boot: cdrom
	com1: enabled=1, mode=file, dev=$1/serial.log
	log: $1/bochs.log
	panic: action=fatal
	EOF
	(cd "$1" && printf 'c\n' | timeout "$BOCHS_TIMEOUT" bochs -q -f bochsrc > "$1/bochs.out" 2>&1) || true
	tr -d '\r' < "$1/serial.log" > "$1/console.log"
}

bochs_report() {	# bochs_report NAME DIR SECONDS
	local s=$1 log=$2/console.log t=$3
	if ! grep -q "=== bochs done" "$log"; then
		echo "not ok 1 bochs/$s: the guest did not finish in ${t}s (see $log)"
		grep -E "$BAD" "$log" | head -5 | sed 's/^/# /'
		return
	fi
	sed -n '/=== bochs begin/,/=== bochs end/p' "$log" |
		sed -n "s/^\(not ok\|ok\) \([0-9]*\) \(.*\)/\1 \2 bochs\/$s: \3/p"
	sed -n '/=== bochs begin/,/=== bochs end/p' "$log" | grep '^#' || true
	if grep -qE "$BAD" "$log"; then
		echo "not ok 1 bochs/$s: kernel report in the log (see $log)"
		grep -E "$BAD" "$log" | head -5 | sed 's/^/# /'
	else
		echo "ok 1 bochs/$s: booted and finished in ${t}s, no panic, lockdep, WARN or BUG report"
	fi
}

if [ $# -gt 0 ]; then
	want=" $* "
else
	want=""
fi

boot_build_kernel
make -s -C "$SRC/tools/testing/selftests/tdx" OUTPUT="$SRC/tools/testing/selftests/tdx" >/dev/null
mkdir -p "$BOCHS_DIR"
boot_initramfs_with "$REPO/dev/initramfs/bochs-init" "$BOCHS_DIR/initramfs.cpio" \
	"$SRC/tools/testing/selftests/tdx/tdx_kvm_test"

base="console=ttyS0,115200 loglevel=4 panic=-1 ${BOCHS_EXTRA_ARGS:-}"
pids=()
names=()
for b in "${boots[@]}"; do
	IFS='|' read -r s extra <<< "$b"
	[ -z "$want" ] || [[ "$want" == *" $s "* ]] || continue
	d=$BOCHS_DIR/$s
	rm -rf "$d"
	mkdir -p "$d"
	bochs_iso "$d" "$BOCHS_DIR/initramfs.cpio" "$base bochs_scenario=$s $extra"
	# At most two Bochs at a time: one host core each.
	if [ ${#pids[@]} -ge 2 ]; then
		wait "${pids[0]}" || true
		pids=("${pids[@]:1}")
	fi
	(t0=$(date +%s); bochs_run "$d"; echo $(($(date +%s) - t0)) > "$d/seconds") &
	pids+=($!)
	names+=("$s")
done
wait
for s in "${names[@]}"; do
	bochs_report "$s" "$BOCHS_DIR/$s" "$(cat "$BOCHS_DIR/$s/seconds")"
done
