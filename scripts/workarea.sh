#!/bin/bash
# Create or refresh the kernel work area build/linux: the pinned Linux 7.3 tree as a git
# repository whose first commit is tagged `base`, with the series in patches/ applied one after
# the other (series/series.txt gives their order) by `git am`.
#
# Idempotent: if the work area already carries exactly the series in patches/, nothing happens.
# If it carries other commits, it is left alone (export them first), unless FORCE=1, in which
# case its HEAD is kept on a backup branch before the series is re-applied.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

# Commits in the work area carry the project's configured identity (a fallback keeps a
# machine without one working; the patches' own authors are kept by git am).
ident_name=$(git -C "$TOP" config user.name || echo bench)
ident_email=$(git -C "$TOP" config user.email || echo bench@localhost)

series_ids() { cat "$@" 2>/dev/null | git patch-id --stable | awk '{print $1}' | sort; }
patch_files() { series_patches; }

tar=$BUILD/dl/linux-source-7.3.tar.xz
[ -f "$tar" ] || bash "$TOP/scripts/fetch.sh"

if ! git -C "$WA" rev-parse -q --verify refs/tags/base >/dev/null 2>&1; then
	log "work area: extracting $(basename "$tar") into $WA"
	rm -rf "$WA" "$WA.tmp"
	mkdir -p "$WA.tmp"
	tar -C "$WA.tmp" --strip-components=1 -xf "$tar"
	(
		cd "$WA.tmp"
		# Debian's tree ignores everything at its top level (its packaging repository
		# holds only debian/); drop that rule so the work area behaves like a kernel tree.
		python3 - .gitignore <<'PY'
import re, sys
p = sys.argv[1]
s = open(p).read()
s = re.sub(r'#\n# Debian packaging: ignore everything.*?!/debian/\n', '', s, flags=re.S)
open(p, 'w').write(s)
PY
		git init -q -b main
		git config user.name "$ident_name"
		git config user.email "$ident_email"
		git config core.abbrev 12
		# 90k loose objects: zlib's fastest level, and no automatic repack after the
		# commit (a background `git gc --auto` took a core for minutes while the
		# kernels built)
		git config core.looseCompression 1
		git config gc.auto 0
		git add -A -f .
		GIT_AUTHOR_DATE="2026-01-01T00:00:00Z" GIT_COMMITTER_DATE="2026-01-01T00:00:00Z" \
			git commit -q -m "Linux 7.3.4 (Debian linux-source-7.3 $(. "$TOP/scripts/pins.sh"; echo "$LINUX_DEB_VERSION"))"
		git tag base
	)
	mv "$WA.tmp" "$WA"
fi

cd "$WA"
git config user.name "$ident_name"
git config user.email "$ident_email"
mapfile -t files < <(patch_files)
want=$(series_ids "${files[@]}")
have=$(git format-patch --stdout base..HEAD | series_ids)
if [ "$want" = "$have" ]; then
	log "work area: up to date ($(git rev-list --count base..HEAD) patches on base)"
	exit 0
fi
if [ -n "$(git status --porcelain --untracked-files=no)" ] && [ "${FORCE:-0}" != 1 ]; then
	die "work area has uncommitted changes; commit and export them, or FORCE=1"
fi
if [ "$(git rev-parse HEAD)" != "$(git rev-parse base)" ]; then
	if [ "${FORCE:-0}" != 1 ]; then
		die "work area commits differ from patches/: run './run export' to keep them, or FORCE=1 to re-apply patches/ (HEAD is kept on a backup branch)"
	fi
	b=backup/$(date +%Y%m%d-%H%M%S)
	git branch "$b" HEAD
	log "work area: old HEAD kept as branch $b"
fi
git am --abort >/dev/null 2>&1 || true
git reset -q --hard base
if [ ${#files[@]} -gt 0 ]; then
	log "work area: applying ${#files[@]} patches"
	git am -q --committer-date-is-author-date "${files[@]}"
fi
