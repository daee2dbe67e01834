#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Export the project as the patch series maintainers receive, and check it.
#
#   dev/series.sh export   build the series from series/manifest on a branch of
#                          work/linux and write it with a cover letter to
#                          work/series/ (git format-patch)
#   dev/series.sh check    export into work/series-check/, git am that onto a
#                          pristine 6.1 (the base commit), compare the result
#                          with the project tree, run checkpatch --strict on
#                          every patch file, check the authorship
#   dev/series.sh bisect   build every patch of the series in turn (slow)
#   dev/series.sh sizes    export, then print the size table of the check
#
# series/manifest lists the patches in order.  Each entry is a block of
# "key: value" lines separated by blank lines:
#
#   subject: x86/virt/tdx: Do one thing
#   log:     series/log/NNNN-name.txt      the changelog (body)
#   files:   arch/x86/virt/vmx/tdx/foo.c   new files this patch adds (globs)
#   patches: foo.patch                     patches/ entries this patch applies
#   kconfig: INTEL_TDX_HOST                options of the TDX Kconfig it adds
#
# Authorship: every patch is From: and Signed-off-by: whoever exports it,
# TDX_SERIES_AUTHOR="Full Name <address>" if set, else the git identity
# (user.name, user.email) of this repository; export refuses to run without
# one.  The MAINTAINERS entry gets the same identity as its M: line.  The
# check, which CI may run on a machine with no identity, falls back to a
# reserved-domain identity of its own (CHECK_AUTHOR) and says so.
#
# Size: the check wants at least MIN_PATCHES patches, none inserting more than
# MAX_NONTEST lines of non-test code.  Test code is *_test.c, tools/testing/
# and the TDX module model (tdx_model*: a test double, never in production
# paths); Documentation/ is counted apart.  There is no exception: a patch
# over the bound is split along a seam of its code.
#
# Every new file and every patch of the project belongs to exactly one entry.
# The TDX Makefile and Kconfig are written per step: a step's Makefile only
# names objects whose source exists at that step, its Kconfig only the
# options listed so far, so that every patch builds on its own.
set -euo pipefail
# Called from the project Makefile: do not let its make variables leak into
# the kernel's and the selftests' makes (lib.mk puts binaries in / when it
# believes a parent selftests make set OUTPUT).
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES

REPO=$(cd "$(dirname "$0")/.." && pwd)
WORK=${TDX_WORK:-$REPO/work}
SRC=$WORK/linux
OUTDIR=$WORK/series
MANIFEST=$REPO/series/manifest
# Used by the check only, when the machine has no identity: .invalid is
# reserved (RFC 6761), so nothing signed with it can pass for a real sender.
CHECK_AUTHOR="Series Check <series-check@example.invalid>"
NO_AUTHOR="no identity to sign the series with (From:, Signed-off-by:): set git config user.name and user.email, or TDX_SERIES_AUTHOR=\"Full Name <address>\""
TDXDIR=arch/x86/virt/vmx/tdx
MIN_PATCHES=18
MAX_NONTEST=500
# The MAINTAINERS entry is written per step (filter_maintainers).
MAINT_PATCH=maintainers.patch
MAINT_ENTRY="INTEL TDX HOST SUPPORT"
export PATH=/usr/bin:$PATH

die() { echo "series: error: $*" >&2; exit 1; }

# "Full Name <user@domain>" on one line.
valid_ident() {
	[[ $1 != *$'\n'* && $1 =~ ^[^\<\>[:space:]]([^\<\>]*[^\<\>[:space:]])?\ \<[^\<\>@[:space:]]+@[^\<\>@[:space:]]+\>$ ]]
}

# Set AUTHOR to the sender's identity: TDX_SERIES_AUTHOR, else git config
# user.name/user.email.  Fails (returns 1, AUTHOR empty) when there is none;
# dies when the identity is malformed.
find_author() {
	local name email
	AUTHOR=""
	if [ -n "${TDX_SERIES_AUTHOR:-}" ]; then
		valid_ident "$TDX_SERIES_AUTHOR" ||
			die "TDX_SERIES_AUTHOR='$TDX_SERIES_AUTHOR' is not of the form \"Full Name <user@domain>\""
		AUTHOR=$TDX_SERIES_AUTHOR
		return 0
	fi
	name=$(git -C "$REPO" config user.name 2>/dev/null) || name=""
	email=$(git -C "$REPO" config user.email 2>/dev/null) || email=""
	[ -n "$name" ] && [ -n "$email" ] || return 1
	valid_ident "$name <$email>" ||
		die "the git identity '$name <$email>' is not of the form \"Full Name <user@domain>\": fix git config user.name and user.email, or set TDX_SERIES_AUTHOR"
	AUTHOR="$name <$email>"
}
# All work happens in a separate worktree of work/linux, so that the tree
# that `make test` builds, and its build directories, are left alone.
STREE=$WORK/series-tree
git_src() { git -C "$STREE" -c user.name="${AUTHOR% <*}" -c user.email="$(echo "$AUTHOR" | sed 's/.*<\(.*\)>/\1/')" "$@"; }

