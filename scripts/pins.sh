# Pinned external inputs (sourced). Change a version only together with its checksum.
# shellcheck shell=bash
LINUX_DEB_VERSION=7.3.4-1~bpo13+1
LINUX_DEB_SHA256=703e369ddd4cce971452f5a593ee55df3a5c10c83caf0fa0df039633ed181ee3
BUSYBOX_DEB_VERSION=1:1.37.0-6+b9
BUSYBOX_DEB_SHA256=4add476d2b185c5b487c285b38d790f0881a7e4a8e2ddde835f917e770eb8633
