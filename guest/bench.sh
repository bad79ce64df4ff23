#!/bin/sh
# The benchmark job: igb's MSI-X through VFIO into a KVM guest, posted to the vCPU's IMSIC
# VS-file by the IOMMU (kvm.aia_posting=Y), posted to the vCPU's MRIF (its software file, in
# AIA emulation mode: the IOMMU sets the pending bit, then sends the host a notice) and host
# delivery (=N: host interrupt, eventfd, irqfd, KVM injection), to the VS-file (host) and
# to the software file (swhost, emulation mode, the baseline for mrif), with the vCPU busy
# and with it halted (woken through its VS-file's guest external interrupt, or by KVM). One
# vCPU. The machine runs with -icount (scripts/boot.sh), so its clock and its instruction
# counters count retired instructions, not emulator time.
#
# Cost per MSI without the setup of the test: each case runs irq_test with N and with 2N
# MSIs under kinsn (host kernel instructions on all harts, guest/kinsn.c), and idles for the
# difference in time; per MSI = ((run 2N - run N) - idle) / N, for the host kernel's
# instructions and for host interrupts of every kind (all of /proc/interrupts). Three
# rounds (BENCH_ROUNDS); each case prints one BENCH-PERF line for scripts/bench-summary.py.
. /bench/lib.sh
dmesg -n 1
n=${BENCH_MSIS:-500}
rounds=${BENCH_ROUNDS:-3}
igb=$(find_pci 8086:10c9)
bind_vfio "$igb" || { echo "BENCH-PERF-FAILED vfio-pci bind of igb ${igb:-missing}"; exit 0; }
sgei() {	# SGEI (guest external interrupt) count: the riscv-kvm line of /proc/interrupts
	awk '/riscv-kvm/ { for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) s += $i } END { print s + 0 }' /proc/interrupts
}
all_irqs() {	# every interrupt the host counted, of any kind (device, notice, IPI, timer)
	awk 'NR > 1 { for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) s += $i } END { print s + 0 }' /proc/interrupts
}
field() {	# field NAME LINE: the value after NAME= in a kinsn line
	echo "$2" | sed -n "s/.*$1=\([0-9]*\).*/\1/p"
}
measure() {	# measure CMD...: run it under kinsn; sets $insns $ns $irqs $out $rc
	local a0 k
	a0=$(all_irqs)
	out=$(/bench/kinsn "$@" 2>&1)
	rc=$?
	irqs=$(($(all_irqs) - a0))
	k=$(echo "$out" | grep '^kinsn ')
	insns=$(field insns "$k")
	ns=$(field ns "$k")
}
r=1
while [ $r -le "$rounds" ]; do
	for guest in busy halted; do
		for mode in posted host mrif swhost; do
			case $mode in posted|mrif) p=Y ;; *) p=N ;; esac
			echo $p > /sys/module/kvm/parameters/aia_posting
			[ $guest = halted ] && b=-b || b=
			case $mode in mrif|swhost) b="$b -s" ;; esac
			# shellcheck disable=SC2086 # $b holds options
			measure /kselftests/kvm/irq_test -d "$igb" -i "$n" -v 1 $b
			i1=$insns t1=$ns q1=$irqs rc1=$rc
			s0=$(sgei)
			# shellcheck disable=SC2086
			measure /kselftests/kvm/irq_test -d "$igb" -i $((2 * n)) -v 1 $b
			s1=$(sgei)
			echo "$out"
			res=$(echo "$out" | grep '^result:')
			if [ $rc1 != 0 ] || [ $rc != 0 ] || [ -z "$res" ] || [ -z "$i1" ] || [ -z "$insns" ]; then
				echo "BENCH-PERF-FAILED mode=$mode guest=$guest round=$r rc=$rc1/$rc"
				continue
			fi
			i2=$insns t2=$ns q2=$irqs
			measure -s $((t2 - t1))
			echo "BENCH-PERF mode=$mode guest=$guest round=$r ${res#result: } sgei $((s1 - s0)) kinsn_run $((i2 - i1)) kinsn_idle $insns irqs_run $((q2 - q1)) irqs_idle $irqs ns $((t2 - t1)) n $n"
		done
	done
	r=$((r + 1))
done
echo Y > /sys/module/kvm/parameters/aia_posting