setup_worktree() {
	bash "$REPO/dev/tree.sh" >/dev/null
	OVERLAY=$(git -C "$SRC" rev-parse HEAD)
	if [ ! -d "$STREE/.git" ] && [ ! -f "$STREE/.git" ]; then
		rm -rf "$STREE"
		git -C "$SRC" worktree prune
		git -C "$SRC" worktree add -q --detach "$STREE" "$OVERLAY"
	fi
	git_src checkout -q --detach "$OVERLAY"
	git_src clean -q -fdx
}

# Parse the manifest into arrays SUBJ, LOG, FILES, PATCHES, KCONF.
parse_manifest() {
	SUBJ=(); LOG=(); FILES=(); PATCHES=(); KCONF=()
	local n=-1 key val
	[ -f "$MANIFEST" ] || die "$MANIFEST not found"
	while IFS= read -r line || [ -n "$line" ]; do
		case "$line" in \#*) continue ;; esac
		if [ -z "${line// }" ]; then
			continue
		fi
		key=${line%%:*}
		val=$(echo "${line#*:}" | sed 's/^[[:space:]]*//')
		case "$key" in
		subject) n=$((n + 1)); SUBJ[n]=$val; LOG[n]=""; FILES[n]=""; PATCHES[n]=""; KCONF[n]="" ;;
		log) LOG[n]=$val ;;
		files) FILES[n]="${FILES[n]} $val" ;;
		patches) PATCHES[n]="${PATCHES[n]} $val" ;;
		kconfig) KCONF[n]="${KCONF[n]} $val" ;;
		*) die "manifest: unknown key '$key'" ;;
		esac
	done < "$MANIFEST"
	[ $n -ge 0 ] || die "manifest has no entries"
}

# Expand an entry's file globs against the project overlay commit.
entry_files() {
	local g
	for g in $1; do
		git_src ls-tree -r --name-only "$OVERLAY" -- "$g" 2>/dev/null | while read -r f; do
			git_src cat-file -e "base:$f" 2>/dev/null || echo "$f"
		done
	done
}

patch_files() {
	sed -n 's@^+++ b/\([^[:space:]]*\).*@\1@p' "$REPO/patches/$1"
}

check_coverage() {
	local all assigned i f
	all=$(git_src diff --name-only --diff-filter=A base "$OVERLAY" | grep -v -e "^$TDXDIR/Makefile$" -e "^$TDXDIR/Kconfig$" | sort)
	assigned=$(for i in "${!SUBJ[@]}"; do entry_files "${FILES[i]}"; done | sort)
	f=$(comm -23 <(echo "$all") <(echo "$assigned"))
	[ -z "$f" ] || die "new files not in any manifest entry: $(echo $f)"
	f=$(echo "$assigned" | uniq -d)
	[ -z "$f" ] || die "files in more than one manifest entry: $(echo $f)"
	local p
	for p in $(grep -v '^#' "$REPO/patches/series"); do
		[ "$p" = "$MAINT_PATCH" ] && continue
		local c=0
		for i in "${!SUBJ[@]}"; do
			case " ${PATCHES[i]} " in *" $p "*) c=$((c + 1)) ;; esac
		done
		[ $c -eq 1 ] || die "patches/$p is in $c manifest entries (must be 1)"
	done
}

