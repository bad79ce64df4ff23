#!/bin/sh
# The lane's test job: platform checks, KVM selftests, vfio selftests, then the kernel log.
. /bench/lib.sh
dmesg -n 1	# keep kernel messages from interleaving with test output

# -- the IOMMU probed and every endpoint joined an IOMMU group
n=$(ls /sys/class/iommu 2>/dev/null | wc -l)
if [ "$n" -ge 1 ]; then result ok iommu.probed "$(ls /sys/class/iommu | tr '\n' ' ')"
else result "not ok" iommu.probed "no entry in /sys/class/iommu"; fi
eps=$(pci_endpoints)
[ -n "$eps" ] || result "not ok" iommu.endpoints "no PCI endpoint found"
for bdf in $eps; do
	d=/sys/bus/pci/devices/$bdf
	if [ -e "$d/iommu_group" ]; then
		result ok "iommu.group.$bdf" "$(pci_id "$d") group $(basename "$(readlink "$d/iommu_group")")"
	else
		result "not ok" "iommu.group.$bdf" "$(pci_id "$d") has no IOMMU group"
	fi
done
for id in 8086:10c9 8086:10d3; do
	if find_pci $id >/dev/null; then result ok "pci.present.$id"
	else result "not ok" "pci.present.$id" "device missing from the machine"; fi
done

# part kvm|vfio|mrif|device|net: does this lane run that part of the checks (bench.parts,
# default all)? kvm: the KVM selftests of kvm-tests.txt, which use no device; vfio: the vfio
# selftests; mrif: the irq_test.mrif* lines of kvm-device-tests.txt; device: the rest of them
# and the cases below it; net: the host network checks. Lanes on the same kernel share them
# out (scripts/boot.sh): each check runs once per kernel, and once per IOMMU where it
# depends on one (pci and sys).
part() {
	case ",${BENCH_PARTS:-kvm,vfio,mrif,device,net}," in *,"$1",*) return 0 ;; esac
	return 1
}

# -- host network drivers through the IOMMU (see net.sh)
. /bench/net.sh
if part net; then
	net_test 8086:10c9 10.0.2
	net_test 8086:10d3 10.0.3
fi

# -- KVM initialized with AIA guest interrupt files
g=$(dmesg | sed -n 's/.*AIA available with \([0-9]*\) guest external interrupts.*/\1/p' | head -1)
if [ -c /dev/kvm ] && [ "${g:-0}" -ge 1 ]; then result ok kvm.aia "$g guest interrupt files per hart"
else result "not ok" kvm.aia "/dev/kvm or AIA guest files missing (got '${g:-none}')"; fi

# Per-program timeout: irqfd_test's 10000 irqfd assign/deassign rounds take ~15 s on the test
# kernel, 190-330 s under KASAN and lockdep, 430-480 s where an IOMMU can post and every irqfd
# registers an irq bypass consumer (./run irqfd-cost), and once 900 s (the emulator runs on
# one host core, whose speed varies), so the debug lane allows 1800 s, the others 600 s (the
# lanes share the host's cores with each other, and at times with a kernel build). The limit
# only catches hangs.
t_max=600
case "$BENCH_LANE" in debug*|few) t_max=1800 ;; esac	# the debug kernel
# irq_test fails an interrupt not in the guest 2 s after it was sent. In CI's run of
# 2026-12-02 one MSI of 100 (host delivery, debug-dev) arrived after 2031 ms: late, not
# lost (the test tells them apart). The debug kernel waits 10 s for each interrupt.
irq_wait=
case "$BENCH_LANE" in debug*) irq_wait="-T 10000" ;; esac
kvm_prog() {	# kvm_prog PROGRAM: its path, and the lane's options for it, as words
	case "$1" in
	irq_test) echo "/kselftests/kvm/irq_test $irq_wait" ;;
	*) echo "/kselftests/kvm/$1" ;;
	esac
}

if [ "$BENCH_LANE" = few ]; then	# MRIF posting with more vCPUs than guest files
	. /bench/few.sh
elif [ "$BENCH_LANE" = vmm ]; then	# a real VMM boots an L2 guest with igb passed through
	. /bench/vmm.sh
