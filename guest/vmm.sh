# The vmm lane's tests (sourced by test.sh): a real VMM, Debian's riscv64 QEMU, runs in this
# host under KVM with the in-kernel AIA irqchip and boots an L2 Linux guest (the test kernel,
# guest/l2-init) to which igb is passed through with vfio-pci (VFIO's container: Debian's
# riscv64 build of this QEMU has no iommufd backend). L2's igb driver fetches the blob over
# TFTP several times and counts its MSI-X; this host counts, from /proc/interrupts while the
# VMM runs, the host interrupts of the passed-through vector (the vfio-msix lines, gone when
# the VMM exits) and the MRIF notices (the kvm-aia-notice lines, one per L2 vCPU, likewise
# gone; the highest sum seen counts). Each L2 run gives one case
# per phase (transfers intact, interrupts received), one per reset or rebind inside L2, one
# for the L2 boot and one for L2's kernel log, one that the vCPUs moved (moves_*) and that
# they were busy (moves_busy), and one for how the interrupts were delivered:
#   posted  with posting on: L2 receives interrupts, the host takes none of the vector's
#   host    with kvm.aia_posting=N, or the VMM's x-no-kvm-msix=on: the host takes them
#   mrif    with -accel kvm,riscv-aia=emul (no guest interrupt file): notices, no vfio-msix
# Then igb goes back to its host driver, and its traffic must work (net.sh, as vmm.host.*).
export LD_LIBRARY_PATH=/usr/lib/riscv64-linux-gnu

irq_sum() {	# irq_sum PATTERN: interrupts of the /proc/interrupts lines matching PATTERN
	awk -v p="$1" '$0 ~ p { n++; for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) s += $i }
		END { if (n) print s + 0 }' /proc/interrupts
}

