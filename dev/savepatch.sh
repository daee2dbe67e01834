#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Turn edits made in the materialized tree into the project's patches.
#
#   dev/savepatch.sh NAME.patch FILE...   create or replace patches/NAME.patch
#                                         from FILE... (paths in the kernel
#                                         tree) and add it to patches/series
#   dev/savepatch.sh                      regenerate every patch in
#                                         patches/series from the tree
#
# Each patch is "git diff base" of its files, so two patches must not touch
# the same file.  The text above the first "diff --git" line (the changelog)
# is kept.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
WORK=${TDX_WORK:-$REPO/work}
SRC=$WORK/linux

save() {
	local name=$1; shift
	local out=$REPO/patches/$name header=""
	if [ -f "$out" ]; then
		header=$(sed '/^diff --git /,$d' "$out")
	fi
	{
		[ -n "$header" ] && printf '%s\n' "$header"
		git -C "$SRC" diff --no-color base -- "$@"
	} > "$out.tmp"
	mv "$out.tmp" "$out"
	grep -qxF "$name" "$REPO/patches/series" 2>/dev/null || echo "$name" >> "$REPO/patches/series"
	echo "savepatch: patches/$name ($*)"
}

if [ $# -ge 2 ]; then
	save "$@"
	exit 0
fi

while read -r p; do
	case "$p" in ''|\#*) continue ;; esac
	# shellcheck disable=SC2046
	save "$p" $(sed -n 's@^+++ b/\([^[:space:]]*\).*@\1@p' "$REPO/patches/$p")
done < "$REPO/patches/series"
