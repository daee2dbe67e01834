#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the KUnit kernel (dev/configs/kunit.config: TDX options, KASAN,
# kmemleak, lockdep, DEBUG_ATOMIC_SLEEP) in $TDX_WORK/build/kunit, boot it in
# QEMU (the machine and command line of dev/configs/kunit_qemu.py) and parse
# the results with kunit.py.
#
# The kernel boots with an initramfs whose /init (dev/initramfs/kunit-init)
# runs once every built-in suite is done: it asks kmemleak for a scan and
# prints "tdx-kunit: kmemleak: N unreferenced objects ..." and the report.
# "kunit.py run" cannot do that, it makes the kernel reboot as soon as the
# suites are done; so kunit.py builds and parses, and this script boots.
#
#   dev/kunit.sh [--json FILE] [--filter GLOB] [--kcsan]
#
# --kcsan builds dev/configs/kcsan.config (KCSAN in place of KASAN and
# kmemleak) in $TDX_WORK/build/kunit-kcsan and fails if KCSAN reports a
# data race with a TDX function (tdx*, tdmr*) in either stack.
#
# The console log is $TDX_WORK/build/kunit/test.log.  Exit status: non-zero
# if the build failed or a case failed (kmemleak's verdict is in the log).
# The tree must be materialized first (dev/tree.sh).
set -euo pipefail
# shellcheck source=dev/boot.sh
. "$(dirname "$0")/boot.sh"
KBUILD=$WORK/build/kunit
JOBS=${JOBS:-$(nproc)}
QEMU_CONFIG=$REPO/dev/configs/kunit_qemu.py

json="" glob="" kcsan=0 config=$REPO/dev/configs/kunit.config
while [ $# -gt 0 ]; do
	case "$1" in
	--json) json=$2; shift 2 ;;
	--filter) glob=$2; shift 2 ;;
	--kcsan) kcsan=1 config=$REPO/dev/configs/kcsan.config KBUILD=$KBUILD-kcsan; shift ;;
	*) echo "usage: $0 [--json FILE] [--filter GLOB] [--kcsan]" >&2; exit 2 ;;
	esac
done

mkdir -p "$KBUILD"
cd "$SRC"
/usr/bin/python3 tools/testing/kunit/kunit.py build --arch=x86_64 \
	--kunitconfig="$config" \
	--qemu_config="$QEMU_CONFIG" --build_dir="$KBUILD" --jobs="$JOBS"

# The QEMU machine and the kernel command line, from kunit_qemu.py: line 1
# is the command line, the other lines are QEMU arguments.
mapfile -t machine < <(/usr/bin/python3 - "$QEMU_CONFIG" <<'EOF'
import ast, sys
tree = ast.parse(open(sys.argv[1]).read())
call = next(n for n in ast.walk(tree) if isinstance(n, ast.Call))
kw = {k.arg: ast.literal_eval(k.value) for k in call.keywords
      if k.arg in ("kernel_command_line", "extra_qemu_params")}
print(kw["kernel_command_line"])
print("\n".join(kw["extra_qemu_params"]))
EOF
)
cmdline="${machine[0]} panic=-1 kunit.enable=1"
[ -n "$glob" ] && cmdline="$cmdline kunit.filter_glob=$glob"

boot_initramfs_with "$REPO/dev/initramfs/kunit-init" "$KBUILD/kunit-initramfs.cpio"

echo "kunit: booting $KBUILD/arch/x86/boot/bzImage: $cmdline"
timeout "${KUNIT_TIMEOUT:-1500}" qemu-system-x86_64 -nodefaults -nographic \
	-serial stdio -no-reboot "${machine[@]:1}" \
	-kernel "$KBUILD/arch/x86/boot/bzImage" \
	-initrd "$KBUILD/kunit-initramfs.cpio" -append "$cmdline" \
	</dev/null 2>&1 | tr -d '\r' > "$KBUILD/test.log" || true
grep "tdx-kunit: kmemleak:" "$KBUILD/test.log" || echo "kunit: the kernel did not reach /init (see $KBUILD/test.log)"

/usr/bin/python3 tools/testing/kunit/kunit.py parse ${json:+--json="$json"} "$KBUILD/test.log"
[ "$kcsan" = 1 ] || exit 0
# KCSAN's reports: "BUG: KCSAN: data-race in A / B", then both stacks.
awk '/BUG: KCSAN:/ { n++; r = 1; tdx = ($0 ~ /tdx|tdmr/); next }
	r && /[a-z0-9_.]*(tdx|tdmr)[a-z0-9_.]*\+0x/ { tdx = 1 }
	r && /=====/ { if (tdx) t++; r = 0 }
	END { printf "kcsan: %d data race reports, %d with a TDX function\n", n, t; exit t > 0 }' \
	"$KBUILD/test.log"
