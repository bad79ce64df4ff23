# Helpers for the in-guest jobs (busybox sh); sourced.
result() {	# result ok|"not ok"|skip NAME [MESSAGE]
	echo "BENCH-RESULT $1 $2${3:+ # $3}"
}

# run NAME TIMEOUT CMD...: run a test program; its TAP output and exit code are framed
# so that the host counts each test case it reports, or the program as one case.
# A program listed in retry-once.txt that fails (not by timeout) runs once more: its
# first output is printed unframed, as "# first try: " lines, and the second run's frame
# says first_rc=, which the host reports in the case's message.
run() {
	local name=$1 t=$2 rc retry=
	shift 2
	case ",${BENCH_ONLY:-}," in ,,|*,"$name",*) ;; *) return 0 ;; esac
	if grep -v '^#' /bench/retry-once.txt | grep -qx "$name"; then
		timeout "$t" "$@" < /dev/null > /tmp/first-try 2>&1
		rc=$?
		if [ $rc = 0 ] || [ $rc = 124 ]; then
			retry=x
		else
			sed 's/^/# first try: /' /tmp/first-try
			retry=" first_rc=$rc"
		fi
	fi
	echo "BENCH-BEGIN $name t=$(cut -d' ' -f1 /proc/uptime)${retry#x}"
	if [ "$retry" = x ]; then
		cat /tmp/first-try
	else
		timeout "$t" "$@" < /dev/null 2>&1
		rc=$?
	fi
	echo "BENCH-END $name t=$(cut -d' ' -f1 /proc/uptime) rc=$rc"
	stuck_check "$name"
}

pci_id() { echo "$(cat "$1/vendor"):$(cat "$1/device")" | sed 's/0x//g'; }

# Devices that must sit behind the IOMMU: everything but host bridges and the IOMMU itself.
pci_endpoints() {
	local d
	for d in /sys/bus/pci/devices/*; do
		case "$(cat "$d/class")" in 0x0600*|0x0604*) continue ;; esac
		[ "$(pci_id "$d")" = 1b36:0014 ] && continue
		echo "${d##*/}"
	done
}

find_pcis() {	# find_pcis VENDOR:DEVICE -> every BDF, one per line
	local d
	for d in /sys/bus/pci/devices/*; do
		[ "$(pci_id "$d")" = "$1" ] && echo "${d##*/}"
	done
}

find_pci() {	# find_pci VENDOR:DEVICE -> first BDF
	local d
	d=$(find_pcis "$1" | head -1)
	[ -n "$d" ] && echo "$d"
}

bind_vfio() {	# bind_vfio BDF
	local d=/sys/bus/pci/devices/$1
	[ -e "$d/driver" ] && echo "$1" > "$d/driver/unbind"
	echo vfio-pci > "$d/driver_override"
	echo "$1" > /sys/bus/pci/drivers/vfio-pci/bind
}

# stuck_check NAME: a process left in uninterruptible sleep after a test program ended is
# stuck in the kernel; report it (with its kernel stack) as a failed case.
stuck_check() {
	local p n=0
	sleep 1
	# one grep over every process (a sed per process cost 4-10 s per program under TCG)
	for p in $(grep -l '^State:[[:space:]]*D' /proc/[0-9]*/status 2>/dev/null); do
		p=${p%/status}
		n=$((n + 1))
		echo "# stuck: pid ${p#/proc/} $(cat "$p/comm")"
		sed 's/^/#   /' "$p/stack" 2>/dev/null
	done
	[ $n = 0 ] || result "not ok" "$1.no_stuck_process" "$n process(es) stuck in the kernel"
}

# msi_cpus BDF: the CPUs the device's MSIs target now (effective affinity), one per line
msi_cpus() {
	local i
	for i in $(ls "/sys/bus/pci/devices/$1/msi_irqs" 2>/dev/null); do
		cat "/proc/irq/$i/effective_affinity_list"
	done | sort -u
}

# msi_table_check BDF NAME [CPU]: the device's MSI page table as its device context names it
# (debugfs, iommu/riscv/<iommu>/<device>/msi_table) is on, every valid PTE sends MSIs to the
# interrupt file its entry stands for and that is a host CPU's file, and every CPU that one
# of the device's MSIs targets (and CPU, if given) has one: host delivery, remapped,
# following irq affinity. A CPU a vector just left may keep its PTE until the vector fires.
msi_table_check() {
	local f msiptp n=0 bad=0 idx addr pte cpu missing=
	f=$(ls /sys/kernel/debug/iommu/riscv/*/"$1"/msi_table 2>/dev/null | head -1)
	[ -n "$f" ] || { result "not ok" "$2.msi_table" "no debugfs MSI table for $1"; return; }
	msiptp=$(awk 'NR == 1 { print $4 }' "$f")
	if [ $((msiptp >> 60)) -ne 1 ]; then
		result "not ok" "$2.msi_table" "MSI page table off: $(head -1 "$f")"
		return
	fi
	tail -n +2 "$f" > /tmp/msi_table
	while read -r idx addr pte cpu; do
		n=$((n + 1))
		[ $((((pte >> 10) & 0xfffffffffff) << 12)) = $((addr)) ] && [ "$cpu" -ge 0 ] ||
			bad=$((bad + 1))
	done < /tmp/msi_table
	for cpu in $(msi_cpus "$1") $3; do
		awk -v c="$cpu" '$4 == c { f = 1 } END { exit !f }' /tmp/msi_table ||
			missing="$missing $cpu"
	done
	if [ $n -gt 0 ] && [ $bad = 0 ] && [ -z "$missing" ]; then
		result ok "$2.msi_table" "PTEs for CPUs $(awk '{ printf "%s ", $4 }' /tmp/msi_table)(MSIs on $(msi_cpus "$1" | tr '\n' ' ')), each to its own file"
	else
		result "not ok" "$2.msi_table" "$bad bad PTEs, none for CPUs$missing: $(tr '\n' ';' < "$f")"
	fi
}

# iommu_cmds NAME...: the sum of these commands (iotinval.vma, iotinval.gvma, iofence.c, ...)
# sent so far to every IOMMU, from debugfs iommu/riscv/<iommu>/commands; empty if none has it
iommu_cmds() {
	local f=$(ls /sys/kernel/debug/iommu/riscv/*/commands 2>/dev/null)
	[ -n "$f" ] || return 0
	awk -v names=" $* " 'index(names, " " $1 " ") { s += $2 } END { print s + 0 }' $f
}
