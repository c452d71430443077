// SPDX-License-Identifier: GPL-2.0
/*
 * The report of one run, rebuilt from trials.csv, scenario and meta.json
 * only: the headline table, the statistics behind it, skips by reason,
 * the phase breakdown, gnuplot plots of each, and how to reproduce it.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench/report/plot.h"
#include "bench/report/report_md.h"
#include "bench/report/timeline_plot.h"
#include "bench/core/results_dir.h"
#include "bench/core/summary.h"
#include "bench/core/trials.h"
#include "bench/core/verdicts.h"
#include "lib/atomic_file.h"
#include "lib/json_doc.h"
#include "lib/bootstrap.h"
#include "lib/stats.h"
#include "lib/sysfacts.h"
#include "lib/tool.h"

static const char *meta_str(const struct results_dir *r, const char *key)
{
	return json_doc__str(r->meta, key) ?: "?";
}

static double named_mean(const struct named_means *m, const char *name)
{
	for (int j = 0; j < m->n; j++)
		if (!strcmp(m->name[j], name))
			return isnan(m->mean[j]) ? 0 : m->mean[j];
	return 0;
}

/*
 * Latency CDF: one gnuplot data block per strategy, and the plot command
 * naming them (the strategies present vary from run to run).
 */
static void write_latency_cdf(const char *dir, const struct results_dir *r, double *v)
{
	struct plot_files p;

	if (plot__open(&p, dir, "latency_cdf"))
		return;
	for (int s = 0; s < NR_STRATEGIES; s++) {
		size_t n = summary__values(&r->trials, s, TRIALS_COL(WALL_NS), 1e-6, v);

		if (!n)
			continue;
		qsort(v, n, sizeof(*v), stats_compare_doubles);
		fprintf(p.dat, "# %s\n", strategy_names[s]);
		for (size_t i = 0; i < n; i++)
			fprintf(p.dat, "%.4f %.4f\n", v[i], (i + 1.0) / n);
		plot__add(&p, "using 1:2 with steps lw 2", strategy_names[s]);
	}
	plot__close(&p);
}

/*
 * The trade-off, trial by trial: success against latency, one data block
 * per strategy (a strategy that is fast because it gives up shows low and
 * to the left).
 */
static void write_tradeoff(const char *dir, const struct results_dir *r, double *lat,
			   double *succ)
{
	struct plot_files p;

	if (plot__open(&p, dir, "tradeoff"))
		return;
	for (int s = 0; s < NR_STRATEGIES; s++) {
		size_t n = summary__values(&r->trials, s, TRIALS_COL(WALL_NS), 1e-6, lat);
		char spec[64];

		/* Every measured trial has both; a run without success has no plot. */
		if (!n || summary__values(&r->trials, s, TRIALS_COL(SUCCESS), 1, succ) != n)
			continue;
		fprintf(p.dat, "# %s\n", strategy_names[s]);
		for (size_t i = 0; i < n; i++)
			fprintf(p.dat, "%.4f %.6f\n", lat[i], succ[i]);
		snprintf(spec, sizeof(spec), "using 1:2 with points pt %d ps 1.2", 5 + p.blocks % 9);
		plot__add(&p, spec, strategy_names[s]);
	}
	plot__close(&p);
}

static void write_success(const char *dir, const struct run_summary *sum)
{
	char path[1024];
	FILE *f;

	snprintf(path, sizeof(path), "%s/plots/success.dat", dir);
	f = fopen(path, "w");
	for (int s = 0; f && s < NR_STRATEGIES; s++) {
		const struct strategy_summary *st = &sum->st[s];

		if (st->present)
			fprintf(f, "%s %.6f %.6f %.6f\n", strategy_names[s], st->success.mean,
				st->success.min, st->success_satisfiable.mean);
	}
	if (f)
		fclose(f);
}

static const struct named_means *named_of(const struct run_summary *sum, int s, bool phases)
{
	return phases ? &sum->st[s].phases_ms : &sum->st[s].skips;
}

