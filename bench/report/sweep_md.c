// SPDX-License-Identifier: GPL-2.0
/* A sweep's report: sweep.md and plots across its points (sweep_md.h). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "bench/report/plot.h"
#include "bench/report/report_md.h"
#include "bench/core/results_dir.h"
#include "bench/core/summary.h"
#include "bench/core/sweep_dir.h"
#include "bench/report/sweep_md.h"
#include "bench/core/table.h"
#include "bench/core/trials.h"
#include "bench/core/verdicts.h"
#include "lib/atomic_file.h"
#include "lib/bootstrap.h"
#include "lib/json_doc.h"
#include "lib/tool.h"
#include "lib/version.h"

#define SUCCESS_BAR 0.99	/* "falls below 99% of satisfiable" */

/* One point as the report reads it. */
struct point {
	const char *value;
	bool present;
	char status[32];
	struct results_dir r;
	struct run_summary sum;
	struct verdict_set vs;
	struct boot_ci median[NR_STRATEGIES];	/* of latency, ms */
	bool has_median[NR_STRATEGIES];
};

struct sweep {
	char scenario[64], key[64];
	int nr;
	char values[SWEEP_MAX_POINTS][SWEEP_VALUE_LEN];
	struct point pts[SWEEP_MAX_POINTS];
	bool strategy[NR_STRATEGIES];	/* present at some point */
};

static int sweep_load(struct sweep *sw, const char *dir)
{
	char path[1100], err[600];
	struct json_object *doc, *vals;
	const char *schema, *s;

	snprintf(path, sizeof(path), "%s/sweep.json", dir);
	doc = json_doc__load(path, err, sizeof(err));
	if (!doc)
		return tool_error(-EINVAL, "%s", err);
	schema = json_doc__str(doc, "schema");
	if (!schema || strcmp(schema, SWEEP_SCHEMA) ||
	    !json_object_object_get_ex(doc, "values", &vals) ||
	    !json_object_is_type(vals, json_type_array) || !json_doc__str(doc, "key")) {
		json_object_put(doc);
		return tool_error(-EINVAL, "%s: not a cmabulk-bench sweep (schema, key, values)", path);
	}
	snprintf(sw->key, sizeof(sw->key), "%s", json_doc__str(doc, "key"));
	s = json_doc__str(doc, "scenario");
	snprintf(sw->scenario, sizeof(sw->scenario), "%s", s ? s : "?");
	sw->nr = 0;
	for (size_t i = 0; i < json_object_array_length(vals) && sw->nr < SWEEP_MAX_POINTS; i++) {
		struct json_object *v = json_object_array_get_idx(vals, i);

		if (json_object_is_type(v, json_type_string))
			snprintf(sw->values[sw->nr++], SWEEP_VALUE_LEN, "%s", json_object_get_string(v));
	}
	json_object_put(doc);
	return sw->nr ? 0 : tool_error(-EINVAL, "%s: no values", path);
}

/* Load and summarize one point; a point not run (yet) is absent, not an error. */
static void point_load(struct sweep *sw, struct point *p, const char *dir, bool plot)
{
	char pdir[1200], err[600];
	double *v;

	sweep_dir__point(pdir, sizeof(pdir), dir, sw->key, p->value);
	if (access(pdir, F_OK))
		return;
	report_md__write(pdir, plot, false);
	if (results_dir__load(&p->r, pdir, true, err, sizeof(err))) {
		tool_error(0, "%s", err);
		return;
	}
	if (summary__compute(&p->r.trials, p->r.page_size, &p->sum) ||
	    verdicts__compute(&p->r.trials, &p->vs)) {
		results_dir__free(&p->r);
		return;
	}
	p->present = true;
	snprintf(p->status, sizeof(p->status), "%s", p->r.status);
	v = calloc(p->r.trials.nrows + 1, sizeof(double));
	for (int s = 0; v && s < NR_STRATEGIES; s++) {
		size_t n = summary__values(&p->r.trials, s, TRIALS_COL(WALL_NS), 1e-6, v);

		if (!n)
			continue;
		sw->strategy[s] = true;
		p->has_median[s] = boot_quantile_ci(v, n, 50, NULL, &p->median[s]) == 0;
	}
	free(v);
}

static void table_head(FILE *f, const struct sweep *sw, const char *title)
{
	fprintf(f, "\n## %s\n\n| %s |", title, sw->key);
	for (int s = 0; s < NR_STRATEGIES; s++)
		if (sw->strategy[s])
			fprintf(f, " %s |", strategy_names[s]);
	fprintf(f, "\n| ---: |");
	for (int s = 0; s < NR_STRATEGIES; s++)
		if (sw->strategy[s])
			fprintf(f, " ---: |");
	fprintf(f, "\n");
}

