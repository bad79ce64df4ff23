#!/bin/bash
# Write the work area's commits since `base` to patches/ as a git format-patch series.
# The cover letter's subject and body come from series/cover-letter.txt (first line is the
# subject); the shortlog and diffstat are generated. Output is deterministic: re-exporting
# an unchanged series leaves patches/ byte-for-byte the same.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

cd "$WA"
[ -z "$(git status --porcelain --untracked-files=no)" ] || die "work area has uncommitted changes"
n=$(git rev-list --count base..HEAD)
[ "$n" -gt 0 ] || die "no commits on base to export"
tmp=$(mktemp -d)
git format-patch -q --no-signature --cover-letter --numbered --subject-prefix=PATCH \
	-o "$tmp" base..HEAD
cover=$(ls "$tmp"/0000-cover-letter.patch)
subject=$(head -1 "$TOP/series/cover-letter.txt")
date=$(git log -1 --format=%aD HEAD)
python3 - "$cover" "$TOP/series/cover-letter.txt" "$subject" "$date" <<'PY'
import sys
path, src, subject, date = sys.argv[1:]
body = open(src).read().split('\n', 1)[1].strip('\n')
s = open(path).read()
s = s.replace('*** SUBJECT HERE ***', subject).replace('*** BLURB HERE ***', body)
lines = s.split('\n')
lines = [('Date: ' + date) if l.startswith('Date: ') else l for l in lines]
open(path, 'w').write('\n'.join(lines))
PY
rm -f "$TOP"/patches/*.patch
mkdir -p "$TOP/patches"
mv "$tmp"/*.patch "$TOP/patches/"
rmdir "$tmp"
log "export: $n patches + cover letter in patches/"