/* Named columns (skips by reason, phases): a header line, then rows. */
static int write_named(const char *dir, const struct run_summary *sum, bool phases)
{
	struct named_means names = { 0 };
	char path[1024];
	FILE *f;

	snprintf(path, sizeof(path), "%s/plots/%s.dat", dir, phases ? "phases" : "skips");
	f = fopen(path, "w");
	if (!f)
		return 0;
	for (int s = 0; s < NR_STRATEGIES; s++)
		if (sum->st[s].present && named_of(sum, s, phases)->n > names.n)
			names = *named_of(sum, s, phases);
	fprintf(f, "strategy");
	for (int i = 0; i < names.n; i++)
		fprintf(f, " %s", phases && !strcmp(names.name[i], "migrate") ?
			"migrate_without_lru_drain" : names.name[i]);
	fprintf(f, "\n");
	for (int s = 0; s < NR_STRATEGIES; s++) {
		const struct named_means *m = named_of(sum, s, phases);

		if (!sum->st[s].present)
			continue;
		fprintf(f, "%s", strategy_names[s]);
		for (int i = 0; i < names.n; i++) {
			double x = named_mean(m, names.name[i]);

			/* The tracer's migrate time includes the LRU drain in it: stack them apart. */
			if (phases && !strcmp(names.name[i], "migrate"))
				x -= named_mean(m, "lru_drain");
			fprintf(f, " %.6f", x);
		}
		fprintf(f, "\n");
	}
	fclose(f);
	return names.n;
}

/*
 * The question the series could not answer, per pair of strategies: how
 * much faster (median), with a bootstrap interval of the ratio of medians
 * and the verdict it gives, and Welch's and Mann-Whitney's p beside
 * (bench/core/verdicts.c).
 */
static void write_pairs(FILE *f, const struct results_dir *r, const struct run_summary *sum)
{
	struct verdict_set vs;

	if (verdicts__compute(&r->trials, &vs) || !vs.n)
		return;
	fprintf(f, "\n## Strategy against strategy (this run)\n\n"
		"| strategy | against | median ms | against ms | change of median | ratio [95%% CI] | verdict | Welch p | MWU p | success | against success |\n"
		"| --- | --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |\n");
	for (int i = 0; i < vs.n; i++) {
		const struct verdict *v = &vs.v[i];
		const struct strategy_summary *sa = &sum->st[v->s], *sb = &sum->st[v->against];
		char p[32] = "-", u[32] = "-", ratio[64] = "-";

		if (!isnan(v->welch_p))
			snprintf(p, sizeof(p), v->welch_p < 0.0001 ? "%.1e" : "%.4f", v->welch_p);
		if (!isnan(v->mwu_p))
			snprintf(u, sizeof(u), v->mwu_p < 0.0001 ? "%.1e" : "%.4f", v->mwu_p);
		if (!isnan(v->ratio.estimate))
			snprintf(ratio, sizeof(ratio), "%.3f [%.3f, %.3f]", v->ratio.estimate,
				 v->ratio.lo, v->ratio.hi);
		fprintf(f, "| %s | %s | %.2f | %.2f | %+.1f%% | %s | %s | %s | %s | %.4f | %.4f |\n",
			strategy_names[v->s], strategy_names[v->against], sa->latency_ms.median,
			sb->latency_ms.median, stats_pct_delta(sb->latency_ms.median, sa->latency_ms.median),
			ratio, verdict__word(v->v), p, u, sa->success.mean, sb->success.mean);
	}
	fprintf(f, "\nA negative change means the first strategy is faster. The ratio is median(strategy) / median(against) with a seeded 95%% percentile bootstrap interval (%d resamples, seed %d); the verdict says faster or slower when the whole interval lies beyond %.0f%% either side of 1, same when it lies within, unknown when more trials would tell (and below %d trials a side). p < 0.05: the latencies differ beyond trial-to-trial noise (Welch's t-test; Mann-Whitney's U, which outliers cannot swing).\n",
		BOOT_DEFAULT_REPS, BOOT_DEFAULT_SEED, 100 * VERDICT_THRESHOLD, BOOT_MIN_VERDICT_N);
	if (vs.unknown)
		fprintf(f, "\n%d of %d comparisons are undecided: `cmabulk-bench run --until-decided` adds trials until they are.\n",
			vs.unknown, vs.n);
}

