// SPDX-License-Identifier: GPL-2.0
/*
 * The commands on results folders: report (the report of a run or a
 * sweep), compare (the regression gate), merge (boots of one kernel as
 * one run) and columns (what trials.csv holds).
 */
#include <errno.h>
#include <float.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/cli.h"
#include "bench/commands.h"
#include "bench/core/compare.h"
#include "bench/core/merge.h"
#include "bench/core/sweep_dir.h"
#include "bench/core/summary_schema.h"
#include "bench/core/trend.h"
#include "bench/core/trials.h"
#include "bench/report/report_md.h"
#include "bench/report/sweep_md.h"
#include "bench/report/trend_md.h"
#include "lib/args.h"
#include "lib/cmd.h"
#include "lib/tool.h"

enum { OPT_ALPHA = 1000, OPT_SEED, OPT_RESAMPLES, OPT_ALLOW_PARTIAL, OPT_NO_PLOT, OPT_MARKDOWN, OPT_SUMMARY };


/* --- report --------------------------------------------------------------- */

struct report_cmd {
	bool no_plot, quiet;
	struct bench_args a;
};

static const struct argp_option report_options[] = {
	{ "no-plot", OPT_NO_PLOT, NULL, 0, "Do not call gnuplot", 0 },
	QUIET_OPTION,
	{},
};

static void report_cmd_init(void *opts)
{
	struct report_cmd *c = opts;

	c->a = (struct bench_args){ .nr_want = 1, .missing = "report needs one results folder" };
}

static error_t parse_report_opt(int key, char *arg, struct argp_state *state)
{
	struct report_cmd *c = state->input;

	switch (key) {
	case OPT_NO_PLOT:
		c->no_plot = true;
		return 0;
	case 'q':
		c->quiet = true;
		return 0;
	}
	return bench_args__parse(&c->a, key, arg);
}

static const struct argp report_argp = {
	report_options, parse_report_opt, "DIR",
	"(Re)write DIR/report.md and its plots (gnuplot SVGs) from DIR's data. For\n"
	"a sweep's folder, every point's report and the sweep's sweep.md.\n"
	"\vEXAMPLES:\n"
	"  cmabulk-bench report results/latest\n"
	"  cmabulk-bench report results/20261126-033021-pinned --no-plot\n",
};

static int report_cmd_exec(void *opts)
{
	struct report_cmd *c = opts;
	const char *dir = c->a.args[0];

	if (sweep_dir__is_sweep(dir))
		return sweep__report(dir, !c->no_plot) ? BAD_INPUT : 0;
	return report_md__write(dir, !c->no_plot, !c->quiet) ? BAD_INPUT : 0;
}

const struct bench_command bench_cmd_report = {
	"report", "(re)write DIR/report.md and its plots from DIR's data", &report_argp,
	sizeof(struct report_cmd), report_cmd_init, NULL, report_cmd_exec,
};

/* --- compare -------------------------------------------------------------- */

struct compare_cmd {
	struct compare_opts cmp;
	struct scenario_overrides ov;	/* --strategies */
	const char *out;		/* -o: trend.md and plots there */
	bool no_plot;
	struct bench_args a;
};

static const struct argp_option compare_options[] = {
	{ "metric", 'm', "M", 0, "latency (default), kernel or success", 0 },
	{ "threshold", 't', "PCT", 0, "A change matters beyond this (default 10): worse when the whole interval lies beyond it", 0 },
	{ "alpha", OPT_ALPHA, "P", 0, "Level at which Welch's and Mann-Whitney's p are marked signif. (default 0.05)", 0 },
	{ "seed", OPT_SEED, "N", 0, "Seed of the bootstrap (default 1): the same data and seed, the same verdicts", 0 },
	{ "resamples", OPT_RESAMPLES, "N", 0, "Bootstrap resamples (default 2000)", 0 },
	{ "strategies", 's', "LIST", 0, "Gate only these strategies", 0 },
	{ "allow-partial", OPT_ALLOW_PARTIAL, NULL, 0, "Use a partial run anyway", 0 },
	{ "output", 'o', "DIR", 0, "Write DIR/trend.md and a plot per strategy (DIR/plots/) of the runs", 0 },
	{ "no-plot", OPT_NO_PLOT, NULL, 0, "-o: do not call gnuplot", 0 },
	{},
};

static void compare_cmd_init(void *opts)
{
	struct compare_cmd *c = opts;

	c->cmp = (struct compare_opts){ .metric = METRIC_LATENCY, .threshold_pct = 10, .alpha = 0.05 };
	scenario_overrides__init(&c->ov);
	c->a = (struct bench_args){ .nr_want = TREND_MAX_RUNS, .optional = true };
}

static int parse_metric(const char *s, enum gate_metric *metric)
{
	for (int m = 0; m < NR_METRICS; m++) {
		if (!strcmp(s, gate_metric_names[m])) {
			*metric = m;
			return 0;
		}
	}
	return tool_error(-EINVAL, "--metric: unknown metric '%s' (latency, kernel, success)", s);
}

