#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The project's test command (README: `make test`).  Runs, in order, and
# counts every item:
#
#   1. checkpatch.pl --strict on every new file and on every patch
#   2. sparse (C=2) on arch/x86/virt/vmx/tdx/, per file
#   3. a W=1 build of arch/x86/virt/vmx/tdx/ without warnings, per file
#   4. scripts/kernel-doc -none on every new C source and header, per file
#   5. the KUnit suites (dev/kunit.sh: kunit.py builds and parses into
#      JSON), plus a check that the kernel log has no KASAN/lockdep/WARN/BUG
#      report, and the kmemleak scan the KUnit kernel's /init runs after the
#      last suite
#   6. the userspace tests (tools/testing/tdx) and the selftests
#      (dev/selftests.sh: five QEMU boots, kmemleak after each, and a
#      kexec boot)
#   7. KVM's TDX paths on a CPU with VMX (dev/bochs.sh: four Bochs boots of
#      the selftests' boot kernel, lockdep on, no kernel report in their
#      logs)
#   8. the patch series check (dev/series.sh check)
#
# and ends with "N passed, N failed[, N skipped]"; exits non-zero if anything
# failed.  Each stage prints its wall time.
set -uo pipefail
# Called from the project Makefile: do not let its make variables leak into
# the kernel's and the selftests' makes (lib.mk puts binaries in / when it
# believes a parent selftests make set OUTPUT).
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES

REPO=$(cd "$(dirname "$0")/.." && pwd)
WORK=${TDX_WORK:-$REPO/work}
SRC=$WORK/linux
OUT=$WORK/test-results
KBUILD=$WORK/build/kunit
JOBS=${JOBS:-$(nproc)}
export PATH=/usr/bin:$PATH	# Debian's python3 for checkpatch's spdxcheck.py

PASSED=0
FAILED=0
SKIPPED=0
FAILURES=()
DETAILS=()	# lines that say why, shown after the failures
STAGE_TIMES=()

pass() { PASSED=$((PASSED + 1)); echo "  ok    $*"; }
fail() { FAILED=$((FAILED + 1)); FAILURES+=("$*"); echo "  FAIL  $*"; }
skip() { SKIPPED=$((SKIPPED + 1)); echo "  skip  $*"; }

stage_start() {
	STAGE_NAME=$1
	STAGE_T0=$(date +%s)
	echo
	echo "=== $STAGE_NAME"
}

stage_end() {
	local t=$(($(date +%s) - STAGE_T0))
	STAGE_TIMES+=("$(printf '%-28s %5ds' "$STAGE_NAME" "$t")")
	echo "--- $STAGE_NAME: ${t}s"
}

# Project files that are new in the kernel tree (not in 6.1).
new_files() {
	git -C "$SRC" diff --name-only --diff-filter=A base HEAD
}

tdx_dir=arch/x86/virt/vmx/tdx
# The project's files outside the TDX directory that the checks also cover.
kvm_objs="arch/x86/kvm/vmx/tdx.o"
test_dirs="$tdx_dir arch/x86/kvm/vmx"

stage_tree() {
	stage_start "tree"
	if bash "$REPO/dev/tree.sh"; then
		pass "tree: materialized $(git -C "$SRC" log -1 --format=%s base)"
	else
		fail "tree: materialization failed"
		stage_end
		summary
	fi
	rm -rf "$OUT"
	mkdir -p "$OUT" "$KBUILD"
	stage_end
}

checkpatch_one() {
	# $1: a file in the tree, or a patch (absolute path); output to $2
	local opts="--strict --quiet --no-summary --show-types"
	case "$1" in
	# patches/: fragments of the tree, not mails; dev/series.sh signs the
	# series at export, and its check runs checkpatch with sign-offs.
	/*) (cd "$SRC" && scripts/checkpatch.pl $opts --no-signoff "$1") > "$2" 2>&1 ;;
	*) (cd "$SRC" && scripts/checkpatch.pl $opts -f "$1") > "$2" 2>&1 ;;
	esac
	return 0
}

stage_checkpatch() {
	stage_start "checkpatch --strict"
	local f p items=() names=() i
	for f in $(new_files); do
		case "$f" in
		*/profiles/*|*.profile|*.kunitconfig|*/.gitignore|*.json) continue ;;
		esac
		items+=("$f"); names+=("$f")
	done
	while read -r p; do
		case "$p" in ''|\#*) continue ;; esac
		items+=("$REPO/patches/$p"); names+=("patches/$p")
	done < "$REPO/patches/series"
	mkdir -p "$OUT/checkpatch"
	export -f checkpatch_one
	export SRC
	# In parallel: one checkpatch.pl per file takes seconds.
	for i in "${!items[@]}"; do
		printf '%s\0%s\0' "${items[i]}" "$OUT/checkpatch/$i.log"
	done | xargs -0 -n 2 -P "$JOBS" bash -c 'checkpatch_one "$0" "$1"'
	for i in "${!items[@]}"; do
		if [ ! -s "$OUT/checkpatch/$i.log" ]; then
			pass "checkpatch: ${names[i]}"
		else
			sed 's/^/        /' "$OUT/checkpatch/$i.log"
			fail "checkpatch: ${names[i]}"
		fi
	done
	stage_end
}

