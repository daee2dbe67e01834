#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The QEMU machine of the main job and of the selftests, as functions:
#
#   boot_build_kernel            configure (allnoconfig + configs/boot.config)
#                                and build $BOOT_BUILD/arch/x86/boot/bzImage
#   boot_initramfs CPIO [FILE..] busybox + dev/initramfs/init (+ FILEs in /bin)
#   boot_initramfs_with INIT CPIO [FILE..]
#                                the same with another /init script
#   boot_run ACCEL CPIO SCENARIO TIMEOUT
#                                boot 2 sockets, 4 CPUs, 2 NUMA nodes, 6 GiB;
#                                the console goes to stdout; ACCEL tcg is
#                                multi-threaded TCG (-accel tcg,thread=multi:
#                                one host thread per vCPU)
#   boot_accel                   "kvm" if a whole boot works with it, else "tcg"
#   $BAD                         what no boot may print (grep -E)
#
# Source it: it sets REPO (this project), WORK ($TDX_WORK, default
# $REPO/work) and SRC (the materialized kernel tree), and keeps the project
# Makefile's make variables out of the kernel's and the selftests' makes
# (lib.mk puts binaries in / when it believes a parent selftests make set
# OUTPUT).

unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=${TDX_WORK:-$REPO/work}
SRC=$WORK/linux

BOOT_BUILD=$WORK/build/boot
JOBS=${JOBS:-$(nproc)}

# What no boot may print: a panic, an oops, a WARN or BUG, a lockdep,
# KASAN or RCU report, a hung task.  Matched on report headers ("RCU lockdep
# checking is enabled" at boot is not one).
# shellcheck disable=SC2034 # for the scripts that source this file
BAD='Kernel panic|WARNING:|BUG:|INFO: possible|INFO: task .* blocked|INFO: rcu|possible circular locking|possible recursive locking|inconsistent lock state|suspicious RCU usage|KASAN|Oops|general protection|Call Trace'

boot_build_kernel() {
	mkdir -p "$BOOT_BUILD"
	if [ ! -f "$BOOT_BUILD/.config" ] || [ "$REPO/dev/configs/boot.config" -nt "$BOOT_BUILD/.config" ]; then
		make -s -C "$SRC" O="$BOOT_BUILD" ARCH=x86_64 \
			KCONFIG_ALLCONFIG="$REPO/dev/configs/boot.config" allnoconfig
	fi
	local line missing=0
	while read -r line; do
		case "$line" in CONFIG_*=y) ;; *) continue ;; esac
		if ! grep -qx "$line" "$BOOT_BUILD/.config"; then
			echo "boot: error: $line requested by dev/configs/boot.config is not set (unmet dependency?)" >&2
			missing=1
		fi
	done < "$REPO/dev/configs/boot.config"
	[ $missing -eq 0 ] || return 1
	local t0
	t0=$(date +%s)
	make -s -C "$SRC" O="$BOOT_BUILD" ARCH=x86_64 -j"$JOBS" bzImage || return 1
	echo "boot: kernel $(make -s -C "$SRC" O="$BOOT_BUILD" kernelrelease) built in $(($(date +%s) - t0))s"
}

boot_initramfs() {
	boot_initramfs_with "$REPO/dev/initramfs/init" "$@"
}

boot_initramfs_with() {
	local init=$1 cpio=$2 dir f
	shift 2
	dir=$(mktemp -d)
	mkdir -p "$dir"/{bin,proc,sys,dev,tmp}
	cp /bin/busybox "$dir/bin/busybox"
	cp "$init" "$dir/init"
	chmod +x "$dir/init"
	for f in "$@"; do
		cp "$f" "$dir/bin/"
	done
	(cd "$dir" && find . | cpio -o -H newc --quiet) > "$cpio"
	rm -rf "$dir"
}

# "max" without LA57: see dev/configs/kunit_qemu.py (a 6.1 KASAN race with
# 5-level paging during identify_boot_cpu()).  For the benchmark, BOOT_SMP=2
# boots one CPU per node, BOOT_SMP=1 one CPU on node 0 with node 1
# memory-only.  TCG runs multi-threaded, said explicitly (QEMU 7.2's default
# for an x86 guest on an x86 host, but the benchmark's parallel figures
# depend on it): QEMU refuses to start rather than fall back to one thread.
boot_run() {
	local accel=$1 cpio=$2 scenario=$3 tmo=$4
	if [ "$accel" = tcg ]; then
		accel=tcg,thread=multi
	fi
	local cpus=(-smp 4,sockets=2,cores=2,threads=1
		    -numa node,nodeid=0,cpus=0-1,memdev=m0
		    -numa node,nodeid=1,cpus=2-3,memdev=m1)
	case "${BOOT_SMP:-4}" in
	1) cpus=(-smp 1 -numa node,nodeid=0,cpus=0,memdev=m0
		 -numa node,nodeid=1,memdev=m1) ;;
	2) cpus=(-smp 2,sockets=2,cores=1,threads=1
		 -numa node,nodeid=0,cpus=0,memdev=m0
		 -numa node,nodeid=1,cpus=1,memdev=m1) ;;
	esac
	timeout "$tmo" qemu-system-x86_64 -accel "$accel" -cpu max,la57=off \
		-m 6G \
		-object memory-backend-ram,id=m0,size=3G \
		-object memory-backend-ram,id=m1,size=3G \
		"${cpus[@]}" \
		-kernel "$BOOT_BUILD/arch/x86/boot/bzImage" -initrd "$cpio" \
		-append "console=ttyS0 quiet loglevel=4 panic=-1 no_timer_check tdx_demo=$scenario ${BOOT_EXTRA_ARGS:-}" \
		-nographic -no-reboot -display none </dev/null 2>&1 | tr -d '\r'
}

boot_accel() {
	# Nested KVM has been seen to fail on these hosts: use it only if a
	# whole boot works with it.
	if [ "${TDX_ACCEL:-auto}" != tcg ] && [ -w /dev/kvm ] &&
	   boot_run kvm "$1" ok 60 | grep -q "=== tdx-demo done"; then
		echo kvm
	else
		echo tcg
	fi
}
