#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install the Debian packages the project needs, only when one is missing,
# so that a second run costs a dpkg query and nothing else.
set -euo pipefail

PKGS=(linux-source-6.1 build-essential flex bison bc libelf-dev libssl-dev
      sparse qemu-system-x86 busybox-static cpio rsync python3 python3-ply
      python3-git python3-docutils codespell clang llvm libclang-rt-14-dev kmod git
      perl xz-utils
      # dev/bochs.sh: a CPU with VMX (Bochs) and its boot CD image
      bochs bochsbios vgabios bochs-term isolinux syslinux-common xorriso)

missing=()
for p in "${PKGS[@]}"; do
	if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
		missing+=("$p")
	fi
done

if [ ${#missing[@]} -eq 0 ]; then
	exit 0
fi

echo "deps: installing ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
	SUDO=sudo
else
	SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "deps: done"
