#!/bin/bash
# The RISC-V IOMMU driver (and the generic page table it uses) builds on x86_64 with
# COMPILE_TEST, as the kernel's build bots build it: allnoconfig plus
# config/compile-test-x86_64.config, then drivers/iommu/ only, with W=1. Prints one TAP-like
# line (the compiler's messages follow it as comments) and 'compile-test: N passed, M failed'.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

O=$BUILD/obj-compile-test
frag=$TOP/config/compile-test-x86_64.config
mkdir -p "$O"
export CCACHE_BASEDIR=$TOP CCACHE_NOHASHDIR=1
MAKE=(make -C "$WA" O="$O" ARCH=x86_64 CROSS_COMPILE= CC="ccache gcc" -j1 -s)
name=compile-test/x86_64.drivers_iommu
summary() { echo "compile-test: $1 passed, $2 failed"; }
if ! "${MAKE[@]}" KCONFIG_ALLCONFIG="$frag" allnoconfig > "$O/config.log" 2>&1; then
	echo "not ok $name # allnoconfig failed"; sed 's/^/#   /' "$O/config.log"; summary 0 1; exit 1
fi
for l in $(grep '^CONFIG_' "$frag"); do
	grep -qx "$l" "$O/.config" || { echo "not ok $name # $l did not stick"; summary 0 1; exit 1; }
done
if "${MAKE[@]}" -k W=1 drivers/iommu/ > "$O/build.log" 2>&1 && ! grep -q 'warning:' "$O/build.log"; then
	echo "ok $name"
	summary 1 0
else
	echo "not ok $name # $(grep -m1 -E 'error|warning' "$O/build.log")"
	grep -E 'error|warning' "$O/build.log" | head -20 | sed 's/^/#   /'
	summary 0 1
	exit 1
fi
