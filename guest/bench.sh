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
# Cost per MSI, without the test's setup: kinsn (guest/kinsn.c) counts host kernel
# instructions on all harts and host interrupts of every kind (all of /proc/interrupts) from
# irq_test's "vCPUs ready, sending" line to its "Sent the interrupts" line, the MSI loop
# (not the setup and teardown of the VM, its irqfds and vCPU threads); then the machine
# idles as long under kinsn -s; per MSI = (loop - idle) / MSIs. BENCH_ROUNDS rounds (3);
# each case prints one BENCH-PERF line for scripts/bench-summary.py. BENCH_MODES (a comma
# list, bench.modes= on the kernel command line) runs only those modes.
#
# Every case routes its vector once (-M): a route rewritten before each MSI, as irq_test does
# without -M, costs KVM more than the delivery and spread the rounds by up to 2x.
#
# MRIF notices at scale: mrif16 posts one device vector per vCPU (-M), all at once, to the
# MRIFs of 16 vCPUs (16 vectors: two igbs, scripts/boot.sh adds the second for the bench),
# and sends every MSI to vCPU 0 (-c 1) while the others wait halted: what a notice costs must
# not depend on how many vCPUs are in MRIF mode with posted vectors (mrif: 1 vCPU). irq_test
# counts the notices' host interrupts (kvm-aia-notice), their handler's calls (the vCPUs'
# aia_notices, -N: each vCPU's against the MSIs sent to it) and the kicks: vCPU exits (busy),
# wakeups (halted).
. /bench/lib.sh
dmesg -n 1
n=${BENCH_MSIS:-1000}
rounds=${BENCH_ROUNDS:-3}
igb=$(find_pci 8086:10c9)
bind_vfio "$igb" || { echo "BENCH-PERF-FAILED vfio-pci bind of igb ${igb:-missing}"; exit 0; }
igb2=$(find_pcis 8086:10c9 | sed -n 2p)
[ -n "$igb2" ] && bind_vfio "$igb2" || echo "BENCH-PERF-FAILED vfio-pci bind of a second igb ${igb2:-missing}"

sgei() {	# SGEI (guest external interrupt) count: the riscv-kvm line of /proc/interrupts
	awk '/riscv-kvm/ { for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) s += $i } END { print s + 0 }' /proc/interrupts
}
field() {	# field NAME LINE: the value after NAME= in a kinsn line
	echo "$2" | sed -n "s/.*$1=\([0-9]*\).*/\1/p"
}
measure() {	# measure KINSN_ARGS...: sets $insns $irqs $ns from kinsn, $out $rc
	local k
	out=$(/bench/kinsn "$@" 2>&1)
	rc=$?
	k=$(echo "$out" | grep '^kinsn ')
	insns=$(field insns "$k")
	irqs=$(field irqs "$k")
	ns=$(field ns "$k")
}
# Calibration: a loop in user mode must count (almost) nothing as host kernel instructions,
# an idle second (almost) nothing either; bench-summary.py prints both and checks them.
measure sh -c 'i=0; while [ $i -lt 100000 ]; do i=$((i + 1)); done'
echo "BENCH-CAL user_loop kinsn $insns irqs $irqs ns $ns"
measure -s 1000000000
echo "BENCH-CAL idle kinsn $insns irqs $irqs ns $ns"
r=1
while [ $r -le "$rounds" ]; do
	for guest in busy halted; do
		for mode in posted host mrif swhost mrif16; do
			case ",${BENCH_MODES:-$mode}," in *,$mode,*) ;; *) continue ;; esac
			case $mode in posted|mrif*) p=Y ;; *) p=N ;; esac
			echo $p > /sys/module/kvm/parameters/aia_posting
			[ $guest = halted ] && b="-d $igb -M -b" || b="-d $igb -M"
			case $mode in
			mrif) b="$b -p -s -N -v 1" ;;
			swhost) b="$b -s -v 1" ;;
			mrif16) b="$b -d $igb2 -p -s -N -v 16 -c 1" ;;
			*) b="$b -v 1" ;;
			esac
			s0=$(sgei)
			# shellcheck disable=SC2086 # $b holds options
			measure -b 'vCPUs ready, sending' -e 'Sent the interrupts' \
				/kselftests/kvm/irq_test -i "$n" $b
			s1=$(sgei)
			echo "$out"
			res=$(echo "$out" | grep '^result:')
			if [ $rc != 0 ] || [ -z "$res" ] || [ -z "$insns" ]; then
				echo "BENCH-PERF-FAILED mode=$mode guest=$guest round=$r rc=$rc"
				continue
			fi
			i1=$insns q1=$irqs t1=$ns
			measure -s "$t1"
			echo "BENCH-PERF mode=$mode guest=$guest round=$r ${res#result: } sgei $((s1 - s0)) kinsn_run $i1 kinsn_idle $insns irqs_run $q1 irqs_idle $irqs ns $t1 n $n"
		done
	done
	r=$((r + 1))
done
echo Y > /sys/module/kvm/parameters/aia_posting
