#!/bin/bash
# Negative control of the strict IOMMU model (qemu/0003-*.patch): the series with one required
# invalidation left out must fail a lane's test, and pass on the old, lenient model; the
# series as it is passes the same test in every lane.
#   negative.sh   -> prints ok|not ok lines and 'negative: N passed, M failed'
# scripts/negative/*.diff each leave one invalidation out (posted-pte-no-inval.diff: no
# IOTINVAL.GVMA after a posting PTE changes, so a vCPU that moved keeps getting its MSIs in
# the VS-file it left; layout-pte-no-inval.diff: the same for a PTE of a nesting parent's
# table in the guest's layout). Each is built in a worktree of the work area (build/negative/linux,
# objects in build/negative/obj-base: the test kernel's relative paths, so ccache hits), and
# the pci lane runs the one test named below with it, under the strict and the lenient model.
# notice-not-followed.diff is a control of the MRIF notice check instead: the series with the
# notice's PTEs left alone when its irq moves must fail kvm.irq_test.mrif_notice_moved.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

WT=$BUILD/negative/linux
O=$BUILD/negative/obj-base
pass=0 fail=0
res() {	# res ok|"not ok" NAME MESSAGE
	echo "$1 negative/$2 # $3"
	[ "$1" = ok ] && pass=$((pass + 1)) || fail=$((fail + 1))
}

# build_with DIFF: the series with DIFF, built in the worktree (a result line if it fails)
build_with() {
	local d=$1 n
	n=$(basename "$d" .diff)
	wa_worktree "$WT" || { res "not ok" "$n.build" "no worktree at $WT"; return 1; }
	git -C "$WT" checkout -q --detach -f "$(git -C "$WA" rev-parse HEAD)" &&
		git -C "$WT" apply "$d" || { res "not ok" "$n.build" "$(basename "$d") does not apply"; return 1; }
	mkdir -p "$O" && cp "$BUILD/obj-base/.config" "$O/.config"
	if ! kmake "$WT" "$O" olddefconfig Image >&2; then
		res "not ok" "$n.build" "kernel with $(basename "$d") does not build"
		return 1
	fi
}
# control DIFF CASE: build the series with DIFF, run CASE (a pci-lane case) strict and lenient
control() {
	local d=$1 c=$2 n k r
	n=$(basename "$d" .diff)
	build_with "$d" || return
	for k in strict lenient; do
		r=$BUILD/results-negative/$n-$k.txt
		mkdir -p "$(dirname "$r")"
		local extra=
		[ $k = lenient ] && extra="-global riscv-iommu-pci.x-ioatc-strict=off"
		BENCH_KERNEL=$O/arch/riscv/boot/Image BENCH_ONLY=$c BENCH_PARTS=device QEMU_EXTRA=$extra BENCH_LOG_SUFFIX=-neg-$n-$k \
			bash "$TOP/scripts/boot.sh" pci test >&2
		python3 "$TOP/scripts/parse.py" "$BUILD/logs/pci-test-neg-$n-$k.log" pci > "$r"
		# The machine must have run its job cleanly either way: only the case may differ.
		if ! grep -q '^ok pci/boot' "$r" || ! grep -q '^ok pci/kernel.log_clean' "$r"; then
			res "not ok" "$n.$k" "the lane did not run cleanly: $(grep -m1 '^not ok' "$r")"
		elif [ $k = strict ]; then
			# irq_test's assertion that an MSI never arrived (exit 254), not a hang
			if grep -q "^not ok pci/$c # exit 254" "$r" &&
			   grep -q 'lost, not there' "$BUILD/logs/pci-test-neg-$n-$k.log"; then
				res ok "$n.strict_fails" "$c lost an MSI on the strict model"
			else
				res "not ok" "$n.strict_fails" "$c did not lose an MSI on the strict model: $(grep -m1 "pci/$c" "$r")"
			fi
		elif grep -q "^ok pci/$c #" "$r" && ! grep -q "^not ok pci/$c\b" "$r"; then
			res ok "$n.lenient_passes" "$c passed on the lenient model (x-ioatc-strict=off): it cannot see the bug"
		else
			res "not ok" "$n.lenient_passes" "$c failed on the lenient model too: $(grep -m1 "pci/$c" "$r")"
		fi
	done
}

# fails DIFF RUN CASE REGEX: build the series with DIFF, run RUN (a pci-lane program); its
# result CASE must then be "not ok" with a message matching REGEX: a bug no model hides
fails() {
	local d=$1 p=$2 c=$3 m=$4 n r
	n=$(basename "$d" .diff)
	build_with "$d" || return
	r=$BUILD/results-negative/$n.txt
	mkdir -p "$(dirname "$r")"
	BENCH_KERNEL=$O/arch/riscv/boot/Image BENCH_ONLY=$p BENCH_PARTS=device BENCH_LOG_SUFFIX=-neg-$n \
		bash "$TOP/scripts/boot.sh" pci test >&2
	python3 "$TOP/scripts/parse.py" "$BUILD/logs/pci-test-neg-$n.log" pci > "$r"
	if ! grep -q '^ok pci/boot' "$r"; then
		res "not ok" "$n.fails" "the lane did not run its job: $(grep -m1 '^not ok' "$r")"
	elif grep -qE "^not ok pci/$c # .*($m)" "$r"; then
		res ok "$n.fails" "$(grep -m1 -E "^not ok pci/$c # " "$r" | sed 's/^not ok //')"
	else
		res "not ok" "$n.fails" "$c did not fail with '$m': $(grep -m1 "pci/$c" "$r")"
	fi
}

control "$TOP/scripts/negative/posted-pte-no-inval.diff" kvm.irq_test.posted_vcpu_moves
control "$TOP/scripts/negative/layout-pte-no-inval.diff" kvm.irq_test.layout_vcpu_moves
# notice-not-followed.diff: a notice whose irq moved is not written into the PTEs naming it,
# so the IOMMU keeps sending it to the vector the IMSIC released: notices go missing
fails "$TOP/scripts/negative/notice-not-followed.diff" kvm.irq_test.mrif_notice_moves \
	kvm.irq_test.mrif_notice_moved "PTE named another CPU than the irq's in [1-9]"
[ $((pass + fail)) -ge 5 ] || res "not ok" ran "$((pass + fail)) results, expected 5"
echo "negative: $pass passed, $fail failed"
[ $fail = 0 ]