static const char plot_script[] =
"# gnuplot script written by cmabulk-bench report; run from this folder.\n"
"set terminal svg size 820,480 dynamic noenhanced font 'sans,11' background '#ffffff'\n"
"set grid\n"
"set key outside right\n"
"\n"
"set output 'latency_cdf.svg'\n"
"set title 'Latency of one request, per strategy (CDF over trials)'\n"
"set xlabel 'latency (ms, log scale)'\n"
"set ylabel 'fraction of trials'\n"
"set logscale x\n"
"set yrange [0:1.05]\n"
"load 'latency_cdf.plot'\n"
"unset logscale x\n"
"\n"
"set output 'tradeoff.svg'\n"
"set title 'Success against latency, per trial'\n"
"set xlabel 'latency (ms, log scale)'\n"
"set ylabel 'chunks allocated / requested'\n"
"set logscale x\n"
"set autoscale y\n"
"load 'tradeoff.plot'\n"
"unset logscale x\n"
"\n"
"set output 'success.svg'\n"
"set title 'Chunks allocated / requested (mean and worst trial)'\n"
"set style data histograms\n"
"set style histogram clustered gap 1\n"
"set style fill solid 0.8 border -1\n"
"set yrange [0:1.1]\n"
"set xlabel ''\n"
"set ylabel 'success ratio'\n"
"set xtics rotate by -30\n"
"plot 'success.dat' using 2:xtic(1) title 'mean', '' using 3 title 'worst'\n"
"\n"
"set output 'skips.svg'\n"
"set title 'Pageblocks skipped per request, by reason (mean)'\n"
"set style histogram rowstacked\n"
"set autoscale y\n"
"set ylabel 'pageblocks'\n"
"plot for [c=2:*] 'skips.dat' using c:xtic(1) title columnheader(c)\n";

/* Only a traced run has phases to plot. */
static const char plot_script_phases[] =
"\n"
"set output 'phases.svg'\n"
"set title 'alloc_contig_range() phases, mean ms per request'\n"
"set ylabel 'ms'\n"
"plot for [c=2:*] 'phases.dat' using c:xtic(1) title columnheader(c)\n";

static bool have_gnuplot(void)
{
	return system("command -v gnuplot >/dev/null 2>&1") == 0;
}

/* Plot data and script; SVGs if gnuplot is here and @plot. True when rendered. */
static bool report_plots(const char *dir, const struct results_dir *r,
			 const struct run_summary *sum, bool plot)
{
	char path[1024];
	double *v = calloc(r->trials.nrows + 1, sizeof(double));
	double *w = calloc(r->trials.nrows + 1, sizeof(double));
	bool plotted = false, phases;
	FILE *f;

	snprintf(path, sizeof(path), "%s/plots", dir);
	mkdir(path, 0755);
	if (v)
		write_latency_cdf(dir, r, v);
	if (v && w)
		write_tradeoff(dir, r, v, w);
	free(v);
	free(w);
	write_success(dir, sum);
	write_named(dir, sum, false);
	phases = write_named(dir, sum, true) > 0;
	snprintf(path, sizeof(path), "%s/plots/plots.gp", dir);
	f = fopen(path, "w");
	if (f) {
		fputs(plot_script, f);
		if (phases)
			fputs(plot_script_phases, f);
		timeline_plot__write(dir, r, f);
		fclose(f);
	}
	if (plot && have_gnuplot()) {
		char cmd[1200];

		snprintf(cmd, sizeof(cmd), "cd '%s/plots' && gnuplot plots.gp 2>gnuplot.log", dir);
		plotted = system(cmd) == 0;
		if (!plotted)
			tool_error(0, "gnuplot failed, see %s/plots/gnuplot.log", dir);
	}
	return plotted;
}

