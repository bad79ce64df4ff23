#!/bin/bash
# Write the work area's commits since `base` to patches/ as the git format-patch series that
# series/series.txt lists, in order: patches/DIRECTORY/ gets that series' patches and a cover
# letter whose subject and body come from series/covers/DIRECTORY.txt (first line: subject);
# its To: and Cc: come from scripts/get_maintainer.pl on the series' patches, and its tail
# (shortlog, diffstat, base-commit, prerequisite-patch-id) from git format-patch --base.
# Headers are left unfolded (b4 0.12 with Python 3.11 cannot parse folded ones). Output is
# deterministic: re-exporting unchanged series leaves patches/ byte-for-byte the same.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

cd "$WA"
[ -z "$(git status --porcelain --untracked-files=no)" ] || die "work area has uncommitted changes"
mapfile -t commits < <(git rev-list --reverse base..HEAD)
[ ${#commits[@]} -gt 0 ] || die "no commits on base to export"
mapfile -t series < <(series_list)
total=0
for s in "${series[@]}"; do
	read -r dir count prefix <<<"$s"
	[ -f "$TOP/series/covers/$dir.txt" ] || die "no cover letter text series/covers/$dir.txt"
	total=$((total + count))
done
[ "$total" = ${#commits[@]} ] ||
	die "series/series.txt counts $total patches, the work area has ${#commits[@]} on base"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
start=base
i=0
for s in "${series[@]}"; do
	read -r dir count prefix <<<"$s"
	end=${commits[$((i + count - 1))]}
	mkdir -p "$tmp/$dir"
	git format-patch -q --no-signature --cover-letter --numbered --subject-prefix="$prefix" \
		--base=base -o "$tmp/$dir" "$start..$end"
	# a fixed hash seed: get_maintainer.pl's order of equally weighted entries follows
	# Perl's hash order, which otherwise changes from run to run
	to=$(PERL_HASH_SEED=0 PERL_PERTURB_KEYS=0 perl scripts/get_maintainer.pl --no-rolestats --no-git --no-git-fallback \
		--m --no-r --no-l "$tmp/$dir"/0*.patch 2>/dev/null | paste -sd, | sed 's/,/, /g')
	cc=$(PERL_HASH_SEED=0 PERL_PERTURB_KEYS=0 perl scripts/get_maintainer.pl --no-rolestats --no-git --no-git-fallback \
		--no-m --r --l "$tmp/$dir"/0*.patch 2>/dev/null | paste -sd, | sed 's/,/, /g')
	python3 - "$tmp/$dir/0000-cover-letter.patch" "$TOP/series/covers/$dir.txt" \
		"$(git log -1 --format=%aD "$end")" "$to" "$cc" <<'PY'
import sys
path, src, date, to, cc = sys.argv[1:]
text = open(src).read()
subject, body = text.split('\n', 1)
s = open(path).read()
s = s.replace('*** SUBJECT HERE ***', subject).replace('*** BLURB HERE ***', body.strip('\n'))
head, rest = s.split('\n\n', 1)
lines = [('Date: ' + date) if l.startswith('Date: ') else l for l in head.split('\n')]
extra = ([('To: ' + to)] if to else []) + ([('Cc: ' + cc)] if cc else [])
open(path, 'w').write('\n'.join(lines + extra) + '\n\n' + rest)
PY
	unfold_headers "$tmp/$dir"/*.patch
	i=$((i + count))
	start=$end
done
rm -rf "$TOP"/patches
mv "$tmp" "$TOP/patches"
trap - EXIT
chmod 755 "$TOP/patches"
log "export: ${#commits[@]} patches in ${#series[@]} series in patches/"
