// SPDX-License-Identifier: GPL-2.0
/*
 * mmtests-style comparison: one statistic per row, run A, run B and the
 * change, Welch's t-test and the Mann-Whitney U test beside it. The gate
 * decides on a seeded percentile bootstrap interval of the change (the
 * ratio of medians B / A; for success, the difference of means): worse
 * when the whole interval lies beyond the threshold, same when it lies
 * within, unknown otherwise, which more trials would settle.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/core/compare.h"
#include "bench/core/summary.h"
#include "bench/core/trials.h"
#include "lib/bootstrap.h"
#include "lib/stats.h"
#include "lib/tool.h"

const char *const gate_metric_names[NR_METRICS] = { "latency", "kernel", "success" };

static const struct {
	enum trials_col col;
	double scale;
	const char *unit;
	bool higher_is_better;
} metric_def[NR_METRICS] = {
	[METRIC_LATENCY] = { TC_WALL_NS, 1e-6, "ms", false },
	[METRIC_KERNEL] = { TC_KERNEL_NS, 1e-6, "ms", false },
	[METRIC_SUCCESS] = { TC_SUCCESS, 1, "ratio", true },
};

static void row(const char *strat, const char *stat, double a, double b, int prec)
{
	double d = stats_pct_delta(a, b);

	printf("%-12s %-9s %12.*f %12.*f", strat, stat, prec, a, prec, b);
	if (isnan(d))
		printf("  %9s\n", "-");
	else
		printf("  %+8.2f%%\n", d);
}

/* Both runs, of the same scenario. 0, or 2 with the one line printed. */
static int load_pair(const struct compare_opts *o, struct results_dir *a, struct results_dir *b)
{
	char err[600], why[256];

	if (results_dir__load(a, o->a, o->allow_partial, err, sizeof(err))) {
		tool_error(0, "%s", err);
		return 2;
	}
	if (results_dir__load(b, o->b, o->allow_partial, err, sizeof(err))) {
		tool_error(0, "%s", err);
		results_dir__free(a);
		return 2;
	}
	if (!scenario__comparable(&a->scenario, &b->scenario, why, sizeof(why))) {
		tool_error(0, "refusing to compare runs of different scenarios: %s", why);
		results_dir__free(a);
		results_dir__free(b);
		return 2;
	}
	return 0;
}

const char *compare__verdict_word(enum gate_metric m, enum boot_verdict v)
{
	static const char *const time_words[] = { "same", "faster", "slower", "unknown" };
	static const char *const ratio_words[] = { "same", "lower", "higher", "unknown" };

	return (metric_def[m].higher_is_better ? ratio_words : time_words)[v];
}

/*
 * The change of the metric from A to B as an interval: the ratio of
 * medians for times, the difference of means for success (a ratio that
 * can be 0, where a ratio of it cannot be taken), and the verdict on it.
 */
int compare__change(const struct compare_opts *o, const double *va, size_t na,
		    const double *vb, size_t nb, struct compare_change *c)
{
	struct boot_opts bo = { .reps = o->boot_reps, .seed = o->seed ? o->seed : BOOT_DEFAULT_SEED };
	bool higher = metric_def[o->metric].higher_is_better;
	int err;

	memset(c, 0, sizeof(*c));
	c->threshold = o->threshold_pct / 100;
	c->center = higher ? 0 : 1;
	c->few = na < BOOT_MIN_VERDICT_N || nb < BOOT_MIN_VERDICT_N;
	c->v = BOOT_UNKNOWN;
	err = higher ? boot_mean_diff_ci(va, na, vb, nb, &bo, &c->ci) :
		       boot_ratio_ci(va, na, vb, nb, 50, &bo, &c->ci);
	if (err) {
		c->ci = (struct boot_ci){ NAN, NAN, NAN, 0, 0 };
		return err;
	}
	c->v = boot_verdict_n(&c->ci, na, nb, c->center, c->threshold);
	c->worse = higher ? c->v == BOOT_LOWER : c->v == BOOT_HIGHER;
	return 0;
}

size_t compare__values(const struct table *t, enum gate_metric m, enum strategy s, double *out)
{
	return summary__values(t, s, trials_columns[metric_def[m].col].name, metric_def[m].scale, out);
}

/*
 * The rows of strategy @s and its verdict (enum boot_verdict, in terms of
 * the metric's value: BOOT_HIGHER is a rise). Sets *@worse when the
 * verdict is a change for the worse.
 */
