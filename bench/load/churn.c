// SPDX-License-Identifier: GPL-2.0
/*
 * Background churn while a benchmark runs: a child process allocates,
 * touches and frees anonymous memory and writes (and writes back) a file
 * on the scratch disk, at set rates, in 10 ms steps. It stops on SIGTERM
 * (or when its parent dies) and reports what it did through a pipe.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench/load/load.h"
#include "bench/load/load_internal.h"
#include "lib/tool.h"

#define STEP_S 0.01
#define WRITE_FILE_MB 64	/* the churn file wraps around at this size */

static volatile sig_atomic_t churn_stop_flag;

static void on_term(int sig)
{
	(void)sig;
	churn_stop_flag = 1;
}

struct churn_totals {
	unsigned long long alloc_bytes, write_bytes;
};

static void churn_child(double alloc_mb_s, double write_mb_s, int report_fd, int dir_ok)
{
	size_t alloc_step = (size_t)(alloc_mb_s * STEP_S * (1 << 20)) & ~(sys_page_size() - 1);
	size_t write_step = (size_t)(write_mb_s * STEP_S * (1 << 20)) & ~(sys_page_size() - 1);
	struct churn_totals t = { 0 };
	struct sigaction sa = { .sa_handler = on_term };
	char *prev = NULL, *buf = NULL;
	off_t off = 0;
	int fd = -1;
	double next = now_s();

	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (write_step && dir_ok) {
		char path[128];

		snprintf(path, sizeof(path), LOAD_SCRATCH_DIR "/.cmabulk-churn-%d", getpid());
		fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
		if (fd >= 0)
			unlink(path);
		buf = malloc(write_step);
		if (buf)
			memset(buf, 0xc5, write_step);
	}
	while (!churn_stop_flag) {
		if (alloc_step) {
			char *p = mmap(NULL, alloc_step, PROT_READ | PROT_WRITE,
				       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

			if (p != MAP_FAILED) {
				for (size_t i = 0; i < alloc_step; i += sys_page_size())
					p[i] = 1;
				t.alloc_bytes += alloc_step;
				/* Free the previous step's memory: always one step held. */
				if (prev)
					munmap(prev, alloc_step);
				prev = p;
			}
		}
		if (fd >= 0 && buf) {
			if (pwrite(fd, buf, write_step, off) == (ssize_t)write_step) {
				sync_file_range(fd, off, write_step, SYNC_FILE_RANGE_WRITE);
				t.write_bytes += write_step;
			}
			off = (off + write_step) % ((off_t)WRITE_FILE_MB << 20);
		}
		next += STEP_S;
		while (!churn_stop_flag && now_s() < next)
			usleep(1000);
		/* Fell behind (TCG, a long allocation): do not try to catch up. */
		if (now_s() > next + 10 * STEP_S)
			next = now_s();
	}
	if (write(report_fd, &t, sizeof(t)) != sizeof(t)) {
		/* The parent reads zeros: reported as nothing done. */
	}
	_exit(0);
}

int load__churn_start(struct load *l, double alloc_mb_s, double write_mb_s)
{
	struct load_churn *c = &l->churn;
	int fds[2];
	bool dir_ok = load_is_mountpoint(LOAD_SCRATCH_DIR);

	if (load__check_rate(alloc_mb_s, "churn: --alloc-rate", l->error, sizeof(l->error)) ||
	    load__check_rate(write_mb_s, "churn: --write-rate", l->error, sizeof(l->error)))
		return -EINVAL;
	if (alloc_mb_s == 0 && write_mb_s == 0)
		return load_fail(l, -EINVAL, "churn: give --alloc-rate or --write-rate");
	if (write_mb_s > 0 && !dir_ok)
		return load_fail(l, -ENOENT, "churn --write-rate needs a disk mounted at " LOAD_SCRATCH_DIR);
	if (c->pid > 0)
		return load_fail(l, -EBUSY, "churn: already running");
	if (pipe2(fds, O_CLOEXEC))
		return load_fail(l, -errno, "churn: pipe: %s", strerror(errno));
	c->alloc_mb_s = alloc_mb_s;
	c->write_mb_s = write_mb_s;
	c->started = now_s();
	c->pid = fork();
	if (c->pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return load_fail(l, -errno, "churn: fork: %s", strerror(errno));
	}
	if (c->pid == 0) {
		close(fds[0]);
		churn_child(alloc_mb_s, write_mb_s, fds[1], dir_ok);
	}
	close(fds[1]);
	c->report_fd = fds[0];
	return 0;
}

void churn_stop(struct load *l)
{
	struct load_churn *c = &l->churn;
	struct churn_totals t = { 0 };

	if (c->pid <= 0)
		return;
	kill(c->pid, SIGTERM);
	if (read(c->report_fd, &t, sizeof(t)) == sizeof(t)) {
		c->alloc_mb_done = t.alloc_bytes >> 20;
		c->write_mb_done = t.write_bytes >> 20;
	}
	while (waitpid(c->pid, NULL, 0) < 0 && errno == EINTR)
		;
	close(c->report_fd);
	c->report_fd = -1;
	c->pid = 0;
	c->seconds = now_s() - c->started;
}