stage_configure() {
	stage_start "configure KUnit kernel"
	if (cd "$SRC" && python3 tools/testing/kunit/kunit.py config --arch=x86_64 \
		--kunitconfig="$REPO/dev/configs/kunit.config" \
		--qemu_config="$REPO/dev/configs/kunit_qemu.py" \
		--build_dir="$KBUILD") > "$OUT/kunit-config.log" 2>&1; then
		pass "kunit: configuration has every requested option"
	else
		tail -20 "$OUT/kunit-config.log" | sed 's/^/        /'
		fail "kunit: configuration (see $OUT/kunit-config.log)"
	fi
	stage_end
}

# Count compiler/sparse diagnostics per source file of the TDX directory.
per_file_diagnostics() {
	local what=$1 log=$2 f n
	for f in $(cd "$SRC" && ls $tdx_dir/*.c $tdx_dir/*.S $tdx_dir/*.h 2>/dev/null) \
		 $(for o in $kvm_objs; do ls "$SRC/${o%.o}".[ch] 2>/dev/null | sed "s|^$SRC/||"; done); do
		n=$(grep -E "(^|/)$f:[0-9]+(:[0-9]+)?: (warning|error|note)" "$log" | wc -l)
		if [ "$n" -eq 0 ]; then
			pass "$what: $f"
		else
			grep -E "(^|/)$f:[0-9]+" "$log" | sed 's/^/        /'
			fail "$what: $f ($n diagnostics)"
		fi
	done
	# Anything else the build printed about the directory (objtool, ld).
	n=$(grep -E "$tdx_dir" "$log" | grep -Ev "^ +(CC|AS|AR|LD|CHECK)|^make|\.[chS]:[0-9]+" | wc -l)
	if [ "$n" -eq 0 ]; then
		pass "$what: no other diagnostics for $tdx_dir"
	else
		grep -E "$tdx_dir" "$log" | grep -Ev "^ +(CC|AS|AR|LD|CHECK)|^make|\.[chS]:[0-9]+" | sed 's/^/        /'
		fail "$what: $n other diagnostics for $tdx_dir"
	fi
}

stage_sparse() {
	stage_start "sparse C=2"
	if make -s -C "$SRC" O="$KBUILD" ARCH=x86_64 -j"$JOBS" C=2 "$tdx_dir/" $kvm_objs \
		> "$OUT/sparse.log" 2>&1; then
		per_file_diagnostics sparse "$OUT/sparse.log"
	else
		tail -30 "$OUT/sparse.log" | sed 's/^/        /'
		fail "sparse: build of $tdx_dir failed"
	fi
	stage_end
}

stage_w1() {
	stage_start "W=1 build"
	if make -s -C "$SRC" O="$KBUILD" ARCH=x86_64 -j"$JOBS" W=1 "$tdx_dir/" $kvm_objs \
		> "$OUT/w1.log" 2>&1; then
		per_file_diagnostics W=1 "$OUT/w1.log"
	else
		tail -30 "$OUT/w1.log" | sed 's/^/        /'
		fail "W=1: build of $tdx_dir failed"
	fi
	stage_end
}

stage_kernel_doc() {
	stage_start "kernel-doc"
	local f out
	for f in $(new_files | grep -E '\.(c|h)$'); do
		out=$(cd "$SRC" && scripts/kernel-doc -none "$f" 2>&1)
		if [ -z "$out" ]; then
			pass "kernel-doc: $f"
		else
			echo "$out" | sed 's/^/        /'
			fail "kernel-doc: $f"
		fi
	done
	stage_end
}

stage_docs() {
	stage_start "documentation"
	local f out
	for f in Documentation/x86/tdx.rst; do
		out=$(/usr/bin/python3 - "$SRC/$f" <<'EOF'
import io, sys
import docutils.core
err = io.StringIO()
docutils.core.publish_doctree(open(sys.argv[1]).read(), source_path=sys.argv[1],
	settings_overrides={"report_level": 2, "warning_stream": err, "halt_level": 5})
sys.stdout.write(err.getvalue())
EOF
)
		if [ -z "$out" ]; then
			pass "docs: $f parses as reST without warnings"
		else
			echo "$out" | sed 's/^/        /'
			fail "docs: $f has reST warnings"
		fi
	done
	stage_end
}

stage_kunit() {
	stage_start "KUnit (KASAN, kmemleak, lockdep, atomic-sleep)"
	# kunit.py builds and parses; dev/kunit.sh boots, so that kmemleak
	# can scan after the last suite.
	rm -f "$OUT/kunit.json"
	timeout 3000 bash "$REPO/dev/kunit.sh" --json "$OUT/kunit.json" > "$OUT/kunit.log" 2>&1
	local rc=$?
	grep -E "^\[..:..:..\] (=|\[)|Testing complete|ERROR|Elapsed" "$OUT/kunit.log" | sed 's/^/        /' | tail -60
	if [ ! -s "$OUT/kunit.json" ]; then
		tail -40 "$OUT/kunit.log" | sed 's/^/        /'
		fail "kunit: no results (kunit.py exit $rc, see $OUT/kunit.log)"
		stage_end
		return
	fi
	# Every suite declared in the project's test files must have run.
	local expected
	expected=$(cd "$SRC" && awk '/struct kunit_suite [a-z0-9_]+ = \{/ { insuite = 1 }
		insuite && match($0, /\.name[ \t]*=[ \t]*"[^"]+"/) {
			n = substr($0, RSTART, RLENGTH); sub(/^[^"]*"/, "", n); sub(/"$/, "", n)
			print n; insuite = 0 }' $(for d in $test_dirs; do ls $d/*test*.c; done 2>/dev/null) 2>/dev/null | sort -u | tr '\n' ' ')
	python3 - "$OUT/kunit.json" "$expected" > "$OUT/kunit.counts" <<'EOF'
import json, sys
data = json.load(open(sys.argv[1]))
expected = sys.argv[2].split()
seen = set()
def walk(g, path, top):
    for c in g.get("test_cases", []):
        print("%s %s" % (c["status"], ".".join(path + [c["name"]])))
    for s in g.get("sub_groups", []):
        if top:
            seen.add(s["name"])
        walk(s, path + [s["name"]], False)
walk(data, [], True)
for e in expected:
    if e not in seen:
        print("MISSING %s" % e)
EOF
	local status name
	while read -r status name; do
		case "$status" in
		PASS) pass "kunit: $name" ;;
		SKIP) skip "kunit: $name" ;;
		MISSING) fail "kunit: suite $name did not run" ;;
		*) fail "kunit: $name ($status)" ;;
		esac
	done < "$OUT/kunit.counts"
	if [ "$rc" -ne 0 ] && ! grep -qv '^PASS\|^SKIP' "$OUT/kunit.counts"; then
		fail "kunit: kunit.py exited $rc with no failed case (see $OUT/kunit.log)"
	fi
	# A test can pass while the kernel reports a bug behind its back.
	local log=$KBUILD/test.log
	if [ -f "$log" ]; then
		local bad
		bad=$(grep -E "BUG: KASAN|WARNING: possible|WARNING: .*lock|BUG: sleeping function|BUG: |WARNING: CPU: |Kernel panic|kmemleak: .* new suspected" "$log" | head -20)
		if [ -z "$bad" ]; then
			pass "kunit: kernel log has no KASAN/lockdep/atomic-sleep/WARN/BUG report"
		else
			echo "$bad" | sed 's/^/        /'
			fail "kunit: kernel log reports a bug (see $log)"
		fi
		# kmemleak, asked by the KUnit kernel's /init after the suites.
		local leaks
		leaks=$(sed -n 's/.*tdx-kunit: kmemleak: \([0-9]*\) unreferenced objects allocated by TDX code.*/\1/p' "$log")
		if [ "$leaks" = 0 ]; then
			pass "kunit: kmemleak scan after all suites: no unreferenced object from TDX code"
		elif [ -z "$leaks" ]; then
			fail "kunit: no kmemleak scan after the suites (see $log)"
		else
			grep "tdx-kunit: " "$log" | head -40 | sed 's/^/        /'
			fail "kunit: kmemleak: $leaks unreferenced objects from TDX code after the suites (see $log)"
		fi
	fi
	stage_end
}

# Userspace test programs print "ok N name" / "not ok N name [# SKIP]".
count_tap() {
	local what=$1 log=$2 line
	while read -r line; do
		case "$line" in
		"not ok "*"# SKIP"*) skip "$what: ${line#not ok }" ;;
		"ok "*"# SKIP"*) skip "$what: ${line#ok }" ;;
		"not ok "*) fail "$what: ${line#not ok }" ;;
		"ok "*) pass "$what: ${line#ok }" ;;
		esac
	done < <(grep -E '^(not )?ok [0-9]+' "$log")
}

