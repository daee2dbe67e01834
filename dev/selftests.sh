#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run tools/testing/selftests/tdx in QEMU on the TDX module model: build the
# boot kernel and the selftests (static), boot twice (a normal first TD with
# PAMT from the tdx_pamt=reserve boot reservation, and a first TD that hits
# an injected TDX module error with PAMT allocated at runtime), and print each boot's
# TAP output prefixed with the scenario.  Called by dev/test.sh.
set -euo pipefail
# Called from the project Makefile: do not let its make variables leak into
# the kernel's and the selftests' makes (lib.mk puts binaries in / when it
# believes a parent selftests make set OUTPUT).
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES

REPO=$(cd "$(dirname "$0")/.." && pwd)
WORK=${TDX_WORK:-$REPO/work}
SRC=$WORK/linux
# shellcheck source=dev/boot.sh
. "$REPO/dev/boot.sh"

boot_build_kernel
make -s -C "$SRC/tools/testing/selftests/tdx" OUTPUT="$SRC/tools/testing/selftests/tdx" >/dev/null
bins=()
for t in tdx_host_test tdx_kvm_test; do
	bins+=("$SRC/tools/testing/selftests/tdx/$t")
done
boot_initramfs "$BOOT_BUILD/selftests.cpio" "${bins[@]}"

for s in selftests selftests-fault; do
	log=$WORK/selftests-$s.log
	# The first TD of the normal boot takes its PAMT from the boot
	# reservation, that of the fault boot allocates it at runtime.
	extra=""
	[ "$s" = selftests ] && extra="tdx_pamt=reserve"
	BOOT_EXTRA_ARGS="$extra" boot_run tcg "$BOOT_BUILD/selftests.cpio" "$s" 600 > "$log" || true
	if ! grep -q "=== tdx-demo done" "$log"; then
		echo "not ok 1 $s: the guest did not finish (see $log)"
		continue
	fi
	# TAP lines of the selftests, named after the boot.
	sed -n '/=== selftests begin/,/=== selftests end/p' "$log" |
		sed -n "s/^\(not ok\|ok\) \([0-9]*\) \(.*\)/\1 \2 $s: \3/p"
	sed -n '/=== selftests begin/,/=== selftests end/p' "$log" | grep '^#' || true
done
