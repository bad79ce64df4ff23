#!/bin/sh
# The main job: show a device behind the RISC-V IOMMU doing DMA and raising MSIs through VFIO.
. /bench/lib.sh
dmesg -n 1
echo "== IOMMU: $(ls /sys/class/iommu | tr '\n' ' ')"
for bdf in $(pci_endpoints); do
	d=/sys/bus/pci/devices/$bdf
	echo "== $bdf $(pci_id "$d") iommu_group=$(basename "$(readlink "$d/iommu_group")") driver=$(basename "$(readlink "$d/driver")")"
done
dmesg | grep -m1 'AIA available' | sed 's/^\[[^]]*\] /== /'
dmesg | grep -m1 'MSIs remapped\|not remapped' | sed 's/^\[[^]]*\] /== /'
igb=$(find_pci 8086:10c9)
# igb's MSI-X vectors and the irq chip they are on (IR-: the IOMMU's remapping domain)
for i in $(ls "/sys/bus/pci/devices/$igb/msi_irqs"); do cat "/sys/kernel/irq/$i/chip_name"; done |
	sort | uniq -c | sed 's/^ *\([0-9]*\) \(.*\)/== msi_irqs: \1 vectors on \2/'
# igb's MSI page table (debugfs): the device context's MSI fields, then one line per valid PTE
# (interrupt file number, the file's address, the PTE, the CPU whose file it is)
sed 's/^/== msi_table: /' /sys/kernel/debug/iommu/riscv/*/"$igb"/msi_table 2>/dev/null
bind_vfio "$igb" && echo "== $igb bound to vfio-pci"
# 48 cases, ~330 s on this machine; the limit only catches a hang
run demo.vfio_pci_driver_test 900 /kselftests/vfio/vfio_pci_driver_test "$igb"
# Posting: a KVM guest (AIA irqchip) gets igb's MSI-X through VFIO and an irqfd, written by the
# IOMMU straight into its vCPU's guest interrupt file (-p fails if the host takes any of them).
# Half-way through, igb's MSI table has an entry for the guest's file (CPU column -1) whose PTE
# points at the VS-file of the hart the vCPU runs on.
/kselftests/kvm/irq_test -d "$igb" -i 3000 -v 1 -p > /tmp/posted.log 2>&1 &
pid=$!
sleep 6
sed 's/^/== posted msi_table: /' /sys/kernel/debug/iommu/riscv/*/"$igb"/msi_table 2>/dev/null
wait $pid
echo "== irq_test -p: exit $? $(grep '^result:' /tmp/posted.log)"
# MRIF posting: the same with the guest's vCPU in AIA emulation mode, without a guest interrupt
# file. The IOMMU sets the MSI's pending bit in the vCPU's software file (an MRIF) and sends the
# host the vCPU's notice (kvm-aia-notice), which KVM turns into its interrupt: -N fails
# unless exactly one notice came per MSI. The guest file's PTE is in MRIF mode (M=1, 0x...3).
/kselftests/kvm/irq_test -d "$igb" -i 1000 -v 1 -p -s -N > /tmp/mrif.log 2>&1 &
pid=$!
sleep 6
sed 's/^/== mrif msi_table: /' /sys/kernel/debug/iommu/riscv/*/"$igb"/msi_table 2>/dev/null
grep kvm-aia-notice /proc/interrupts | sed 's/^ */== notice irq: /'
wait $pid
echo "== irq_test -p -s -N: exit $? $(grep '^result:' /tmp/mrif.log)"
