// SPDX-License-Identifier: GPL-2.0
/* Many runs side by side, as text, markdown and plots; see trend_md.h. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "bench/report/plot.h"
#include "bench/report/trend_md.h"
#include "lib/atomic_file.h"
#include "lib/tool.h"

/* A step's verdict and interval: "slower 1.30 [1.22, 1.38]"; "-" for none. */
static void step_text(const struct trend *t, const struct trend_step *st, char *buf, size_t len)
{
	int prec = t->o.metric == METRIC_SUCCESS ? 4 : 2;
	const char *word = compare__verdict_word(t->o.metric, st->c.v);

	if (!st->judged)
		snprintf(buf, len, "-");
	else if (isnan(st->c.ci.estimate))
		snprintf(buf, len, "%s", word);
	else
		snprintf(buf, len, "%s %.*f [%.*f, %.*f]%s", word, prec, st->c.ci.estimate, prec,
			 st->c.ci.lo, prec, st->c.ci.hi, st->c.few ? " (too few trials)" : "");
}

/* "fast run 3, fast-normal run 3": the steps worse than the first run. */
static void worse_steps(const struct trend *t, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int s = 0; s < NR_STRATEGIES; s++)
		for (int i = 1; i < t->n && used < len; i++)
			if (t->cell[i][s].vs_first.c.worse)
				used += snprintf(buf + used, len - used, "%s%s run %d", used ? ", " : "",
						 strategy_names[s], i + 1);
}

static void result_line(const struct trend *t, FILE *f)
{
	char worse[1024];

	if (t->regressions) {
		worse_steps(t, worse, sizeof(worse));
		fprintf(f, "result: REGRESSION: %d of %d steps worse than run 1 (%s)\n", t->regressions,
			t->steps, worse);
	} else if (t->unknown) {
		fprintf(f, "result: undecided: %d of %d steps against run 1 need more trials to tell\n",
			t->unknown, t->steps);
	} else {
		fprintf(f, "result: no regression\n");
	}
}

void trend_md__print(const struct trend *t, FILE *f)
{
	char first[96], prev[96];

	compare__print_method(&t->o, t->run[0].scenario.name, f);
	for (int i = 0; i < t->n; i++)
		fprintf(f, "  run %d: %s (%s, %s)\n", i + 1, t->run[i].dir, t->run[i].kernel, t->run[i].date);
	fprintf(f, "%-12s %3s %4s %10s %10s %9s %8s  %-36s %s\n", "strategy", "run", "n", "median ms",
		"p90 ms", "migr. MiB", "success", "vs run 1", "vs previous");
	for (int s = 0; s < NR_STRATEGIES; s++) {
		for (int i = 0; (t->shown & (1u << s)) && i < t->n; i++) {
			const struct trend_cell *c = &t->cell[i][s];

			if (!c->present) {
				fprintf(f, "%-12s %3d %4s\n", strategy_names[s], i + 1, "-");
				continue;
			}
			step_text(t, &c->vs_first, first, sizeof(first));
			step_text(t, &c->vs_prev, prev, sizeof(prev));
			fprintf(f, "%-12s %3d %4zu %10.2f %10.2f %9.1f %8.4f  %-36s %s\n", strategy_names[s],
				i + 1, c->n, c->median_ms, c->p90_ms, c->migrated_mib, c->success, first, prev);
		}
	}
	result_line(t, f);
}

static const char trend_plot_head[] =
"# gnuplot script written by cmabulk-bench compare; run from this folder.\n"
"set terminal svg size 820,480 dynamic noenhanced font 'sans,11' background '#ffffff'\n"
"set grid\n"
"set key outside below\n"
"set offsets 0.2, 0.2, 0, 0\n"
"set xlabel 'run (trend.md names each)'\n"
"set ylabel 'latency of one request (ms)'\n"
"set yrange [0:*]\n";

/*
 * Strategy @s's plot: median and p90 per run, and for the latency gate
 * the first run's median -/+ the threshold, the band of "same".
 */
static void plot_strategy(const struct trend *t, const char *dir, enum strategy s, FILE *gp)
{
	static const char *const what[] = { "median", "p90" };
	struct plot_files p;
	char name[64];

	snprintf(name, sizeof(name), "trend_%s", strategy_names[s]);
	if (plot__open(&p, dir, name))
		return;
	for (int k = 0; k < 2; k++) {
		fprintf(p.dat, "# %s\n", what[k]);
		for (int i = 0; i < t->n; i++)
			if (t->cell[i][s].present)
				fprintf(p.dat, "%d %.4f\n", i + 1,
					k ? t->cell[i][s].p90_ms : t->cell[i][s].median_ms);
		plot__add(&p, k ? "using 1:2:xtic(1) with linespoints lw 2 pt 6" :
				  "using 1:2:xtic(1) with linespoints lw 2 pt 7", what[k]);
	}
	for (int k = 0; t->o.metric == METRIC_LATENCY && t->cell[0][s].present && k < 2; k++) {
		double y = t->cell[0][s].median_ms * (1 + (k ? 1 : -1) * t->o.threshold_pct / 100);

		fprintf(p.dat, "# run 1's median %s %g%%\n1 %.4f\n%d %.4f\n", k ? "+" : "-",
			t->o.threshold_pct, y, t->n, y);
		plot__add(&p, "using 1:2 with lines dt 2 lc rgb '#888888'",
			  k ? "" : "same: run 1 median -/+ threshold");
	}
	plot__close(&p);
	fprintf(gp, "\nset output '%s.svg'\nset title '%s: latency per run'\nload '%s.plot'\n", name,
		strategy_names[s], name);
}