/* Title, status and where and how the run ran. */
static void report_header(FILE *f, const struct results_dir *r)
{
	const struct scenario *sc = &r->scenario;
	struct json_object *host = json_doc__member(r->meta, "host", json_type_object, NULL);

	fprintf(f, "# cmabulk-bench: %s%s\n\n", sc->name,
		strcmp(r->status, "complete") ? " (PARTIAL RUN)" : "");
	if (sc->description[0])
		fprintf(f, "%s.\n\n", sc->description);
	if (strcmp(r->status, "complete"))
		fprintf(f, "**This run is %s: %s.** Only the trials it finished are below.\n\n",
			r->status, meta_str(r, "reason"));
	fprintf(f, "- run `%s`, %s, status %s\n", meta_str(r, "run_id"), r->date, r->status);
	if (json_doc__str(r->meta, "until_decided"))
		fprintf(f, "- run until decided: %s\n", json_doc__str(r->meta, "until_decided"));
	fprintf(f, "- kernel `%s`, %s, %.0f CPUs, %.0f MiB RAM, clock %s\n", r->kernel,
		meta_str(r, "cpu_model"), json_doc__num(r->meta, "cpus", 0),
		json_doc__num(r->meta, "mem_total_kb", 0) / 1024, meta_str(r, "clocksource"));
	fprintf(f, "- CMA area `%s`: %.0f MiB; request: %u chunks of order %u (%.0f MiB)\n",
		meta_str(r, "cma_area"), pages_to_mib_at(json_doc__num(r->meta, "cma_pages", 0), r->page_size),
		sc->chunks, sc->order, floor(pages_to_mib_at((double)sc->chunks * (1u << sc->order), r->page_size)));
	fprintf(f, "- load: fill %g%% (%s), pin %s %g, fragment %g%%, churn %g MiB/s alloc + %g MiB/s write\n",
		sc->fill_pct, sc->fill_kind, sc->pin_method, sc->pin_fraction,
		sc->fragment_pct, sc->churn_alloc_mb_s, sc->churn_write_mb_s);
	fprintf(f, "- %u measured trials per strategy after %u warm-up, strategies in a seeded random order per trial, load rebuilt (seed %llu) before each\n",
		sc->trials, sc->warmup, (unsigned long long)sc->seed);
	fprintf(f, "- memory copy bandwidth %.2f GB/s (the migration floor below is migrated bytes / this)\n",
		json_doc__num(r->meta, "membw_bytes_per_s", 0) / 1e9);
	if (!host)
		return;
	json_object_object_foreach(host, key, val)
		fprintf(f, "- %s: `%s`\n", key,
			json_object_is_type(val, json_type_string) ? json_object_get_string(val) : "?");
}

/* When FAST then NORMAL ran: how much of what it got came from the second pass. */
static void report_fallback_share(FILE *f, const struct results_dir *r,
				  const struct run_summary *sum)
{
	const struct strategy_summary *st = &sum->st[STRAT_FAST_NORMAL];
	double *v = calloc(r->trials.nrows + 1, sizeof(double));
	size_t n = 0, fired = 0;
	double total = 0;

	if (v && st->present)
		n = summary__values(&r->trials, STRAT_FAST_NORMAL, TRIALS_COL(FALLBACK_ALLOCATED), 1, v);
	for (size_t i = 0; i < n; i++) {
		total += v[i];
		fired += v[i] > 0;
	}
	free(v);
	if (!n || !st->allocated)
		return;
	fprintf(f, "\nfast-normal: the NORMAL pass added chunks in %zu of %zu trials, %.1f per trial on average: %.2f%% of the chunks it allocated.\n",
		fired, n, total / n, 100 * total / (st->allocated / st->n));
}

