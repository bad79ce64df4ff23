#!/bin/sh
# Soak job: run one test over and over to measure how often it fails. bench.soak=N sets the
# count (default 20). bench.soak_test=NAME picks the test: a name from kvm-device-tests.txt
# (e.g. irq_test.vfio_moves) runs that KVM program, anything else is a vfio_pci_driver_test
# harness case (default memcpy_success).
. /bench/lib.sh
igb=$(find_pci 8086:10c9)
bind_vfio "$igb" || { result "not ok" soak.bind; exit 0; }
n=${BENCH_SOAK:-20}
name=${BENCH_SOAK_TEST:-memcpy_success}
cmd="/kselftests/vfio/vfio_pci_driver_test -t $name $igb"
line=$(grep -v '^#' /bench/kvm-device-tests.txt | awk -v n="$name" '$1 == n')
if [ -n "$line" ]; then
	set -- $line
	shift
	prog=$1
	shift
	args=$*
	[ -n "$args" ] || args=@BDF@
	cmd="/kselftests/kvm/$prog $(echo "$args" | sed "s/@BDF@/$igb/g")"
fi
echo "soak: $n x $cmd"
i=0
while [ $i -lt "$n" ]; do
	i=$((i + 1))
	echo "BENCH-BEGIN soak.$i t=$(cut -d' ' -f1 /proc/uptime)"
	# shellcheck disable=SC2086 # CMD is words
	timeout 900 $cmd </dev/null 2>&1
	rc=$?
	echo "BENCH-END soak.$i t=$(cut -d' ' -f1 /proc/uptime) rc=$rc"
done