/* The plots' data and script; SVGs when gnuplot drew them. */
static bool trend_plots(const struct trend *t, const char *dir, bool plot)
{
	char path[1100];
	FILE *gp;

	snprintf(path, sizeof(path), "%s/plots", dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/plots/trend.gp", dir);
	gp = fopen(path, "w");
	if (!gp)
		return false;
	fputs(trend_plot_head, gp);
	for (int s = 0; s < NR_STRATEGIES; s++)
		if (t->shown & (1u << s))
			plot_strategy(t, dir, s, gp);
	if (fclose(gp))
		return false;
	return plot && plot__render(dir, "trend.gp");
}

static void md_runs(const struct trend *t, FILE *f)
{
	fprintf(f, "| run | folder | kernel | series | status | date |\n| ---: | --- | --- | --- | --- | --- |\n");
	for (int i = 0; i < t->n; i++) {
		const struct results_dir *r = &t->run[i];

		fprintf(f, "| %d | `%s` | `%s` | %s | %s | %s |\n", i + 1, r->dir, r->kernel,
			results_dir__host_str(r, "series_hash") ?: "-", r->status, r->date);
	}
}

static void md_strategy(const struct trend *t, enum strategy s, bool plotted, FILE *f)
{
	char first[96], prev[96];

	fprintf(f, "\n## %s\n\n| run | n | median ms | p90 ms | migrated MiB | success | vs run 1 | vs previous |\n"
		"| ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |\n", strategy_names[s]);
	for (int i = 0; i < t->n; i++) {
		const struct trend_cell *c = &t->cell[i][s];

		if (!c->present) {
			fprintf(f, "| %d | - | | | | | | |\n", i + 1);
			continue;
		}
		step_text(t, &c->vs_first, first, sizeof(first));
		step_text(t, &c->vs_prev, prev, sizeof(prev));
		fprintf(f, "| %d | %zu | %.2f | %.2f | %.1f | %.4f | %s | %s |\n", i + 1, c->n, c->median_ms,
			c->p90_ms, c->migrated_mib, c->success, first, prev);
	}
	if (plotted)
		fprintf(f, "\n![%s: latency per run](plots/trend_%s.svg)\n", strategy_names[s],
			strategy_names[s]);
}

static void md_body(const struct trend *t, bool plotted, FILE *f)
{
	fprintf(f, "# cmabulk-bench compare: %s, %d runs\n\n```\n", t->run[0].scenario.name, t->n);
	compare__print_method(&t->o, t->run[0].scenario.name, f);
	fprintf(f, "```\n\nEach run after the first is judged against run 1 and against the run before it, as `cmabulk-bench compare` judges two runs: the verdict and the %s with its interval (faster or slower when the whole interval lies beyond the threshold, same when it lies within, unknown when more trials would tell). The exit status is compare's, over the steps against run 1.\n\n",
		t->o.metric == METRIC_SUCCESS ? "difference of mean success, B - A," : "ratio of medians, B / A,");
	md_runs(t, f);
	for (int s = 0; s < NR_STRATEGIES; s++)
		if (t->shown & (1u << s))
			md_strategy(t, s, plotted, f);
	if (!plotted)
		fprintf(f, "\nPlots not rendered here (no gnuplot): `gnuplot trend.gp` in plots/ draws them.\n");
	fprintf(f, "\n## Result\n\n");
	result_line(t, f);
	fprintf(f, "\nExit status %d.\n", trend__status(t));
}

int trend_md__write(const struct trend *t, const char *dir, bool plot)
{
	char path[1100];
	bool plotted;
	FILE *f;

	if (mkdir(dir, 0755) && errno != EEXIST)
		return tool_error(1, "cannot make %s: %s", dir, strerror(errno));
	plotted = trend_plots(t, dir, plot);
	snprintf(path, sizeof(path), "%s/trend.md", dir);
	f = atomic_open(path);
	if (!f)
		return tool_error(1, "cannot write %s: %s", path, strerror(errno));
	md_body(t, plotted, f);
	if (atomic_close(f, path))
		return tool_error(1, "cannot write %s", path);
	return 0;
}
