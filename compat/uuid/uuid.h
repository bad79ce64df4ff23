/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Bench-only stand-in for libuuid's <uuid/uuid.h>, for cross-building the vfio selftests
 * for riscv64 on Debian 12: bookworm has no riscv64 libuuid, and trixie's static libuuid
 * needs glibc 2.38 symbols (__isoc23_strtoul) that bookworm's cross glibc lacks. The
 * selftests only parse VF tokens, so uuid_parse() is all that is provided. Not part of
 * the patch series.
 */
#ifndef BENCH_UUID_H
#define BENCH_UUID_H
typedef unsigned char uuid_t[16];
int uuid_parse(const char *in, uuid_t uu);
#endif
