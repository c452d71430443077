/* SPDX-License-Identifier: GPL-2.0 */
/* Two runs side by side, and the regression gate. */
#ifndef CMABULK_COMPARE_H
#define CMABULK_COMPARE_H

#include <stdbool.h>
#include <stdint.h>

#include "bench/core/scenario.h"
#include "bench/core/results_dir.h"

enum gate_metric { METRIC_LATENCY, METRIC_KERNEL, METRIC_SUCCESS, NR_METRICS };
extern const char *const gate_metric_names[NR_METRICS];

struct compare_opts {
	const char *a, *b;
	enum gate_metric metric;
	double threshold_pct;	/* a change matters beyond this */
	double alpha;		/* "signif." beside Welch's and MWU's p */
	unsigned int boot_reps;	/* 0: BOOT_DEFAULT_REPS */
	unsigned long long seed;	/* of the bootstrap; 0: BOOT_DEFAULT_SEED */
	uint32_t strategies;	/* 0: every strategy both runs have */
	bool allow_partial;
};

/*
 * Print the comparison. Returns 0 when every strategy is decided and none
 * got worse, 1 when one got worse (its interval lies beyond the
 * threshold), 2 on bad input, 3 when none got worse but some are
 * undecided.
 */
int bench_compare(const struct compare_opts *o);

#endif
