# The few lane's tests (sourced by test.sh): one guest interrupt file per hart (aia-guests=1).
# 4 vCPUs run on 2 harts, so at least two of them have no guest file at any time and get
# igb's MSIs in MRIF mode, and as their threads move between the two harts, vCPUs switch
# between a VS-file and their MRIF while the MSIs come: every MSI must arrive, none through
# the host, and both kinds of posting must have happened (notices for some MSIs, not all).
few_run() {	# few_run NAME IRQ_TEST_ARGS...
	local name=$1 log=/tmp/$1.log np
	shift
	run "kvm.$name" $t_max taskset -c 0,1 /kselftests/kvm/irq_test "$@" | tee "$log"
	grep -q '^BENCH-BEGIN' "$log" || return 0	# not selected (bench.only)
	np=$(sed -n 's/^result: .* notices_per_msi \([0-9.]*\) .*/\1/p' "$log")
	if [ -n "$np" ] && awk -v n="$np" 'BEGIN { exit !(n > 0 && n < 1) }'; then
		result ok "kvm.$name.both_modes" "$np notices per MSI: VS-files and MRIFs"
	else
		result "not ok" "kvm.$name.both_modes" "notices per MSI '${np:-none}', not in (0, 1)"
	fi
}
igb=$(find_pci 8086:10c9)
if [ -n "$igb" ] && bind_vfio "$igb"; then
	result ok vfio.bind "$igb bound to vfio-pci"
	few_run irq_test.few_files -d "$igb" -i 1000 -v 4 -p -m
	few_run irq_test.few_files_blocked -d "$igb" -i 1000 -v 4 -p -m -b
	# rounds of 16 distinct identities while vCPUs switch between VS-files and MRIFs
	few_run irq_test.few_files_rounds -d "$igb" -i 320 -v 4 -p -m -r
	# each vCPU with an igb vector of its own, all posted at once, switching between modes
	few_run irq_test.few_files_vectors -d "$igb" -i 1000 -v 4 -p -m -M
else
	result "not ok" vfio.bind "igb ${igb:-missing}: vfio-pci bind failed"
fi
