#!/bin/bash
# What KVM's irq bypass consumers cost irqfds: irqfd_test (10000 irqfd assign/deassign rounds)
# on the debug kernel (lockdep, KASAN), where the cost shows, booted three times on the pci
# machine, one after the other:
#   base     the kernel without the series (RISC-V KVM registers no consumer there)
#   nopost   the series, with an IOMMU that cannot post (riscv-iommu-pci,intremap=off: no
#            MSI_FLAT, no remapping domain), where KVM should register no consumer either
#   post     the series, with an IOMMU that can post: a consumer per irqfd
# The kernel without the series is built in a worktree at `base` (build/irqfd/linux, objects
# in build/irqfd/obj-debug: the debug kernel's .config, and the same relative paths as its
# build, so ccache hits). Needs ./run build debug and ./run guest first. Wall times under TCG
# are emulator scheduling on a shared host; run nothing else meanwhile.
#   irqfd-cost.sh   -> one line per boot: irqfd_test's seconds, and its ratio to base's
set -euo pipefail
. "$(dirname "$0")/lib.sh"

D=$BUILD/obj-debug/arch/riscv/boot/Image
[ -f "$D" ] || die "no debug kernel: ./run build debug"
WT=$BUILD/irqfd/linux
O=$BUILD/irqfd/obj-debug
wa_worktree "$WT"
git -C "$WT" checkout -q --detach base
mkdir -p "$O"
cp "$BUILD/obj-debug/.config" "$O/.config"
log "irqfd-cost: building the debug kernel without the series"
kmake "$WT" "$O" olddefconfig >/dev/null
kmake "$WT" "$O" Image

secs() {	# secs LOG: irqfd_test's run time in the guest, from BENCH-BEGIN/END uptimes
	awk '/^BENCH-BEGIN kvm.irqfd_test / { sub("t=", "", $3); b = $3 }
	     /^BENCH-END kvm.irqfd_test / { sub("t=", "", $3); sub("rc=", "", $4)
		if ($4 == 0) printf "%.0f", $3 - b }' "$1"
}
base=
for run in base nopost post; do
	k=$D iommu="-device riscv-iommu-pci"
	[ $run = base ] && k=$O/arch/riscv/boot/Image
	[ $run = nopost ] && iommu="-device riscv-iommu-pci,intremap=off"
	BENCH_KERNEL=$k BENCH_IOMMU=$iommu BENCH_PARTS=kvm BENCH_ONLY=kvm.irqfd_test \
		BENCH_LOG_SUFFIX=-irqfd-$run bash "$TOP/scripts/boot.sh" pci test >&2 || true
	s=$(secs "$BUILD/logs/pci-test-irqfd-$run.log")
	[ -n "$s" ] || { echo "$run: irqfd_test did not pass (build/logs/pci-test-irqfd-$run.log)"; continue; }
	[ $run = base ] && base=$s
	echo "$run: irqfd_test ${s} s${base:+, $(awk -v s="$s" -v b="$base" 'BEGIN { printf "%.2f", s / b }') x base}"
done
