#!/bin/bash
# Cross-build the test kernel from config fragments.
#   build.sh [base|debug]   -> build/obj-<variant>/arch/riscv/boot/Image
# The config is `make allnoconfig` plus config/base.config (plus config/debug.config for the
# debug variant); every fragment line is checked to have stuck. ccache keeps rebuilds short.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

variant=${1:-base}
frags=("$TOP/config/base.config")
[ "$variant" = debug ] && frags+=("$TOP/config/debug.config")
O=$BUILD/obj-$variant
mkdir -p "$O"
MAKE=(kmake "$WA" "$O")	# lib.sh

stamp=$(cat "${frags[@]}" | sha256sum | cut -c1-16)
if [ ! -f "$O/.config" ] || [ "$(cat "$O/.fragstamp" 2>/dev/null)" != "$stamp" ]; then
	log "build[$variant]: configuring"
	cat "${frags[@]}" > "$O/fragment.config"
	"${MAKE[@]}" KCONFIG_ALLCONFIG="$O/fragment.config" allnoconfig >/dev/null
	bad=0
	while IFS= read -r l; do
		case "$l" in CONFIG_*=*) ;; *) continue ;; esac
		k=${l%%=*} v=${l#*=}
		if [ "$v" = n ]; then
			grep -q "^$k=" "$O/.config" && { log "config: $k should be off"; bad=1; }
		else
			grep -qx "$l" "$O/.config" || { log "config: $l did not stick"; bad=1; }
		fi
	done < "$O/fragment.config"
	[ $bad = 0 ] || die "config fragment does not apply"
	echo "$stamp" > "$O/.fragstamp"
fi
# The UAPI headers the selftests build against (selftests.sh) are the same for every
# variant: install them with the base kernel only, from an objdir of their own beside its
# build (~900 headers, a few processes each: 40 s on their own).
hdr=
if [ "$variant" = base ]; then
	mkdir -p "$BUILD/obj-hdr"
	make -C "$WA" O="$BUILD/obj-hdr" ARCH=riscv -s INSTALL_HDR_PATH="$O/usr" \
		headers_install >/dev/null &
	hdr=$!
fi
log "build[$variant]: make Image"
"${MAKE[@]}" Image
[ -z "$hdr" ] || wait "$hdr" || die "headers_install failed"
log "build[$variant]: $(ls -la "$O/arch/riscv/boot/Image" | awk '{print $5}') bytes"
