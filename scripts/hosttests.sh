#!/bin/bash
# Host-side tests of the series itself: it applies cleanly on `base` in order (one case),
# and every patch is checkpatch --strict clean, with no errors and no warnings (one case per
# patch). Prints TAP-like lines and 'host: N passed, M failed'.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

pass=0 fail=0
ok() { echo "ok host/$1${2:+ # $2}"; pass=$((pass + 1)); }
nok() { echo "not ok host/$1${2:+ # $2}"; fail=$((fail + 1)); }

mapfile -t files < <(ls "$TOP"/patches/[0-9]*.patch 2>/dev/null | grep -v -- '-cover-letter')
if [ ${#files[@]} = 0 ]; then
	nok series.present "patches/ holds no patch"
fi

# git am on base, in a scratch index: no checkout of the 90k-file tree is needed.
idx=$(mktemp)
amok=1
GIT_INDEX_FILE=$idx git -C "$WA" read-tree base
for f in "${files[@]}"; do
	if ! GIT_INDEX_FILE=$idx git -C "$WA" apply --cached "$f" 2>"$idx.err"; then
		nok series.applies "$(basename "$f"): $(head -1 "$idx.err")"
		amok=0
		break
	fi
done
rm -f "$idx" "$idx.err"
[ $amok = 1 ] && [ ${#files[@]} -gt 0 ] && ok series.applies "${#files[@]} patches on base"

[ -f "$TOP/patches/0000-cover-letter.patch" ] && ok series.cover_letter ||
	nok series.cover_letter "patches/0000-cover-letter.patch missing"

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
	n=$(basename "$f" .patch)
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
