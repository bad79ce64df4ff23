#!/bin/bash
# Boot one lane of the emulated machine and run a guest job.
#   boot.sh LANE JOB   (LANE: pci|sys|debug|debug-dev|few|vmm; JOB: test|demo|bench)
# The console log is kept in build/logs/LANE-JOB.log. Exit status: 0 if the guest reached
# the end of its job and powered off, 1 on timeout, hang or panic.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

lane=$1 job=${2:-test}
machine=
aia_guests=${AIA_GUESTS:-5}
iommu=(-device riscv-iommu-pci)
kernel=$BUILD/obj-base/arch/riscv/boot/Image
timeout=${BENCH_TIMEOUT:-1200}
parts=
initrd=$BUILD/initramfs.cpio.gz
case "$lane" in
pci) ;;
# Debian's QEMU inside the machine boots an L2 guest with igb (guest/vmm.sh); the host
# network checks run after the VMM has exited
vmm) initrd=$BUILD/initramfs-vmm.cpio; parts=vmm ;;
# The platform IOMMU: what depends on the IOMMU (the KVM selftests of kvm-tests.txt use no
# device and run in pci and debug)
sys) machine=,iommu-sys=on; iommu=(); parts=vfio,mrif,device,net ;;
# The debug kernel's lanes: too long for one, split in two (guest/test.sh, part)
debug) kernel=$BUILD/obj-debug/arch/riscv/boot/Image; timeout=${BENCH_TIMEOUT:-3300}
	parts=kvm,vfio,mrif ;;
debug-dev) kernel=$BUILD/obj-debug/arch/riscv/boot/Image; timeout=${BENCH_TIMEOUT:-3300}
	parts=device,net ;;
# One guest interrupt file per hart: vCPUs beyond that get MSIs through MRIFs. The debug
# kernel, so lockdep and KASAN watch the switches between VS-files and MRIFs.
few) aia_guests=1; kernel=$BUILD/obj-debug/arch/riscv/boot/Image; timeout=${BENCH_TIMEOUT:-1800}
	parts=few ;;
*) die "unknown lane $lane" ;;
esac
machine=virt,aia=aplic-imsic,aia-guests=$aia_guests$machine
kernel=${BENCH_KERNEL:-$kernel}	# another build of the kernel (scripts/negative.sh)
# another IOMMU, as words: "-device riscv-iommu-pci,intremap=off" (scripts/irqfd-cost.sh)
[ -z "${BENCH_IOMMU+x}" ] || read -r -a iommu <<<"$BENCH_IOMMU"
parts=${BENCH_PARTS:-$parts}	# what of guest/test.sh to run (see part there)
# The bench counts instructions: with -icount the harts' instret and the PMU's counters count
# retired instructions and the machine's clock follows them (1 ns each, shift=0); sleep=off
# jumps over idle time instead of waiting for the host's clock.
accel=(-accel "tcg,thread=${TCG_THREAD:-single}")
# Smcntrpmf lets the fixed instret counter filter by privilege mode too (host kernel only).
# One hart online: QEMU's icount is one count for the whole machine, and a hart's counter adds
# the instructions all harts retire to the mode it is in (an idle hart in wfi is in S-mode), so
# only with one hart running is "host kernel mode" exact (bench.sh's calibration checks it).
# The machine has four (maxcpus=1 leaves three in the firmware, stopped): the IMSIC layout, and
# so the posting slots of first-stage domains (7 guest files per hart), is that of four harts,
# as the bench's MRIF case at 16 vCPUs needs; it also needs 16 vectors, so a second igb.
cpu_extra= smp=4 bench_dev=() bench_append=
[ "$job" = bench ] && { accel+=(-icount shift=0,sleep=off); cpu_extra=,smcntrpmf=true
	bench_append=" maxcpus=1"
	bench_dev=(-device igb,netdev=n2,romfile= -netdev user,id=n2,net=10.0.4.0/24); }
[ -f "$kernel" ] || die "no kernel $kernel"
[ -f "$initrd" ] || die "no initramfs $initrd: run ./run guest"
# The bench's own QEMU build (scripts/qemu.sh) and Debian's OpenSBI (package opensbi).
qemu=${QEMU:-$BUILD/qemu/qemu-system-riscv64}
bios=/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin
[ -x "$qemu" ] || die "no $qemu: run ./run setup"
mkdir -p "$BUILD/logs"
logf=$BUILD/logs/$lane-$job${BENCH_LOG_SUFFIX:-}.log
rm -f "$logf"	# a boot that fails to start leaves no stale log behind

append="console=ttyS0 panic=-1 log_buf_len=4M$bench_append"
# No MSI isolation on this IOMMU yet: VFIO needs the unsafe-interrupts opt-in.
append+=" iommufd.allow_unsafe_interrupts=1 vfio_iommu_type1.allow_unsafe_interrupts=1"
append+=" hugepagesz=1G hugepages=1 hugepagesz=2M hugepages=64"
append+=" bench.lane=$lane bench.job=$job${parts:+ bench.parts=$parts}${BENCH_ONLY:+ bench.only=$BENCH_ONLY}${BENCH_APPEND:+ $BENCH_APPEND}"
log "boot[$lane/$job]: $(basename "$(dirname "$(dirname "$(dirname "$(dirname "$kernel")")")")"), timeout ${timeout}s, log $logf"
start=$(date +%s)
set +e
timeout -k 10 "$timeout" "$qemu" \
	-M "$machine" -cpu "rv64,h=true,sstc=true,svinval=true,sscofpmf=true$cpu_extra" \
	-smp $smp -m 4G "${accel[@]}" -nographic -no-reboot -bios "$bios" \
	-kernel "$kernel" -initrd "$initrd" -append "$append" \
	"${iommu[@]}" \
	-device igb,netdev=n0,romfile= -netdev user,id=n0,net=10.0.2.0/24,tftp="$BUILD/tftp" \
	-device e1000e,netdev=n1,romfile= -netdev user,id=n1,net=10.0.3.0/24,tftp="$BUILD/tftp" \
	"${bench_dev[@]}" \
	${QEMU_EXTRA:-} < /dev/null > "$logf" 2>&1
rc=$?
set -e
tr -d '\r' < "$logf" > "$logf.tmp" && mv "$logf.tmp" "$logf"
log "boot[$lane/$job]: qemu exit $rc after $(($(date +%s) - start))s"
[ $rc = 124 ] && { echo "BENCH-TIMEOUT after ${timeout}s" >> "$logf"; exit 1; }
grep -q '^BENCH-DONE' "$logf" || exit 1
exit 0