static enum boot_verdict compare_strategy(const struct compare_opts *o, enum strategy s,
					  const double *va, size_t na, const double *vb,
					  size_t nb, bool *worse)
{
	const char *name = strategy_names[s];
	bool higher = metric_def[o->metric].higher_is_better;
	int prec = o->metric == METRIC_SUCCESS ? 4 : 2;
	struct stats_welch wt = { 0 };
	struct stats_summary sa, sb;
	struct compare_change c;
	struct stats_mwu mw;

	stats_summarize(va, na, &sa);
	stats_summarize(vb, nb, &sb);
	row(name, "Min", sa.min, sb.min, prec);
	row(name, "Median", sa.median, sb.median, prec);
	row(name, "Amean", sa.mean, sb.mean, prec);
	row(name, "Stddev", sa.stddev, sb.stddev, prec);
	row(name, "CoeffVar", 100 * sa.cv, 100 * sb.cv, 2);
	row(name, "Max", sa.max, sb.max, prec);
	if (na >= 2 && nb >= 2 && stats_welch_test(va, na, vb, nb, &wt) == 0)
		printf("%-12s %-9s %12s %12.4f  %9s\n", name, "Welch p", "", wt.p,
		       wt.p < o->alpha ? "signif." : "noise");
	else
		printf("%-12s %-9s %12s %12s  %9s\n", name, "Welch p", "", "-", "n < 2");
	if (stats_mann_whitney(va, na, vb, nb, &mw) == 0)
		printf("%-12s %-9s %12s %12.4f  %9s\n", name, "MWU p", "", mw.p,
		       mw.p < o->alpha ? "signif." : "noise");
	*worse = false;
	if (compare__change(o, va, na, vb, nb, &c)) {
		printf("%-12s %-9s %12s %12s  %9s\n", name, c.center ? "B/A" : "B-A", "", "-",
		       "unknown");
		return BOOT_UNKNOWN;
	}
	printf("%-12s %-9s %12.*f [%.*f, %.*f]  %s%s\n", name, c.center ? "B/A med" : "B-A mean",
	       prec, c.ci.estimate, prec, c.ci.lo, prec, c.ci.hi, compare__verdict_word(o->metric, c.v),
	       c.few ? " (too few trials)" : "");
	*worse = c.worse;
	if (*worse)
		printf("%-12s REGRESSION: %s %s: %.0f%% interval [%.*f, %.*f] of %s lies beyond %s%.1f%%\n",
		       name, gate_metric_names[o->metric], higher ? "fell" : "rose",
		       100 * c.ci.level, prec, c.ci.lo, prec, c.ci.hi,
		       c.center ? "B/A (medians)" : "B-A (means)", higher ? "-" : "+", o->threshold_pct);
	return c.v;
}

void compare__print_method(const struct compare_opts *o, const char *scenario, FILE *f)
{
	fprintf(f, "cmabulk-bench compare: scenario %s, gate on %s (%s, %s is better), threshold %.1f%%, alpha %.3g\n",
		scenario, gate_metric_names[o->metric], metric_def[o->metric].unit,
		metric_def[o->metric].higher_is_better ? "higher" : "lower", o->threshold_pct, o->alpha);
	fprintf(f, "  verdicts: 95%% percentile bootstrap interval of %s, %u resamples, seed %llu; at least %d trials a side\n",
		metric_def[o->metric].higher_is_better ? "mean(B) - mean(A)" : "median(B) / median(A)",
		o->boot_reps ? o->boot_reps : BOOT_DEFAULT_REPS,
		(unsigned long long)(o->seed ? o->seed : BOOT_DEFAULT_SEED), BOOT_MIN_VERDICT_N);
}

const char *compare__metric_unit(enum gate_metric m)
{
	return metric_def[m].unit;
}

int bench_compare(const struct compare_opts *o)
{
	int regressions = 0, compared = 0, unknown = 0, err;
	struct results_dir a, b;
	double *va, *vb;

	err = load_pair(o, &a, &b);
	if (err)
		return err;
	va = calloc(a.trials.nrows + 1, sizeof(double));
	vb = calloc(b.trials.nrows + 1, sizeof(double));
	compare__print_method(o, a.scenario.name, stdout);
	printf("  A: %s (%s, %s)\n  B: %s (%s, %s)\n", a.dir, a.kernel, a.date, b.dir, b.kernel, b.date);
	printf("%-12s %-9s %12s %12s  %9s\n", "strategy", "stat", "A", "B", "B vs A");
	for (int s = 0; va && vb && s < NR_STRATEGIES; s++) {
		size_t na, nb;

		if (o->strategies && !(o->strategies & (1u << s)))
			continue;
		na = compare__values(&a.trials, o->metric, s, va);
		nb = compare__values(&b.trials, o->metric, s, vb);
		if (!na || !nb)
			continue;
		bool worse;

		compared++;
		if (compare_strategy(o, s, va, na, vb, nb, &worse) == BOOT_UNKNOWN)
			unknown++;
		regressions += worse;
	}
	free(va);
	free(vb);
	results_dir__free(&a);
	results_dir__free(&b);
	if (!compared) {
		tool_error(0, "the runs have no strategy in common with measured trials");
		return 2;
	}
	if (regressions) {
		printf("result: REGRESSION\n");
		return 1;
	}
	if (unknown) {
		printf("result: undecided: %d of %d strategies need more trials to tell\n", unknown,
		       compared);
		return 3;
	}
	printf("result: no regression\n");
	return 0;
}
