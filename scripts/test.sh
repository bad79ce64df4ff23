#!/bin/bash
# The full test suite: set up, build both kernels and the guest, check the series on the
# host, run every lane, and print the total as 'N passed, M failed'. Exit 0 only if all pass.
#   test.sh [LANE...]   (default: pci sys debug few)
set -uo pipefail
. "$(dirname "$0")/lib.sh"
t0=$(date +%s)
lanes=("$@")
[ ${#lanes[@]} -gt 0 ] || lanes=(pci sys debug few)
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
{ bash "$TOP/scripts/selftests.sh" && bash "$TOP/scripts/initramfs.sh"; } || built=0
if [[ " ${lanes[*]} " == *" debug "* || " ${lanes[*]} " == *" few "* ]]; then
	step build debug kernel
	bash "$TOP/scripts/build.sh" debug || built=0
fi
echo "$([ $built = 1 ] && echo ok || echo 'not ok') build/kernels_and_guest" > "$R/build.txt"

for l in "${lanes[@]}"; do
	[ $built = 1 ] || break
	step "lane $l"
	bash "$TOP/scripts/boot.sh" "$l" test
	python3 "$TOP/scripts/parse.py" "$BUILD/logs/$l-test.log" "$l" > "$R/lane-$l.txt"
	grep -v '^ok ' "$R/lane-$l.txt" || true
	tail -1 "$R/lane-$l.txt"
done

step done
pass=$(cat "$R"/*.txt | grep -c '^ok ')
fail=$(cat "$R"/*.txt | grep -c '^not ok ')
log "total time $(($(date +%s) - t0))s; per-case results in build/results/, console logs in build/logs/"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ] && [ "$pass" -gt 0 ]
