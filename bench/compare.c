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
#include <sys/stat.h>

#include "compare.h"
#include "json_read.h"
#include "stats.h"
#include "summary.h"

const char *const gate_metric_names[NR_METRICS] = { "latency", "kernel", "success" };

static const struct {
	const char *col;
	double scale;
	const char *unit;
	bool higher_is_better;
} metric_def[NR_METRICS] = {
	[METRIC_LATENCY] = { "wall_ns", 1e-6, "ms", false },
	[METRIC_KERNEL] = { "kernel_ns", 1e-6, "ms", false },
	[METRIC_SUCCESS] = { "success", 1, "ratio", true },
};

int run_data__load(struct run_data *r, const char *dir, bool allow_partial,
		   char *err, size_t err_len)
{
	char path[1024], why[512];
	struct jnode *meta;
	struct stat st;
	size_t len;
	char *text;

	memset(r, 0, sizeof(*r));
	snprintf(r->dir, sizeof(r->dir), "%s", dir);
	if (stat(dir, &st) || !S_ISDIR(st.st_mode)) {
		snprintf(err, err_len, "%s: not a folder", dir);
		return -ENOENT;
	}
	snprintf(path, sizeof(path), "%s/meta.json", dir);
	text = jread_file(path, &len);
	if (!text) {
		snprintf(err, err_len, "%s is not a cmabulk-bench results folder (no meta.json)", dir);
		return -ENOENT;
	}
	meta = jread_parse(text, len, why, sizeof(why));
	free(text);
	if (!meta || strcmp(jread_str(jread_get(meta, "schema")) ?: "", "cmabulk-bench-meta")) {
		snprintf(err, err_len, "%s/meta.json is not cmabulk-bench metadata%s%s", dir,
			 meta ? "" : ": ", meta ? "" : why);
		jread_free(meta);
		return -EINVAL;
	}
	snprintf(r->status, sizeof(r->status), "%s", jread_str(jread_get(meta, "status")) ?: "?");
	snprintf(r->kernel, sizeof(r->kernel), "%s", jread_str(jread_get(meta, "kernel_release")) ?: "?");
	snprintf(r->date, sizeof(r->date), "%s", jread_str(jread_get(meta, "date")) ?: "?");
	jread_free(meta);
	if (strcmp(r->status, "complete") && !allow_partial) {
		snprintf(err, err_len, "%s is a %s run, not a complete one (--allow-partial to use it anyway)",
			 dir, r->status);
		return -EINVAL;
	}
	snprintf(path, sizeof(path), "%s/scenario", dir);
	if (scenario__load(&r->scenario, path, NULL, err, err_len))
		return -EINVAL;
	snprintf(path, sizeof(path), "%s/trials.csv", dir);
	if (table__read_csv(&r->trials, path, err, err_len))
		return -EINVAL;
	/* A run stopped before its first trial ended has no rows, and may lack columns. */
	if (r->trials.nrows &&
	    (table__col(&r->trials, "strategy") < 0 || table__col(&r->trials, "wall_ns") < 0)) {
		snprintf(err, err_len, "%s: no strategy or wall_ns column", path);
		return -EINVAL;
	}
	return 0;
}

void run_data__free(struct run_data *r)
{
	table__free(&r->trials);
}

static void row(const char *strat, const char *stat, double a, double b, int prec)
{
	double d = stats_pct_delta(a, b);

	printf("%-12s %-9s %12.*f %12.*f", strat, stat, prec, a, prec, b);
	if (isnan(d))
		printf("  %9s\n", "-");
	else
		printf("  %+8.2f%%\n", d);
}

