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
# shellcheck source=dev/boot.sh
. "$(dirname "$0")/boot.sh"
SCENARIOS=${TDX_DEMO:-ok fault}

bash "$REPO/dev/tree.sh"
echo "run: building the kernel ($BOOT_BUILD, allnoconfig + dev/configs/boot.config)"
boot_build_kernel
boot_initramfs "$BOOT_BUILD/initramfs.cpio"

ACCEL=$(boot_accel "$BOOT_BUILD/initramfs.cpio")
[ "$ACCEL" = kvm ] || echo "run: using TCG (KVM acceleration unavailable or not working here)"

for s in $SCENARIOS; do
	echo
	echo "run: booting ($ACCEL, 2 sockets, 4 CPUs, 2 NUMA nodes, 6 GiB), scenario '$s'"
	boot_run "$ACCEL" "$BOOT_BUILD/initramfs.cpio" "$s" 600 | tee "$WORK/run-$s.log" |
		sed -n '/=== tdx-demo/,/=== tdx-demo done/p'
	grep -q "=== tdx-demo done" "$WORK/run-$s.log" ||
		{ echo "run: error: the guest did not finish (see $WORK/run-$s.log)" >&2; exit 1; }
done
