#!/bin/bash
# Cross-build the kselftests the guest runs (kvm, vfio) from the work area, statically
# linked for riscv64, against the UAPI headers of the test kernel (build.sh installs them).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

O=$BUILD/obj-base
[ -d "$O/usr/include" ] || die "no kernel headers in $O/usr: run build.sh first"
KS=$BUILD/kselftest
mkdir -p "$KS/compat"

# libuuid stand-in for the vfio library (see compat/uuid/uuid.h)
mkdir -p "$KS/compat/uuid"
cp "$TOP/compat/uuid/uuid.h" "$KS/compat/uuid/"
"${CROSS}gcc" -O2 -Wall -c "$TOP/compat/uuid/uuid.c" -o "$KS/compat/uuid.o"
"${CROSS}ar" rcs "$KS/compat/libuuid.a" "$KS/compat/uuid.o"

# Only the programs the guest runs (guest/{kvm,vfio}-*tests.txt) are built: some others do not build
# for riscv64 with gcc 12 (memslot_perf_test asserts a lock-free atomic bool).
for t in kvm vfio; do
	log "selftests: building $t"
	mapfile -t progs < <(guest_programs "$t" | sed "s|^|$KS/$t/|")
	make -C "$WA/tools/testing/selftests/$t" -j"$(($(nproc) + 1))" -s \
		ARCH=riscv CROSS_COMPILE=$CROSS OUTPUT="$KS/$t" \
		CC="ccache ${CROSS}gcc -static -I$KS/compat -L$KS/compat" \
		KHDR_INCLUDES="-isystem $O/usr/include" "${progs[@]}" >/dev/null
done

# The bench's host-kernel instruction counter (guest/kinsn.c)
mkdir -p "$KS/bench"
"${CROSS}gcc" -O2 -Wall -static -isystem "$O/usr/include" "$TOP/guest/kinsn.c" -o "$KS/bench/kinsn"