/*
 * Series v5's ordering pass: its time per call (the median over measured
 * trials), and that as a share of the call's own median time in the kernel.
 */
static void report_ordering(FILE *f, const struct results_dir *r)
{
	double *ns = calloc(r->trials.nrows + 1, sizeof(double));
	double *call = calloc(r->trials.nrows + 1, sizeof(double));
	bool title = false;

	for (int s = 0; ns && call && s < NR_STRATEGIES; s++) {
		struct stats_summary o, k;
		size_t n = summary__values(&r->trials, s, TRIALS_COL(ORDER_NS), 1e-3, ns);
		size_t m = summary__values(&r->trials, s, TRIALS_COL(KERNEL_NS), 1e-3, call);

		if (!n || !m || stats_summarize(ns, n, &o) || stats_summarize(call, m, &k) || o.max <= 0)
			continue;
		if (!title)
			fprintf(f, "\nOrdering (series v5: the emptiest windows first), per call: ");
		fprintf(f, "%s%s %.0f us median (%.2f%% of its %.1f ms", title ? "; " : "",
			strategy_names[s], o.median, k.median > 0 ? 100 * o.median / k.median : NAN,
			k.median / 1e3);
		/* Runs before patch 16 have no count of the struct pages read. */
		n = summary__values(&r->trials, s, TRIALS_COL(ORDER_READ), 1, ns);
		if (n && stats_summarize(ns, n, &o) == 0)
			fprintf(f, ", %.0f struct pages read", o.median);
		fprintf(f, ")");
		title = true;
	}
	if (title)
		fprintf(f, ".\n");
	free(ns);
	free(call);
}

static void report_headline(FILE *f, const struct results_dir *r, const struct run_summary *sum)
{
	/* Runs from before series v3 count neither wasted MiB nor rescues. */
	const bool v3 = sum->has_wasted, minf = sum->has_min_floor;

	fprintf(f, "\n## Headline\n\n");
	fprintf(f, "| strategy | success (mean) | of satisfiable | median ms | p90 ms | CV | migrated MiB |%s skipped blocks |%s -EBUSY retries | cma_alloc calls | latency / floor |%s\n",
		v3 ? " wasted MiB |" : "", v3 ? " rescued chunks |" : "",
		minf ? " excess MiB | latency / minimal floor |" : "");
	fprintf(f, "| --- | ---: | ---: | ---: | ---: | ---: | ---: |%s ---: |%s ---: | ---: | ---: |%s\n",
		v3 ? " ---: |" : "", v3 ? " ---: |" : "", minf ? " ---: | ---: |" : "");
	for (int s = 0; s < NR_STRATEGIES; s++) {
		const struct strategy_summary *st = &sum->st[s];
		char calls[32] = "-", floor_txt[32] = "-", wasted[32] = "", rescued[32] = "", minimal[64] = "";

		if (!st->present)
			continue;
		/* The bulk strategies make one cma_alloc_bulk() call, no cma_alloc(). */
		if (s < STRAT_NORMAL)
			snprintf(calls, sizeof(calls), "%.0f", st->cma_alloc_calls);
		if (st->floor_ratio.n)
			snprintf(floor_txt, sizeof(floor_txt), "%.1f", st->floor_ratio.median);
		if (v3) {
			snprintf(wasted, sizeof(wasted), " %.1f |",
				 pages_to_mib_at(st->wasted, sum->page_size));
			snprintf(rescued, sizeof(rescued), " %.1f |", st->rescued);
		}
		if (minf && st->min_floor_ratio.n)
			snprintf(minimal, sizeof(minimal), " %.1f | %.1f |",
				 pages_to_mib_at(st->excess, sum->page_size), st->min_floor_ratio.median);
		else if (minf)
			snprintf(minimal, sizeof(minimal), " %.1f | - |",
				 pages_to_mib_at(st->excess, sum->page_size));
		fprintf(f, "| %s | %.4f | %.4f | %.2f | %.2f | %.1f%% | %.1f |%s %.1f |%s %.1f | %s | %s |%s\n",
			strategy_names[s], st->success.mean, st->success_satisfiable.mean,
			st->latency_ms.median, st->latency_ms.p90, 100 * st->latency_ms.cv,
			pages_to_mib_at(st->migrated, sum->page_size), wasted, st->skipped, rescued,
			st->busy_retries, calls, floor_txt, minimal);
	}
	fprintf(f, "\nsuccess = chunks allocated / requested; of satisfiable = allocated / what the area could give with the pinned pageblocks taken out. Latency is wall-clock time of the request as user space sees it. CV = coefficient of variation of the latency. The floor is the time to copy the migrated pages at memcpy bandwidth. %sSkipped blocks are cma_alloc_bulk()'s; -EBUSY retries are cma_alloc()'s moves to the next window after a failed range.\n",
		v3 ? "Wasted MiB were migrated out of windows that then gave nothing; skipped blocks count distinct pageblocks; rescued chunks came out of windows that failed. " : "");
	if (minf)
		fprintf(f, "\nThe minimal floor is what a perfect allocator would pay: the least the request had to migrate (the load's pages in the emptiest chunks without a pin, taken first) at memcpy bandwidth. Excess MiB = migrated - that least: what a strategy moved beyond it (pages the load did not place, such as churn's, count as excess).\n");
	report_fallback_share(f, r, sum);
	report_ordering(f, r);
}

