// SPDX-License-Identifier: GPL-2.0
/*
 * kinsn: count the instructions the host kernel retires on all CPUs while a command runs,
 * or while the machine idles for a given time, for the bench (guest/bench.sh).
 *
 *   kinsn CMD [ARGS...]   run CMD, then print "kinsn insns=N ns=T rc=R" on stderr
 *   kinsn -s NS           sleep NS nanoseconds, then print the same line (rc=0)
 *
 * One perf counter per CPU (pid -1), hardware event "instructions", host kernel mode only:
 * user mode and guest (VS/VU) modes excluded. On RISC-V that goes through the SBI PMU,
 * whose counters filter by privilege mode with Sscofpmf; under QEMU with -icount they count
 * retired instructions. T is CLOCK_MONOTONIC time, the machine's own time under -icount.
 */
#define _GNU_SOURCE
#include <linux/perf_event.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_CPUS 256

static int open_counters(int *fd, int n)
{
	struct perf_event_attr a;
	int c;

	memset(&a, 0, sizeof(a));
	a.size = sizeof(a);
	a.type = PERF_TYPE_HARDWARE;
	a.config = PERF_COUNT_HW_INSTRUCTIONS;
	a.disabled = 1;
	a.exclude_user = 1;
	a.exclude_hv = 1;
	a.exclude_guest = 1;
	for (c = 0; c < n; c++) {
		fd[c] = syscall(SYS_perf_event_open, &a, -1, c, -1, 0);
		if (fd[c] < 0) {
			perror("kinsn: perf_event_open");
			return -1;
		}
	}
	return 0;
}

static void enable(int *fd, int n, unsigned long req)
{
	int c;

	for (c = 0; c < n; c++)
		ioctl(fd[c], req, 0);
}

static uint64_t now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000ull + t.tv_nsec;
}

static int run(char **argv)
{
	int st;
	pid_t p = fork();

	if (p == 0) {
		execvp(argv[0], argv);
		perror("kinsn: exec");
		_exit(127);
	}
	if (p < 0 || waitpid(p, &st, 0) < 0)
		return 127;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

int main(int argc, char **argv)
{
	int fd[MAX_CPUS], n = sysconf(_SC_NPROCESSORS_ONLN), rc = 0, c;
	uint64_t t0, t1, sum = 0, v;
	struct timespec d;

	if (argc < 2 || (!strcmp(argv[1], "-s") && argc != 3)) {
		fprintf(stderr, "usage: kinsn CMD [ARGS...] | kinsn -s NS\n");
		return 2;
	}
	if (n > MAX_CPUS || open_counters(fd, n))
		return 1;
	enable(fd, n, PERF_EVENT_IOC_RESET);
	t0 = now_ns();
	enable(fd, n, PERF_EVENT_IOC_ENABLE);
	if (!strcmp(argv[1], "-s")) {
		v = strtoull(argv[2], NULL, 0);
		d.tv_sec = v / 1000000000ull;
		d.tv_nsec = v % 1000000000ull;
		while (clock_nanosleep(CLOCK_MONOTONIC, 0, &d, &d))
			;
	} else {
		rc = run(argv + 1);
	}
	enable(fd, n, PERF_EVENT_IOC_DISABLE);
	t1 = now_ns();
	for (c = 0; c < n; c++) {
		if (read(fd[c], &v, sizeof(v)) != sizeof(v)) {
			perror("kinsn: read");
			return 1;
		}
		sum += v;
	}
	fprintf(stderr, "kinsn insns=%llu ns=%llu rc=%d\n", (unsigned long long)sum,
		(unsigned long long)(t1 - t0), rc);
	return rc;
}
