#!/bin/bash
# Fetch the pinned inputs that do not come from the host's own apt sources:
#   - linux-source-7.3 (trixie-backports): the base of the series
#   - busybox-static (trixie, riscv64): the guest's user space
#   - the vmm lane's VMM, qemu-system-riscv (trixie, riscv64), and the library packages its
#     binary needs (scripts/vmm-pins.txt)
# All go through a private apt configuration and are checked against pinned SHA-256 sums.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$TOP/scripts/pins.sh"

DL=$BUILD/dl
mkdir -p "$DL"

fetch_deb() {	# name version arch suite sha256
	local name=$1 ver=$2 arch=$3 suite=$4 sum=$5 f aarch
	f=$DL/${name}_${ver//:/%3a}_${arch}.deb
	if [ -f "$f" ] && echo "$sum  $f" | sha256sum -c --status; then
		echo "$f"; return
	fi
	aarch=$arch
	[ "$arch" = all ] && aarch=$(dpkg --print-architecture)
	APTDIR=$BUILD/apt-$suite-$aarch
	private_apt "$suite"
	log "apt: downloading $name=$ver ($arch) from $suite"
	apt_private -o APT::Architecture="$aarch" -o APT::Architectures="$aarch" update -qq >&2
	(cd "$DL" && apt_private -o APT::Architecture="$aarch" -o APT::Architectures="$aarch" \
		download "$name:$aarch=$ver" >&2)
	[ -f "$f" ] || die "apt did not produce $f"
	echo "$sum  $f" | sha256sum -c --status || die "checksum mismatch for $f"
	echo "$f"
}

# fetch_debs ARCH SUITE < LIST: the .debs of LIST (NAME VERSION SHA256 lines, # comments) into
# $DL/ARCH, with one apt update and one download for all that are missing or differ
fetch_debs() {
	local arch=$1 suite=$2 name ver sum f miss=() sums=()
	mkdir -p "$DL/$arch"
	while read -r name ver sum; do
		case "$name" in ''|'#'*) continue ;; esac
		f=$DL/$arch/${name}_${ver//:/%3a}_${arch}.deb
		sums+=("$sum  $f")
		[ -f "$f" ] && echo "$sum  $f" | sha256sum -c --status && continue
		miss+=("$name:$arch=$ver")
	done
	if [ ${#miss[@]} -gt 0 ]; then
		APTDIR=$BUILD/apt-$suite-$arch
		private_apt "$suite"
		log "apt: downloading ${#miss[@]} packages ($arch) from $suite"
		apt_private -o APT::Architecture="$arch" -o APT::Architectures="$arch" update -qq >&2
		(cd "$DL/$arch" && apt_private -o APT::Architecture="$arch" \
			-o APT::Architectures="$arch" download "${miss[@]}" >&2)
	fi
	printf '%s\n' "${sums[@]}" | sha256sum -c --quiet >&2 || die "checksum mismatch in $DL/$arch"
}

src_deb=$(fetch_deb linux-source-7.3 "$LINUX_DEB_VERSION" all trixie-backports "$LINUX_DEB_SHA256")
bb_deb=$(fetch_deb busybox-static "$BUSYBOX_DEB_VERSION" riscv64 trixie "$BUSYBOX_DEB_SHA256")

if [ ! -f "$DL/linux-source-7.3.tar.xz" ] || [ "$src_deb" -nt "$DL/linux-source-7.3.tar.xz" ]; then
	log "extracting $src_deb"
	rm -rf "$DL/src-deb" && dpkg-deb -x "$src_deb" "$DL/src-deb"
	mv "$DL/src-deb/usr/src/linux-source-7.3.tar.xz" "$DL/"
	rm -rf "$DL/src-deb"
fi
if [ ! -x "$DL/busybox/usr/bin/busybox" ]; then
	rm -rf "$DL/busybox" && dpkg-deb -x "$bb_deb" "$DL/busybox"
fi
fetch_debs riscv64 trixie < "$TOP/scripts/vmm-pins.txt"
