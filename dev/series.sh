#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Export the project as the patch series maintainers receive, and check it.
#
#   dev/series.sh export   build the series from series/manifest on a branch of
#                          work/linux and write it with a cover letter to
#                          work/series/ (git format-patch)
#   dev/series.sh check    git am the exported series onto a pristine 6.1
#                          (the base commit), compare the result with the
#                          project tree, and run checkpatch --strict on every
#                          patch file
#   dev/series.sh bisect   build every patch of the series in turn (slow)
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
AUTHOR=${TDX_SERIES_AUTHOR:-"TDX host team <tdx-host@lists.example.org>"}
TDXDIR=arch/x86/virt/vmx/tdx
# The MAINTAINERS entry is written per step (filter_maintainers).
MAINT_PATCH=maintainers.patch
MAINT_ENTRY="INTEL TDX HOST SUPPORT"
export PATH=/usr/bin:$PATH

die() { echo "series: error: $*" >&2; exit 1; }
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
		git_src show "$OVERLAY:MAINTAINERS" > "$WORK/MAINTAINERS.full"
		filter_maintainers "$WORK/MAINTAINERS.full" "$STREE/MAINTAINERS" "$STREE"
		git_src add -A
		[ -f "$REPO/${LOG[i]}" ] || die "manifest: ${LOG[i]} not found"
		msg="${SUBJ[i]}"$'\n\n'"$(cat "$REPO/${LOG[i]}")"$'\n\n'"Signed-off-by: $AUTHOR"
		git_src commit -q -m "$msg" --author="$AUTHOR"
	done
	git_src diff --quiet "$OVERLAY" tdx-series -- . ||
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
	if git_src diff --quiet "$OVERLAY" HEAD -- .; then
		echo "ok $n series: git am of $(ls "$OUTDIR"/*.patch | grep -vc 0000-cover) patches onto Linux $(make -s -C "$STREE" kernelversion) gives the project tree"
	else
		echo "not ok $n series: the applied series differs from the project tree"
		fails=$((fails + 1))
	fi
	for p in $(ls "$OUTDIR"/*.patch | grep -v 0000-cover-letter); do
		n=$((n + 1))
		out=$(cd "$STREE" && scripts/checkpatch.pl --strict --quiet --no-summary --show-types "$p" 2>&1) || true
		if [ -z "$out" ]; then
			echo "ok $n series: checkpatch --strict $(basename "$p")"
		else
			echo "$out" | sed 's/^/#   /'
			echo "not ok $n series: checkpatch --strict $(basename "$p")"
			fails=$((fails + 1))
		fi
	done
	n=$((n + 1))
	out=$(cd "$STREE" && perl scripts/get_maintainer.pl --no-git --no-git-fallback --no-rolestats \
		"$OUTDIR"/0001-*.patch 2>&1 | grep -i "tdx" || true)
	if [ -n "$out" ]; then
		echo "ok $n series: get_maintainer.pl names $(echo "$out" | head -1)"
	else
		echo "not ok $n series: get_maintainer.pl names no TDX host entry"
		fails=$((fails + 1))
	fi
	[ $fails -eq 0 ]
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

case "${1:-export}" in
export) do_export ;;
check) do_check ;;
bisect) do_bisect ;;
*) die "usage: $0 export|check|bisect" ;;
esac
