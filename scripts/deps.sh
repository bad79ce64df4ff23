#!/bin/bash
# Install everything the bench needs on a Debian 12 (bookworm) host, as root.
# Packages outside bookworm (QEMU 10 from bookworm-backports) are installed through a
# private apt configuration, so the system's own sources stay as they are.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

host_pkgs=(gcc-riscv64-linux-gnu binutils-riscv64-linux-gnu libc6-dev-riscv64-cross
	   bc flex bison libssl-dev libelf-dev cpio ccache rsync kmod xz-utils git make gcc
	   python3 perl ca-certificates codespell b4
	   ninja-build pkg-config python3-venv libglib2.0-dev libslirp-dev libfdt-dev patch)

need=()
for p in "${host_pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
	log "apt: installing ${need[*]}"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

# QEMU is built from source (scripts/qemu.sh); it needs meson >= 1.5 from bookworm-backports,
# and the OpenSBI firmware comes from there too.
have=$(dpkg-query -W -f='${Version}' meson 2>/dev/null || true)
if ! dpkg --compare-versions "${have:-0}" ge 1.5 ||
   ! dpkg-query -W -f='${Status}' opensbi 2>/dev/null | grep -q 'ok installed'; then
	log "apt: installing meson and opensbi from bookworm-backports (private apt config)"
	private_apt bookworm bookworm-updates bookworm-backports
	apt_private update -qq
	DEBIAN_FRONTEND=noninteractive apt_private install -y -qq --no-install-recommends \
		-t bookworm-backports meson opensbi
fi
