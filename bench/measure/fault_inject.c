// SPDX-License-Identifier: GPL-2.0
/* Injected allocation failures for one thread; see faults.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "bench/measure/fault_inject.h"
#include "lib/tool.h"

#define FAULTS_DIR "/sys/kernel/debug"

static const char *const attrs[] = { "fail_page_alloc", "failslab" };

/*
 * The knobs set, in order: the task filter first and the probability last
 * (restored in reverse), so that no moment fails every task's allocations.
 * min-order and ignore-gfp-highmem are fail_page_alloc's alone.
 */
static const char *const knobs[] = { "task-filter", "interval", "times", "space", "verbose",
				     "ignore-gfp-wait", "min-order", "ignore-gfp-highmem",
				     "probability" };
#define NR_ATTRS (sizeof(attrs) / sizeof(attrs[0]))
#define NR_KNOBS (sizeof(knobs) / sizeof(knobs[0]))

static char saved[NR_ATTRS][NR_KNOBS][32];
static int is_setup;

static int knob_rw(const char *attr, const char *knob, char *buf, size_t len, int write_it)
{
	char path[160];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), FAULTS_DIR "/%s/%s", attr, knob);
	fd = open(path, write_it ? O_WRONLY : O_RDONLY);
	if (fd < 0)
		return -errno;
	n = write_it ? write(fd, buf, strlen(buf)) : read(fd, buf, len - 1);
	if (!write_it && n >= 0)
		buf[n] = '\0';
	close(fd);
	return n < 0 ? -errno : 0;
}

int fault_inject__setup(unsigned int pct)
{
	char want[NR_KNOBS][32] = { "Y", "1", "-1", "0", "0", "N", "0", "N", "" };

	snprintf(want[NR_KNOBS - 1], sizeof(want[0]), "%u", pct);
	for (size_t a = 0; a < NR_ATTRS; a++) {
		for (size_t k = 0; k < NR_KNOBS; k++) {
			int err;

			if (a == 1 && (!strcmp(knobs[k], "min-order") ||
				       !strcmp(knobs[k], "ignore-gfp-highmem")))
				continue;
			err = knob_rw(attrs[a], knobs[k], saved[a][k], sizeof(saved[a][k]), 0);
			if (!err)
				err = knob_rw(attrs[a], knobs[k], want[k], 0, 1);
			if (err) {
				fault_inject__restore();
				return tool_error(-1, "cannot set %s/%s/%s: %s (a kernel with CONFIG_FAULT_INJECTION_DEBUG_FS, FAIL_PAGE_ALLOC and FAILSLAB, debugfs mounted)",
						  FAULTS_DIR, attrs[a], knobs[k], strerror(-err));
			}
			is_setup = 1;
		}
	}
	/*
	 * A request thread runs user code while its allocations fail: a page
	 * of this program (on the guest's 9p share) faulted in then cannot
	 * be read in, and the kernel answers SIGBUS (seen on
	 * arm64). What is mapped now (the program) stays resident instead;
	 * not what comes later (MCL_FUTURE would mlock the load's own fill).
	 */
	if (mlockall(MCL_CURRENT))
		tool_error(0, "mlockall: %s: a request may die of its own injected failure", strerror(errno));
	return 0;
}

void fault_inject__restore(void)
{
	if (!is_setup)
		return;
	munlockall();
	for (size_t a = 0; a < NR_ATTRS; a++)
		for (size_t k = NR_KNOBS; k-- > 0;)
			if (saved[a][k][0])
				knob_rw(attrs[a], knobs[k], saved[a][k], 0, 1);
	is_setup = 0;
}

int fault_inject__thread_open(void)
{
	int fd = open("/proc/thread-self/make-it-fail", O_WRONLY | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

int fault_inject__mark(int fd, int on)
{
	return write(fd, on ? "1" : "0", 1) == 1 ? 0 : -errno;
}
