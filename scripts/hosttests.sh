#!/bin/bash
# Host-side tests of the series in patches/ and qemu/: each applies on `base` plus the series
# before it, has a cover letter fit to send (recipients, base, at most 120 lines of prose) that
# b4 reads with its patches as a thread, and every patch is checkpatch --strict clean, with no
# errors and no warnings (one case per patch). Prints TAP-like lines and 'host: N passed, M failed'.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

pass=0 fail=0
ok() { echo "ok host/$1${2:+ # $2}"; pass=$((pass + 1)); }
nok() { echo "not ok host/$1${2:+ # $2}"; fail=$((fail + 1)); }

mapfile -t files < <(series_patches)
if [ ${#files[@]} = 0 ]; then
	nok series.present "patches/ holds no patch"
fi

# Each series applies on base plus the series before it (git apply in a scratch index: no
# checkout of the 90k-file tree is needed); once one does not, neither do those after it.
idx=$(mktemp)
amok=1
GIT_INDEX_FILE=$idx git -C "$WA" read-tree base
while read -r dir count prefix; do
	mapfile -t sf < <(series_patches "$dir")
	if [ $amok = 1 ] && [ ${#sf[@]} = "$count" ]; then
		for f in "${sf[@]}"; do
			GIT_INDEX_FILE=$idx git -C "$WA" apply --cached "$f" 2>"$idx.err" && continue
			nok "series.applies.$dir" "$(basename "$f"): $(head -1 "$idx.err")"
			amok=0
			break
		done
		[ $amok = 1 ] && ok "series.applies.$dir" "$count patches"
	else
		[ $amok = 0 ] && nok "series.applies.$dir" "an earlier series does not apply" ||
			nok "series.applies.$dir" "${#sf[@]} patches in patches/$dir, $count in series/series.txt"
		amok=0
	fi
done < <(series_list)
rm -f "$idx" "$idx.err"

# Each series' cover letter, and QEMU's: its subject, recipients (get_maintainer.pl's, kernel
# series only), base information, and at most 120 lines of prose (the non-blank lines between
# the mail headers and the shortlog); then b4, Debian's, reads the series as a thread.
cover_check() {	# cover_check NAME COVER KERNEL(0|1)
	local c=$2 prose why=
	[ -f "$c" ] || { nok "cover.$1" "$c missing"; return; }
	prose=$(cover_prose "$c" | grep -c .)
	grep -q '^Subject: \[.*PATCH.*\] [^*]' "$c" || why="no subject"
	[ "$prose" -le 120 ] || why="$prose lines of prose, more than 120"
	[ "$prose" -ge 10 ] || why="$prose lines of prose: no cover letter text"
	if [ "$3" = 1 ]; then
		grep -q '^base-commit: [0-9a-f]\{40\}$' "$c" || why="no base-commit"
		grep -q '^To: .*@' "$c" || why="no To: (get_maintainer.pl)"
	else
		grep -qi '^based-on: \|^base: ' "$c" || why="no base information"
	fi
	[ -z "$why" ] && ok "cover.$1" "$prose lines of prose" || nok "cover.$1" "$why"
}
b4_check() {	# b4_check NAME PATCH...: b4 am reads them as a thread, without complaint
	local name=$1 t out n
	shift
	t=$(mktemp -d)
	mkdir "$t/out"
	series_mbox "$@" > "$t/s.mbox"
	# in the work area, where the base-commit is known
	out=$(cd "$WA" && b4 am -C -m "$t/s.mbox" -o "$t/out" -n s "<$(series_msgid 0)>" 2>&1)
	n=$(grep -c '^Subject: \[' "$t/out/s.mbx" 2>/dev/null || true)
	if echo "$out" | grep -qiE 'error|warning|traceback|missing|not known'; then
		nok "b4.$name" "$(echo "$out" | grep -iE 'error|warning|traceback|missing|not known' | head -1)"
	elif [ "${n:-0}" != $(($# - 1)) ]; then
		nok "b4.$name" "b4 am wrote ${n:-0} patches, not $(($# - 1))"
	else
		ok "b4.$name" "$n patches"
	fi
	rm -rf "$t"
}
while read -r dir count prefix; do
	cover_check "$dir" "$TOP/patches/$dir/0000-cover-letter.patch" 1
	b4_check "$dir" "$TOP/patches/$dir/0000-cover-letter.patch" $(series_patches "$dir")
done < <(series_list)
cover_check qemu "$TOP/qemu/0000-cover-letter.patch" 0
b4_check qemu "$TOP/qemu/0000-cover-letter.patch" $(ls "$TOP"/qemu/*.patch | grep -v /0000-cover-letter)

# checkpatch asks "does MAINTAINERS need updating?" (FILE_PATH_CHANGES) for every added
# file. That question is answered, and the warning ignored, only when get_maintainer.pl finds
# an entry more specific than THE REST for each file the patch adds.
new_files_maintained() {	# new_files_maintained PATCH: adds files, all maintained?
	local nf subs n=0
	grep -qE '^(deleted file mode|rename from)' "$1" && return 1
	for nf in $(awk '/^diff --git/ { f = $4; sub("^b/", "", f) } /^new file mode/ { print f }' "$1"); do
		subs=$(cd "$WA" && perl scripts/get_maintainer.pl --no-git --no-rolestats \
			--subsystem -f "$nf" 2>/dev/null | grep -v '@' | grep -vx 'THE REST')
		[ -n "$subs" ] || return 1
		n=$((n + 1))
	done
	[ $n -gt 0 ]
}

for f in "${files[@]}"; do
	n=$(basename "$(dirname "$f")").$(basename "$f" .patch)
	ign=
	new_files_maintained "$f" && ign=--ignore=FILE_PATH_CHANGES
	# The pinned base is a release tarball without upstream history, so checkpatch cannot
	# look up a Fixes: commit; the fixes.* case below checks it against upstream-commits.txt.
	ign="$ign --ignore=UNKNOWN_COMMIT_ID"
	out=$(cd "$WA" && perl scripts/checkpatch.pl --strict --no-tree --terse --showfile $ign \
		--codespell --codespellfile=/usr/lib/python3/dist-packages/codespell_lib/data/dictionary.txt "$f" 2>&1 | grep -E '(ERROR|WARNING|CHECK):' || true)
	if [ -z "$out" ]; then
		ok "checkpatch.$n"
	else
		nok "checkpatch.$n" "$(echo "$out" | head -1)"
		echo "$out" | sed 's/^/#   /'
	fi
	# Every Fixes: tag names an upstream commit, with its subject, that series/upstream-commits.txt
	# lists with where it was looked up.
	bad=
	while read -r id subj; do
		# the id as a prefix of a listed one, the subject as a fixed string
		awk -v id="$id" -v s="$subj" '!/^#/ && index($1, id) == 1 &&
			substr($0, length($1) + 2) == s { f = 1 } END { exit !f }' \
			"$TOP/series/upstream-commits.txt" || bad="$bad $id"
	done < <(sed -n 's/^Fixes: \([0-9a-f]\{12,\}\) (\(.*\))$/\1 \2/p' "$f")
	if grep -q '^Fixes:' "$f"; then
		if [ -z "$bad" ]; then ok "fixes.$n"
		else nok "fixes.$n" "Fixes: commit not in series/upstream-commits.txt:$bad"; fi
	fi
	if grep -q "^Signed-off-by: $(git -C "$TOP" config user.name) <$(git -C "$TOP" config user.email)>" "$f"; then
		ok "signoff.$n"
	else
		nok "signoff.$n" "no Signed-off-by from the configured identity"
	fi
done
echo "host: $pass passed, $fail failed"
[ $fail = 0 ]
