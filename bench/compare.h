/* SPDX-License-Identifier: GPL-2.0 */
/* Two runs side by side, and the regression gate. */
#ifndef CMABULK_COMPARE_H
#define CMABULK_COMPARE_H

#include <stdbool.h>
#include <stdint.h>

#include "scenario.h"
#include "table.h"

struct run_data {
	char dir[512];
	struct scenario scenario;
	struct table trials;
	char status[32], kernel[128], date[64];
};

/* Load a results folder: meta.json, scenario, trials.csv. 0 or -errno, reason in @err. */
int run_data__load(struct run_data *r, const char *dir, bool allow_partial,
		   char *err, size_t err_len);
void run_data__free(struct run_data *r);

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
