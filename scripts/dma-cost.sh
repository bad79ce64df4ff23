#!/bin/bash
# Host DMA cost of the IOMMU: the pci lane's network checks (igb and e1000e under their host
# drivers, a 1 MiB TFTP transfer each, guest/net.sh) booted three times - strict invalidation
# (the default), the flush queue (iommu.strict=0) and no translation (iommu.passthrough=1) -
# and the IOTINVAL and IOFENCE.C commands the IOMMU got per MiB, from its debugfs counters.
# Wall times under TCG are emulator scheduling; the counts are what compare.
#   dma-cost.sh   -> one line per mode and NIC
set -euo pipefail
. "$(dirname "$0")/lib.sh"

for mode in iommu.strict=1 iommu.strict=0 iommu.passthrough=1; do
	BENCH_PARTS=net BENCH_APPEND=$mode BENCH_LOG_SUFFIX=-dma-$mode \
		bash "$TOP/scripts/boot.sh" pci test >&2 || true
	python3 "$TOP/scripts/parse.py" "$BUILD/logs/pci-test-dma-$mode.log" pci |
		sed -n "s|^ok pci/net\.\(eth[0-9]\)\.dma # |$mode \1: |p"
done