else
	# move_cost: what moving a host vector between CPUs costs in IOMMU commands. irq_test
	# sends 100 MSIs through the host (posting off), once with the vector moved to a random
	# CPU before each (-a) and once without; the difference in IOTINVAL.GVMA and IOFENCE.C
	# is what the moves cost. The MSI table takes a PTE reference for the CPU a vector moves
	# to and drops the old one once the vector fired there: at most one invalidation, and
	# its fence, per move of a single-CPU mask.
	# notice_moves: MRIF posting while the vCPU's notice irq (kvm-aia-notice, one per vCPU,
	# there while the VM is) moves between CPUs: its new message is written into the PTEs
	# that name it; still one notice per MSI, and every MSI arrives. One vCPU, so the route
	# never changes and only the notice's own moves keep its PTE current. After each move,
	# once the irq is on the CPU asked for, the MRIF PTE's notice in msi_table must name that
	# CPU; checks count only then, and need two CPUs or more, so the case cannot pass
	# without moves. The loop goes on until the VM has gone, so the notice irq is freed
	# while it is being moved, maybe with the move in flight (00/1 fixed the oops that
	# followed in __imsic_local_sync(); its KUnit test is riscv-imsic).
	notice_moves() {
		local m k bad cpus
		rm -f /tmp/notice-moves
		( m=0 k=0 bad=0 cpus=; while :; do for c in 1 2 3 0; do
			i=$(awk '/kvm-aia-notice/ { sub(":", "", $1); print $1; exit }' /proc/interrupts)
			[ -n "$i" ] && echo $c > "/proc/irq/$i/smp_affinity_list" && m=$((m + 1))
			sleep 0.2
			[ -n "$i" ] || continue
			e1=$(cat "/proc/irq/$i/effective_affinity_list" 2>/dev/null)
			n=$(awk '$5 == "notice" { print $6; exit }' \
				/sys/kernel/debug/iommu/riscv/*/"$igb"/msi_table 2>/dev/null)
			e2=$(cat "/proc/irq/$i/effective_affinity_list" 2>/dev/null)
			if [ -n "$n" ] && [ "$e1" = "$c" ] && [ "$e2" = "$c" ]; then
				k=$((k + 1))
				case " $cpus " in *" $c "*) ;; *) cpus="$cpus $c" ;; esac
				[ "$n" = "$c" ] || { bad=$((bad + 1)); echo "# notice PTE names CPU $n, irq $i is on $c"; }
			fi
			echo "$m $k $bad $(echo $cpus | wc -w)" > /tmp/notice-moves.new
			mv /tmp/notice-moves.new /tmp/notice-moves
		done; done ) &
		mover=$!
		# shellcheck disable=SC2046 # the program and its options are words
		run kvm.irq_test.mrif_notice_moves $t_max $(kvm_prog irq_test) \
			-d "$igb" -i 1500 -v 1 -p -s -N
		kill $mover
		wait $mover 2>/dev/null
		read -r m k bad cpus < /tmp/notice-moves 2>/dev/null
		if [ "${k:-0}" -gt 0 ] && [ "${cpus:-0}" -ge 2 ] && [ "${bad:-1}" = 0 ]; then
			result ok kvm.irq_test.mrif_notice_moved \
				"$m moves; the PTE named the irq's CPU in $k of $k checks, on $cpus CPUs"
		else
			result "not ok" kvm.irq_test.mrif_notice_moved \
				"${m:-0} moves; the PTE named another CPU than the irq's in ${bad:-?} of ${k:-0} checks, on ${cpus:-0} CPUs"
		fi
	}
	move_cost() {
		local g0 f0 g1 f1 g f n=100 m
		# the figure needs both runs: none when bench.only selects not both
		case ",${BENCH_ONLY:-}," in
		,,|*,kvm.irq_test.move_cost_still,*kvm.irq_test.move_cost_moves,*) ;;
		*) return 0 ;;
		esac
		g0=$(iommu_cmds iotinval.gvma) f0=$(iommu_cmds iofence.c)
		# shellcheck disable=SC2046 # the program and its options are words
		run kvm.irq_test.move_cost_still $t_max $(kvm_prog irq_test) -d "$igb" -i $n -v 1 -H
		g1=$(iommu_cmds iotinval.gvma) f1=$(iommu_cmds iofence.c)
		# shellcheck disable=SC2046 # the program and its options are words
		run kvm.irq_test.move_cost_moves $t_max $(kvm_prog irq_test) -d "$igb" -i $n -v 1 -H -a
		if [ -z "$g0" ]; then
			result "not ok" iommu.move_cost "no debugfs iommu/riscv/*/commands"
			return
		fi
		g=$(($(iommu_cmds iotinval.gvma) - g1 - (g1 - g0)))
		f=$(($(iommu_cmds iofence.c) - f1 - (f1 - f0)))
		m=$(awk -v g=$g -v f=$f -v n=$n -v g0=$((g1 - g0)) -v f0=$((f1 - f0)) 'BEGIN {
			printf "per move of the vector to a random CPU: %.2f IOTINVAL.GVMA, %.2f IOFENCE.C", g / n, f / n
			printf " (%d moves; the run without moves sent %d and %d)", n, g0, f0 }')
		if [ $g -le $n ] && [ $f -le $((n + n / 10)) ]; then
			result ok iommu.move_cost "$m"
		else
			result "not ok" iommu.move_cost "$m"
		fi
	}

	# -- existing riscv KVM selftests
	skip_in_lane() {	# skip_in_lane PROGRAM: listed in not-in-LANE.txt (debug-dev: debug's)?
		local f="/bench/not-in-${BENCH_LANE%-dev}.txt"
		[ -f "$f" ] && grep -qx "$1" "$f"
	}
	part kvm && grep -v '^#' /bench/kvm-tests.txt | while read -r t args; do
		[ -n "$t" ] || continue
		skip_in_lane "$t" && continue
		# shellcheck disable=SC2046 # the program and its options are words
		run "kvm.${t##*/}" $t_max $(kvm_prog "$t") $args
	done

	# -- vfio selftests against igb, through the IOMMU
	igb=$(find_pci 8086:10c9)
	if [ -n "$igb" ] && bind_vfio "$igb"; then
		result ok vfio.bind "$igb bound to vfio-pci"
		# The iommufd_nest_parent variant tests the driver's second-stage domains, which
		# do not depend on how the IOMMU is attached: once per kernel, in pci.
		vfio_args=
		[ "$BENCH_LANE" = sys ] && vfio_args="-V iommufd_nest_parent"
		part vfio && for t in $(cat /bench/vfio-tests.txt); do
			skip_in_lane "$t" && continue
			a=
			[ "$t" = vfio_pci_driver_test ] && a=$vfio_args
			# shellcheck disable=SC2086 # $a is words
			run "vfio.$t" 900 /kselftests/vfio/$t $a "$igb"
		done
		# KVM programs that need an assigned device
		grep -v '^#' /bench/kvm-device-tests.txt | while read -r n t args; do
			[ -n "$n" ] || continue
			case "$n" in irq_test.mrif*) part mrif ;; *) part device ;; esac || continue
			skip_in_lane "$n" && continue
			[ -n "$args" ] || args=@BDF@
			# shellcheck disable=SC2046,SC2086 # the program, its options and ARGS are words
			run "kvm.$n" $t_max $(kvm_prog "$t") $(echo "$args" | sed "s/@BDF@/$igb/g")
		done
		if part device; then
			case ",${BENCH_ONLY:-}," in ,,|*,kvm.irq_test.mrif_notice_moves,*) notice_moves ;; esac
			# Posting off (kvm.aia_posting=N): the same MSIs must all go through the host
			if echo N > /sys/module/kvm/parameters/aia_posting; then
				# shellcheck disable=SC2046 # the program and its options are words
				run kvm.irq_test.not_posted $t_max $(kvm_prog irq_test) -d "$igb" -i 200 -v 2 -H -m
				# and KVM prepares no irqfd for posting: no route is examined
				# shellcheck disable=SC2046 # the program and its options are words
				run kvm.irq_test.not_posted_bad_data $t_max $(kvm_prog irq_test) -d "$igb" -i 20 -D
				move_cost
				echo Y > /sys/module/kvm/parameters/aia_posting
			else
				result "not ok" kvm.aia_posting "no kvm.aia_posting parameter"
			fi
		fi
	else
		result "not ok" vfio.bind "igb ${igb:-missing}: vfio-pci bind failed"
	fi

fi

if [ -w /sys/kernel/debug/kmemleak ]; then	# debug lane: one leak scan, reported in dmesg
	echo scan > /sys/kernel/debug/kmemleak
	cat /sys/kernel/debug/kmemleak
fi
echo BENCH-DMESG-BEGIN
dmesg
echo BENCH-DMESG-END
