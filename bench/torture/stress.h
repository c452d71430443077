/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Callers at once on one area, for a set time: several bulk callers (each
 * a process with a driver session of its own, the bulk strategies and
 * orders 0-10 rotating), one cma_alloc() caller through the kernel's own
 * debugfs alloc/free files, moving pins, and a fill with churn under
 * them. Every so often a bulk caller is sent SIGKILL inside its call; its
 * session is kept open by the stress, which checks that the caller kept
 * what it got (the driver's "verify") and then closes it.
 *
 * Checked, exactly:
 *   - the driver saw no page handed out while another holder had it, and
 *     no release of a page nobody held (its checks file);
 *   - every page each caller holds is valid after each call ("verify");
 *   - at a stop where every caller holds what it got, the area's bitmap
 *     equals the driver's held pages plus the debugfs caller's;
 *   - at the end the bitmap is back, the driver holds nothing, the sysfs
 *     page counters balance, and vmstat's cma_alloc events equal the
 *     calls made (the driver's bulk and cma_alloc() calls, and the
 *     debugfs caller's).
 */
#ifndef CMABULK_STRESS_H
#define CMABULK_STRESS_H

#include <stdbool.h>

#include "bench/torture/torture_load.h"

#define STRESS_MAX_CALLERS 8

struct stress_opts {
	double seconds;
	unsigned int callers;	/* bulk callers */
	bool no_debug_caller;	/* no cma_alloc() caller beside them */
	double kill_every_s;	/* 0: no kills */
	struct torture_load_opts under;	/* request_pct: per bulk call */
};

#define STRESS_DEFAULTS { .seconds = 600, .callers = 2, .kill_every_s = 10, \
			  .under = { .seed = 1, .fill_pct = 30, .churn_mb_s = 16, \
				     .pin_fraction = 0.02, .request_pct = 25 } }

/*
 * Run it; the summary on stdout. 0: every check held; 1: a check failed
 * or it was interrupted; 2: bad input or no driver.
 */
int bench_stress(const struct stress_opts *o);

#endif