enum sweep_metric { SW_MEDIAN, SW_SUCCESS, SW_FLOOR, SW_DRAIN };

/*
 * The drains' share of a strategy's mean latency: every phase the kernel
 * names a drain (the PCP and LRU drains of the series), so no list of
 * phases is kept here. Negative when the point has no phase data.
 */
static double drain_share(const struct strategy_summary *st)
{
	double ms = 0;
	bool any = false;

	for (int i = 0; i < st->phases_ms.n; i++) {
		if (!strstr(st->phases_ms.name[i], "drain"))
			continue;
		ms += st->phases_ms.mean[i];
		any = true;
	}
	return any && st->latency_ms.mean > 0 ? ms / st->latency_ms.mean : -1;
}

static bool has_drain_data(const struct sweep *sw)
{
	for (int i = 0; i < sw->nr; i++)
		for (int s = 0; sw->pts[i].present && s < NR_STRATEGIES; s++)
			if (sw->pts[i].sum.st[s].present && drain_share(&sw->pts[i].sum.st[s]) >= 0)
				return true;
	return false;
}

static void metric_table(FILE *f, const struct sweep *sw, enum sweep_metric m)
{
	static const char *const titles[] = {
		"Median latency, ms [95% bootstrap interval]",
		"Success: chunks allocated / satisfiable (mean)",
		"Latency / migration floor (median)",
		"Drains' share of mean latency (PCP and LRU drains, from --phases)",
	};

	table_head(f, sw, titles[m]);
	for (int i = 0; i < sw->nr; i++) {
		const struct point *p = &sw->pts[i];

		fprintf(f, "| %s |", p->value);
		for (int s = 0; s < NR_STRATEGIES; s++) {
			const struct strategy_summary *st = &p->sum.st[s];

			if (!sw->strategy[s])
				continue;
			if (!p->present || !st->present)
				fprintf(f, " - |");
			else if (m == SW_MEDIAN && p->has_median[s])
				fprintf(f, " %.1f [%.1f, %.1f] |", p->median[s].estimate, p->median[s].lo,
					p->median[s].hi);
			else if (m == SW_SUCCESS)
				fprintf(f, " %.4f |", st->success_satisfiable.mean);
			else if (m == SW_FLOOR && st->floor_ratio.n)
				fprintf(f, " %.1f |", st->floor_ratio.median);
			else if (m == SW_DRAIN && drain_share(st) >= 0)
				fprintf(f, " %.1f%% |", 100 * drain_share(st));
			else
				fprintf(f, " - |");
		}
		fprintf(f, "\n");
	}
}

/* The headline pairs any point has, in verdicts.c's order. */
static int pair_columns(const struct sweep *sw, struct verdict *cols, int max)
{
	int n = 0;

	for (int i = 0; i < sw->nr; i++) {
		const struct point *p = &sw->pts[i];

		for (int j = 0; p->present && j < p->vs.n; j++) {
			bool seen = false;

			for (int k = 0; k < n; k++)
				seen |= cols[k].s == p->vs.v[j].s && cols[k].against == p->vs.v[j].against;
			if (!seen && n < max)
				cols[n++] = p->vs.v[j];
		}
	}
	return n;
}

static const struct verdict *verdict_at(const struct point *p, const struct verdict *col)
{
	for (int j = 0; p->present && j < p->vs.n; j++)
		if (p->vs.v[j].s == col->s && p->vs.v[j].against == col->against)
			return &p->vs.v[j];
	return NULL;
}

static void verdict_table(FILE *f, const struct sweep *sw)
{
	struct verdict cols[VERDICT_MAX_PAIRS];
	int n = pair_columns(sw, cols, VERDICT_MAX_PAIRS);

	if (!n)
		return;
	fprintf(f, "\n## Verdicts: latency, strategy against strategy\n\n| %s |", sw->key);
	for (int c = 0; c < n; c++)
		fprintf(f, " %s vs %s |", strategy_names[cols[c].s], strategy_names[cols[c].against]);
	fprintf(f, "\n| ---: |");
	for (int c = 0; c < n; c++)
		fprintf(f, " --- |");
	fprintf(f, "\n");
	for (int i = 0; i < sw->nr; i++) {
		fprintf(f, "| %s |", sw->pts[i].value);
		for (int c = 0; c < n; c++) {
			const struct verdict *v = verdict_at(&sw->pts[i], &cols[c]);

			if (v && !isnan(v->ratio.estimate))
				fprintf(f, " %s %.2f |", verdict__word(v->v), v->ratio.estimate);
			else
				fprintf(f, " - |");
		}
		fprintf(f, "\n");
	}
	fprintf(f, "\nEach cell: the verdict and median(strategy) / median(against) at that point (bench/core/verdicts.c: a 95%% percentile bootstrap interval beyond or within %.0f%%).\n",
		100 * VERDICT_THRESHOLD);
}

