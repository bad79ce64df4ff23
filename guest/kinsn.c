// SPDX-License-Identifier: GPL-2.0
/*
 * kinsn: count the instructions the host kernel retires on all CPUs while a command runs,
 * or while the machine idles for a given time, for the bench (guest/bench.sh).
 *
 *   kinsn CMD [ARGS...]   run CMD, then print "kinsn insns=N irqs=I ns=T rc=R" on stderr
 *   kinsn -s NS           sleep NS nanoseconds, then print the same line (rc=0)
 *   kinsn -b BEGIN -e END CMD [ARGS...]
 *                         count only from the moment CMD prints BEGIN until it prints END
 *                         (its output passes through; KVM selftests do not buffer stdout)
 *
 * One perf counter per CPU (pid -1), hardware event "instructions", host kernel mode only:
 * user mode and guest (VS/VU) modes excluded. On RISC-V that goes through the SBI PMU,
 * whose counters filter by privilege mode with Sscofpmf; under QEMU with -icount they count
 * retired instructions. I is the number of host interrupts of every kind (all of
 * /proc/interrupts), T CLOCK_MONOTONIC time, the machine's own time under -icount.
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

static uint64_t sum_counters(int *fd, int n)
{
	uint64_t sum = 0, v;
	int c;

	for (c = 0; c < n; c++) {
		if (read(fd[c], &v, sizeof(v)) != sizeof(v)) {
			perror("kinsn: read");
			exit(1);
		}
		sum += v;
	}
	return sum;
}

/* Every interrupt /proc/interrupts counts, of any kind, on all CPUs */
static uint64_t sum_irqs(void)
{
	char line[4096], *p, *e;
	uint64_t sum = 0, v;
	FILE *f = fopen("/proc/interrupts", "r");

	if (!f || !fgets(line, sizeof(line), f))
		return 0;
	while (fgets(line, sizeof(line), f)) {
		p = strchr(line, ':');
		while (p) {
			v = strtoull(p + 1, &e, 10);
			if (e == p + 1)
				break;
			sum += v;
			p = e;
		}
	}
	fclose(f);
	return sum;
}

struct span {
	const char *mark[2];	/* begin, end; NULL: the whole run */
	uint64_t insns[2], ns[2], irqs[2];
	int seen;
};

static void note(struct span *sp, int i, int *fd, int n)
{
	sp->insns[i] = sum_counters(fd, n);
	sp->irqs[i] = sum_irqs();
	sp->ns[i] = now_ns();
}

/* Pass the child's output through; note the counters when a mark goes by. */
static void watch(int in, int *fd, int n, struct span *sp)
{
	char win[2 * 4096 + 1], buf[4096], *m;	/* the last 4 KiB and a new read */
	size_t len = 0;
	ssize_t r;

	while ((r = read(in, buf, sizeof(buf))) > 0) {
		if (write(STDOUT_FILENO, buf, r) != r)
			return;
		if (len > sizeof(buf)) {
			memmove(win, win + len - sizeof(buf), sizeof(buf));
			len = sizeof(buf);
		}
		memcpy(win + len, buf, r);
		len += r;
		win[len] = 0;
		while (sp->seen < 2 && (m = strstr(win, sp->mark[sp->seen]))) {
			note(sp, sp->seen, fd, n);
			/* the end mark must come after the begin mark: keep what follows it */
			m += strlen(sp->mark[sp->seen]);
			len -= m - win;
			memmove(win, m, len + 1);
			sp->seen++;
		}
	}
}

static int run(char **argv, int *fd, int n, struct span *sp)
{
	int st, pfd[2] = { -1, -1 };
	pid_t p;

	if (sp->mark[0] && pipe(pfd))
		return 127;
	p = fork();
	if (p == 0) {
		if (pfd[1] >= 0) {
			dup2(pfd[1], STDOUT_FILENO);
			dup2(pfd[1], STDERR_FILENO);
			close(pfd[0]);
		}
		execvp(argv[0], argv);
		perror("kinsn: exec");
		_exit(127);
	}
	if (pfd[1] >= 0) {
		close(pfd[1]);
		if (p > 0)
			watch(pfd[0], fd, n, sp);
		close(pfd[0]);
	}
	if (p < 0 || waitpid(p, &st, 0) < 0)
		return 127;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

int main(int argc, char **argv)
{
	int fd[MAX_CPUS], n = sysconf(_SC_NPROCESSORS_ONLN), rc = 0, i = 1;
	struct span sp = {};
	struct timespec d;
	uint64_t v;

	while (i + 1 < argc && (!strcmp(argv[i], "-b") || !strcmp(argv[i], "-e"))) {
		sp.mark[argv[i][1] == 'e'] = argv[i + 1];
		i += 2;
	}
	if (i >= argc || !sp.mark[0] != !sp.mark[1] ||
	    (!strcmp(argv[i], "-s") && argc != i + 2)) {
		fprintf(stderr, "usage: kinsn [-b BEGIN -e END] CMD [ARGS...] | kinsn -s NS\n");
		return 2;
	}
	if (n > MAX_CPUS || open_counters(fd, n))
		return 1;
	enable(fd, n, PERF_EVENT_IOC_RESET);
	enable(fd, n, PERF_EVENT_IOC_ENABLE);
	if (!sp.mark[0])
		note(&sp, 0, fd, n);
	if (!strcmp(argv[i], "-s")) {
		v = strtoull(argv[i + 1], NULL, 0);
		d.tv_sec = v / 1000000000ull;
		d.tv_nsec = v % 1000000000ull;
		while (clock_nanosleep(CLOCK_MONOTONIC, 0, &d, &d))
			;
	} else {
		rc = run(argv + i, fd, n, &sp);
	}
	if (!sp.mark[0]) {
		note(&sp, 1, fd, n);
		sp.seen = 2;
	}
	if (sp.seen < 2) {
		fprintf(stderr, "kinsn: mark '%s' never came\n", sp.mark[sp.seen]);
		return rc ? rc : 1;
	}
	fprintf(stderr, "kinsn insns=%llu irqs=%llu ns=%llu rc=%d\n",
		(unsigned long long)(sp.insns[1] - sp.insns[0]),
		(unsigned long long)(sp.irqs[1] - sp.irqs[0]),
		(unsigned long long)(sp.ns[1] - sp.ns[0]), rc);
	return rc;
}