# move_vcpus PID STEP: pin each vCPU thread of the VMM to the next hart; counts in $moved
# the threads seen running on a hart other than the one they were on the last time
move_vcpus() {
	local t k=$2 cpu
	for t in /proc/$1/task/*; do
		case "$(cat "$t/comm" 2>/dev/null)" in "CPU "*) ;; *) continue ;; esac
		# field 39 of stat, the hart it last ran on; the name "(CPU 0/KVM)" has a space
		cpu=$(sed 's/.*) //' "$t/stat" 2>/dev/null | awk '{ print $37 }')
		[ -n "$cpu" ] && [ -f "/tmp/vmm-cpu.${t##*/}" ] &&
			[ "$cpu" != "$(cat "/tmp/vmm-cpu.${t##*/}")" ] && moved=$((moved + 1))
		echo "$cpu" > "/tmp/vmm-cpu.${t##*/}"
		taskset -p -c $((k % $(nproc))) "${t##*/}" >/dev/null 2>&1
		k=$((k + 1))
	done
}

# vmm_run NAME EXPECT SMP MOVE L2_ARGS [VMM_ARGS...]: one L2 boot, its cases vmm.NAME.*
vmm_run() {
	local name=$1 expect=$2 smp=$3 move=$4 l2args=$5 log=/tmp/l2-$1.log
	local pid t0 now host= hmax=0 n0 n1 step=0 rc l p i irqs=0 ok msg
	moved=0
	shift 5
	case ",${BENCH_ONLY:-}," in ,,|*,"vmm.$name",*) ;; *) return 0 ;; esac
	echo "BENCH-BEGIN vmm.$name t=$(cut -d' ' -f1 /proc/uptime)"
	n0=0 n1=0
	t0=$(cut -d' ' -f1 /proc/uptime)
	# debug-threads: vCPU threads named "CPU N/KVM", for move_vcpus
	qemu-system-riscv64 -name l2,debug-threads=on \
		-M virt,aia=aplic-imsic,acpi=off -cpu host -smp "$smp" -m 256M \
		-nodefaults -display none -no-reboot -serial "file:$log" -bios none \
		-kernel /vmm/Image -initrd /vmm/l2.cpio.gz \
		-append "console=ttyS0 panic=-1 kunit.enable=0 quiet $l2args" "$@" \
		< /dev/null > "/tmp/vmm-$name.out" 2>&1 &
	pid=$!
	while kill -0 $pid 2>/dev/null; do
		now=$(cut -d' ' -f1 /proc/uptime)
		if awk -v a="$t0" -v b="$now" 'BEGIN { exit !(b - a > 400) }'; then
			kill -9 $pid
			echo "# vmm.$name: VMM killed after 400 s"
			break
		fi
		# the vector's counts start again at 0 when L2 turns MSI-X off and on (reset,
		# rebind): keep the highest seen; L2 pauses 1 s before each
		l=$(irq_sum vfio-msix)
		[ -n "$l" ] && { host=$l; [ "$l" -gt "$hmax" ] && hmax=$l; }
		l=$(irq_sum kvm-aia-notice)
		[ -n "$l" ] && [ "$l" -gt "$n1" ] && n1=$l
		if [ "$move" = 1 ]; then
			move_vcpus $pid $step
			step=$((step + 1))
		fi
		sleep 0.25
	done
	wait $pid
	rc=$?
	echo "BENCH-END vmm.$name t=$(cut -d' ' -f1 /proc/uptime) rc=$rc"
	sed 's/^/# L2: /' "$log"
	sed 's/^/# VMM: /' "/tmp/vmm-$name.out"
	rm -f /tmp/vmm-cpu.*
	tr -d '\r' < "$log" > "$log.tmp" && mv "$log.tmp" "$log"
	if grep -q '^L2 done' "$log"; then
		result ok "vmm.$name.l2_boot" "$(grep '^L2 booted' "$log"), VMM exit $rc"
	else
		result "not ok" "vmm.$name.l2_boot" "L2 did not finish (VMM exit $rc): $(tail -1 "/tmp/vmm-$name.out")"
	fi
	while read -r l; do
		[ -n "$l" ] || continue
		set -- $l
		p=${2#phase=}
		i=${4#irqs=}
		irqs=$((irqs + i))
		if [ "${3#fetched=}" = "${3##*/}/${3##*/}" ] && [ "$i" -gt 0 ]; then
			result ok "vmm.$name.$p" "${l#L2 }"
		else
			result "not ok" "vmm.$name.$p" "${l#L2 }"
		fi
	done <<EOF
$(grep '^L2 phase=' "$log")
EOF
	grep '^L2 step=' "$log" > /tmp/l2-steps
	while read -r l; do	# resets and rebinds inside L2 must have happened
		set -- $l
		[ "$3" = rc=0 ] && result ok "vmm.$name.${2#step=}" "$l" ||
			result "not ok" "vmm.$name.${2#step=}" "$l"
	done < /tmp/l2-steps
	l=$(grep '^L2 bad: ' "$log")
	[ -z "$l" ] && result ok "vmm.$name.l2_log_clean" ||
		result "not ok" "vmm.$name.l2_log_clean" "$(echo "$l" | head -1)"
	if [ "$move" = 1 ]; then	# the vCPU threads did move between harts
		[ $moved -gt 0 ] && result ok "vmm.$name.vcpus_moved" "$moved moves seen" ||
			result "not ok" "vmm.$name.vcpus_moved" "no vCPU thread seen on another hart"
	fi
	case "$l2args" in *l2.busy=1*)	# and L2's vCPUs were busy
		l=$(grep '^L2 busy spinners=' "$log")
		[ -n "$l" ] && [ "${l#*=}" = "$smp/$smp" ] && result ok "vmm.$name.l2_busy" "$l" ||
			result "not ok" "vmm.$name.l2_busy" "${l:-no spinners reported}"
	esac
	l=never
	[ -n "$host" ] && l=$hmax
	msg="L2 took $irqs igb interrupts; host vfio-msix at most $l, notices $((${n1:-0} - ${n0:-0}))"
	case "$expect" in
	posted) [ -n "$host" ] && [ "$hmax" = 0 ] && [ $irqs -gt 0 ] ;;
	host) [ "$hmax" -gt 0 ] ;;
	mrif) [ -n "$host" ] && [ "$hmax" = 0 ] && [ $irqs -gt 0 ] && [ $((${n1:-0} - ${n0:-0})) -gt 0 ] ;;
	esac
	ok=$?
	[ "$expect" = mrif ] && [ $irqs -gt 0 ] &&
		msg="$msg ($(awk -v n=$((${n1:-0} - ${n0:-0})) -v i=$irqs 'BEGIN { printf "%.2f", n / i }') per L2 interrupt)"
	result "$([ $ok = 0 ] && echo ok || echo 'not ok')" "vmm.$name.$expect" "$msg"
}

igb=$(find_pci 8086:10c9)
if [ -n "$igb" ] && bind_vfio "$igb"; then
	result ok vfio.bind "$igb bound to vfio-pci"
	dev=vfio-pci,host=$igb
	vmm_run posted posted 1 0 "l2.reset=1" -accel kvm -device "$dev"
	echo N > /sys/module/kvm/parameters/aia_posting
	vmm_run not_posted host 1 0 "l2.fetches=2" -accel kvm -device "$dev"
	echo Y > /sys/module/kvm/parameters/aia_posting
	vmm_run no_kvm_msix host 1 0 "l2.fetches=2" -accel kvm -device "$dev,x-no-kvm-msix=on"
	vmm_run moves_busy posted 2 1 "l2.busy=1" -accel kvm -device "$dev"
	vmm_run moves_halted posted 2 1 "" -accel kvm -device "$dev"
	vmm_run mrif mrif 2 0 "" -accel kvm,riscv-aia=emul -device "$dev"
	# igb back to its host driver: DMA and MSI-X through the IOMMU work again
	echo "$igb" > /sys/bus/pci/drivers/vfio-pci/unbind
	echo > "/sys/bus/pci/devices/$igb/driver_override"
	echo "$igb" > /sys/bus/pci/drivers/igb/bind
	NET_PREFIX=vmm.host net_test 8086:10c9 10.0.2
else
	result "not ok" vfio.bind "igb ${igb:-missing}: vfio-pci bind failed"
fi