int bench_compare(const struct compare_opts *o)
{
	struct run_data a, b;
	char err[600], why[256];
	int regressions = 0, compared = 0;
	double *va = NULL, *vb = NULL;

	if (run_data__load(&a, o->a, o->allow_partial, err, sizeof(err))) {
		fprintf(stderr, "cmabulk-bench: %s\n", err);
		return 2;
	}
	if (run_data__load(&b, o->b, o->allow_partial, err, sizeof(err))) {
		fprintf(stderr, "cmabulk-bench: %s\n", err);
		run_data__free(&a);
		return 2;
	}
	if (!scenario__comparable(&a.scenario, &b.scenario, why, sizeof(why))) {
		fprintf(stderr, "cmabulk-bench: refusing to compare runs of different scenarios: %s\n", why);
		run_data__free(&a);
		run_data__free(&b);
		return 2;
	}
	va = calloc(a.trials.nrows + 1, sizeof(double));
	vb = calloc(b.trials.nrows + 1, sizeof(double));
	printf("cmabulk-bench compare: scenario %s, gate on %s (%s, %s is better), threshold %.1f%%, alpha %.3g\n",
	       a.scenario.name, gate_metric_names[o->metric], metric_def[o->metric].unit,
	       metric_def[o->metric].higher_is_better ? "higher" : "lower", o->threshold_pct, o->alpha);
	printf("  A: %s (%s, %s)\n  B: %s (%s, %s)\n", a.dir, a.kernel, a.date, b.dir, b.kernel, b.date);
	printf("%-12s %-9s %12s %12s  %9s\n", "strategy", "stat", "A", "B", "B vs A");
	for (int s = 0; s < NR_STRATEGIES; s++) {
		struct stats_summary sa, sb;
		struct stats_welch wt = { 0 };
		size_t na, nb;
		double delta;
		bool worse, significant;
		int prec = o->metric == METRIC_SUCCESS ? 4 : 2;

		if (o->strategies && !(o->strategies & (1u << s)))
			continue;
		na = summary__values(&a.trials, s, metric_def[o->metric].col, metric_def[o->metric].scale, va);
		nb = summary__values(&b.trials, s, metric_def[o->metric].col, metric_def[o->metric].scale, vb);
		if (!na || !nb)
			continue;
		compared++;
		stats_summarize(va, na, &sa);
		stats_summarize(vb, nb, &sb);
		row(strategy_names[s], "Min", sa.min, sb.min, prec);
		row(strategy_names[s], "Median", sa.median, sb.median, prec);
		row(strategy_names[s], "Amean", sa.mean, sb.mean, prec);
		row(strategy_names[s], "Stddev", sa.stddev, sb.stddev, prec);
		row(strategy_names[s], "CoeffVar", 100 * sa.cv, 100 * sb.cv, 2);
		row(strategy_names[s], "Max", sa.max, sb.max, prec);
		delta = stats_pct_delta(sa.mean, sb.mean);
		if (na >= 2 && nb >= 2 && stats_welch_test(va, na, vb, nb, &wt) == 0) {
			significant = wt.p < o->alpha;
			printf("%-12s %-9s %12s %12.4f  %9s\n", strategy_names[s], "Welch p", "", wt.p,
			       significant ? "signif." : "noise");
		} else {
			significant = false;
			printf("%-12s %-9s %12s %12s  %9s\n", strategy_names[s], "Welch p", "", "-", "n < 2");
		}
		worse = metric_def[o->metric].higher_is_better ? delta < -o->threshold_pct :
								  delta > o->threshold_pct;
		if (isnan(delta) && metric_def[o->metric].higher_is_better)
			worse = sb.mean < sa.mean;
		if (worse && significant) {
			printf("%-12s REGRESSION: %s %s by %.2f%% (beyond %.1f%%, p %.4f < %.3g)\n",
			       strategy_names[s], gate_metric_names[o->metric],
			       metric_def[o->metric].higher_is_better ? "fell" : "rose", fabs(delta),
			       o->threshold_pct, wt.p, o->alpha);
			regressions++;
		}
	}
	free(va);
	free(vb);
	run_data__free(&a);
	run_data__free(&b);
	if (!compared) {
		fprintf(stderr, "cmabulk-bench: the runs have no strategy in common with measured trials\n");
		return 2;
	}
	printf("%s\n", regressions ? "result: REGRESSION" : "result: no significant regression");
	return regressions ? 1 : 0;
}
