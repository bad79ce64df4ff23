#!/bin/bash
# Build each patch of the series on its own, to show that the series bisects.
#   bisect.sh [N]   -> the last N commits of the work area (default: all since `base`)
#   bisect.sh SERIES   -> the commits of one series of patches/ (a directory name there, such
#                         as 03-kvm-vsfile-posting): each series bisects on its own
#   BISECT_ONLY="12 19" bisect.sh [SERIES]   -> only those patches (numbers as in the series'
#                         directory with SERIES, else positions in the whole stack)
# For each commit, in a worktree of the work area (build/bisect/linux, objects in
# build/bisect/obj-base: the same relative paths as the test kernel's, so ccache hits; its
# base config): the kernel Image; the directories of the C files the commit touches again
# with W=1, where a warning in a file it touches fails it; and, when it touches
# tools/testing/selftests/{kvm,vfio}, the selftest programs the guest runs. The KUnit tests
# are built in (the base config has them); running them is the lanes' job. Prints one
# 'ok|not ok bisect.NN subject' line per commit and 'bisect: N passed, M failed'.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

git -C "$WA" rev-parse -q --verify refs/tags/base >/dev/null || die "no work area: ./run setup"
[ -f "$BUILD/obj-base/.config" ] || die "no base config: ./run build base first"
all=$(git -C "$WA" rev-list --count base..HEAD)
n=${1:-$all}
tag=
if [[ $n != [0-9][0-9]-* ]]; then
	first=$((all - n + 1))
else	# a series: its place in the stack from series/series.txt
	tag=$n.
	first=1
	found=
	while read -r dir count prefix; do
		[ "$dir." = "$tag" ] && { n=$count found=1; break; }
		first=$((first + count))
	done < <(series_list)
	[ -n "$found" ] || die "no series ${tag%.} in series/series.txt"
	[ "$((first + n - 1))" -le "$all" ] || die "the work area has fewer patches than series/series.txt"
fi
mapfile -t commits < <(git -C "$WA" rev-list --reverse "HEAD~$((all - first + 1))..HEAD" | head -n "$n")

WT=$BUILD/bisect/linux
O=$BUILD/bisect/obj-base
KS=$BUILD/bisect/kselftest
wa_worktree "$WT"
mkdir -p "$O" "$KS/compat/uuid"
cp "$BUILD/obj-base/.config" "$O/.config"
cp "$TOP/compat/uuid/uuid.h" "$KS/compat/uuid/"
"${CROSS}gcc" -O2 -Wall -c "$TOP/compat/uuid/uuid.c" -o "$KS/compat/uuid.o"
"${CROSS}ar" rcs "$KS/compat/libuuid.a" "$KS/compat/uuid.o"

MAKE=(kmake "$WT" "$O")	# lib.sh
export CCACHE_BASEDIR=$TOP CCACHE_NOHASHDIR=1	# the selftests' ccache too

# built_for_riscv kvm|vfio PROGRAM: the suite's Makefile, at the checked-out commit, builds
# PROGRAM for riscv (irq_test.c exists before the series, for x86 only)
built_for_riscv() {
	local mk=$WT/tools/testing/selftests/$1/Makefile
	[ -f "$mk.kvm" ] && mk=$mk.kvm
	grep -Eq "^TEST_GEN_PROGS(_riscv|_COMMON)? \+?= *$2 *\$" "$mk"
}

# check_commit SHA: build it as described above; output in $O/bisect.log
check_commit() {
	local c=$1 dirs t
	git -C "$WT" checkout -q --detach "$c" || return 1
	"${MAKE[@]}" olddefconfig >/dev/null || return 1
	"${MAKE[@]}" Image || return 1
	# W=1 warnings in the files the commit touches (older code in those directories may
	# have its own)
	mapfile -t files < <(git -C "$WT" diff --name-only "$c~1" "$c" -- '*.[ch]' | grep -v '^tools/')
	mapfile -t dirs < <(printf '%s\n' "${files[@]}" | grep '\.c$' | xargs -r -n1 dirname |
			    sort -u | sed 's|$|/|')
	if [ ${#dirs[@]} -gt 0 ]; then
		"${MAKE[@]}" W=1 "${dirs[@]}" 2>&1 | tee "$O/w1.log" >&2 || return 1
		! grep 'warning:' "$O/w1.log" | grep -qF "$(printf '%s\n' "${files[@]}")" || return 1
	fi
	for t in kvm vfio; do
		git -C "$WT" diff --quiet "$c~1" "$c" -- "tools/testing/selftests/$t" \
			"tools/testing/selftests/vfio/lib" && continue
		"${MAKE[@]}" INSTALL_HDR_PATH="$O/usr" headers_install >/dev/null || return 1
		# those the commit builds for riscv (later patches add some)
		mapfile -t progs < <(guest_programs "$t" |
				     while read -r p; do
					     built_for_riscv "$t" "$p" && echo "$KS/$t/$p"
				     done)
		make -C "$WT/tools/testing/selftests/$t" -j"$(($(nproc) + 1))" -s \
			ARCH=riscv CROSS_COMPILE=$CROSS OUTPUT="$KS/$t" \
			CC="ccache ${CROSS}gcc -static -I$KS/compat -L$KS/compat" \
			KHDR_INCLUDES="-isystem $O/usr/include" "${progs[@]}" >/dev/null || return 1
	done
}

pass=0 fail=0 i=$first
[ -z "$tag" ] || i=1
for c in "${commits[@]}"; do
	subj=$(git -C "$WA" log -1 --format=%s "$c")
	if [ -n "${BISECT_ONLY:-}" ] && [[ " $BISECT_ONLY " != *" $i "* ]]; then
		i=$((i + 1))
		continue
	fi
	log "bisect: $(printf %02d $i) $subj"
	if check_commit "$c" > "$O/bisect.log" 2>&1; then
		echo "ok bisect.$tag$(printf %02d $i) $subj"
		pass=$((pass + 1))
	else
		echo "not ok bisect.$tag$(printf %02d $i) $subj"
		tail -20 "$O/bisect.log" | sed 's/^/#   /'
		fail=$((fail + 1))
	fi
	i=$((i + 1))
done
echo "bisect: $pass passed, $fail failed"
[ $fail = 0 ]
