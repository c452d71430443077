/* SPDX-License-Identifier: GPL-2.0 */
/* Two runs side by side, and the regression gate. */
#ifndef CMABULK_COMPARE_H
#define CMABULK_COMPARE_H

#include <stdbool.h>
#include <stdint.h>

#include "bench/scenario.h"
#include "bench/results_dir.h"

enum gate_metric { METRIC_LATENCY, METRIC_KERNEL, METRIC_SUCCESS, NR_METRICS };
extern const char *const gate_metric_names[NR_METRICS];

struct compare_opts {
	const char *a, *b;
	enum gate_metric metric;
	double threshold_pct;	/* a regression is a change beyond this ... */
	double alpha;		/* ... with Welch p below this */
	uint32_t strategies;	/* 0: every strategy both runs have */
	bool allow_partial;
};

/* Print the comparison. Returns 0, 1 when the metric regressed, 2 on error. */
int bench_compare(const struct compare_opts *o);

#endif
