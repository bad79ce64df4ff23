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
# Jobs that are not lanes need no QEMU: "kunit", generic_pt's KUnit suites on UML
# (scripts/kunit.sh), and "compile-test", drivers/iommu built for x86_64 with COMPILE_TEST
# (scripts/compile-test.sh). With the host checks they run niced, one after the other, from the
# moment the work area exists: they take the cycles the builds and the lanes leave idle (a lane
# waits on its guest's timers and devices), and a lane loses to them only what a nice-19 task
# takes from a nice-0 one. "negative", the strict IOMMU model's negative control
# (scripts/negative.sh), boots QEMU and is one of the lanes.
is_bg() { case "$1" in kunit|compile-test) return 0 ;; esac; return 1; }
is_job() { case "$1" in negative) return 0 ;; esac; is_bg "$1"; }
bg_jobs() {	# bg_jobs: the host checks, then the lanes list's kunit and compile-test
	local l t
	t=$(date +%s)
	bash "$TOP/scripts/hosttests.sh" > "$R/host.txt" 2>&1
	log "host checks: $(tail -1 "$R/host.txt") in $(($(date +%s) - t))s"
	for l in "${lanes[@]}"; do
		is_bg "$l" || continue
		t=$(date +%s)
		bash "$TOP/scripts/$l.sh" > "$R/lane-$l.txt" 2> "$BUILD/logs/$l.err"
		log "lane $l: $(tail -1 "$R/lane-$l.txt") in $(($(date +%s) - t))s"
	done
}

# Setup and builds: QEMU's build (only the lanes need it) beside the work area, the base
# kernel and the guest, which follow one another.
step setup
{ bash "$TOP/scripts/deps.sh" && bash "$TOP/scripts/fetch.sh"; } ||
	{ echo "not ok setup"; echo "0 passed, 1 failed"; exit 1; }
bash "$TOP/scripts/qemu.sh" &
q=$!
bash "$TOP/scripts/workarea.sh" || { wait $q; echo "not ok setup"; echo "0 passed, 1 failed"; exit 1; }
step "host checks and kunit/compile-test jobs, niced, in the background"
( renice -n 19 $BASHPID >/dev/null; bg_jobs ) &
bg=$!
lanes_running() { jobs -rp | grep -cvx "$bg"; }

built=1
step build base kernel
bash "$TOP/scripts/build.sh" base || built=0
step build guest
{ bash "$TOP/scripts/selftests.sh" && bash "$TOP/scripts/initramfs.sh" &&
	bash "$TOP/scripts/vmm-root.sh"; } || built=0
wait $q || { echo "not ok setup # QEMU did not build"; built=0; }

# The lanes are independent QEMU processes, each on one host thread: run BENCH_JOBS of them
# at a time (default 2, one per core of this machine), the longest first.
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
early=
if [ $built = 1 ]; then
	for l in "${lanes[@]}"; do
		needs_debug "$l" || is_job "$l" || { early=$l; break; }
	done
	[ -z "$early" ] || { step "lane $early"; run_lane "$early" & }
fi
# At nice 10: the first lane's QEMU (one thread) keeps a core to itself. Cold (empty compiler
# cache) this build takes a quarter of an hour, and at nice 0 its jobs halved the lane's
# share of the cores: vfio_pci_driver_test's fixture then ran past its 30 s harness timeout
# and every later case found the device busy (2026-12-02).
if [ $built = 1 ] && [[ " ${lanes[*]} " == *" debug"* || " ${lanes[*]} " == *" few "* ]]; then
	step build debug kernel
	nice -n 10 bash "$TOP/scripts/build.sh" debug || built=0
fi
echo "$([ $built = 1 ] && echo ok || echo 'not ok') build/kernels_and_guest" > "$R/build.txt"
if [ $built = 1 ]; then
	for l in "${lanes[@]}"; do
		[ "$l" != "$early" ] && ! is_bg "$l" || continue
		while [ "$(lanes_running)" -ge "$jobs_max" ]; do wait -n; done
		step "lane $l"
		run_lane "$l" &
	done
fi
wait
cat "$R/host.txt"
for l in "${lanes[@]}"; do
	[ $built = 1 ] || is_bg "$l" || continue
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
