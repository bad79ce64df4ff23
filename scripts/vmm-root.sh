#!/bin/bash
# The vmm lane's extra initramfs: Debian's riscv64 QEMU as the VMM inside the emulated host,
# and the L2 guest it boots.
#   - /usr/bin/qemu-system-riscv64 and exactly the shared libraries it loads: the ELF NEEDED
#     closure of the binary, taken from the pinned packages (scripts/vmm-pins.txt), nothing
#     rebuilt or patched; /lib -> usr/lib for its interpreter, no ld.so.cache (the dynamic
#     loader searches /usr/lib/riscv64-linux-gnu, and guest/vmm.sh sets LD_LIBRARY_PATH too)
#   - /vmm/Image: the series' test kernel again, as the L2 kernel
#   - /vmm/l2.cpio.gz: L2's own initramfs (busybox, guest/l2-init and the helpers it uses)
# The result, build/initramfs-vmm.cpio, is the lane's initramfs followed by this archive
# uncompressed (the kernel unpacks concatenated archives; gunzip of ~60 MB under TCG is slow).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

DL=$BUILD/dl/riscv64
V=$BUILD/vmm
rm -rf "$V" && mkdir -p "$V/pkgs" "$V/root/usr/bin" "$V/root/usr/lib/riscv64-linux-gnu" "$V/root/vmm"
while read -r name ver _; do
	case "$name" in ''|'#'*) continue ;; esac
	dpkg-deb -x "$DL/${name}_${ver//:/%3a}_riscv64.deb" "$V/pkgs"
done < "$TOP/scripts/vmm-pins.txt"

# The NEEDED closure, resolved in the multiarch library directory as the loader would.
python3 - "$V/pkgs" "${CROSS}readelf" > "$V/closure.txt" <<'PY'
import os, re, subprocess, sys
root, readelf = sys.argv[1:]
lib = 'usr/lib/riscv64-linux-gnu'
todo, seen = ['usr/bin/qemu-system-riscv64'], set()
while todo:
    out = subprocess.run([readelf, '-d', os.path.join(root, todo.pop())],
                         capture_output=True, text=True, check=True).stdout
    for n in re.findall(r'\(NEEDED\).*\[(.*)\]', out):
        if n in seen:
            continue
        if not os.path.exists(os.path.join(root, lib, n)):
            sys.exit(f'vmm: {n} is needed but in none of the pinned packages')
        seen.add(n)
        todo.append(os.path.join(lib, n))
print('\n'.join(sorted(seen)))
PY
cp "$V/pkgs/usr/bin/qemu-system-riscv64" "$V/root/usr/bin/"
while read -r n; do
	cp -L "$V/pkgs/usr/lib/riscv64-linux-gnu/$n" "$V/root/usr/lib/riscv64-linux-gnu/$n"
done < "$V/closure.txt"
cp -L "$V/pkgs/usr/lib/riscv64-linux-gnu/ld-linux-riscv64-lp64d.so.1" "$V/root/usr/lib/riscv64-linux-gnu/"
ln -s riscv64-linux-gnu/ld-linux-riscv64-lp64d.so.1 "$V/root/usr/lib/ld-linux-riscv64-lp64d.so.1"
ln -s usr/lib "$V/root/lib"
rm -rf "$V/pkgs"

# L2: the test kernel and a busybox initramfs of its own
cp "$BUILD/obj-base/arch/riscv/boot/Image" "$V/root/vmm/Image"
L2=$V/l2
mkdir -p "$L2"/{bin,proc,sys,dev,tmp,bench}
cp "$BUILD/dl/busybox/usr/bin/busybox" "$L2/bin/"
for a in $(cat "$TOP/guest/applets.txt"); do ln -sf busybox "$L2/bin/$a"; done
install -m 755 "$TOP/guest/l2-init" "$L2/init"
cp "$TOP/guest/lib.sh" "$TOP/guest/net.sh" "$L2/bench/"
sha256sum < "$BUILD/tftp/blob" | cut -d' ' -f1 > "$L2/bench/blob.sha256"
(cd "$L2" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0 | gzip -1) > "$V/root/vmm/l2.cpio.gz"

# The kernel looks for the next archive at a 4-byte boundary and skips zeros before it.
gz=$(stat -c %s "$BUILD/initramfs.cpio.gz")
{
	cat "$BUILD/initramfs.cpio.gz"
	head -c $(((4 - gz % 4) % 4)) /dev/zero
	(cd "$V/root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0)
} > "$BUILD/initramfs-vmm.cpio"
log "vmm: $(wc -l < "$V/closure.txt") libraries, initramfs-vmm.cpio $(du -h "$BUILD/initramfs-vmm.cpio" | cut -f1)"
