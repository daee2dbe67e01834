#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The main job (README: `make run`): build the patched kernel with TDX host
# support and the TDX module model, boot it in QEMU (2 sockets, 4 CPUs, 2
# NUMA nodes, 6 GiB) with a busybox initramfs, and show what an admin sees:
# the virt/tdx dmesg lines and the sysfs status, before and after the first
# TD initializes the TDX module.  Then boot again with an injected TDX
# module error and show the module being shut down.  Exits on its own.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
WORK=${TDX_WORK:-$REPO/work}
SRC=$WORK/linux
BUILD=$WORK/build/boot
JOBS=${JOBS:-$(nproc)}
SCENARIOS=${TDX_DEMO:-ok fault}

bash "$REPO/dev/tree.sh"

echo "run: configuring $BUILD (allnoconfig + dev/configs/boot.config)"
mkdir -p "$BUILD"
if [ ! -f "$BUILD/.config" ] || [ "$REPO/dev/configs/boot.config" -nt "$BUILD/.config" ]; then
	make -s -C "$SRC" O="$BUILD" ARCH=x86_64 KCONFIG_ALLCONFIG="$REPO/dev/configs/boot.config" allnoconfig
fi
missing=0
while read -r line; do
	case "$line" in CONFIG_*=y) ;; *) continue ;; esac
	if ! grep -qx "$line" "$BUILD/.config"; then
		echo "run: error: $line requested by dev/configs/boot.config is not set (unmet dependency?)" >&2
		missing=1
	fi
done < "$REPO/dev/configs/boot.config"
[ $missing -eq 0 ] || exit 1

echo "run: building the kernel (make -j$JOBS bzImage)"
t0=$(date +%s)
make -s -C "$SRC" O="$BUILD" ARCH=x86_64 -j"$JOBS" bzImage
echo "run: kernel built in $(($(date +%s) - t0))s: $(make -s -C "$SRC" O="$BUILD" kernelrelease)"

echo "run: building the initramfs (busybox)"
rm -rf "$BUILD/initramfs" && mkdir -p "$BUILD/initramfs"/{bin,proc,sys,dev,tmp}
cp /bin/busybox "$BUILD/initramfs/bin/busybox"
cp "$REPO/dev/initramfs/init" "$BUILD/initramfs/init"
chmod +x "$BUILD/initramfs/init"
(cd "$BUILD/initramfs" && find . | cpio -o -H newc --quiet) > "$BUILD/initramfs.cpio"

qemu_boot() {
	local accel=$1 scenario=$2 tmo=$3
	timeout "$tmo" qemu-system-x86_64 -accel "$accel" -cpu max \
		-smp 4,sockets=2,cores=2,threads=1 -m 6G \
		-object memory-backend-ram,id=m0,size=3G \
		-object memory-backend-ram,id=m1,size=3G \
		-numa node,nodeid=0,cpus=0-1,memdev=m0 \
		-numa node,nodeid=1,cpus=2-3,memdev=m1 \
		-kernel "$BUILD/arch/x86/boot/bzImage" \
		-initrd "$BUILD/initramfs.cpio" \
		-append "console=ttyS0 quiet loglevel=4 panic=-1 tdx_demo=$scenario" \
		-nographic -no-reboot -serial mon:stdio -display none </dev/null 2>&1 |
		tr -d '\r'
}

ACCEL=tcg
if [ "${TDX_ACCEL:-auto}" != tcg ] && [ -w /dev/kvm ]; then
	# Nested KVM has been seen to fail on these hosts: use it only if a
	# whole boot works with it.
	if qemu_boot kvm ok 60 | grep -q "=== tdx-demo done"; then
		ACCEL=kvm
	else
		echo "run: KVM acceleration does not work here, using TCG"
	fi
fi

for s in $SCENARIOS; do
	echo
	echo "run: booting ($ACCEL, 2 sockets, 4 CPUs, 2 NUMA nodes, 6 GiB), scenario '$s'"
	qemu_boot "$ACCEL" "$s" 300 | tee "$WORK/run-$s.log" |
		sed -n '/=== tdx-demo/,/=== tdx-demo done/p'
	grep -q "=== tdx-demo done" "$WORK/run-$s.log" ||
		{ echo "run: error: the guest did not finish (see $WORK/run-$s.log)" >&2; exit 1; }
done