static int parse_compare_key(struct compare_cmd *c, int key, char *arg)
{
	struct compare_opts *co = &c->cmp;
	unsigned long long v;

	switch (key) {
	case 'm':
		return parse_metric(arg, &co->metric);
	case 't':
		return args_double(arg, "--threshold", "a percentage", 0, 1e6, &co->threshold_pct);
	case OPT_ALPHA:
		return args_double(arg, "--alpha", "in (0, 1)", DBL_MIN, 1, &co->alpha);
	case OPT_SEED:
		return args_integer(arg, "--seed", 1, 1ULL << 53, &co->seed);
	case OPT_RESAMPLES:
		if (args_integer(arg, "--resamples", 100, 1000000, &v))
			return -EINVAL;
		co->boot_reps = (unsigned int)v;
		return 0;
	case OPT_ALLOW_PARTIAL:
		co->allow_partial = true;
		return 0;
	case 's':
		return scenario_overrides__set(&c->ov, "--strategies", "strategies", arg,
					       &c->ov.strategies);
	case 'o':
		c->out = arg;
		return 0;
	case OPT_NO_PLOT:
		c->no_plot = true;
		return 0;
	}
	return -ENOENT;
}

static error_t parse_compare_opt(int key, char *arg, struct argp_state *state)
{
	struct compare_cmd *c = state->input;
	int err;

	if (key == ARGP_KEY_END && c->a.nr_args < 2)
		return tool_error(EINVAL, "compare needs two results folders, A (base) and B (new), or more");
	err = bench_args__parse(&c->a, key, arg);
	if (err != ARGP_ERR_UNKNOWN)
		return err;
	err = parse_compare_key(c, key, arg);
	if (err == -ENOENT)
		return ARGP_ERR_UNKNOWN;
	return err ? EINVAL : 0;
}

static const struct argp compare_argp = {
	compare_options, parse_compare_opt, "A B [C...]",
	"Runs A (base) and B (new) side by side, mmtests style (Min, Median, Amean,\n"
	"Stddev, CoeffVar, Max, Welch's p, Mann-Whitney's p); a regression gate for\n"
	"CI. Each strategy gets a verdict from a seeded 95% percentile bootstrap\n"
	"interval of median(B) / median(A) (success: mean(B) - mean(A)): faster or\n"
	"slower (higher or lower) when the whole interval lies beyond the\n"
	"threshold, same when it lies within, unknown otherwise: more trials would\n"
	"tell. Runs of different scenarios, partial runs and folders that are not\n"
	"runs are refused.\n"
	"\n"
	"Three runs or more (kernels, revisions, days), as mmtests compares many\n"
	"kernels: per strategy a row per run (median and p90 latency, migrated MiB,\n"
	"success) with the verdict of each run against the first and against the\n"
	"one before it, each drawn as the 2-way gate draws it. -o DIR writes it as\n"
	"DIR/trend.md with a gnuplot plot per strategy (for two runs too).\n"
	"\vEXAMPLES:\n"
	"  cmabulk-bench compare results/base results/latest\n"
	"  cmabulk-bench compare results/A results/B -m latency -t 5\n"
	"  cmabulk-bench compare results/A results/B -m success -s fast,normal\n"
	"  cmabulk-bench compare results/v3 results/v4 results/v5 -o build/trend\n"
	"\n"
	"Exit status: 0 no regression, every strategy decided; 1 regression (a\n"
	"strategy's interval lies wholly on the worse side of the threshold; with\n"
	"three runs or more, any run's against the first); 2 bad input; 3 no\n"
	"regression, but some strategy undecided within the trials there are.",
};

_Static_assert(TREND_MAX_RUNS <= BENCH_MAX_ARGS, "compare's folders are positional arguments");

/* Three runs or more, or -o: the N-way table (or the 2-way one) and DIR/trend.md. */
static int compare_trend(struct compare_cmd *c)
{
	struct trend *t = calloc(1, sizeof(*t));
	char err[1024];
	int ret;

	if (!t)
		return tool_error(1, "out of memory");
	ret = trend__load(t, &c->cmp, c->a.args, c->a.nr_args, err, sizeof(err));
	if (ret) {
		tool_error(0, "%s", err);
		ret = ret == -ENOMEM ? 1 : BAD_INPUT;
	} else {
		/* Two runs print as they always have; the document is the N-way one. */
		if (c->a.nr_args == 2)
			ret = bench_compare(&c->cmp);
		else
			trend_md__print(t, stdout);
		if (ret != BAD_INPUT && c->out && trend_md__write(t, c->out, !c->no_plot))
			ret = BAD_INPUT;
		ret = ret ?: trend__status(t);
	}
	trend__free(t);
	free(t);
	return ret;
}

static int compare_cmd_exec(void *opts)
{
	struct compare_cmd *c = opts;

	c->cmp.a = c->a.args[0];
	c->cmp.b = c->a.args[1];
	c->cmp.strategies = c->ov.strategies ? c->ov.values.strategies : 0;
	if (c->a.nr_args == 2 && !c->out)
		return bench_compare(&c->cmp);
	return compare_trend(c);
}

