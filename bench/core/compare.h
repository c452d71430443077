/* SPDX-License-Identifier: GPL-2.0 */
/* Two runs side by side, and the regression gate. */
#ifndef CMABULK_COMPARE_H
#define CMABULK_COMPARE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "bench/core/scenario.h"
#include "bench/core/results_dir.h"
#include "lib/bootstrap.h"

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
 * The change of the gated metric from A's values to B's, judged: the one
 * verdict of compare, whichever two runs it is asked about (the 2-way
 * gate, each step of an N-way comparison).
 */
struct compare_change {
	struct boot_ci ci;	/* B/A of the medians (times), B-A of the means (success) */
	double center, threshold;	/* "no change" (1 or 0) and how far a change matters */
	enum boot_verdict v;	/* in terms of the value: BOOT_HIGHER is a rise */
	bool worse;		/* v is a change for the worse */
	bool few;		/* a side below BOOT_MIN_VERDICT_N: v is BOOT_UNKNOWN */
};

/*
 * Judge @vb[0..@nb) against @va[0..@na) under @o's metric, threshold,
 * resamples and seed. 0, or -errno when no interval can be taken (then
 * v is BOOT_UNKNOWN and the interval NaN).
 */
int compare__change(const struct compare_opts *o, const double *va, size_t na,
		    const double *vb, size_t nb, struct compare_change *c);

/* The measured trials' values of metric @m for strategy @s, in its unit. */
size_t compare__values(const struct table *t, enum gate_metric m, enum strategy s, double *out);

/* "same", "faster", "slower", "unknown"; for success "higher", "lower". */
const char *compare__verdict_word(enum gate_metric m, enum boot_verdict v);

/* "ms" or "ratio". */
const char *compare__metric_unit(enum gate_metric m);

/* The two lines that say what is gated and how the verdicts are drawn. */
void compare__print_method(const struct compare_opts *o, const char *scenario, FILE *f);

/*
 * Print the comparison. Returns 0 when every strategy is decided and none
 * got worse, 1 when one got worse (its interval lies beyond the
 * threshold), 2 on bad input, 3 when none got worse but some are
 * undecided.
 */
int bench_compare(const struct compare_opts *o);

#endif
