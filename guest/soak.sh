#!/bin/sh
# Soak job: run one vfio selftest (default: the igb memcpy cases of vfio_pci_driver_test)
# over and over to measure how often it fails. bench.soak=N sets the count (default 20),
# bench.soak_test=NAME the harness test case (default memcpy_success).
. /bench/lib.sh
igb=$(find_pci 8086:10c9)
bind_vfio "$igb" || { result "not ok" soak.bind; exit 0; }
n=${BENCH_SOAK:-20}
i=0
while [ $i -lt "$n" ]; do
	i=$((i + 1))
	echo "BENCH-BEGIN soak.$i t=$(cut -d' ' -f1 /proc/uptime)"
	timeout 300 /kselftests/vfio/vfio_pci_driver_test -t "${BENCH_SOAK_TEST:-memcpy_success}" "$igb" </dev/null 2>&1
	rc=$?
	echo "BENCH-END soak.$i t=$(cut -d' ' -f1 /proc/uptime) rc=$rc"
done
