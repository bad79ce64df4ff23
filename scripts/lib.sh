# Shared helpers for the bench scripts; sourced, not run.
# shellcheck shell=bash
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$TOP/build}
WA=$BUILD/linux
CROSS=riscv64-linux-gnu-
export ARCH=riscv CROSS_COMPILE=$CROSS

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# The archive URI comes from the machine's own apt configuration.
archive_uri() {
	local u
	u=$(grep -h '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null |
	    awk '{print $2}' | grep -v security | head -1)
	[ -n "$u" ] || u=$(grep -hE '^deb ' /etc/apt/sources.list 2>/dev/null |
			   awk '{print $2}' | grep -v security | head -1)
	[ -n "$u" ] || die "no Debian archive URI in the apt configuration"
	echo "$u"
}

# private_apt SUITE... : write a private apt configuration under $BUILD/apt
APTDIR=$BUILD/apt
private_apt() {
	local uri s
	uri=$(archive_uri)
	mkdir -p "$APTDIR/lists/partial" "$APTDIR/cache/archives/partial" "$APTDIR/etc"
	: > "$APTDIR/etc/sources.list"
	for s in "$@"; do
		echo "deb $uri $s main" >> "$APTDIR/etc/sources.list"
	done
}
apt_private() {
	apt-get -o Dir::Etc::sourcelist="$APTDIR/etc/sources.list" \
		-o Dir::Etc::sourceparts=- \
		-o Dir::State::Lists="$APTDIR/lists" \
		-o Dir::Cache="$APTDIR/cache" \
		-o APT::Get::List-Cleanup=0 -o APT::Sandbox::User=root "$@"
}

# guest_programs kvm|vfio: the selftest programs the guest runs, from guest/SUITE-*tests.txt
# (PROGRAM is a line's first word, its second in *-device-tests.txt: NAME PROGRAM ARGS).
guest_programs() {
	local f c
	for f in "$TOP/guest/$1"-*tests.txt; do
		c=1
		[[ $f = *-device-tests.txt ]] && c=2
		awk -v c=$c '!/^#/ && NF { print $c }' "$f"
	done | sort -u
}

# series_list: the lines of series/series.txt, "DIRECTORY PATCHES SUBJECT-PREFIX" each
series_list() {
	awk '!/^#/ && NF >= 3 { p = $3; for (i = 4; i <= NF; i++) p = p " " $i
				 print $1, $2, p }' "$TOP/series/series.txt"
}
# series_patches [DIRECTORY]: the patch files of one series in patches/, or of all in order,
# without the cover letters
series_patches() {
	ls "$TOP"/patches/${1:-*}/[0-9]*.patch 2>/dev/null | grep -v -- '/0000-cover-letter' || true
}
# unfold_headers FILE...: join folded mail header lines of format-patch output in place
unfold_headers() {
	python3 - "$@" <<'PY'
import re, sys
for p in sys.argv[1:]:
    out, inhdr = [], False
    for l in open(p).read().split('\n'):
        if re.match(r'From [0-9a-f]{40} ', l):
            inhdr = True
        elif inhdr and l == '':
            inhdr = False
        elif inhdr and l[:1] in (' ', '\t'):
            out[-1] += ' ' + l.strip()
            continue
        out.append(l)
    open(p, 'w').write('\n'.join(out))
PY
}
# cover_prose COVER: the cover letter's text between its mail headers and the shortlog
cover_prose() {
	awk 'h && /^[^ ].* \([0-9]+\):$/ { exit } h { print } /^$/ { h = 1 }' "$1"
}
# series_msgid N: a made-up Message-ID for mail N of a series (0: the cover letter)
series_msgid() { echo "$1.series@bench.invalid"; }
# series_mbox COVER PATCH...: the series as one mbox thread, as git send-email would send it
# (a Message-ID each, the patches in reply to the cover letter)
series_mbox() {
	python3 - "$@" <<'PY'
import sys
for i, f in enumerate(sys.argv[1:]):
    lines = open(f).read().split('\n')
    hdr = ['Message-ID: <%d.series@bench.invalid>' % i]
    if i:
        hdr += ['In-Reply-To: <0.series@bench.invalid>', 'References: <0.series@bench.invalid>']
    sys.stdout.write('\n'.join(lines[:1] + hdr + lines[1:]).rstrip('\n') + '\n\n')
PY
}
# kmake SRC OBJ ARGS...: make in the kernel tree SRC, objects in OBJ, for riscv with the cross
# compiler through ccache, with the bench's fixed build identity. ccache hashes paths relative
# to the clone, so another clone, or a worktree under build/ whose objects sit beside it as
# build/obj-* sit beside build/linux, hits the same cache.
kmake() {
	local src=$1 obj=$2
	shift 2
	KBUILD_BUILD_TIMESTAMP="2026-01-01" KBUILD_BUILD_USER=bench KBUILD_BUILD_HOST=bench \
	CCACHE_BASEDIR=$TOP CCACHE_NOHASHDIR=1 \
		make -C "$src" O="$obj" ARCH=riscv CROSS_COMPILE=$CROSS CC="ccache ${CROSS}gcc" \
		-j"$(($(nproc) + 1))" -s "$@"
}
# wa_worktree DIR: a detached worktree of the work area at DIR (made at HEAD if missing)
wa_worktree() {
	[ -e "$1/.git" ] && return 0
	git -C "$WA" worktree prune
	mkdir -p "$(dirname "$1")"
	git -C "$WA" worktree add -q --detach "$1" HEAD
}
