/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Many runs of one scenario side by side, as mmtests' compare does for
 * many kernels: per strategy, each run's median and p90 latency, migrated
 * MiB and success, and each step's verdict against the first run and
 * against the run before it. Every verdict is compare__change()'s, the
 * 2-way gate's own (bench/core/compare.h), so a step of N runs reads as
 * `cmabulk-bench compare` of those two would. bench/report/trend_md.h
 * prints it and writes its markdown and plots.
 */
#ifndef CMABULK_TREND_H
#define CMABULK_TREND_H

#include <stdbool.h>
#include <stddef.h>

#include "bench/core/compare.h"
#include "bench/core/results_dir.h"
#include "bench/core/scenario.h"

#define TREND_MAX_RUNS 64

/* One run against another, for one strategy. */
struct trend_step {
	bool judged;			/* both runs have measured trials of it */
	struct compare_change c;	/* v BOOT_UNKNOWN when no interval could be taken */
};

/* One strategy in one run. */
struct trend_cell {
	bool present;			/* measured trials of the strategy */
	size_t n;
	double median_ms, p90_ms;	/* latency */
	double migrated_mib, success;	/* means per trial */
	struct trend_step vs_first, vs_prev;	/* runs after the first */
};

struct trend {
	struct compare_opts o;		/* the metric, threshold, resamples, seed, strategies */
	int n;				/* runs, in the order given */
	struct results_dir *run;	/* [n] */
	struct trend_cell cell[TREND_MAX_RUNS][NR_STRATEGIES];
	uint32_t shown;			/* strategies present in some run */
	int steps;			/* judged steps against the first run */
	int regressions;		/* ... of which worse */
	int unknown;			/* ... of which undecided */
};

/*
 * Load the @n runs @dirs (2 <= n <= TREND_MAX_RUNS) and judge every step
 * under @o (its a and b are not read). Runs of another scenario than the
 * first's, partial runs (unless o->allow_partial) and folders that are
 * not runs are refused: -EINVAL with one line in @err. -ENOMEM. With
 * nothing to judge (no strategy in the first run and another), -ENOENT.
 */
int trend__load(struct trend *t, const struct compare_opts *o, const char *const *dirs, int n,
		char *err, size_t err_len);
void trend__free(struct trend *t);

/* As compare's: 1 when a step is worse than the first run, else 3 when one is undecided, else 0. */
int trend__status(const struct trend *t);

#endif