/* Latency statistics, skips by reason and phases, per strategy. */
static void report_tables(FILE *f, const struct run_summary *sum)
{
	fprintf(f, "\n## Latency (ms)\n\n| strategy | n | min | median | mean | p90 | p99 | max | stddev | CV | kernel median |\n");
	fprintf(f, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
	for (int s = 0; s < NR_STRATEGIES; s++) {
		const struct strategy_summary *st = &sum->st[s];
		const struct stats_summary *l = &st->latency_ms;

		if (!st->present)
			continue;
		fprintf(f, "| %s | %zu | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.1f%% | %.2f |\n",
			strategy_names[s], l->n, l->min, l->median, l->mean, l->p90, l->p99, l->max,
			l->stddev, 100 * l->cv, st->kernel_ms.median);
	}
	for (int kind = 0; kind < 2; kind++) {
		fprintf(f, kind ? "\n## Phases of alloc_contig_range() (mean ms per request, cmabulk-trace --phases; migrate includes lru_drain)\n\n" :
			"\n## Skipped pageblocks by reason (mean per request) and migration\n\n");
		for (int s = 0; s < NR_STRATEGIES; s++) {
			const struct strategy_summary *st = &sum->st[s];
			const struct named_means *m = named_of(sum, s, kind);

			if (!st->present)
				continue;
			fprintf(f, "- **%s**:", strategy_names[s]);
			for (int i = 0; i < m->n; i++)
				if (m->mean[i] != 0)
					fprintf(f, " %s %.*f,", m->name[i], kind ? 2 : 1, m->mean[i]);
			if (kind)
				fprintf(f, " pcp drains %.1f, lru drains %.1f\n", st->pcp_drains, st->lru_drains);
			else
				fprintf(f, " migrated %.0f pages, %.1f retries, %.0f ranges tried\n",
					st->migrated, st->retries, st->trace_ranges);
		}
	}
}

/* The plots (or how to get them), the self-checks, how to run it again. */
/* The run's Perfetto timeline, how to open it, and its plots. */
static void report_timeline(FILE *f, const char *dir, bool plotted)
{
	char path[1100];
	const char *file = RUN_TIMELINE_FILE ".gz";

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	if (access(path, F_OK)) {
		file = RUN_TIMELINE_FILE;
		snprintf(path, sizeof(path), "%s/%s", dir, file);
	}
	if (access(path, F_OK))
		return;
	fprintf(f, "\n## Timeline\n\n"
		"[%s](%s): every call of the run as a slice on its thread, each window it tried "
		"(`range ok`, `range pinned`, ...) with its phases nested, skips and fallbacks as "
		"instants, the area's free, used and migrated pages as counters (cmabulk-trace "
		"--perfetto, CLOCK_BOOTTIME; `boot_start_ns` in trials.csv places each request). "
		"Open it at https://ui.perfetto.dev (*Open trace file*; gzip is fine).\n", file, file);
	if (!plotted)
		return;
	for (int s = 0; s < NR_STRATEGIES; s++) {
		snprintf(path, sizeof(path), "%s/plots/timeline_%s.svg", dir, strategy_names[s]);
		if (!access(path, F_OK))
			fprintf(f, "\n![timeline of %s](plots/timeline_%s.svg)\n", strategy_names[s],
				strategy_names[s]);
	}
}

static void report_checks(FILE *f, const char *dir, const struct results_dir *r,
			  const struct run_summary *sum, bool plotted)
{
	size_t mismatches = 0, traced = 0;
	char phases_svg[1100];
	bool phases;

	snprintf(phases_svg, sizeof(phases_svg), "%s/plots/phases.svg", dir);
	phases = access(phases_svg, F_OK) == 0;	/* a traced run's */
	fprintf(f, "\n## Plots\n\n");
	if (plotted)
		fprintf(f, "![latency CDF](plots/latency_cdf.svg)\n\n![success against latency](plots/tradeoff.svg)\n\n"
			"![success](plots/success.svg)\n\n"
			"![skips by reason](plots/skips.svg)\n%s",
			phases ? "\n![phases](plots/phases.svg)\n" : "");
	else
		fprintf(f, "Not rendered here (no gnuplot); `cmabulk-bench report %s` on a machine with gnuplot draws them from plots/*.dat.\n", dir);
	report_timeline(f, dir, plotted);
	fprintf(f, "\n## Checks\n\n");
	for (int s = 0; s < NR_STRATEGIES; s++) {
		mismatches += sum->st[s].trace_mismatch;
		traced += sum->st[s].present ? sum->st[s].n : 0;
	}
	if (table__col(&r->trials, TRIALS_COL(TRACE_MISMATCH)) >= 0)
		fprintf(f, "- cmabulk-trace counted the same calls as the driver in %zu of %zu measured trials\n",
			traced - mismatches, traced);
	fprintf(f, "- %zu trials in trials.csv, %zu of them warm-up (excluded from every statistic)\n",
		sum->rows, sum->warmup_rows);
	fprintf(f, "\n## Reproduce\n\n```\nmake run SCENARIO=%s\ncmabulk-bench compare %s results/<new run>\n```\n",
		r->scenario.name, dir);
}

int report_md__write(const char *dir, bool plot, bool print_headline)
{
	struct results_dir r;
	struct run_summary sum;
	char err[600], path[1024];
	bool plotted;
	FILE *f;

	if (results_dir__load(&r, dir, true, err, sizeof(err))) {
		tool_error(0, "%s", err);
		return 1;
	}
	/* MiB at the page size the run had, not this machine's. */
	if (summary__compute(&r.trials, r.page_size, &sum)) {
		tool_error(0, "%s: out of memory", dir);
		results_dir__free(&r);
		return 1;
	}
	plotted = report_plots(dir, &r, &sum, plot);
	snprintf(path, sizeof(path), "%s/report.md", dir);
	f = atomic_open(path);
	if (!f) {
		tool_error(0, "cannot write %s: %s", path, strerror(errno));
		results_dir__free(&r);
		return 1;
	}
	report_header(f, &r);
	report_headline(f, &r, &sum);
	write_pairs(f, &r, &sum);
	report_tables(f, &sum);
	report_checks(f, dir, &r, &sum, plotted);
	if (atomic_close(f, path)) {
		tool_error(0, "cannot write %s", path);
		results_dir__free(&r);
		return 1;
	}
	if (print_headline)
		summary__print_headline(&sum, stdout);
	results_dir__free(&r);
	return 0;
}
