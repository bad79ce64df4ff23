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
