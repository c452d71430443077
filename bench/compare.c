// SPDX-License-Identifier: GPL-2.0
/*
 * mmtests-style comparison: one statistic per row, run A, run B and the
 * change, with Welch's t-test saying whether the change is more than
 * noise. The gate fails when the chosen metric got worse by more than the
 * threshold and the test says it is significant.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/compare.h"
#include "bench/summary.h"
#include "bench/trials.h"
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

/*
 * The rows of strategy @s, and the gate's verdict on them: true when the
 * metric got worse beyond the threshold and Welch's test says it is not noise.
 */
static bool compare_strategy(const struct compare_opts *o, enum strategy s,
			     const double *va, size_t na, const double *vb, size_t nb)
{
	const char *name = strategy_names[s];
	bool higher = metric_def[o->metric].higher_is_better;
	int prec = o->metric == METRIC_SUCCESS ? 4 : 2;
	struct stats_welch wt = { 0 };
	struct stats_summary sa, sb;
	bool worse, significant;
	double delta;

	stats_summarize(va, na, &sa);
	stats_summarize(vb, nb, &sb);
	row(name, "Min", sa.min, sb.min, prec);
	row(name, "Median", sa.median, sb.median, prec);
	row(name, "Amean", sa.mean, sb.mean, prec);
	row(name, "Stddev", sa.stddev, sb.stddev, prec);
	row(name, "CoeffVar", 100 * sa.cv, 100 * sb.cv, 2);
	row(name, "Max", sa.max, sb.max, prec);
	delta = stats_pct_delta(sa.mean, sb.mean);
	if (na >= 2 && nb >= 2 && stats_welch_test(va, na, vb, nb, &wt) == 0) {
		significant = wt.p < o->alpha;
		printf("%-12s %-9s %12s %12.4f  %9s\n", name, "Welch p", "", wt.p,
		       significant ? "signif." : "noise");
	} else {
		significant = false;
		printf("%-12s %-9s %12s %12s  %9s\n", name, "Welch p", "", "-", "n < 2");
	}
	worse = higher ? delta < -o->threshold_pct : delta > o->threshold_pct;
	if (isnan(delta) && higher)
		worse = sb.mean < sa.mean;
	if (!worse || !significant)
		return false;
	printf("%-12s REGRESSION: %s %s by %.2f%% (beyond %.1f%%, p %.4f < %.3g)\n", name,
	       gate_metric_names[o->metric], higher ? "fell" : "rose", fabs(delta),
	       o->threshold_pct, wt.p, o->alpha);
	return true;
}

int bench_compare(const struct compare_opts *o)
{
	const char *col = trials_columns[metric_def[o->metric].col].name;
	double scale = metric_def[o->metric].scale;
	int regressions = 0, compared = 0, err;
	struct results_dir a, b;
	double *va, *vb;

	err = load_pair(o, &a, &b);
	if (err)
		return err;
	va = calloc(a.trials.nrows + 1, sizeof(double));
	vb = calloc(b.trials.nrows + 1, sizeof(double));
	printf("cmabulk-bench compare: scenario %s, gate on %s (%s, %s is better), threshold %.1f%%, alpha %.3g\n",
	       a.scenario.name, gate_metric_names[o->metric], metric_def[o->metric].unit,
	       metric_def[o->metric].higher_is_better ? "higher" : "lower", o->threshold_pct, o->alpha);
	printf("  A: %s (%s, %s)\n  B: %s (%s, %s)\n", a.dir, a.kernel, a.date, b.dir, b.kernel, b.date);
	printf("%-12s %-9s %12s %12s  %9s\n", "strategy", "stat", "A", "B", "B vs A");
	for (int s = 0; va && vb && s < NR_STRATEGIES; s++) {
		size_t na, nb;

		if (o->strategies && !(o->strategies & (1u << s)))
			continue;
		na = summary__values(&a.trials, s, col, scale, va);
		nb = summary__values(&b.trials, s, col, scale, vb);
		if (!na || !nb)
			continue;
		compared++;
		regressions += compare_strategy(o, s, va, na, vb, nb);
	}
	free(va);
	free(vb);
	results_dir__free(&a);
	results_dir__free(&b);
	if (!compared) {
		tool_error(0, "the runs have no strategy in common with measured trials");
		return 2;
	}
	printf("%s\n", regressions ? "result: REGRESSION" : "result: no significant regression");
	return regressions ? 1 : 0;
}
