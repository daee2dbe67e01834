#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Materialize a Linux 6.1 kernel tree with this project's files and patches.
#
#   1. Unpack Debian's linux-source-6.1 into $TDX_WORK/linux (once) and
#      commit it as the "base" of its own git repository.
#   2. Lay the project's in-tree files over it (every top-level directory of
#      this repository that also exists in the kernel tree: arch/, tools/,
#      Documentation/, ...) and apply patches/series to existing 6.1 files.
#   3. Commit the result as one "project overlay" commit on top of base.
#
# A re-run only rewrites files whose content changed, so incremental kernel
# builds in the O= build directories keep working.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
WORK=${TDX_WORK:-$REPO/work}
SRC=$WORK/linux
TARBALL=${TDX_TARBALL:-/usr/src/linux-source-6.1.tar.xz}
STAGE=$WORK/stage
SYNCED=$WORK/synced.list

die() { echo "tree: error: $*" >&2; exit 1; }

git_src() { git -C "$SRC" -c user.name=tdx-tree -c user.email=tdx-tree@localhost "$@"; }

unpack_base() {
	[ -r "$TARBALL" ] || die "$TARBALL not found (install linux-source-6.1: make deps)"
	echo "tree: unpacking $TARBALL into $SRC"
	rm -rf "$SRC" "$WORK/linux-source-6.1" "$SYNCED"
	mkdir -p "$WORK"
	tar -C "$WORK" -xf "$TARBALL"
	mv "$WORK/linux-source-6.1" "$SRC"
	git_src init -q -b base-branch
	# Debian's top-level .gitignore ignores everything ("/*"): add the
	# whole tree by force once, then drop that rule so that later
	# additions are seen.
	git_src add -f -A
	git_src commit -q -m "Linux $(kver) from Debian linux-source-6.1 $(debver)"
	sed -i '/^# Debian packaging: ignore everything/,/^!\/debian\//d' "$SRC/.gitignore"
	git_src commit -q -a -m "Drop Debian's ignore-everything rule"
	git_src tag -f base >/dev/null
	echo "$(debver)" > "$WORK/base.debver"
}

kver() {
	make -s -C "$SRC" kernelversion 2>/dev/null
}

debver() {
	dpkg-query -W -f='${Version}' linux-source-6.1 2>/dev/null || echo unknown
}

# Top-level entries of the repository that map onto the kernel tree.
overlay_dirs() {
	local d
	for d in "$REPO"/*/; do
		d=$(basename "$d")
		[ -d "$SRC/$d" ] && [ "$d" != work ] && echo "$d"
	done
}

patch_files() {
	# Files a patch touches, from its "+++ b/path" lines.
	sed -n 's@^+++ b/\([^[:space:]]*\).*@\1@p' "$1"
}

stage_tree() {
	rm -rf "$STAGE"
	mkdir -p "$STAGE"
	: > "$STAGE.list"

	local p f out
	if [ -f "$REPO/patches/series" ]; then
		while read -r p; do
			case "$p" in ''|\#*) continue ;; esac
			[ -f "$REPO/patches/$p" ] || die "patches/series names patches/$p, which does not exist"
			for f in $(patch_files "$REPO/patches/$p"); do
				if [ ! -e "$STAGE/$f" ]; then
					mkdir -p "$(dirname "$STAGE/$f")"
					git_src show "base:$f" > "$STAGE/$f" 2>/dev/null || rm -f "$STAGE/$f"
					echo "$f" >> "$STAGE.list"
				fi
			done
			if ! out=$(patch -d "$STAGE" -p1 --batch --forward --no-backup-if-mismatch \
					-r - < "$REPO/patches/$p" 2>&1); then
				f=$(echo "$out" | sed -n 's/^patching file //p' | tail -1)
				echo "$out" | sed 's/^/    /' >&2
				die "patches/$p does not apply${f:+ (file $f)} to Linux $(kver) (Debian $(debver))"
			fi
		done < "$REPO/patches/series"
	fi

	local d
	for d in $(overlay_dirs); do
		(cd "$REPO" && git ls-files --cached --others --exclude-standard -- "$d") |
		while read -r f; do
			[ -f "$REPO/$f" ] || continue
			mkdir -p "$(dirname "$STAGE/$f")"
			cp -p "$REPO/$f" "$STAGE/$f"
			echo "$f" >> "$STAGE.list"
		done
	done
	sort -u -o "$STAGE.list" "$STAGE.list"
}

sync_tree() {
	local f
	# Files that an earlier sync wrote but that are no longer part of the
	# project go back to their base content (or away if new).
	if [ -f "$SYNCED" ]; then
		comm -23 "$SYNCED" "$STAGE.list" | while read -r f; do
			if git_src cat-file -e "base:$f" 2>/dev/null; then
				git_src checkout -q base -- "$f"
			else
				rm -f "$SRC/$f"
			fi
		done
	fi
	# Copy only what differs, so that make sees unchanged mtimes.
	rsync -rlc --no-times "$STAGE/" "$SRC/"
	cp "$STAGE.list" "$SYNCED"
	rm -rf "$STAGE" "$STAGE.list"

	git_src add -A
	git_src reset -q --soft base
	git_src add -A
	git_src commit -q --allow-empty -m "Intel TDX host support (project overlay)"
}

main() {
	bash "$REPO/dev/deps.sh"
	mkdir -p "$WORK"
	if [ ! -d "$SRC/.git" ] || ! git_src rev-parse -q --verify base >/dev/null ||
	   [ "$(cat "$WORK/base.debver" 2>/dev/null)" != "$(debver)" ]; then
		unpack_base
	fi
	stage_tree
	sync_tree
	echo "tree: $SRC = Linux $(kver) (Debian linux-source-6.1 $(debver)) + $(git_src diff --name-only base HEAD | wc -l) project files"
}

main "$@"