const struct bench_command bench_cmd_compare = {
	"compare", "A and B side by side, or many runs; exit 1 on a regression, 3 when undecided", &compare_argp,
	sizeof(struct compare_cmd), compare_cmd_init, NULL, compare_cmd_exec,
};

/* --- merge ---------------------------------------------------------------- */

struct merge_cmd {
	const char *out;
	struct bench_args a;
};

static const struct argp_option merge_options[] = {
	{ "output", 'o', "DIR", 0, "The merged run's folder, new (required)", 0 },
	{},
};

static error_t parse_merge_opt(int key, char *arg, struct argp_state *state)
{
	struct merge_cmd *c = state->input;

	switch (key) {
	case 'o':
		c->out = arg;
		return 0;
	case ARGP_KEY_ARG:
		if (c->a.nr_args == BENCH_MAX_ARGS)
			return tool_error(EINVAL, "merge: at most %d folders", BENCH_MAX_ARGS);
		c->a.args[c->a.nr_args++] = arg;
		return 0;
	case ARGP_KEY_END:
		if (c->a.nr_args < 1)
			return tool_error(EINVAL, "merge needs one or more results folders");
		if (!c->out)
			return tool_error(EINVAL, "merge needs -o DIR, the merged run's new folder");
		return 0;
	}
	return ARGP_ERR_UNKNOWN;
}

static const struct argp merge_argp = {
	merge_options, parse_merge_opt, "DIR...",
	"Make one run of several runs of one scenario on one kernel: their trials\n"
	"in one trials.csv, the scenario, summary.json and a meta.json that names\n"
	"the runs it was made of (merged_from). What make ab does with each\n"
	"kernel's boots before it compares them, and what a farm job's boots\n"
	"(scripts/farm.sh collect) become. A partial run makes the merged one\n"
	"partial; runs of other scenarios or kernels (release, or the series or\n"
	"config hash both runs record) are refused.\n"
	"\vEXAMPLES:\n"
	"  cmabulk-bench merge -o results/A results/ab/a1 results/ab/a2\n"
	"  cmabulk-bench report results/A\n"
	"\n"
	"Exit status: 0 merged; 1 the merged run could not be written; 2 bad input.",
};

static int merge_cmd_exec(void *opts)
{
	struct merge_cmd *c = opts;
	char err[1024];
	int ret = bench_merge(c->out, c->a.args, c->a.nr_args, err, sizeof(err));

	/* Folders that cannot be merged are bad input; a write that failed is not. */
	if (ret)
		return tool_error(ret == -EINVAL ? BAD_INPUT : 1, "%s", err);
	return 0;
}

const struct bench_command bench_cmd_merge = {
	"merge", "runs of one scenario on one kernel (boots) as one run", &merge_argp,
	sizeof(struct merge_cmd), NULL, NULL, merge_cmd_exec,
};

/* --- columns -------------------------------------------------------------- */

struct columns_cmd {
	bool markdown, summary;
	struct bench_args a;
};

static const struct argp_option columns_options[] = {
	{ "markdown", OPT_MARKDOWN, NULL, 0, "The table of docs/trials-table.md (or docs/formats/summary.md) instead of JSON", 0 },
	{ "summary", OPT_SUMMARY, NULL, 0, "summary.json's fields (bench/core/summary_schema.h) instead of the trials table's", 0 },
	{},
};

static error_t parse_columns_opt(int key, char *arg, struct argp_state *state)
{
	struct columns_cmd *c = state->input;

	if (key == OPT_MARKDOWN) {
		c->markdown = true;
		return 0;
	}
	if (key == OPT_SUMMARY) {
		c->summary = true;
		return 0;
	}
	return bench_args__parse(&c->a, key, arg);
}

static const struct argp columns_argp = {
	columns_options, parse_columns_opt, NULL,
	"The columns of a run's trials.csv / trials.jsonl: name (or family, such\n"
	"as skipped_<reason>), unit, meaning and who writes it, from the one list\n"
	"the bench writes and reads them by (bench/core/trials.h). JSON by default: the\n"
	"build keeps it as build/trials-schema.json for the tests' checker.\n"
	"--summary: the same for summary.json (build/summary-schema.json).\n"
	"\vEXAMPLES:\n"
	"  cmabulk-bench columns --markdown\n"
	"  cmabulk-bench columns --summary --markdown\n"
	"  cmabulk-bench columns | python3 -m json.tool\n",
};

static int columns_cmd_exec(void *opts)
{
	struct columns_cmd *c = opts;

	int err;

	if (c->summary)
		err = c->markdown ? summary_schema__write_md(stdout) : summary_schema__write_json(stdout);
	else
		err = c->markdown ? trials_schema__write_md(stdout) : trials_schema__write_json(stdout);
	if (err || fflush(stdout))
		return tool_error(1, "cannot write the columns: %s", strerror(errno));
	return 0;
}

const struct bench_command bench_cmd_columns = {
	"columns", "every column of trials.csv: unit, meaning, writer", &columns_argp,
	sizeof(struct columns_cmd), NULL, NULL, columns_cmd_exec,
};