/* The points where something changes, named. */
static void crossovers(FILE *f, const struct sweep *sw)
{
	struct verdict cols[VERDICT_MAX_PAIRS];
	int n = pair_columns(sw, cols, VERDICT_MAX_PAIRS);

	fprintf(f, "\n## Crossovers\n\n");
	for (int s = STRAT_NORMAL; s < NR_STRATEGIES; s++) {
		int below = -1, seen = 0;

		if (!sw->strategy[s])
			continue;
		for (int i = 0; i < sw->nr; i++) {
			const struct strategy_summary *st = &sw->pts[i].sum.st[s];

			if (!sw->pts[i].present || !st->present)
				continue;
			seen++;
			if (below < 0 && st->success_satisfiable.mean < SUCCESS_BAR)
				below = i;
		}
		if (!seen)
			continue;
		if (below >= 0)
			fprintf(f, "- %s: success falls below %.0f%% of satisfiable at %s = %s (%.4f).\n",
				strategy_names[s], 100 * SUCCESS_BAR, sw->key, sw->pts[below].value,
				sw->pts[below].sum.st[s].success_satisfiable.mean);
		else
			fprintf(f, "- %s: at or above %.0f%% of satisfiable at every point.\n",
				strategy_names[s], 100 * SUCCESS_BAR);
	}
	for (int c = 0; c < n; c++) {
		const char *first = NULL, *prev = NULL;
		int changed = -1;

		for (int i = 0; i < sw->nr; i++) {
			const struct verdict *v = verdict_at(&sw->pts[i], &cols[c]);
			const char *w = v ? verdict__word(v->v) : NULL;

			if (!w)
				continue;
			if (!first)
				first = w;
			if (prev && strcmp(prev, w) && changed < 0)
				changed = i;
			prev = w;
		}
		if (!first)
			continue;
		fprintf(f, "- %s vs %s: ", strategy_names[cols[c].s], strategy_names[cols[c].against]);
		if (changed < 0)
			fprintf(f, "%s at every point.\n", first);
		else
			fprintf(f, "%s up to %s = %s, %s from %s.\n", first, sw->key,
				sw->pts[changed - 1].value,
				verdict__word(verdict_at(&sw->pts[changed], &cols[c])->v),
				sw->pts[changed].value);
	}
}

static const char sweep_plot_script[] =
"# gnuplot script written by cmabulk-bench report; run from this folder.\n"
"set terminal svg size 820,480 dynamic noenhanced font 'sans,11' background '#ffffff'\n"
"set grid\n"
"set key outside right\n"
"set offsets 0.2, 0.2, 0, 0\n"
"set output 'sweep_latency.svg'\n"
"set title 'Median latency with its 95% interval, against the parameter'\n"
"set ylabel 'ms'\n"
"load 'sweep_latency.plot'\n"
"set output 'sweep_success.svg'\n"
"set title 'Success: allocated / satisfiable (mean)'\n"
"set ylabel 'ratio'\n"
"load 'sweep_success.plot'\n"
"set output 'sweep_floor.svg'\n"
"set title 'Latency / migration floor (median)'\n"
"set ylabel 'ratio'\n"
"load 'sweep_floor.plot'\n";

