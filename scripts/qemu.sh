#!/bin/bash
# Build the bench's qemu-system-riscv64: Debian's QEMU 10.0.2 source (the same release as
# bookworm-backports' qemu-system-misc) plus the fixes in qemu/ (a series for qemu-devel, with
# its cover letter), riscv64-softmmu only.
#
# Why not the packaged binary: QEMU 10.0's RISC-V IOMMU model ignores Svnapot, which the
# IOMMU specification requires and Linux 7.3 uses for 64 KiB contiguous mappings, so DMA to
# such a mapping silently lands on the wrong page (see qemu/0001-*.patch). That made the
# VFIO selftests fail at random, depending on how user memory happened to be laid out.
# qemu/0003-*.patch makes its IOMMU model cache MSI PTEs and identity translations until the
# invalidation the specification requires (property x-ioatc-strict, on by default), so a
# missing invalidation in the series shows up in the lanes (README, "The strict IOMMU model").
#
# The orig tarball comes from the Debian archive (URI from the machine's apt configuration)
# and is checked against a pinned SHA-256. Result: build/qemu/qemu-system-riscv64. The build
# is redone only when the tarball, a patch or this script changes.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$TOP/scripts/pins.sh"

DL=$BUILD/dl
SRC=$BUILD/qemu-src
OUT=$BUILD/qemu
orig=qemu_${QEMU_UPSTREAM_VERSION}+ds.orig.tar.xz
mkdir -p "$DL" "$OUT"

stamp=$(cat "$TOP"/qemu/*.patch "$0" | sha256sum | cut -c1-16)-$QEMU_ORIG_SHA256
if [ -x "$OUT/qemu-system-riscv64" ] && [ "$(cat "$OUT/stamp" 2>/dev/null)" = "$stamp" ]; then
	exit 0
fi

if ! echo "$QEMU_ORIG_SHA256  $DL/$orig" | sha256sum -c --status 2>/dev/null; then
	log "qemu: downloading $orig"
	/usr/lib/apt/apt-helper download-file "$(archive_uri)/pool/main/q/qemu/$orig" \
		"$DL/$orig" "SHA256:$QEMU_ORIG_SHA256" >&2
fi
echo "$QEMU_ORIG_SHA256  $DL/$orig" | sha256sum -c --status || die "checksum mismatch for $orig"

log "qemu: extracting and patching"
rm -rf "$SRC" && mkdir -p "$SRC"
tar -C "$SRC" --strip-components=1 --no-same-owner -xf "$DL/$orig"
for p in $(ls "$TOP"/qemu/*.patch | grep -v /0000-cover-letter); do
	patch -d "$SRC" -p1 -s < "$p" || die "qemu: $p does not apply"
done
# Debian's +ds tarball drops the bundled wheels and firmware blobs. Build with the system's
# meson (bookworm-backports), without pycotap (only QEMU's own test runner needs it), and
# without unpacking the EDK2 blobs for riscv64 (the bench boots OpenSBI + Linux directly).
sed -i '/^pycotap = /d' "$SRC/pythondeps.toml"
sed -i "/^edk2_targets = /s/ 'riscv64-softmmu',//" "$SRC/meson.build"

log "qemu: configuring"
# Paths under the source tree are hashed relative to it, so a clone elsewhere hits the cache.
export CCACHE_BASEDIR=$SRC CCACHE_NOHASHDIR=1
mkdir -p "$SRC/build"
(cd "$SRC/build" && ../configure --python=/usr/bin/python3 --target-list=riscv64-softmmu \
	--without-default-features --enable-slirp --enable-fdt=system --disable-docs \
	--disable-download --disable-install-blobs --cc="ccache gcc" >"$SRC/configure.log" 2>&1) ||
	die "qemu: configure failed, see $SRC/configure.log"
log "qemu: building qemu-system-riscv64"
ninja -C "$SRC/build" -j"$(nproc)" qemu-system-riscv64 >"$SRC/build.log" 2>&1 ||
	die "qemu: build failed, see $SRC/build.log"
# rename, not copy: a lane may be running the old binary
cp "$SRC/build/qemu-system-riscv64" "$OUT/qemu-system-riscv64.new"
mv "$OUT/qemu-system-riscv64.new" "$OUT/qemu-system-riscv64"
echo "$stamp" > "$OUT/stamp"
rm -rf "$SRC"
log "qemu: $("$OUT/qemu-system-riscv64" --version | head -1)"