# Write the TDX Makefile keeping only objects whose source exists (the
# file as it is once every source exists).
filter_makefile() {
	local in=$1 out=$2 dir=$3 o missing=0
	for o in $(grep -oE '\b[a-z][a-z0-9_]*\.o\b' "$in"); do
		[ -e "$dir/${o%.o}.c" ] || [ -e "$dir/${o%.o}.S" ] || missing=1
	done
	if [ $missing -eq 0 ]; then
		cp "$in" "$out"
		return
	fi
	awk -v dir="$dir" '
	function keep(obj,   base) {
		base = obj; sub(/\.o$/, "", base)
		return (system("test -e " dir "/" base ".c -o -e " dir "/" base ".S") == 0)
	}
	{
		line = $0
		while (line ~ /\\$/) { getline nxt; sub(/\\$/, "", line); line = line " " nxt }
		if (line !~ /^obj-/) { print line; next }
		n = split(line, w, /[ \t]+/); out = ""; objs = 0
		for (i = 1; i <= n; i++) {
			if (w[i] ~ /\.o$/) { if (keep(w[i])) { out = out " " w[i]; objs++ } }
			else if (w[i] == "+=") { lhs = out " +=" ; out = "" }
			else if (w[i] != "") out = out " " w[i]
		}
		if (objs) { sub(/^ /, "", lhs); printf "%s%s\n", lhs, out }
	}' "$in" | sed 's/ +=/\t+=/' | cat -s | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}' > "$out"
}

# Write MAINTAINERS with the project's entry listing only the F: patterns
# that match a file at this step, so that every patch adding files adds
# them to MAINTAINERS (and the entry appears with the first files).
filter_maintainers() {
	python3 - "$1" "$2" "$3" "$MAINT_ENTRY" <<'EOF'
import glob, os, sys
src, dst, tree, entry = sys.argv[1:5]
out, block = [], None
def flush():
    if block and any(l.startswith("F:") for l in block):
        out.extend(block + ["\n"])
for line in open(src):
    if line.rstrip("\n") == entry:
        block = [line]
        continue
    if block is not None:
        if line.strip() == "":
            flush()
            block = None
            continue
        if line.startswith("F:"):
            pat = line[2:].strip()
            if not glob.glob(os.path.join(tree, pat)):
                continue
        block.append(line)
        continue
    out.append(line)
if block is not None:
    flush()
open(dst, "w").write("".join(out))
EOF
}

# MAINTAINERS (stdin to stdout) with the sender as the M: of the project's
# entry: the tree's entry names no person, the series names who sends it.
with_sender() {
	ENTRY=$MAINT_ENTRY SENDER=$AUTHOR awk '{ print } $0 == ENVIRON["ENTRY"] { print "M:\t" ENVIRON["SENDER"] }'
}

# Whether commit $1 of the series tree is the project tree, the sender's
# M: line in MAINTAINERS apart.
same_as_project() {
	git_src diff --quiet "$OVERLAY" "$1" -- . ':!MAINTAINERS' &&
		cmp -s <(git_src show "$OVERLAY:MAINTAINERS" | with_sender) <(git_src show "$1:MAINTAINERS")
}

# Write the TDX Kconfig keeping only the listed options (the file as it is
# once every option is listed).
filter_kconfig() {
	local in=$1 out=$2 keep=$3 c missing=0
	for c in $(sed -n 's/^config //p' "$in"); do
		case " $keep " in *" $c "*) ;; *) missing=1 ;; esac
	done
	if [ $missing -eq 0 ]; then
		cp "$in" "$out"
		return
	fi
	awk -v keep=" $keep " '
	/^config / { cur = $2; show = index(keep, " " cur " ") > 0 }
	/^#/ && !cur { print; next }
	!cur { print; next }
	show { print }' "$in" | cat -s | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}' > "$out"
}