/* Data blocks per strategy, "index value y [lo hi]", and the plot command. */
static void sweep_plot_data(const char *dir, const struct sweep *sw, enum sweep_metric m)
{
	static const char *const names[] = { "sweep_latency", "sweep_success", "sweep_floor" };
	const char *spec = m == SW_MEDIAN ? "using 1:3:4:5:xtic(2) with yerrorlines lw 2" :
					    "using 1:3:xtic(2) with linespoints lw 2";
	struct plot_files p;
	int points = 0;

	if (plot__open(&p, dir, names[m]))
		return;
	for (int s = 0; s < NR_STRATEGIES; s++) {
		if (!sw->strategy[s])
			continue;
		fprintf(p.dat, "# %s\n", strategy_names[s]);
		for (int i = 0; i < sw->nr; i++) {
			const struct point *pt = &sw->pts[i];
			const struct strategy_summary *st = &pt->sum.st[s];

			if (!pt->present || !st->present)
				continue;
			if (m == SW_MEDIAN && pt->has_median[s])
				points += fprintf(p.dat, "%d %s %.4f %.4f %.4f\n", i, pt->value,
						  pt->median[s].estimate, pt->median[s].lo,
						  pt->median[s].hi) > 0;
			else if (m == SW_SUCCESS)
				points += fprintf(p.dat, "%d %s %.6f\n", i, pt->value,
						  st->success_satisfiable.mean) > 0;
			else if (m == SW_FLOOR && st->floor_ratio.n)
				points += fprintf(p.dat, "%d %s %.4f\n", i, pt->value,
						  st->floor_ratio.median) > 0;
		}
		plot__add(&p, spec, strategy_names[s]);
	}
	plot__close(&p);
	/* No point at all (no trial migrated enough for a floor): an empty frame that says so. */
	if (!points) {
		char path[1200];
		FILE *f;

		snprintf(path, sizeof(path), "%s/plots/%s.plot", dir, names[m]);
		f = fopen(path, "w");
		if (f) {
			fputs("set label 1 'no data at any point' at graph 0.5, graph 0.5 center\n"
			      "plot [0:1] [0:1] NaN notitle\nunset label 1\n", f);
			fclose(f);
		}
	}
}

static bool sweep_plots(const char *dir, const struct sweep *sw, bool plot)
{
	char path[1200];
	FILE *f;

	snprintf(path, sizeof(path), "%s/plots", dir);
	mkdir(path, 0755);
	for (int m = SW_MEDIAN; m <= SW_FLOOR; m++)
		sweep_plot_data(dir, sw, m);
	snprintf(path, sizeof(path), "%s/plots/sweep.gp", dir);
	f = fopen(path, "w");
	if (f) {
		fputs(sweep_plot_script, f);
		fclose(f);
	}
	if (!plot || system("command -v gnuplot >/dev/null 2>&1"))
		return false;
	snprintf(path, sizeof(path), "cd '%s/plots' && gnuplot sweep.gp 2>gnuplot.log", dir);
	if (system(path)) {
		tool_error(0, "gnuplot failed, see %s/plots/gnuplot.log", dir);
		return false;
	}
	return true;
}

int sweep__report(const char *dir, bool plot)
{
	static struct sweep sw;
	char path[1100];
	int present = 0;
	bool plotted;
	FILE *f;

	memset(&sw, 0, sizeof(sw));
	if (sweep_load(&sw, dir))
		return 1;
	for (int i = 0; i < sw.nr; i++) {
		sw.pts[i].value = sw.values[i];
		point_load(&sw, &sw.pts[i], dir, plot);
		present += sw.pts[i].present;
	}
	if (!present) {
		tool_error(0, "%s: none of the %d points of the sweep has results", dir, sw.nr);
		return 1;
	}
	plotted = sweep_plots(dir, &sw, plot);
	snprintf(path, sizeof(path), "%s/sweep.md", dir);
	f = atomic_open(path);
	if (!f)
		return tool_error(1, "cannot write %s: %s", path, strerror(errno));
	fprintf(f, "# cmabulk-bench sweep: %s over %s\n\n", sw.scenario, sw.key);
	for (int i = 0; i < sw.nr; i++) {
		const struct point *p = &sw.pts[i];

		if (p->present)
			fprintf(f, "- %s = %s: [`%s-%s`](%s-%s/report.md), %s, %zu measured trials of %s\n",
				sw.key, p->value, sw.key, p->value, sw.key, p->value, p->status,
				p->sum.rows - p->sum.warmup_rows, p->r.kernel);
		else
			fprintf(f, "- %s = %s: not run\n", sw.key, p->value);
	}
	metric_table(f, &sw, SW_MEDIAN);
	metric_table(f, &sw, SW_SUCCESS);
	metric_table(f, &sw, SW_FLOOR);
	if (has_drain_data(&sw))
		metric_table(f, &sw, SW_DRAIN);
	verdict_table(f, &sw);
	crossovers(f, &sw);
	fprintf(f, "\n## Plots\n\n");
	if (plotted)
		fprintf(f, "![median latency](plots/sweep_latency.svg)\n\n![success](plots/sweep_success.svg)\n\n![latency / floor](plots/sweep_floor.svg)\n");
	else
		fprintf(f, "Not rendered here (no gnuplot); `cmabulk-bench report %s` on a machine with gnuplot draws them from plots/*.dat.\n", dir);
	for (int i = 0; i < sw.nr; i++)
		if (sw.pts[i].present)
			results_dir__free(&sw.pts[i].r);
	if (atomic_close(f, path))
		return tool_error(1, "cannot write %s", path);
	return 0;
}
