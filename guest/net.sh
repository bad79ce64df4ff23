# Host network drivers (igb, e1000e) through the IOMMU: sourced by test.sh.
# For each NIC: its IOMMU domain translates DMA and remaps MSIs, its MSI-X vectors sit on the
# remapping irq chip (IR-PCI-MSIX), and its MSI page table has a PTE for each hart they
# target, all naming host CPU files; a TFTP transfer from QEMU's user network arrives intact (DMA through the
# IOMMU) and raises MSI-X; after every vector of the NIC is moved to another hart, a second
# transfer arrives intact, its MSI-X arrive on that hart, and the table followed the move.

irq_list() {	# irq_list IFACE: the IRQs /proc/interrupts names after IFACE
	awk -v ifc="$1" '$NF ~ "^" ifc "-" { sub(":", "", $1); print $1 }' /proc/interrupts
}

irq_count() {	# irq_count CPU|all IRQ...: interrupts counted for these IRQs
	local cpu=$1
	shift
	awk -v cpu="$cpu" -v irqs=" $* " '
		NR == 1 { ncpu = NF; next }
		{ i = $1; sub(":", "", i) }
		index(irqs, " " i " ") {
			if (cpu == "all") { for (c = 2; c <= ncpu + 1; c++) s += $c }
			else s += $(cpu + 2)
		}
		END { print s + 0 }' /proc/interrupts
}

msi_chip_check() {	# msi_chip_check BDF NAME: every MSI of BDF is on the remapping chip
	local i n=0 bad=0
	for i in $(ls "/sys/bus/pci/devices/$1/msi_irqs"); do
		n=$((n + 1))
		grep -q "^ *$i: .* IR-PCI-MSIX-$1 " /proc/interrupts || bad=$((bad + 1))
	done
	if [ $n -gt 0 ] && [ $bad = 0 ]; then
		result ok "$2.remap_chip" "$n MSI-X vectors on IR-PCI-MSIX-$1"
	else
		result "not ok" "$2.remap_chip" "$bad of $n vectors not on the remapping chip"
	fi
}

fetch() {	# fetch SERVER: TFTP the blob and check its digest
	rm -f /tmp/blob
	tftp -g -b 1400 -r blob -l /tmp/blob "$1" >/dev/null 2>&1 && digest_ok
}
digest_ok() { [ "$(sha256sum < /tmp/blob | cut -d' ' -f1)" = "$(cat /bench/blob.sha256)" ]; }

# fetch_timed SERVER: fetch; $fetched says how long it took and how often it was tried.
# e1000e under its host driver with strict IOTLB invalidation has taken 8-26 s per MiB on
# this emulator and busybox's tftp then gave up at times: a transfer that fails is tried
# again, up to 3 times, and the message shows it. Data that arrive wrong fail at once.
fetch_timed() {
	local n=0 t0
	t0=$(awk '{ printf "%d", $1 * 1000 }' /proc/uptime)
	while [ $n -lt 3 ]; do
		n=$((n + 1))
		rm -f /tmp/blob
		tftp -g -b 1400 -r blob -l /tmp/blob "$1" >/dev/null 2>&1 || continue
		if ! digest_ok; then
			fetched="data differ (attempt $n)"
			return 1
		fi
		fetched="in $(awk -v t="$t0" '{ printf "%.1f", $1 - t / 1000 }' /proc/uptime) s, attempt $n of 3"
		return 0
	done
	fetched="3 attempts failed"
	return 1
}

# cmds_per_mib V0 F0: ", N IOTINVAL and M IOFENCE.C per MiB" for the IOMMU commands sent
# since iommu_cmds gave V0 and F0, over the size of /tmp/blob (all IOMMUs, whatever sent them)
cmds_per_mib() {
	[ -n "$1" ] || return 0
	awk -v v=$(($(iommu_cmds iotinval.vma iotinval.gvma) - $1)) \
	    -v f=$(($(iommu_cmds iofence.c) - $2)) -v b="$(wc -c < /tmp/blob)" 'BEGIN {
		printf ", %.0f IOTINVAL and %.0f IOFENCE.C per MiB", v * 1048576 / b, f * 1048576 / b }'
}

# net_test PCI_ID NET (NET: first three octets of a QEMU user network); cases are named
# $NET_PREFIX.IFACE.* (default net)
net_test() {
	local bdf ifc irqs c0 c1 v0 f0 last i g t pfx=${NET_PREFIX:-net} fetched
	bdf=$(find_pci "$1") || { result "not ok" "$pfx.$1" "device missing"; return; }
	ifc=$(ls "/sys/bus/pci/devices/$bdf/net" 2>/dev/null)
	[ -n "$ifc" ] || { result "not ok" "$pfx.$1" "$bdf has no network interface"; return; }
	t=$(cat "$(readlink -f "/sys/bus/pci/devices/$bdf/iommu_group")/type")
	case "$t" in
	DMA*) result ok "$pfx.$ifc.dma_domain" "$bdf in a $t domain" ;;
	*) result "not ok" "$pfx.$ifc.dma_domain" "$bdf in a $t domain, not a DMA domain" ;;
	esac
	ip addr add "$2.15/24" dev "$ifc" && ip link set "$ifc" up
	i=0
	while [ $i -lt 100 ] && [ "$(cat "/sys/class/net/$ifc/operstate")" != up ]; do
		sleep 0.1
		i=$((i + 1))
	done
	irqs=$(irq_list "$ifc")
	c0=$(irq_count all $irqs)
	v0=$(iommu_cmds iotinval.vma iotinval.gvma) f0=$(iommu_cmds iofence.c)
	if fetch_timed "$2.2"; then
		c1=$(irq_count all $irqs)
		result ok "$pfx.$ifc.dma" "$(wc -c < /tmp/blob) bytes intact $fetched$(cmds_per_mib "$v0" "$f0")"
		if [ "$c1" -gt "$c0" ]; then
			result ok "$pfx.$ifc.msix" "$((c1 - c0)) interrupts on IRQs $(echo $irqs)"
		else
			result "not ok" "$pfx.$ifc.msix" "no interrupt counted on IRQs '$(echo $irqs)'"
		fi
	else
		result "not ok" "$pfx.$ifc.dma" "TFTP from $2.2 failed or the data differ: $fetched"
	fi
	# the vectors exist in /proc once the interface is up and requested them
	msi_chip_check "$bdf" "$pfx.$ifc"
	msi_table_check "$bdf" "$pfx.$ifc"
	last=$(($(nproc) - 1))
	for i in $(ls "/sys/bus/pci/devices/$bdf/msi_irqs"); do
		echo "$last" > "/proc/irq/$i/smp_affinity_list"
	done
	c0=$(irq_count "$last" $irqs)
	if fetch_timed "$2.2" && [ "$(irq_count "$last" $irqs)" -gt "$c0" ]; then
		result ok "$pfx.$ifc.irq_moved" "transfer intact $fetched, interrupts now arrive on CPU$last"
	else
		result "not ok" "$pfx.$ifc.irq_moved" "after moving IRQs to CPU$last: transfer or interrupts missing"
	fi
	msi_table_check "$bdf" "$pfx.$ifc.irq_moved" "$last"
	ip addr flush dev "$ifc"
	ip link set "$ifc" down
}