do_export() {
	parse_manifest
	setup_worktree
	check_coverage
	local i f p kconf="" msg
	git_src checkout -q -B tdx-series base
	for i in "${!SUBJ[@]}"; do
		for f in $(entry_files "${FILES[i]}"); do
			git_src checkout -q "$OVERLAY" -- "$f"
		done
		for p in ${PATCHES[i]}; do
			for f in $(patch_files "$p"); do
				git_src checkout -q "$OVERLAY" -- "$f"
			done
		done
		kconf="$kconf ${KCONF[i]}"
		if [ -d "$STREE/$TDXDIR" ]; then
			git_src show "$OVERLAY:$TDXDIR/Makefile" > "$WORK/Makefile.full"
			filter_makefile "$WORK/Makefile.full" "$STREE/$TDXDIR/Makefile" "$STREE/$TDXDIR"
			git_src show "$OVERLAY:$TDXDIR/Kconfig" > "$WORK/Kconfig.full"
			filter_kconfig "$WORK/Kconfig.full" "$STREE/$TDXDIR/Kconfig" "$kconf"
		fi
		git_src show "$OVERLAY:MAINTAINERS" | with_sender > "$WORK/MAINTAINERS.full"
		filter_maintainers "$WORK/MAINTAINERS.full" "$STREE/MAINTAINERS" "$STREE"
		git_src add -A
		[ -f "$REPO/${LOG[i]}" ] || die "manifest: ${LOG[i]} not found"
		msg="${SUBJ[i]}"$'\n\n'"$(cat "$REPO/${LOG[i]}")"$'\n\n'"Signed-off-by: $AUTHOR"
		git_src commit -q -m "$msg" --author="$AUTHOR"
	done
	same_as_project tdx-series ||
		die "the series does not add up to the project tree: $(git_src diff --stat "$OVERLAY" tdx-series | tail -1)"
	rm -rf "$OUTDIR"
	git_src format-patch -q --cover-letter --thread=shallow -o "$OUTDIR" base..tdx-series
	cover "$OUTDIR"/0000-cover-letter.patch
	echo "series: $(ls "$OUTDIR"/*.patch | wc -l) files in $OUTDIR"
	ls "$OUTDIR"
}

cover() {
	local f=$1 subj body
	subj=$(sed -n 's/^subject: //p' "$REPO/series/cover.txt" | head -1)
	body=$(sed '1,/^$/d' "$REPO/series/cover.txt")
	python3 - "$f" "$subj" "$body" <<'EOF'
import sys
path, subj, body = sys.argv[1:4]
s = open(path).read()
s = s.replace("*** SUBJECT HERE ***", subj).replace("*** BLURB HERE ***", body)
open(path, "w").write(s)
EOF
}

