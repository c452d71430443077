/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Client of the series' test driver, /sys/kernel/debug/cma_bulk_test
 * (CONFIG_CMA_BULK_TEST): the way user space asks the kernel for a
 * cma_alloc_bulk() call, a baseline cma_alloc() pattern or a pinned
 * pageblock, and reads back what the kernel measured.
 */
#ifndef CMABULK_CMA_TEST_H
#define CMABULK_CMA_TEST_H

#include <stdbool.h>

#define CMA_TEST_DIR "/sys/kernel/debug/cma_bulk_test"
#define CMA_TEST_MAX_KEYS 64

/* The driver's "result": the key value lines of the last operation. */
struct cma_test_result {
	int nr;
	struct {
		char key[40];
		char value[48];
	} kv[CMA_TEST_MAX_KEYS];
};

bool cma_test__available(void);

/* Write one command line to driver file @file. Returns 0 or -errno. */
int cma_test__write(const char *file, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Read the result file. Returns 0 or -errno. */
int cma_test__result(struct cma_test_result *r);

/*
 * The driver's checks over all holders: held_pages, handed_twice,
 * released_unheld, bulk_calls, cma_alloc_calls, sessions.
 */
int cma_test__checks(struct cma_test_result *r);

/*
 * A session: a holder of one's own, for callers that run at once. Each
 * open is one; closing it (or dying) releases what it holds. Commands:
 * "alloc ARGS", "release [nodrain]", "verify". Returns fd or -errno.
 */
int cma_test__session_open(void);
int cma_test__session_cmd(int fd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int cma_test__session_result(int fd, struct cma_test_result *r);

/*
 * The driver's shared holder (the alloc, release and result files), for
 * one measuring tool at a time: an flock held until the fd is closed.
 * Returns the fd, -EBUSY when another process holds it, or -errno.
 */
int cma_test__lock(void);
/* The same, saying why on stderr when it cannot be had. */
int cma_test__lock_or_say(void);

/* A value by key, or NULL / @dflt when the key is absent. */
const char *cma_test__str(const struct cma_test_result *r, const char *key);
long long cma_test__ll(const struct cma_test_result *r, const char *key, long long dflt);

#endif
