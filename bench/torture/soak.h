/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A soak of the allocator and the driver: cycles of allocate and release
 * through the test driver, the strategy and mode rotating, the order
 * stepping 0..10, the pinned set moved every cycle (the driver's alloc
 * and ref pins in turn), over a fill with churn running. Every cycle is
 * checked against the kernel's own books, exactly:
 *   - the area's bitmap (debugfs "used") grows by the pages handed out
 *     and is back where it was after each release;
 *   - /sys/kernel/mm/cma/<area>/alloc_pages_success grows by the pages
 *     the driver handed out, release_pages_success by the same when they
 *     come back;
 *   - vmstat's cma_alloc_success + cma_alloc_fail grow by the driver's
 *     cma_alloc() calls (baselines), or by one per cma_alloc_bulk()
 *     request, fallback pass or not;
 * and at the end CmaFree comes back. The kernel log is the caller's
 * (make soak checks it for KASAN, lockdep and BUG lines).
 */
#ifndef CMABULK_SOAK_H
#define CMABULK_SOAK_H

#include "bench/torture/torture_load.h"

struct soak_opts {
	unsigned int cycles;
	struct torture_load_opts under;	/* request_pct: per cycle */
};

#define SOAK_DEFAULTS { .cycles = 1000, .under = { .seed = 1, .fill_pct = 50, \
			.churn_mb_s = 16, .pin_fraction = 0.02, .request_pct = 10 } }

/*
 * Run it; the summary on stdout. 0: every cycle ran and every check held;
 * 1: a check failed, a pin was refused, or it was interrupted; 2: bad input.
 */
int bench_soak(const struct soak_opts *o);

#endif
