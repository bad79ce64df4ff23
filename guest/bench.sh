#!/bin/sh
# The benchmark job: igb's MSI-X through VFIO into a KVM guest, posted to the vCPU's IMSIC
# VS-file by the IOMMU (kvm.aia_posting=Y), posted to the vCPU's MRIF (its software file, in
# AIA emulation mode: the IOMMU sets the pending bit, then sends the host a notice) and host
# delivery (=N: host interrupt, eventfd, irqfd, KVM injection), to the VS-file (host) and
# to the software file (swhost, emulation mode, the baseline for mrif), with the vCPU busy
# and with it halted (woken through its VS-file's guest external interrupt, or by KVM). One
# vCPU, BENCH_MSIS MSIs per run. Each run prints one BENCH-PERF line that
# scripts/bench-summary.py turns into the table.
. /bench/lib.sh
dmesg -n 1
n=${BENCH_MSIS:-1000}
igb=$(find_pci 8086:10c9)
bind_vfio "$igb" || { echo "BENCH-PERF-FAILED vfio-pci bind of igb ${igb:-missing}"; exit 0; }
sgei() {	# SGEI (guest external interrupt) count: the riscv-kvm line of /proc/interrupts
	awk '/riscv-kvm/ { for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) s += $i } END { print s + 0 }' /proc/interrupts
}
for guest in busy halted; do
	for mode in posted host mrif swhost; do
		case $mode in posted|mrif) p=Y ;; *) p=N ;; esac
		echo $p > /sys/module/kvm/parameters/aia_posting
		[ $guest = halted ] && b=-b || b=
		case $mode in mrif|swhost) b="$b -s" ;; esac
		s0=$(sgei)
		# shellcheck disable=SC2086 # $b holds options
		out=$(/kselftests/kvm/irq_test -d "$igb" -i "$n" -v 1 $b 2>&1)
		rc=$?
		s1=$(sgei)
		echo "$out"
		r=$(echo "$out" | grep '^result:')
		if [ $rc != 0 ] || [ -z "$r" ]; then
			echo "BENCH-PERF-FAILED mode=$mode guest=$guest rc=$rc"
			continue
		fi
		echo "BENCH-PERF mode=$mode guest=$guest ${r#result: } sgei $((s1 - s0))"
	done
done
echo Y > /sys/module/kvm/parameters/aia_posting
