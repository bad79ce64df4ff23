#!/bin/bash
# The full test suite: set up, build both kernels and the guest, check the series on the
# host, run every lane, and print the total as 'N passed, M failed'. Exit 0 only if all pass.
#   test.sh [LANE...]   (default: debug-dev debug pci sys vmm few negative)
set -uo pipefail
. "$(dirname "$0")/lib.sh"
t0=$(date +%s)
lanes=("$@")
[ ${#lanes[@]} -gt 0 ] || lanes=(debug-dev debug pci sys vmm few negative)
R=$BUILD/results
mkdir -p "$R" && rm -f "$R"/*.txt

step() { log "== $* ($(($(date +%s) - t0))s)"; }
{
	step setup
	bash "$TOP/scripts/deps.sh" && bash "$TOP/scripts/fetch.sh" && bash "$TOP/scripts/qemu.sh" &&
		bash "$TOP/scripts/workarea.sh"
} || { echo "not ok setup"; echo "0 passed, 1 failed"; exit 1; }

step host checks
bash "$TOP/scripts/hosttests.sh" > "$R/host.txt" 2>&1
cat "$R/host.txt"

built=1
step build base kernel
bash "$TOP/scripts/build.sh" base || built=0
step build guest
{ bash "$TOP/scripts/selftests.sh" && bash "$TOP/scripts/initramfs.sh" &&
	bash "$TOP/scripts/vmm-root.sh"; } || built=0
if [[ " ${lanes[*]} " == *" debug"* || " ${lanes[*]} " == *" few "* ]]; then
	step build debug kernel
	bash "$TOP/scripts/build.sh" debug || built=0
fi
echo "$([ $built = 1 ] && echo ok || echo 'not ok') build/kernels_and_guest" > "$R/build.txt"

# The lanes are independent QEMU processes, each on one host thread: run BENCH_JOBS of them
# at a time (default: one per core), the longest first.
# The job "negative" is the strict IOMMU model's negative control (scripts/negative.sh).
run_lane() {	# run_lane LANE: boot it, parse its console log into $R/lane-LANE.txt
	local t=$(date +%s)
	if [ "$1" = negative ]; then
		bash "$TOP/scripts/negative.sh" > "$R/lane-$1.txt" 2> "$BUILD/logs/negative.err"
	else
		bash "$TOP/scripts/boot.sh" "$1" test
		python3 "$TOP/scripts/parse.py" "$BUILD/logs/$1-test.log" "$1" > "$R/lane-$1.txt"
	fi
	log "lane $1: $(tail -1 "$R/lane-$1.txt") in $(($(date +%s) - t))s"
}
if [ $built = 1 ]; then
	for l in "${lanes[@]}"; do
		while [ "$(jobs -rp | wc -l)" -ge "${BENCH_JOBS:-$(nproc)}" ]; do wait -n; done
		step "lane $l"
		run_lane "$l" &
	done
	wait
	for l in "${lanes[@]}"; do
		grep -v '^ok ' "$R/lane-$l.txt" || true
		tail -1 "$R/lane-$l.txt"
	done
fi

step done
pass=$(cat "$R"/*.txt | grep -c '^ok ')
fail=$(cat "$R"/*.txt | grep -c '^not ok ')
log "total time $(($(date +%s) - t0))s; per-case results in build/results/, console logs in build/logs/"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ] && [ "$pass" -gt 0 ]
