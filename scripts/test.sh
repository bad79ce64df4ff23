#!/bin/bash
# The full test suite: set up, build both kernels and the guest, check the series on the
# host, run every lane, and print the total as 'N passed, M failed'. Exit 0 only if all pass.
#   test.sh [LANE...]   (default: debug debug-dev pci sys vmm few negative kunit compile-test)
set -uo pipefail
. "$(dirname "$0")/lib.sh"
t0=$(date +%s)
lanes=("$@")
[ ${#lanes[@]} -gt 0 ] || lanes=(debug debug-dev pci sys vmm few negative kunit compile-test)
R=$BUILD/results
mkdir -p "$R" "$BUILD/logs" && rm -f "$R"/*.txt

step() { log "== $* ($(($(date +%s) - t0))s)"; }
trap 'kill $(jobs -rp) 2>/dev/null' INT TERM	# an interrupted run takes its lanes along
jobs_max=${BENCH_JOBS:-2}
[ "$jobs_max" -ge 1 ] 2>/dev/null || jobs_max=1
{
	step setup
	# QEMU's build (both cores) and the work area's extraction (one) side by side
	bash "$TOP/scripts/deps.sh" && bash "$TOP/scripts/fetch.sh" &&
		{ bash "$TOP/scripts/qemu.sh" & q=$!; bash "$TOP/scripts/workarea.sh" && wait $q; }
} || { echo "not ok setup"; echo "0 passed, 1 failed"; exit 1; }

step host checks, in the background
bash "$TOP/scripts/hosttests.sh" > "$R/host.txt" 2>&1 &
host=$!

built=1
step build base kernel
bash "$TOP/scripts/build.sh" base || built=0
step build guest
{ bash "$TOP/scripts/selftests.sh" && bash "$TOP/scripts/initramfs.sh" &&
	bash "$TOP/scripts/vmm-root.sh"; } || built=0
wait $host
cat "$R/host.txt"

# The lanes are independent QEMU processes, each on one host thread: run BENCH_JOBS of them
# at a time (default 2, one per core of this machine), the longest first.
# Jobs that are not lanes: "negative", the strict IOMMU model's negative control
# (scripts/negative.sh); "kunit", generic_pt's KUnit suites on UML (scripts/kunit.sh);
# "compile-test", drivers/iommu built for x86_64 with COMPILE_TEST (scripts/compile-test.sh).
run_lane() {	# run_lane LANE: boot it, parse its console log into $R/lane-LANE.txt
	local t=$(date +%s)
	if is_job "$1"; then
		bash "$TOP/scripts/$1.sh" > "$R/lane-$1.txt" 2> "$BUILD/logs/$1.err"
	else
		bash "$TOP/scripts/boot.sh" "$1" test
		python3 "$TOP/scripts/parse.py" "$BUILD/logs/$1-test.log" "$1" > "$R/lane-$1.txt"
	fi
	log "lane $1: $(tail -1 "$R/lane-$1.txt") in $(($(date +%s) - t))s"
}
# Lanes on the test kernel may start while the debug kernel builds: the first of them now.
needs_debug() { case "$1" in debug*|few) return 0 ;; esac; return 1; }
is_job() { case "$1" in negative|kunit|compile-test) return 0 ;; esac; return 1; }
early=
if [ $built = 1 ]; then
	for l in "${lanes[@]}"; do
		needs_debug "$l" || is_job "$l" || { early=$l; break; }
	done
	[ -z "$early" ] || { step "lane $early"; run_lane "$early" & }
fi
if [ $built = 1 ] && [[ " ${lanes[*]} " == *" debug"* || " ${lanes[*]} " == *" few "* ]]; then
	step build debug kernel
	bash "$TOP/scripts/build.sh" debug || built=0
fi
echo "$([ $built = 1 ] && echo ok || echo 'not ok') build/kernels_and_guest" > "$R/build.txt"
if [ $built = 1 ]; then
	for l in "${lanes[@]}"; do
		[ "$l" != "$early" ] || continue
		while [ "$(jobs -rp | wc -l)" -ge "$jobs_max" ]; do wait -n; done
		step "lane $l"
		run_lane "$l" &
	done
fi
wait
for l in "${lanes[@]}"; do
	[ $built = 1 ] || break
	if ! grep -q "^$l: [0-9]* passed, [0-9]* failed" "$R/lane-$l.txt" 2>/dev/null; then
		echo "not ok $l/results # the lane left no results" >> "$R/lane-$l.txt"
	fi
	grep -v '^ok ' "$R/lane-$l.txt" || true
	tail -1 "$R/lane-$l.txt"
done

step done
pass=$(cat "$R"/*.txt | grep -c '^ok ')
fail=$(cat "$R"/*.txt | grep -c '^not ok ')
log "total time $(($(date +%s) - t0))s; per-case results in build/results/, console logs in build/logs/"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ] && [ "$pass" -gt 0 ]
