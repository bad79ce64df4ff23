# Pinned external inputs (sourced). Change a version only together with its checksum.
# shellcheck shell=bash
LINUX_DEB_VERSION=7.3.4-1~bpo13+1
LINUX_DEB_SHA256=703e369ddd4cce971452f5a593ee55df3a5c10c83caf0fa0df039633ed181ee3
BUSYBOX_DEB_VERSION=1:1.37.0-6+b9
BUSYBOX_DEB_SHA256=4add476d2b185c5b487c285b38d790f0881a7e4a8e2ddde835f917e770eb8633
# QEMU source for the bench's emulator (scripts/qemu.sh): Debian's repacked upstream tarball,
# the one behind bookworm-backports' qemu 1:10.0.2+ds-2+deb13u1~bpo12+1.
QEMU_UPSTREAM_VERSION=10.0.2
QEMU_ORIG_SHA256=0901da33844a331bf8b3602b9c1fbd178e60b737c8e3ade678255bd090c9b9f1
