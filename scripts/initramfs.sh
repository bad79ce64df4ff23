#!/bin/bash
# Pack the guest's initramfs: static busybox (Debian trixie, riscv64), the in-guest jobs
# from guest/, and the cross-built kselftests.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

R=$BUILD/initramfs
rm -rf "$R" && mkdir -p "$R"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,bench,kselftests}
cp "$BUILD/dl/busybox/usr/bin/busybox" "$R/bin/"
# busybox --install needs to run on the target; make the links from its applet list instead.
for a in $(cat "$TOP/guest/applets.txt"); do ln -sf /bin/busybox "$R/bin/$a"; done
cp "$TOP/guest/init" "$R/init"
cp "$TOP"/guest/*.sh "$TOP"/guest/*.txt "$BUILD/kselftest/bench/kinsn" "$R/bench/"
for t in kvm vfio; do
	mkdir -p "$R/kselftests/$t"
	while read -r p; do
		[ -n "$p" ] || continue
		mkdir -p "$R/kselftests/$t/$(dirname "$p")"
		cp "$BUILD/kselftest/$t/$p" "$R/kselftests/$t/$p"
	done < <(guest_programs "$t")
done
"${CROSS}strip" "$R"/kselftests/*/* "$R"/kselftests/*/*/* "$R/bench/kinsn" 2>/dev/null || true
# The blob the guest fetches over TFTP from QEMU's user network (boot.sh serves $BUILD/tftp).
mkdir -p "$BUILD/tftp"
[ -f "$BUILD/tftp/blob" ] || head -c 1M /dev/urandom > "$BUILD/tftp/blob"
sha256sum < "$BUILD/tftp/blob" | cut -d' ' -f1 > "$R/bench/blob.sha256"
(cd "$R" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0 | gzip -1) > "$BUILD/initramfs.cpio.gz"
log "initramfs: $(du -h "$BUILD/initramfs.cpio.gz" | cut -f1)"