do_check() {
	do_export >/dev/null
	local fails=0 p out n=1
	git_src checkout -q -B tdx-series-check base
	# shellcheck disable=SC2046
	if ! git_src am -q $(ls "$OUTDIR"/*.patch | grep -v 0000-cover-letter); then
		git_src am --abort || true
		echo "not ok $n series: git am onto base failed"
		return 1
	fi
	if same_as_project HEAD; then
		echo "ok $n series: git am of $(ls "$OUTDIR"/*.patch | grep -vc 0000-cover) patches onto Linux $(make -s -C "$STREE" kernelversion) gives the project tree"
	else
		echo "not ok $n series: the applied series differs from the project tree"
		fails=$((fails + 1))
	fi
	# FILE_PATH_CHANGES ("does MAINTAINERS need updating?") fires on every
	# patch that adds a file without touching MAINTAINERS, KVM's files
	# included, which KVM's entry covers: the check after the loop asks
	# get_maintainer.pl instead.
	echo "# series: checkpatch --ignore FILE_PATH_CHANGES; MAINTAINERS coverage is checked file by file below"
	for p in $(ls "$OUTDIR"/*.patch | grep -v 0000-cover-letter); do
		n=$((n + 1))
		out=$(cd "$STREE" && scripts/checkpatch.pl --strict --quiet --no-summary --show-types \
			--ignore FILE_PATH_CHANGES "$p" 2>&1) || true
		if [ -z "$out" ]; then
			echo "ok $n series: checkpatch --strict $(basename "$p")"
		else
			echo "$out" | sed 's/^/#   /'
			echo "not ok $n series: checkpatch --strict $(basename "$p")"
			fails=$((fails + 1))
		fi
	done
	# The size table is printed whether the check passes or not.
	n=$((n + 1))
	if out=$(check_sizes); then
		echo "$out" | sed 's/^/# /'
		echo "ok $n series: $(git_src rev-list --count base..tdx-series) patches (at least $MIN_PATCHES), none over $MAX_NONTEST lines of non-test code"
	else
		echo "$out" | sed 's/^/# /'
		echo "not ok $n series: patch count or size out of bounds: $(echo "$out" | grep '^series: size:' | head -1 | sed 's/^series: size: //')"
		fails=$((fails + 1))
	fi
	tap "every file the series adds has a MAINTAINERS entry other than THE REST" \
		"files the series adds with no MAINTAINERS entry but THE REST" uncovered_files
	tap "get_maintainer.pl names the sender and linux-coco for $(basename "$OUTDIR"/0001-*.patch)" \
		"get_maintainer.pl does not name the sender ($AUTHOR) and linux-coco@lists.linux.dev" \
		maintainers_reached "$OUTDIR"/0001-*.patch
	tap "every patch and the cover letter are From: $AUTHOR, every patch Signed-off-by: the same, nothing else" \
		"authorship differs from $AUTHOR" check_authorship "$OUTDIR"/*.patch
	tap "export without a git identity or TDX_SERIES_AUTHOR refuses in one line and writes nothing" \
		"export without an identity does not refuse cleanly" \
		check_refusal "" "series: error: $NO_AUTHOR"
	tap "export with a malformed TDX_SERIES_AUTHOR refuses in one line and writes nothing" \
		"export with a malformed TDX_SERIES_AUTHOR does not refuse cleanly" \
		check_refusal "Series Check" \
		"series: error: TDX_SERIES_AUTHOR='Series Check' is not of the form \"Full Name <user@domain>\""
	[ $fails -eq 0 ]
}

# The size of every patch of the series (base..tdx-series), as a table:
# lines inserted in non-test code, in tests (the model included) and in
# Documentation/.  Fails if the series has fewer than MIN_PATCHES patches or
# a patch inserts more than MAX_NONTEST lines of non-test code, saying which.
check_sizes() {
	local c i=0 nontest tst doc bad=0 over="" subj
	printf '%-3s %7s %5s %5s  %s\n' "#" non-test test doc subject
	for c in $(git_src rev-list --reverse base..tdx-series); do
		read -r nontest tst doc < <(git_src show --numstat --format= "$c" | awk '
			$1 == "-" { next }
			$3 ~ /_test\.c$/ || $3 ~ /^tools\/testing\// || $3 ~ /(^|\/)tdx_model[^\/]*$/ { t += $1; next }
			$3 ~ /^Documentation\// { d += $1; next }
			{ n += $1 }
			END { printf "%d %d %d\n", n, t, d }')
		subj=$(git_src log -1 --format=%s "$c")
		over=""
		if [ "$nontest" -gt "$MAX_NONTEST" ]; then
			over="  [over $MAX_NONTEST]"
			bad=1
			echo "series: size: patch $((i + 1)) \"$subj\" inserts $nontest lines of non-test code, more than $MAX_NONTEST: split it along a seam of its code"
		fi
		printf '%-3s %7s %5s %5s  %s%s\n' "$((i + 1))" "$nontest" "$tst" "$doc" "$subj" "$over"
		i=$((i + 1))
	done
	if [ "$i" -lt "$MIN_PATCHES" ]; then
		echo "series: size: $i patches, fewer than $MIN_PATCHES: one step per patch"
		bad=1
	fi
	[ $bad -eq 0 ]
}

# One TAP line of do_check (its n and fails): ok $1 if "${@:3}" succeeds,
# else what it printed as comments and not ok $2.
tap() {
	local ok=$1 nok=$2 out
	shift 2
	n=$((n + 1))
	if out=$("$@"); then
		echo "ok $n series: $ok"
	else
		echo "$out" | sed 's/^/#   /'
		echo "not ok $n series: $nok"
		fails=$((fails + 1))
	fi
}

# Whether get_maintainer.pl sends patch $1 to the sender (the M: of the
# entry) and to TDX's list; print what it says if not.
maintainers_reached() {
	local out
	out=$(cd "$STREE" && perl scripts/get_maintainer.pl --no-git --no-git-fallback --no-rolestats "$1" 2>&1)
	echo "$out" | grep -qF "<${AUTHOR##*<}" && echo "$out" | grep -qx "linux-coco@lists.linux.dev" ||
		{ echo "$out"; return 1; }
}

# Print the files the applied series (HEAD of the series tree) adds that
# only THE REST of MAINTAINERS covers; fail if there is one.
uncovered_files() {
	local f bad=0
	for f in $(git_src diff --name-only --diff-filter=A base HEAD); do
		if ! (cd "$STREE" && perl scripts/get_maintainer.pl --no-git --no-git-fallback --sections -f "$f") |
			grep -v -e '^[A-Z]:' -e '^$' -e '^THE REST$' | grep -q .; then
			echo "$f"
			bad=1
		fi
	done
	[ $bad -eq 0 ]
}

# Print what differs from AUTHOR in the From: of each exported file and the
# Signed-off-by: lines of each patch; fail if anything does.
check_authorship() {
	python3 - "$AUTHOR" "$@" <<'EOF'
import email, os, sys
from email.header import decode_header, make_header
from email.utils import parseaddr
author, files = sys.argv[1], sys.argv[2:]
bad = []
for f in files:
    name = os.path.basename(f)
    text = open(f, encoding="utf-8").read()
    msg = email.message_from_string(text)
    sender = str(make_header(decode_header(msg["From"] or "")))
    if parseaddr(sender) != parseaddr(author):
        bad.append(f"{name}: From: {sender}")
    if name.startswith("0000-"):
        continue
    log = text.split("\n\n", 1)[1].split("\n---\n", 1)[0]
    sobs = [l.split(":", 1)[1].strip() for l in log.splitlines()
            if l.lower().startswith("signed-off-by:")]
    if sobs != [author]:
        bad.append(f"{name}: Signed-off-by: {sobs}")
print("\n".join(bad))
sys.exit(1 if bad or not files else 0)
EOF
}

# Export from a sandbox that has no git identity (no global or system git
# config, no repository: this script through a symlink in an empty
# directory) with TDX_SERIES_AUTHOR=$1, and expect exactly the error line
# $2, nothing on stdout, and nothing written to the sandbox's TDX_WORK.
check_refusal() {
	local tmp rc out err wrote
	tmp=$(mktemp -d)
	mkdir "$tmp/dev" "$tmp/home"
	ln -s "$REPO/dev/series.sh" "$tmp/dev/series.sh"
	out=$(cd "$tmp" && env -u GIT_DIR -u GIT_WORK_TREE -u GIT_CONFIG \
		HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/home" GIT_CONFIG_GLOBAL=/dev/null \
		GIT_CONFIG_NOSYSTEM=1 GIT_CEILING_DIRECTORIES="$(dirname "$tmp")" \
		TDX_WORK="$tmp/work" TDX_SERIES_AUTHOR="$1" \
		bash "$tmp/dev/series.sh" export 2>"$tmp/err")
	rc=$?
	err=$(cat "$tmp/err")
	wrote=$(find "$tmp/work" 2>/dev/null | head -3)
	rm -rf "$tmp"
	[ $rc -ne 0 ] || echo "exit status 0"
	[ -z "$out" ] || echo "stdout: $out"
	[ "$err" = "$2" ] || echo "stderr: $err"
	[ -z "$wrote" ] || echo "wrote: $wrote"
	[ $rc -ne 0 ] && [ -z "$out" ] && [ "$err" = "$2" ] && [ -z "$wrote" ]
}

do_bisect() {
	do_export >/dev/null
	local i=0 bdir=$WORK/build/bisect c
	mkdir -p "$bdir"
	[ -f "$WORK/build/kunit/.config" ] ||
		die "run make test (or dev/kunit.sh) first: the bisect build uses the KUnit configuration"
	for c in $(git_src rev-list --reverse base..tdx-series); do
		i=$((i + 1))
		git_src checkout -q "$c"
		# Options a step does not know yet must come back at the next.
		cp "$WORK/build/kunit/.config" "$bdir/.config"
		if make -s -C "$STREE" O="$bdir" ARCH=x86_64 olddefconfig >/dev/null &&
		   make -s -C "$STREE" O="$bdir" ARCH=x86_64 -j"$(nproc)" >"$bdir/build.log" 2>&1; then
			echo "ok $i builds: $(git_src log -1 --format=%s "$c")"
		else
			echo "not ok $i builds: $(git_src log -1 --format=%s "$c")"
			tail -20 "$bdir/build.log"
			return 1
		fi
	done
}

# The check and the bisect build run where CI runs, maybe with no identity:
# they use the runner's if there is one, else CHECK_AUTHOR, and write to
# work/series-check/, never over what `make series` wrote.
check_author() {
	OUTDIR=$WORK/series-check
	if find_author; then
		echo "# series: signed by this machine's identity, $AUTHOR"
	else
		AUTHOR=$CHECK_AUTHOR
		echo "# series: no git identity on this machine: the check signs with $AUTHOR (reserved domain, used only by the check; make series refuses to run without an identity)"
	fi
}

case "${1:-export}" in
export) find_author || die "$NO_AUTHOR"; do_export ;;
check) check_author; do_check ;;
bisect) check_author; do_bisect ;;
sizes) check_author; do_export >/dev/null; check_sizes ;;
*) die "usage: $0 export|check|bisect|sizes" ;;
esac
