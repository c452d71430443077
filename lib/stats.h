/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Small statistics for benchmark results: a summary of one series of
 * samples (repeated runs of one configuration) and Welch's t-test to tell
 * whether two configurations really differ or only their noise does.
 *
 * Percentiles use the "type 7" definition (R's and numpy's default), so
 * numbers printed here match what someone gets re-analysing the JSON with
 * either tool. Everything is double precision and allocation-free except
 * stats_summarize(), which sorts a private copy.
 */
#ifndef CMABULK_STATS_H
#define CMABULK_STATS_H

#include <stddef.h>

struct stats_summary {
	size_t n;
	double min, max;
	double mean;
	double median;		/* == p50 */
	double p90, p99;	/* type 7, see stats_percentile_sorted() */
	double stddev;		/* sample (n - 1) std deviation, 0 if n < 2 */
	double cv;		/* stddev / mean (its sign), 0 if mean == 0 */
};

/*
 * Summarize @v[0..@n). @v is not modified. Returns 0, -EINVAL when @v or
 * @out is NULL, @n is 0 or any value is not finite (NaN or +-inf: one bad
 * sample would otherwise silently turn every field into NaN), or -ENOMEM.
 * @out is only written on success.
 */
int stats_summarize(const double *v, size_t n, struct stats_summary *out);

/*
 * The @p-th percentile (0 <= @p <= 100) of @sorted[0..@n), ascending:
 * with h = (n - 1) * p / 100, interpolate linearly between sorted[floor(h)]
 * and the next element. NaN when @n is 0 or @p is out of range.
 */
double stats_percentile_sorted(const double *sorted, size_t n, double p);

struct stats_welch {
	double t;		/* (mean_a - mean_b) / standard error */
	double df;		/* Welch-Satterthwaite degrees of freedom */
	double p;		/* two-sided p-value */
	double mean_a, mean_b;
};

/*
 * Welch's unequal-variance t-test of @a against @b. Needs @na >= 2 and
 * @nb >= 2 and finite values, else -EINVAL; returns 0 otherwise.
 *
 * When both samples have zero variance there is no noise to compare the
 * difference with: equal means give t = 0, p = 1; different means are
 * certainly different, t = +-INFINITY (sign of mean_a - mean_b) and p = 0.
 * df is NaN in both cases (the Welch-Satterthwaite formula is 0/0).
 */
int stats_welch_test(const double *a, size_t na, const double *b, size_t nb,
		     struct stats_welch *out);

/*
 * Two-sided tail probability P(|T| >= |@t|) of Student's t distribution
 * with @df > 0 degrees of freedom (df may be INFINITY: the normal
 * distribution). NaN for NaN arguments or @df <= 0. Relative error is
 * below 1e-9 up to df = 1e7 and grows about linearly with df beyond
 * (~1e-8 at 1e8): the continued fraction's terms cancel like t^2 / df.
 */
double stats_t_sf2(double t, double df);

struct stats_mwu {
	double u;		/* U of @a: pairs with a > b, ties counting 1/2 */
	double auc;		/* u / (na * nb): P(a > b) + P(a == b) / 2 */
	double z;		/* normal approximation; NaN when exact */
	double p;		/* two-sided p-value */
	int exact;		/* 1: p from the exact null distribution */
};

/*
 * The Mann-Whitney U test (Wilcoxon rank-sum) of @a against @b: does a
 * value of one tend to be larger than a value of the other? It needs no
 * normality, so a few outliers (a TCG guest's stalls) cannot swing it the
 * way they swing a t-test. Without ties and with na * nb <= 400, p is
 * exact (the count of rank orders with each U); otherwise the normal
 * approximation with tie correction and continuity correction 1/2. All
 * values tied gives p = 1. -EINVAL for an empty or non-finite sample,
 * -ENOMEM.
 */
int stats_mann_whitney(const double *a, size_t na, const double *b, size_t nb,
		       struct stats_mwu *out);

/* Percent change: 100 * (@value - @base) / @base, NaN if @base is 0. */
double stats_pct_delta(double base, double value);

/* qsort() comparator for doubles, ascending; NaNs are not ordered. */
int stats_compare_doubles(const void *a, const void *b);

#endif
