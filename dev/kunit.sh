#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the KUnit kernel (dev/configs/kunit.config: TDX options, KASAN,
# kmemleak, lockdep, DEBUG_ATOMIC_SLEEP) in $TDX_WORK/build/kunit and run it
# in QEMU (dev/configs/kunit_qemu.py: 2 sockets, 4 CPUs, 2 NUMA nodes).
#
#   dev/kunit.sh [filter_glob] [extra kunit.py run arguments]
#
# The tree must be materialized first (dev/tree.sh).
set -euo pipefail
# Called from the project Makefile: do not let its make variables leak into
# the kernel's and the selftests' makes (lib.mk puts binaries in / when it
# believes a parent selftests make set OUTPUT).
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES

REPO=$(cd "$(dirname "$0")/.." && pwd)
WORK=${TDX_WORK:-$REPO/work}
SRC=$WORK/linux
JOBS=${JOBS:-$(nproc)}

mkdir -p "$WORK/build/kunit"
cd "$SRC"
exec /usr/bin/python3 tools/testing/kunit/kunit.py run --arch=x86_64 \
	--kunitconfig="$REPO/dev/configs/kunit.config" \
	--qemu_config="$REPO/dev/configs/kunit_qemu.py" \
	--build_dir="$WORK/build/kunit" --jobs="$JOBS" \
	--timeout="${KUNIT_TIMEOUT:-900}" "$@"