# Run a script that prints TAP lines (and "detail" lines that say why a
# test failed) into LOG and count them as WHAT; a script that fails without
# a failed test line is one failure, with the end of its log.
run_tap_script() {
	local what=$1 log=$2 rc
	shift 2
	bash "$@" > "$log" 2>&1
	rc=$?
	count_tap "$what" "$log"
	mapfile -t -O ${#DETAILS[@]} DETAILS < <(sed -n "s|^detail |$what: |p" "$log")
	if [ $rc -ne 0 ] && ! grep -q '^not ok' "$log"; then
		tail -30 "$log" | sed 's/^/        /'
		fail "$what: ${1#"$REPO"/} exited $rc"
	fi
}

stage_userspace() {
	stage_start "userspace tests"
	local d=tools/testing/tdx
	if [ -f "$SRC/$d/Makefile" ]; then
		make -C "$SRC/$d" -j"$JOBS" run_tests > "$OUT/userspace.log" 2>&1
		local rc=$?
		count_tap "$d" "$OUT/userspace.log"
		grep -E "passed|failed|execs|fuzz" "$OUT/userspace.log" | tail -5 | sed 's/^/        /'
		if [ $rc -ne 0 ] && ! grep -q '^not ok' "$OUT/userspace.log"; then
			tail -30 "$OUT/userspace.log" | sed 's/^/        /'
			fail "$d: make run_tests exited $rc"
		fi
		# A bounded libFuzzer run: a clear error or a validated plan.
		local secs=${TDX_FUZZ_SECONDS:-60}
		if make -C "$SRC/$d" fuzz FUZZ_SECONDS="$secs" > "$OUT/fuzz.log" 2>&1; then
			pass "$d: fuzz ${secs}s, $(sed -n 's/.*number_of_executed_units: *//p' "$OUT/fuzz.log" | tail -1) executions, no crash, every plan validated"
		else
			tail -30 "$OUT/fuzz.log" | sed 's/^/        /'
			fail "$d: fuzz found a problem (see $SRC/$d/build/fuzz.log)"
		fi
	else
		skip "$d: not present yet"
	fi
	stage_end
}

stage_series() {
	stage_start "patch series"
	run_tap_script series "$OUT/series.log" "$REPO/dev/series.sh" check
	stage_end
}

stage_selftests() {
	stage_start "selftests"
	local d=tools/testing/selftests/tdx
	if [ -f "$SRC/$d/Makefile" ] && [ -x "$REPO/dev/selftests.sh" ]; then
		run_tap_script selftests/tdx "$OUT/selftests.log" "$REPO/dev/selftests.sh"
	else
		skip "selftests/tdx: not present yet"
	fi
	stage_end
}

# KVM's TDX paths on a CPU with VMX (dev/bochs.sh: four Bochs boots, two
# at a time).
stage_bochs() {
	stage_start "bochs (real VMX)"
	if ! command -v bochs >/dev/null; then
		fail "bochs: not installed (dev/deps.sh)"
		stage_end
		return
	fi
	run_tap_script bochs "$OUT/bochs.log" "$REPO/dev/bochs.sh"
	stage_end
}

summary() {
	echo
	echo "=== stage times"
	printf '  %s\n' "${STAGE_TIMES[@]}"
	if [ ${#FAILURES[@]} -gt 0 ]; then
		echo
		echo "=== failures"
		printf '  %s\n' "${FAILURES[@]}"
	fi
	if [ ${#DETAILS[@]} -gt 0 ]; then
		echo
		echo "=== why (what the failed tests logged)"
		printf '  %s\n' "${DETAILS[@]}"
	fi
	echo
	if [ "$SKIPPED" -gt 0 ]; then
		echo "$PASSED passed, $FAILED failed, $SKIPPED skipped"
	else
		echo "$PASSED passed, $FAILED failed"
	fi
	[ "$FAILED" -eq 0 ]
	exit $?
}

# TDX_TEST_STAGES="kunit selftests ..." runs only the named stages (after
# the dependencies and the tree), for repeating one stage; the default is
# every stage, in this order.
# "bochs" runs after "selftests", whose boot kernel it boots.
DEFAULT_STAGES="checkpatch configure sparse w1 kernel_doc docs kunit userspace selftests bochs series"
STAGES=${TDX_TEST_STAGES:-$DEFAULT_STAGES}
for s in $STAGES; do
	case " $DEFAULT_STAGES " in
	*" $s "*) ;;
	*) echo "test: unknown stage '$s' (stages: $DEFAULT_STAGES)" >&2; exit 2 ;;
	esac
done

T0=$(date +%s)
stage_start "dependencies"
bash "$REPO/dev/deps.sh" || { echo "deps failed"; exit 1; }
stage_end
stage_tree
for s in $STAGES; do
	"stage_$s"
done
STAGE_NAME="total"; STAGE_T0=$T0; stage_end
summary
