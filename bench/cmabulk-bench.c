// SPDX-License-Identifier: GPL-2.0
/*
 * cmabulk-bench: run a scenario (every strategy, traced, in a seeded
 * random order, load rebuilt before each trial), keep the data in a
 * results folder, report it, and compare two runs as a regression gate.
 */
#include <argp.h>
#include <dirent.h>
#include <errno.h>
#include <stddef.h>
#include <float.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench/compare.h"
#include "bench/farm_cases.h"
#include "bench/kcidb.h"
#include "bench/merge.h"
#include "bench/overhead.h"
#include "bench/soak.h"
#include "bench/stress.h"
#include "bench/sweep.h"
#include "bench/load/load_cli.h"
#include "bench/report_md.h"
#include "bench/run.h"
#include "bench/scenario.h"
#include "bench/session.h"
#include "bench/trials.h"
#include "bench/scenario_load.h"
#include "lib/bootstrap.h"
#include "lib/cmd.h"
#include "lib/tool.h"

/* Exit status of bad input (0: success, 1: a partial run or a regression). */
#define BAD_INPUT 2
/* The most results folders one merge takes. */
#define RUN_MAX_MERGE 64

/* Every command's options; each command's argp lists the ones it takes. */
static struct env {
	struct run_opts run;
	struct compare_opts cmp;
	struct load_cli load;
	struct session_opts session;
	struct sweep_opts sweep;
	struct soak_opts soak;
	struct stress_opts stress;
	struct overhead_opts overhead;
	struct export_opts {
		bool kcidb;
		const char *out;
		int nr_gates;
		bool gates_set;
		struct farm_gate gates[FARM_MAX_GATES];
		struct kcidb_opts kc;
	} export;
	struct scenario overrides;	/* --trials, --warmup, --strategies */
	bool set_trials, set_warmup, set_strategies, plot, markdown;
	int nr_want, nr_args;		/* positional arguments */
	const char *args[RUN_MAX_MERGE];
	const char *args_missing;	/* the line when they are not all there */
} env = {
	.run = { .results_dir = "results", .trace = true, .trace_args = "--phases" },
	.cmp = { .metric = METRIC_LATENCY, .threshold_pct = 10, .alpha = 0.05 },
	.load = LOAD_CLI_INIT,
	.session = { .plot = true },
	.soak = SOAK_DEFAULTS,
	.stress = STRESS_DEFAULTS,
	.overhead = OVERHEAD_DEFAULTS,
	.plot = true,
};

enum {
	OPT_RUN_ID = 1000, OPT_WARMUP, OPT_NO_TRACE, OPT_META, OPT_ALPHA, OPT_SEED, OPT_RESAMPLES,
	OPT_UNTIL_DECIDED, OPT_MAX_TRIALS, OPT_MAX_TIME, OPT_POINT, OPT_ALLOW_PARTIAL,
	OPT_NO_PLOT, OPT_MARKDOWN, OPT_TRANSPORT, OPT_STATUS, OPT_INTERRUPTED, OPT_JSON,
	OPT_CYCLES, OPT_FILL, OPT_CHURN, OPT_PINS, OPT_REQUEST,
	OPT_INJECT_FAILURES, OPT_SECONDS, OPT_MINUTES, OPT_CALLERS, OPT_NO_DEBUG_CALLER, OPT_KILL_EVERY,
	OPT_TRACER, OPT_ROUNDS, OPT_CALLS, OPT_STATS_CALLS, OPT_COUNT, OPT_ORDER, OPT_MODE, OPT_PIN,
	OPT_READY_TIMEOUT, OPT_KCIDB, OPT_RESULT_TXT, OPT_GATE, OPT_ORIGIN, OPT_TREE, OPT_GIT_URL,
	OPT_GIT_COMMIT, OPT_KERNEL_ID,
};

#define QUIET_OPTION { "quiet", 'q', NULL, 0, "Only errors on stderr", 0 }

static const struct argp_option run_options[] = {
	{ "results", 'o', "DIR", 0, "Parent folder of the run (default: results)", 0 },
	{ "run-id", OPT_RUN_ID, "ID", 0, "Folder name (default: <date>-<time>-<scenario>)", 0 },
	{ "trials", 'n', "N", 0, "Measured trials per strategy (overrides the scenario)", 0 },
	{ "warmup", OPT_WARMUP, "N", 0, "Warm-up trials per strategy (overrides the scenario)", 0 },
	{ "strategies", 's', "LIST", 0, "Comma-separated subset, e.g. fast,normal", 0 },
	{ "area", 'a', "NAME", 0, "CMA area (default: the default area)", 0 },
	{ "no-trace", OPT_NO_TRACE, NULL, 0, "Do not run cmabulk-trace alongside", 0 },
	{ "meta", OPT_META, "KEY=VALUE", 0, "A fact from the host for meta.json (repeatable)", 0 },
	{ "inject-failures", OPT_INJECT_FAILURES, "PERCENT", 0, "Fail this share of each request's page and slab allocations (kernel fault injection, the request thread only): a test of the error paths, not a measurement", 0 },
	{ "until-decided", OPT_UNTIL_DECIDED, NULL, 0, "After the planned trials, add rounds until every headline comparison has a verdict", 0 },
	{ "max-trials", OPT_MAX_TRIALS, "N", 0, "--until-decided: at most N measured trials per strategy (default 40)", 0 },
	{ "max-time", OPT_MAX_TIME, "T", 0, "--until-decided: start no round after T (90s, 30m, 2h; default none)", 0 },
	QUIET_OPTION,
	{},
};

/* A sweep takes every run option, and one of its own. */
static const struct argp_option sweep_options[] = {
	{ "point", OPT_POINT, "VALUE", 0, "Run only this point (one guest boot per point: make sweep does this for guest_smp)", 0 },
	{},
};

static const struct argp_option report_options[] = {
	{ "no-plot", OPT_NO_PLOT, NULL, 0, "Do not call gnuplot", 0 },
	QUIET_OPTION,
	{},
};

static const struct argp_option session_options[] = {
	{ "transport", OPT_TRANSPORT, "NAME", 0, "How the session was reached (adb, ssh, local)", 0 },
	{ "status", OPT_STATUS, "N", 0, "The tracer's exit status on the device", 0 },
	{ "interrupted", OPT_INTERRUPTED, NULL, 0, "The session was stopped with Ctrl-C", 0 },
	{ "json", OPT_JSON, NULL, 0, "Print the tracer's final JSON line, not the text summary", 0 },
	{ "no-plot", OPT_NO_PLOT, NULL, 0, "Do not call gnuplot", 0 },
	{},
};

static const struct argp_option compare_options[] = {
	{ "metric", 'm', "M", 0, "latency (default), kernel or success", 0 },
	{ "threshold", 't', "PCT", 0, "A change matters beyond this (default 10): worse when the whole interval lies beyond it", 0 },
	{ "alpha", OPT_ALPHA, "P", 0, "Level at which Welch's and Mann-Whitney's p are marked signif. (default 0.05)", 0 },
	{ "seed", OPT_SEED, "N", 0, "Seed of the bootstrap (default 1): the same data and seed, the same verdicts", 0 },
	{ "resamples", OPT_RESAMPLES, "N", 0, "Bootstrap resamples (default 2000)", 0 },
	{ "strategies", 's', "LIST", 0, "Gate only these strategies", 0 },
	{ "allow-partial", OPT_ALLOW_PARTIAL, NULL, 0, "Use a partial run anyway", 0 },
	{},
};

static int parse_double(const char *s, const char *what, const char *want, double min,
			double max, double *v)
{
	char *end;

	*v = strtod(s, &end);
	if (*end || end == s || !(*v >= min && *v < max))
		return tool_error(-EINVAL, "%s: '%s' is not %s", what, s, want);
	return 0;
}

/* A whole number in [@min, @max], decimal. */
static int parse_integer(const char *s, const char *what, unsigned long long min,
			 unsigned long long max, unsigned long long *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 10);
	if (errno || *end || end == s || *s == '-' || *v < min || *v > max)
		return tool_error(-EINVAL, "%s: '%s' is not an integer from %llu to %llu", what, s,
				  min, max);
	return 0;
}

/* A duration: a number of seconds, or with s, m or h after it. */
static int parse_duration(const char *s, const char *what, double *out)
{
	char *end;
	double v = strtod(s, &end), unit = 1;

	if (end != s && !strcmp(end, "m"))
		unit = 60;
	else if (end != s && !strcmp(end, "h"))
		unit = 3600;
	else if (end == s || (*end && strcmp(end, "s")))
		return tool_error(-EINVAL, "%s: '%s' is not a duration (90, 90s, 30m, 2h)", what, s);
	if (!(v > 0 && v * unit < 1e7))
		return tool_error(-EINVAL, "%s: '%s' is not a duration (90, 90s, 30m, 2h)", what, s);
	*out = v * unit;
	return 0;
}

/*
 * A scenario key given on the command line (--trials, --strategies):
 * checked by the scenario's own parser now, applied once it is loaded.
 */
static int parse_override(const char *opt, const char *key, const char *arg, bool *set)
{
	char err[256];

	if (scenario__set(&env.overrides, key, arg, err, sizeof(err)))
		return tool_error(-EINVAL, "%s: %s", opt, err);
	*set = true;
	return 0;
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

static int parse_run_opt(int key, char *arg)
{
	struct run_opts *ro = &env.run;

	switch (key) {
	case 'o':
		ro->results_dir = arg;
		return 0;
	case OPT_RUN_ID:
		if (!*arg || strchr(arg, '/'))
			return tool_error(-EINVAL, "--run-id: '%s' must be a plain folder name", arg);
		ro->run_id = arg;
		return 0;
	case 'n':
		return parse_override("--trials", "trials", arg, &env.set_trials);
	case OPT_WARMUP:
		return parse_override("--warmup", "warmup", arg, &env.set_warmup);
	case 'a':
		ro->area = arg;
		return 0;
	case OPT_NO_TRACE:
		ro->trace = false;
		return 0;
	case OPT_META:
		if (!strchr(arg, '=') || ro->nr_meta == RUN_MAX_META)
			return tool_error(-EINVAL, "--meta: '%s' is not KEY=VALUE (at most %d)", arg,
					  RUN_MAX_META);
		ro->meta[ro->nr_meta++] = arg;
		return 0;
	case OPT_INJECT_FAILURES: {
		unsigned long long v;

		if (parse_integer(arg, "--inject-failures", 1, 100, &v))
			return -EINVAL;
		ro->inject_failures_pct = (unsigned int)v;
		return 0;
	}
	case OPT_UNTIL_DECIDED:
		ro->until_decided = true;
		return 0;
	case OPT_MAX_TRIALS: {
		unsigned long long v;

		if (parse_integer(arg, "--max-trials", BOOT_MIN_VERDICT_N, 10000, &v))
			return -EINVAL;
		ro->max_trials = (unsigned int)v;
		return 0;
	}
	case OPT_MAX_TIME:
		return parse_duration(arg, "--max-time", &ro->max_time_s);
	case OPT_POINT:
		env.sweep.point = arg;
		return 0;
	case 'q':
		ro->quiet = true;
		return 0;
	}
	return -ENOENT;
}

static int parse_compare_opt(int key, char *arg)
{
	struct compare_opts *co = &env.cmp;

	switch (key) {
	case 'm':
		return parse_metric(arg, &co->metric);
	case 't':
		return parse_double(arg, "--threshold", "a percentage", 0, 1e6, &co->threshold_pct);
	case OPT_ALPHA:
		return parse_double(arg, "--alpha", "in (0, 1)", DBL_MIN, 1, &co->alpha);
	case OPT_SEED:
		return parse_integer(arg, "--seed", 1, 1ULL << 53, &co->seed);
	case OPT_RESAMPLES: {
		unsigned long long v;

		if (parse_integer(arg, "--resamples", 100, 1000000, &v))
			return -EINVAL;
		co->boot_reps = (unsigned int)v;
		return 0;
	}
	case OPT_ALLOW_PARTIAL:
		co->allow_partial = true;
		return 0;
	case OPT_NO_PLOT:
		env.plot = false;
		return 0;
	case 's':
		return parse_override("--strategies", "strategies", arg, &env.set_strategies);
	}
	return -ENOENT;
}

static int parse_session_opt(int key, char *arg)
{
	struct session_opts *so = &env.session;
	double status;

	switch (key) {
	case OPT_TRANSPORT:
		so->transport = arg;
		return 0;
	case OPT_STATUS:
		if (parse_double(arg, "--status", "an exit status", 0, 256, &status))
			return -EINVAL;
		so->status = (int)status;
		return 0;
	case OPT_INTERRUPTED:
		so->interrupted = true;
		return 0;
	case OPT_JSON:
		so->json = true;
		return 0;
	}
	return -ENOENT;
}

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	int err;

	switch (key) {
	case OPT_MARKDOWN:
		env.markdown = true;
		return 0;
	case ARGP_KEY_ARG:
		if (env.nr_args == env.nr_want)
			return tool_error(EINVAL, "%s: unexpected argument '%s'", cmd_current, arg);
		env.args[env.nr_args++] = arg;
		return 0;
	case ARGP_KEY_END:
		return env.nr_args < env.nr_want ? tool_error(EINVAL, "%s", env.args_missing) : 0;
	}
	err = parse_run_opt(key, arg);
	if (err == -ENOENT)
		err = parse_compare_opt(key, arg);
	if (err == -ENOENT)
		err = parse_session_opt(key, arg);
	if (err == -ENOENT)
		return ARGP_ERR_UNKNOWN;
	return err ? EINVAL : 0;
}

/* Parse a command's options and its @nr_want arguments (@missing if absent). */
static int parse_command(int argc, char **argv, const struct argp *argp, int nr_want,
			 const char *missing)
{
	env.nr_want = nr_want;
	env.args_missing = missing;
	return cmd_parse(argp, argc, argv);
}

static const char *scenario_dir(void)
{
	const char *env_dir = getenv("CMABULK_SCENARIOS");

	return env_dir ? env_dir : "bench/scenarios";
}

/* The load command's parser: its shared options parse into env.load. */
static error_t parse_load_opt(int key, char *arg, struct argp_state *state)
{
	if (key == ARGP_KEY_INIT) {
		state->child_inputs[0] = &env.load;
		return 0;
	}
	return parse_opt(key, arg, state);
}

static const struct argp run_argp = {
	run_options, parse_opt, "SCENARIO",
	"Run every strategy on SCENARIO (a file, or a name in bench/scenarios) and\n"
	"write results/<run-id>/: meta.json, scenario, trials.csv, trials.jsonl,\n"
	"trace.jsonl, summary.json, report.md. Each trial rebuilds the scenario's\n"
	"load and runs the strategies in a seeded random order.\n"
	"\vScenario files are 'key = value' lines: 'cmabulk-bench keys' lists every\n"
	"key with its type, range, default and meaning.\n"
	"\n"
	"Strategies:\n"
	"  whole        one cma_alloc() of the whole request (as the DMA API does)\n"
	"  chunks2m     cma_alloc() of 2 MiB pieces, split to the chunk order\n"
	"  chunks       one cma_alloc() per chunk\n"
	"  normal, fast cma_alloc_bulk() in that mode\n"
	"  fast-normal  FAST, then NORMAL over what is still free\n"
	"  fast-sync    FAST as first proposed (sync migration, no early give-up)\n"
	"  normal-once  NORMAL with the LRU caches disabled once per call\n"
	"  (hard, of series v3, is read in old runs and no longer run)\n"
	"\n"
	"EXAMPLES:\n"
	"  cmabulk-bench run pinned                 # the headline scenario\n"
	"  cmabulk-bench run quick -n 3 -s fast,normal\n"
	"  cmabulk-bench run my.scn -o /tmp/res --run-id try1 --no-trace\n"
	"  cmabulk-bench run pinned --until-decided --max-trials 30 --max-time 45m\n"
	"\n"
	"Exit status: 0 a complete run; 1 a partial run; 2 bad input.",
};

static const struct argp report_argp = {
	report_options, parse_opt, "DIR",
	"(Re)write DIR/report.md and its plots (gnuplot SVGs) from DIR's data. For\n"
	"a sweep's folder, every point's report and the sweep's sweep.md.\n"
	"\vEXAMPLES:\n"
	"  cmabulk-bench report results/latest\n"
	"  cmabulk-bench report results/20261126-033021-pinned --no-plot\n",
};

/* The run options inside sweep's help: options only, the arguments are sweep's. */
static error_t parse_run_child(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case ARGP_KEY_ARG: case ARGP_KEY_ARGS: case ARGP_KEY_END: case ARGP_KEY_NO_ARGS:
	case ARGP_KEY_INIT: case ARGP_KEY_SUCCESS: case ARGP_KEY_ERROR: case ARGP_KEY_FINI:
		return ARGP_ERR_UNKNOWN;
	}
	return parse_opt(key, arg, state);
}

static const struct argp run_options_argp = { run_options, parse_run_child, NULL, NULL, NULL, NULL, NULL };
static const struct argp_child sweep_children[] = {
	{ &run_options_argp, 0, "Run options, for every point:", 0 }, {}
};

static const struct argp sweep_argp = {
	sweep_options, parse_opt, "SCENARIO KEY=V1,V2,...",
	"Run SCENARIO once per value of one of its keys (cmabulk-bench keys lists\n"
	"them) into one folder, results/<date>-sweep-<scenario>-<key>/: sweep.json,\n"
	"a run folder <key>-<value> per point, and sweep.md: median latency with\n"
	"its 95% interval, success and latency/floor per point and strategy, the\n"
	"verdicts per point, and the crossovers named (where a strategy's success\n"
	"falls below 99% of satisfiable, where a comparison's verdict changes).\n"
	"The key guest_smp varies the guest's CPUs: make sweep boots one guest per\n"
	"value, each running its --point.\n"
	"\vEXAMPLES:\n"
	"  cmabulk-bench sweep pinned pin_fraction=0,0.02,0.05,0.1 -s fast,normal,fast-normal\n"
	"  cmabulk-bench sweep tight order=0,4,9 -n 4\n"
	"  make sweep SCENARIO=pinned SWEEP=guest_smp=1,2,4   # from the host\n"
	"\n"
	"Exit status: 0 every point complete; 1 a point partial or failed; 2 bad input.",
	sweep_children,
};

static const struct argp session_argp = {
	session_options, parse_opt, "DIR",
	"Render a device tracing session that scripts/device.sh pulled into DIR\n"
	"(trace.out from cmabulk-trace --json, device.facts): DIR/meta.json naming\n"
	"the device, DIR/report.md with the tables, histograms and each call, and\n"
	"plots; the summary on stdout.\n"
	"\vEXAMPLES:\n"
	"  cmabulk-bench session results/20261201-231500-device-trace\n"
	"  cmabulk-bench session DIR --transport adb --json\n",
};

static const struct argp compare_argp = {
	compare_options, parse_opt, "A B",
	"Runs A (base) and B (new) side by side, mmtests style (Min, Median, Amean,\n"
	"Stddev, CoeffVar, Max, Welch's p, Mann-Whitney's p); a regression gate for\n"
	"CI. Each strategy gets a verdict from a seeded 95% percentile bootstrap\n"
	"interval of median(B) / median(A) (success: mean(B) - mean(A)): faster or\n"
	"slower (higher or lower) when the whole interval lies beyond the\n"
	"threshold, same when it lies within, unknown otherwise: more trials would\n"
	"tell. Runs of different scenarios, partial runs and folders that are not\n"
	"runs are refused.\n"
	"\vEXAMPLES:\n"
	"  cmabulk-bench compare results/base results/latest\n"
	"  cmabulk-bench compare results/A results/B -m latency -t 5\n"
	"  cmabulk-bench compare results/A results/B -m success -s fast,normal\n"
	"\n"
	"Exit status: 0 no regression, every strategy decided; 1 regression (a\n"
	"strategy's interval lies wholly on the worse side of the threshold);\n"
	"2 bad input; 3 no regression, but some strategy undecided within the\n"
	"trials there are.",
};

static const struct argp list_argp = {
	NULL, parse_opt, NULL,
	"The scenarios in bench/scenarios (or $CMABULK_SCENARIOS), one a line.\n"
	"\vEXAMPLES:\n"
	"  cmabulk-bench list\n"
	"  CMABULK_SCENARIOS=my-scenarios cmabulk-bench list\n",
};

static const struct argp keys_argp = {
	NULL, parse_opt, NULL,
	"Every key a scenario file may set: its type, range or values, default\n"
	"and meaning.\n"
	"\vEXAMPLES:\n"
	"  cmabulk-bench keys\n"
	"  cmabulk-bench keys | grep -A1 ^pin_\n",
};

static const struct argp_option columns_options[] = {
	{ "markdown", OPT_MARKDOWN, NULL, 0, "The table of docs/trials-table.md instead of JSON", 0 },
	{},
};

static const struct argp columns_argp = {
	columns_options, parse_opt, NULL,
	"The columns of a run's trials.csv / trials.jsonl: name (or family, such\n"
	"as skipped_<reason>), unit, meaning and who writes it, from the one list\n"
	"the bench writes and reads them by (bench/trials.h). JSON by default: the\n"
	"build keeps it as build/trials-schema.json for the tests' checker.\n"
	"\vEXAMPLES:\n"
	"  cmabulk-bench columns --markdown\n"
	"  cmabulk-bench columns | python3 -m json.tool\n",
};

static const struct argp_child load_children[] = { { &load_cli_argp, 0, NULL, 0 }, {} };

static const struct argp load_argp = {
	NULL, parse_load_opt, "SCENARIO",
	"Build the load SCENARIO describes (fill, pin, fragment, churn), as a trial\n"
	"of 'run' would, print its report and \"cmabulk-bench: ready\", hold it, tear\n"
	"it down and report again, like cmabulk-load. The seed is the scenario's\n"
	"unless --seed says otherwise.\n"
	"\vEXAMPLES:\n"
	"  cmabulk-bench load pinned --hold 30      # the bench's 'pinned' load\n"
	"  cmabulk-bench load churn --hold inf --json\n"
	"  cmabulk-bench load my.scn --seed 7 --area reserved\n"
	"\n"
	"Exit status: 0 the load was reached and fully given back; 1 it was not;\n"
	"2 bad input.",
	load_children,
};

/*
 * The options of the load a soak or a stress runs under (bench/underload.h):
 * the same names and limits for both, their defaults and pin moves theirs.
 */
#define UNDERLOAD_OPTIONS(under, fill, request, pins_move)					\
	{ "area", 'a', "NAME", 0, "CMA area (default: the first)", 0 },				\
	{ "seed", OPT_SEED, "N", 0, "Seed of the " under "'s draws and the pins (default 1)", 0 },	\
	{ "fill", OPT_FILL, "PERCENT", 0, "Anonymous fill of the area under the " under		\
	  " (default " fill "; 0: none)", 0 },							\
	{ "churn", OPT_CHURN, "MIB_S", 0, "Alloc/free churn running through it (default 16; 0: none)", 0 }, \
	{ "pins", OPT_PINS, "F", 0, "Fraction of the pageblocks pinned, " pins_move		\
	  " (default 0.02; 0: none)", 0 },							\
	{ "request", OPT_REQUEST, "PERCENT", 0, "Each call's share of the area (default " request ")", 0 }, \
	{ "json", OPT_JSON, NULL, 0, "The summary as one JSON object", 0 },			\
	{ "quiet", 'q', NULL, 0, "No progress lines", 0 }

/* One of UNDERLOAD_OPTIONS into *u; ARGP_ERR_UNKNOWN for any other key. */
static error_t parse_underload_opt(struct underload_opts *u, const char *cmd, int key, char *arg)
{
	unsigned long long v;
	int err = 0;

	switch (key) {
	case 'a':
		u->area = arg;
		break;
	case OPT_SEED:
		err = parse_integer(arg, "--seed", 0, ~0ULL, &v);
		u->seed = v;
		break;
	case OPT_FILL:
		err = parse_double(arg, "--fill", "a percentage", 0, 90, &u->fill_pct);
		break;
	case OPT_CHURN:
		err = parse_double(arg, "--churn", "MiB/s", 0, 4096, &u->churn_mb_s);
		break;
	case OPT_PINS:
		err = parse_double(arg, "--pins", "a fraction", 0, 0.5, &u->pin_fraction);
		break;
	case OPT_REQUEST:
		err = parse_double(arg, "--request", "a percentage", 0.001, 100, &u->request_pct);
		break;
	case OPT_JSON:
		u->json = true;
		break;
	case 'q':
		u->quiet = true;
		break;
	case ARGP_KEY_ARG:
		return tool_error(EINVAL, "%s: unexpected argument '%s'", cmd, arg);
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return err ? EINVAL : 0;
}

static const struct argp_option soak_options[] = {
	{ "cycles", OPT_CYCLES, "N", 0, "Allocate/release cycles (default 1000)", 0 },
	UNDERLOAD_OPTIONS("soak", "50", "10", "moved every cycle"),
	{},
};

static error_t parse_soak_opt(int key, char *arg, struct argp_state *state)
{
	unsigned long long v;
	int err;

	if (key != OPT_CYCLES)
		return parse_underload_opt(&env.soak.under, "soak", key, arg);
	err = parse_integer(arg, "--cycles", 1, 100000000, &v);
	env.soak.cycles = (unsigned int)v;
	return err ? EINVAL : 0;
}

static const struct argp soak_argp = {
	soak_options, parse_soak_opt, NULL,
	"Cycles of allocate and release through the test driver: strategies and\n"
	"modes rotating, the order stepping 0..10, the pinned set moved every cycle\n"
	"(the driver's alloc and ref pins in turn), over an anonymous fill with\n"
	"churn running. Each cycle is checked exactly against the kernel's books:\n"
	"the area's bitmap (debugfs used), /sys/kernel/mm/cma/<area>/ page counters\n"
	"against the pages the driver handed out and got back, vmstat's cma_alloc\n"
	"events against its calls; at the end CmaFree must come back. A summary\n"
	"with cycles per minute and the counters. Ctrl-C stops after the cycle.\n"
	"\vEXAMPLES:\n"
	"  cmabulk-bench soak                    # 1000 cycles\n"
	"  cmabulk-bench soak --cycles 100 --json\n"
	"  make soak DEBUG=1 SOAK_CYCLES=5000    # from the host, KASAN and lockdep on\n"
	"\n"
	"Exit status: 0 every check held; 1 one did not; 2 bad input or no driver.",
};

static const struct argp_option stress_options[] = {
	{ "minutes", OPT_MINUTES, "M", 0, "How long (default 10)", 0 },
	{ "seconds", OPT_SECONDS, "S", 0, "How long, in seconds (the short forms)", 0 },
	{ "callers", OPT_CALLERS, "N", 0, "Bulk callers at once, each a process (default 2)", 0 },
	{ "no-debug-caller", OPT_NO_DEBUG_CALLER, NULL, 0, "No cma_alloc() caller through debugfs cma/<area>/alloc beside them", 0 },
	{ "kill-every", OPT_KILL_EVERY, "S", 0, "SIGKILL a bulk caller inside its call every S seconds (default 10; 0: never)", 0 },
	UNDERLOAD_OPTIONS("stress", "30", "25", "pins moving every 20 ms"),
	{},
};

static error_t parse_stress_opt(int key, char *arg, struct argp_state *state)
{
	struct stress_opts *so = &env.stress;
	unsigned long long v;
	int err = 0;

	switch (key) {
	case OPT_MINUTES:
		err = parse_double(arg, "--minutes", "minutes", 0.01, 10080, &so->seconds);
		so->seconds *= 60;
		break;
	case OPT_SECONDS:
		err = parse_double(arg, "--seconds", "seconds", 1, 604800, &so->seconds);
		break;
	case OPT_CALLERS:
		err = parse_integer(arg, "--callers", 1, STRESS_MAX_CALLERS, &v);
		so->callers = (unsigned int)v;
		break;
	case OPT_NO_DEBUG_CALLER:
		so->no_debug_caller = true;
		break;
	case OPT_KILL_EVERY:
		err = parse_double(arg, "--kill-every", "seconds", 0, 86400, &so->kill_every_s);
		break;
	default:
		return parse_underload_opt(&so->under, "stress", key, arg);
	}
	return err ? EINVAL : 0;
}

static const struct argp stress_argp = {
	stress_options, parse_stress_opt, NULL,
	"Callers at once on one area: N bulk callers (processes, each with a driver\n"
	"session of its own; the bulk strategies and orders 0..10 drawn from the\n"
	"seed), a cma_alloc() caller through the kernel's debugfs alloc/free files,\n"
	"pins that move every 20 ms, and a fill with churn under them. Every few\n"
	"seconds a bulk caller gets SIGKILL inside its call: what it got must still\n"
	"be valid and go back when its session closes. Checked exactly: no page\n"
	"handed out twice (the driver's checks), every held page valid after each\n"
	"call, the bitmap equal to what the callers hold when all stop holding, and\n"
	"at the end the bitmap back, sysfs page counters balanced and vmstat's\n"
	"cma_alloc events equal to the calls made. Run the tracer beside it to\n"
	"load it too (make stress does). Ctrl-C stops early (exit 1).\n"
	"\vEXAMPLES:\n"
	"  cmabulk-bench stress --minutes 10\n"
	"  cmabulk-bench stress --seconds 60 --callers 3 --json\n"
	"  make stress DEBUG=1 STRESS_MINUTES=30   # from the host, with the tracer\n"
	"\n"
	"Exit status: 0 every check held; 1 one did not, or interrupted; 2 bad input\n"
	"or no driver.",
};

static const struct argp_option overhead_options[] = {
	{ "tracer", OPT_TRACER, "NAME=COMMAND", 0, "A tracer to measure, started with /bin/sh -c (repeatable; replaces the defaults)", 0 },
	{ "rounds", OPT_ROUNDS, "N", 0, "Traced passes per tracer, each between two untraced ones (default 10)", 0 },
	{ "calls", OPT_CALLS, "N", 0, "Bulk calls per pass (default 5)", 0 },
	{ "warmup", OPT_WARMUP, "N", 0, "Unmeasured calls at the start of every pass: a tracer's first runs are cold, and the first call migrates what landed in the area meanwhile (default 1)", 0 },
	{ "stats-calls", OPT_STATS_CALLS, "N", 0, "Calls of each tracer's statistics pass (default 10)", 0 },
	{ "mode", OPT_MODE, "MODE", 0, "The bulk call's mode, as the driver takes it (default fast)", 0 },
	{ "count", OPT_COUNT, "N", 0, "Chunks per call (default 4800)", 0 },
	{ "order", OPT_ORDER, "N", 0, "Chunk order (default 4)", 0 },
	{ "pin", OPT_PIN, "FRACTION", 0, "Share of the area's pageblocks pinned, 0..0.5 (default 0.05)", 0 },
	{ "area", 'a', "NAME", 0, "CMA area (default: the first)", 0 },
	{ "ready-timeout", OPT_READY_TIMEOUT, "S", 0, "Seconds a tracer may take to attach (default 300: bpftrace compiles under emulation)", 0 },
	{ "results", 'o', "DIR", 0, "Parent folder of the run (default: results)", 0 },
	{ "run-id", OPT_RUN_ID, "ID", 0, "Folder name (default: <date>-<time>-overhead)", 0 },
	{ "meta", OPT_META, "KEY=VALUE", 0, "A fact from the host for meta.json (repeatable)", 0 },
	{ "seed", OPT_SEED, "N", 0, "The bootstrap's seed (default 1)", 0 },
	QUIET_OPTION,
	{},
};

/* The overhead command's counts: 1 when @key is one (parsed), -1 when bad, 0 if not. */
static int parse_overhead_count(int key, const char *arg, struct overhead_opts *oo)
{
	static const struct {
		int key;
		const char *name;
		unsigned long long min, max;
		size_t offset;
	} counts[] = {
		{ OPT_ROUNDS, "--rounds", 1, 1000, offsetof(struct overhead_opts, rounds) },
		{ OPT_CALLS, "--calls", 1, 10000, offsetof(struct overhead_opts, calls) },
		{ OPT_WARMUP, "--warmup", 0, 100, offsetof(struct overhead_opts, warmup_calls) },
		{ OPT_STATS_CALLS, "--stats-calls", 1, 100000, offsetof(struct overhead_opts, stats_calls) },
		{ OPT_COUNT, "--count", 1, 1 << 24, offsetof(struct overhead_opts, count) },
		{ OPT_ORDER, "--order", 0, 20, offsetof(struct overhead_opts, order) },
	};
	unsigned long long v;

	for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
		if (counts[i].key != key)
			continue;
		if (parse_integer(arg, counts[i].name, counts[i].min, counts[i].max, &v))
			return -1;
		*(unsigned int *)((char *)oo + counts[i].offset) = (unsigned int)v;
		return 1;
	}
	return 0;
}

static error_t parse_overhead_opt(int key, char *arg, struct argp_state *state)
{
	struct overhead_opts *oo = &env.overhead;
	static bool own_tracers;
	unsigned long long v;
	int err = parse_overhead_count(key, arg, oo);

	if (err)
		return err < 0 ? EINVAL : 0;
	switch (key) {
	case OPT_TRACER:
		if (!own_tracers)
			oo->nr_arms = 0;
		own_tracers = true;
		if (overhead__add_arm(oo, arg)) {
			tool_error(0, "--tracer '%s': want NAME=COMMAND, NAME of letters, digits, - or _, "
				   "each name once, at most %d", arg, OVERHEAD_MAX_ARMS);
			err = 1;
		}
		break;
	case OPT_MODE:
		if (!*arg || strpbrk(arg, " =\n")) {
			tool_error(0, "--mode '%s': want a mode name (fast, normal, ...)", arg);
			err = 1;
		}
		oo->mode = arg;
		break;
	case OPT_PIN:
		err = parse_double(arg, "--pin", "a fraction", 0, 0.5, &oo->pin_fraction);
		break;
	case 'a':
		oo->area = arg;
		break;
	case OPT_READY_TIMEOUT:
		err = parse_double(arg, "--ready-timeout", "seconds", 1, 86400, &oo->ready_timeout_s);
		break;
	case 'o':
		oo->results_dir = arg;
		break;
	case OPT_RUN_ID:
		oo->run_id = arg;
		break;
	case OPT_META:
		if (oo->nr_meta == OVERHEAD_MAX_META || !strchr(arg, '=')) {
			tool_error(0, "--meta '%s': want KEY=VALUE, at most %d", arg, OVERHEAD_MAX_META);
			err = 1;
			break;
		}
		oo->meta[oo->nr_meta++] = arg;
		break;
	case OPT_SEED:
		err = parse_integer(arg, "--seed", 0, ~0ULL, &v);
		oo->seed = v;
		break;
	case 'q':
		oo->quiet = true;
		break;
	case ARGP_KEY_INIT:
		return 0;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	(void)state;
	return err ? EINVAL : 0;
}

static const struct argp overhead_argp = {
	overhead_options, parse_overhead_opt, NULL,
	"What a tracer costs the bulk call it watches, side by side with others, in\n"
	"one boot: passes of the same call (MODE, COUNT chunks of ORDER, PIN of the\n"
	"pageblocks pinned) untraced and under each tracer, every traced pass between\n"
	"two untraced ones, the tracers in a rotating order. Each tracer's cost is the\n"
	"median of its passes' latency against their neighbours', with a bootstrap\n"
	"95% interval. Then a pass per tracer with BPF statistics on: its programs\n"
	"(found through the tracer process's descriptors, any tool), runs and\n"
	"nanoseconds per event. Tracers by default: cmabulk-trace -j, cmabulk-trace\n"
	"-j --phases, and bpftrace bench/overhead.bt when bpftrace is on PATH.\n"
	"Writes DIR/<run-id>/ (report.md, summary.json, passes.csv, progs.csv,\n"
	"meta.json, tracers/). Ctrl-C stops and keeps what was measured.\n"
	"\vEXAMPLES:\n"
	"  cmabulk-bench overhead\n"
	"  cmabulk-bench overhead --rounds 20 --mode normal\n"
	"  cmabulk-bench overhead --tracer old='/tmp/cmabulk-trace.old -j' --tracer new='cmabulk-trace -j'\n"
	"  make overhead                # from the host: in the guest, bpftrace from the host's root\n"
	"\n"
	"Exit status: 0 done; 1 a tracer failed, or interrupted; 2 bad input or no driver.",
};

/* A retired strategy (hard) is read in old runs, never run: say why. */
static int check_runnable(const struct scenario *sc)
{
	for (int s = 0; s < NR_STRATEGIES; s++)
		if ((sc->strategies & (1u << s)) && strategy__retired(s))
			return tool_error(BAD_INPUT, "strategy %s", strategy__retired(s));
	return 0;
}

static int do_run(int argc, char **argv)
{
	struct run_opts *ro = &env.run;
	char err[600], dir[1024] = "";
	int ret;

	/* 1. The options and the scenario, all checked before the run starts. */
	if (parse_command(argc, argv, &run_argp, 1, "run needs one SCENARIO (see 'cmabulk-bench list')"))
		return BAD_INPUT;
	if (scenario__load(&ro->scenario, env.args[0], scenario_dir(), err, sizeof(err)))
		return tool_error(BAD_INPUT, "%s", err);
	if (env.set_trials)
		ro->scenario.trials = env.overrides.trials;
	if (env.set_warmup)
		ro->scenario.warmup = env.overrides.warmup;
	if (env.set_strategies)
		ro->scenario.strategies = env.overrides.strategies;
	if (check_runnable(&ro->scenario))
		return BAD_INPUT;
	/* 2. The run. */
	ret = bench_run(ro, dir, sizeof(dir));
	/* 3. The report, written even for a partial run, marked as such. */
	if (access(dir, F_OK) == 0 && report_md__write(dir, false, false) == 0 && !ro->quiet)
		tool_error(0, "report: %s/report.md", dir);
	return ret;
}

/*
 * The command line as a shell would take it back, without the host's
 * --meta facts (meta.json has those in "host" already).
 */
static void command_line(char *buf, size_t len, const char *cmd, int argc, char **argv)
{
	size_t n = snprintf(buf, len, "%s %s", tool_name, cmd);

	for (int i = 1; i < argc && n < len; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--meta")) {
			i++;
			continue;
		}
		if (!strncmp(a, "--meta=", 7))
			continue;
		if (a[strcspn(a, " \t'\"$`\\*?;&|<>()")])
			n += snprintf(buf + n, len - n, " '%s'", a);
		else
			n += snprintf(buf + n, len - n, " %s", a);
	}
}

static int do_sweep(int argc, char **argv)
{
	struct sweep_opts *so = &env.sweep;
	static char command[2048];
	char err[600], dir[1024] = "";

	/* 1. The options, the scenario and every value, checked before the first point. */
	if (parse_command(argc, argv, &sweep_argp, 2,
			  "sweep needs a SCENARIO and KEY=V1,V2,... (see 'cmabulk-bench keys')"))
		return BAD_INPUT;
	if (scenario__load(&env.run.scenario, env.args[0], scenario_dir(), err, sizeof(err)))
		return tool_error(BAD_INPUT, "%s", err);
	if (env.set_trials)
		env.run.scenario.trials = env.overrides.trials;
	if (env.set_warmup)
		env.run.scenario.warmup = env.overrides.warmup;
	if (env.set_strategies)
		env.run.scenario.strategies = env.overrides.strategies;
	if (check_runnable(&env.run.scenario))
		return BAD_INPUT;
	so->run = env.run;
	if (sweep__parse_spec(so, env.args[1], err, sizeof(err)))
		return tool_error(BAD_INPUT, "%s", err);
	command_line(command, sizeof(command), "sweep", argc, argv);
	so->command = command;
	/* 2. The points, and the report across them. */
	return bench_sweep(so, dir, sizeof(dir));
}

static const struct argp_option export_options[] = {
	{ "result-txt", OPT_RESULT_TXT, NULL, 0, "Linaro result.txt lines: name result [measurement units] (the default)", 0 },
	{ "kcidb", OPT_KCIDB, NULL, 0, "A KCIDB v5.3 submission (JSON): checkout, build, a test per case", 0 },
	{ "output", 'o', "FILE", 0, "Write to FILE (default: standard output)", 0 },
	{ "gate", OPT_GATE, "S<A|S<=A", 0, "A gate case: S faster than A (S<A) or not slower (S<=A), on latency; repeatable; 'none' for no gate (default " FARM_DEFAULT_GATE ")", 0 },
	{ "origin", OPT_ORIGIN, "NAME", 0, "--kcidb: the submitter's KCIDB origin (default cmabulk)", 0 },
	{ "tree", OPT_TREE, "NAME", 0, "--kcidb: tree_name of the checkout (default: the kernel release)", 0 },
	{ "git-url", OPT_GIT_URL, "URL", 0, "--kcidb: the kernel's https:// repository", 0 },
	{ "git-commit", OPT_GIT_COMMIT, "HASH", 0, "--kcidb: the kernel's 40-digit commit", 0 },
	{ "kernel-id", OPT_KERNEL_ID, "ID", 0, "--kcidb: what tells this kernel from others of its release (default: the series hash the run recorded, else unknown)", 0 },
	{},
};

static error_t parse_export_opt(int key, char *arg, struct argp_state *state)
{
	struct export_opts *eo = &env.export;
	char err[256];

	switch (key) {
	case OPT_KCIDB:
	case OPT_RESULT_TXT:
		eo->kcidb = key == OPT_KCIDB;
		return 0;
	case 'o':
		eo->out = arg;
		return 0;
	case OPT_GATE:
		if (!eo->gates_set)
			eo->nr_gates = 0;
		eo->gates_set = true;
		if (!strcmp(arg, "none"))
			return 0;
		if (eo->nr_gates == FARM_MAX_GATES)
			return tool_error(EINVAL, "--gate: at most %d", FARM_MAX_GATES);
		if (farm_gate__parse(arg, &eo->gates[eo->nr_gates], err, sizeof(err)))
			return tool_error(EINVAL, "--gate: %s", err);
		eo->nr_gates++;
		return 0;
	case OPT_ORIGIN:
		eo->kc.origin = arg;
		return 0;
	case OPT_TREE:
		eo->kc.tree_name = arg;
		return 0;
	case OPT_GIT_URL:
		eo->kc.git_url = arg;
		return 0;
	case OPT_GIT_COMMIT:
		eo->kc.git_commit = arg;
		return 0;
	case OPT_KERNEL_ID:
		eo->kc.kernel_id = arg;
		return 0;
	}
	return parse_opt(key, arg, state);
}

static const struct argp export_argp = {
	export_options, parse_export_opt, "DIR",
	"Turn the results folder DIR into what a device farm keeps. Each number is\n"
	"a case of its own with a measurement (<strategy>-median-ms pass 3.36 ms;\n"
	"SQUAD keeps it as a metric and drops its pass/fail), each gate a case\n"
	"without one (fast-vs-normal-gate pass|fail|skip; SQUAD keeps it as a\n"
	"test), and run-complete says whether every trial ran. As result.txt\n"
	"lines (farm/cmabulk-farm.sh sends them with lava-test-case), or as a\n"
	"KCIDB submission whose numbers are tests with status DONE and number\n"
	"{value, unit}, verdicts PASS/FAIL/SKIP (farm/kcidb/README.md: checking\n"
	"and submitting it). The numbers are summary.json's, computed by the same\n"
	"code from trials.csv. A gate passes on the verdict report.md gives the\n"
	"pair (a 95% bootstrap interval of the ratio of medians against 5%),\n"
	"fails when S is slower (or the same, for S<A), skips when undecided.\n"
	"DIR may also be a tracing session (trace.out: cmabulk-trace --json, as\n"
	"scripts/device.sh and the farm's MODE=trace leave it): trace-session\n"
	"pass|fail, then per area, kind, mode and order its calls, failed,\n"
	"pages, skipped and mean latency (result.txt only).\n"
	"\vEXAMPLES:\n"
	"  cmabulk-bench export results/latest\n"
	"  cmabulk-bench export results/latest --gate 'fast<normal' --gate 'fast<=chunks2m'\n"
	"  cmabulk-bench export --kcidb --origin mylab -o kcidb.json results/latest\n"
	"  cmabulk-bench export results/20261203-101010-device-trace\n"
	"\n"
	"Exit status: 0 written (whatever the gates say: the farm reads them);\n"
	"1 the output could not be written; 2 bad input.",
};

static int do_export(int argc, char **argv)
{
	struct export_opts *eo = &env.export;
	struct results_dir *r = calloc(1, sizeof(*r));
	struct farm_cases *fc = calloc(1, sizeof(*fc));
	char err[1024];
	FILE *out = stdout;
	int ret = BAD_INPUT;

	/* 1. The options and the folder (a partial run too: run-complete says so). */
	if (!r || !fc || parse_command(argc, argv, &export_argp, 1, "export needs one results folder"))
		goto out;
	if (!eo->gates_set && farm_gate__parse(FARM_DEFAULT_GATE, &eo->gates[0], err, sizeof(err)) == 0)
		eo->nr_gates = 1;
	if (session__is_session(env.args[0])) {
		/* A tracing session: its own cases, result.txt only. */
		if (eo->kcidb) {
			tool_error(0, "%s is a tracing session: --kcidb takes a bench results folder", env.args[0]);
			goto out;
		}
		if (session__cases(env.args[0], fc))
			goto out;
	} else if (kcidb_opts__check(&eo->kc, err, sizeof(err)) ||
		   results_dir__load(r, env.args[0], true, err, sizeof(err))) {
		tool_error(0, "%s", err);
		goto out;
	} else if (farm_cases__build(r, eo->gates, eo->nr_gates, fc)) {
		/* 2. The cases, then the one format asked for. */
		tool_error(0, "%s: cannot build its cases", env.args[0]);
		goto free_dir;
	}
	if (eo->out && !(out = atomic_open(eo->out))) {
		tool_error(0, "cannot write %s: %s", eo->out, strerror(errno));
		goto free_dir;
	}
	ret = eo->kcidb ? kcidb__write(r, fc, &eo->kc, out) : farm_cases__write_result_txt(fc, out);
	if (eo->out ? atomic_close(out, eo->out) || ret : fflush(stdout) || ret)
		ret = tool_error(1, "writing %s failed: %s", eo->out ? eo->out : "standard output",
				 strerror(errno));
free_dir:
	results_dir__free(r);
out:
	free(r);
	free(fc);
	return ret;
}

static const struct argp_option merge_options[] = {
	{ "output", 'o', "DIR", 0, "The merged run's folder, new (required)", 0 },
	{},
};

static error_t parse_merge_opt(int key, char *arg, struct argp_state *state)
{
	if (key == 'o') {
		env.export.out = arg;
		return 0;
	}
	if (key == ARGP_KEY_ARG && env.nr_args == RUN_MAX_MERGE)
		return tool_error(EINVAL, "merge: at most %d folders", RUN_MAX_MERGE);
	if (key == ARGP_KEY_ARG) {
		env.args[env.nr_args++] = arg;
		return 0;
	}
	if (key == ARGP_KEY_END && env.nr_args < 1)
		return tool_error(EINVAL, "merge needs one or more results folders");
	if (key == ARGP_KEY_END && !env.export.out)
		return tool_error(EINVAL, "merge needs -o DIR, the merged run's new folder");
	return key == ARGP_KEY_END ? 0 : ARGP_ERR_UNKNOWN;
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

static int do_merge(int argc, char **argv)
{
	char err[1024];
	int ret;

	if (cmd_parse(&merge_argp, argc, argv))
		return BAD_INPUT;
	ret = bench_merge(env.export.out, env.args, env.nr_args, err, sizeof(err));
	/* Folders that cannot be merged are bad input; a write that failed is not. */
	if (ret)
		return tool_error(ret == -EINVAL ? BAD_INPUT : 1, "%s", err);
	return 0;
}

static int do_report(int argc, char **argv)
{
	if (parse_command(argc, argv, &report_argp, 1, "report needs one results folder"))
		return BAD_INPUT;
	if (sweep__is_sweep(env.args[0]))
		return sweep__report(env.args[0], env.plot) ? BAD_INPUT : 0;
	return report_md__write(env.args[0], env.plot, !env.run.quiet) ? BAD_INPUT : 0;
}

static int do_session(int argc, char **argv)
{
	if (parse_command(argc, argv, &session_argp, 1, "session needs one session folder"))
		return BAD_INPUT;
	env.session.plot = env.plot;
	return session__render(env.args[0], &env.session, stdout) ? BAD_INPUT : 0;
}

static int do_compare(int argc, char **argv)
{
	if (parse_command(argc, argv, &compare_argp, 2,
			  "compare needs two results folders, A (base) and B (new)"))
		return BAD_INPUT;
	env.cmp.a = env.args[0];
	env.cmp.b = env.args[1];
	env.cmp.strategies = env.set_strategies ? env.overrides.strategies : 0;
	return bench_compare(&env.cmp);
}

static int do_list(int argc, char **argv)
{
	struct dirent **names;
	int n;

	if (parse_command(argc, argv, &list_argp, 0, NULL))
		return BAD_INPUT;
	n = scandir(scenario_dir(), &names, NULL, alphasort);
	if (n < 0)
		return tool_error(BAD_INPUT, "cannot read %s", scenario_dir());
	for (int i = 0; i < n; i++) {
		struct scenario s;
		char err[600];

		if (names[i]->d_name[0] != '.') {
			if (scenario__load(&s, names[i]->d_name, scenario_dir(), err, sizeof(err)))
				printf("%-10s (%s)\n", names[i]->d_name, err);
			else
				printf("%-10s %s\n", names[i]->d_name, s.description);
		}
		free(names[i]);
	}
	free(names);
	return 0;
}

static int do_keys(int argc, char **argv)
{
	if (parse_command(argc, argv, &keys_argp, 0, NULL))
		return BAD_INPUT;
	scenario__print_keys(stdout);
	return 0;
}

static int do_columns(int argc, char **argv)
{
	if (parse_command(argc, argv, &columns_argp, 0, NULL))
		return BAD_INPUT;
	if ((env.markdown ? trials_schema__write_md(stdout) : trials_schema__write_json(stdout)) ||
	    fflush(stdout))
		return tool_error(1, "cannot write the columns: %s", strerror(errno));
	return 0;
}

static int do_load(int argc, char **argv)
{
	struct scenario s;
	struct load load;
	char err[600];

	/* 1. The options and the scenario, checked before anything is touched. */
	env.load.cmd = "scenario";
	if (parse_command(argc, argv, &load_argp, 1, "load needs one SCENARIO (see 'cmabulk-bench list')"))
		return BAD_INPUT;
	if (scenario__load(&s, env.args[0], scenario_dir(), err, sizeof(err)))
		return tool_error(BAD_INPUT, "%s", err);
	if (!env.load.seed_set)
		env.load.seed = s.seed;
	/* 2. Signals, the area and CmaFree before. */
	if (load_cli__start(&env.load, &load))
		return 1;
	/* 3. The scenario's load; 4. its report, the hold, the teardown. */
	return load_cli__finish(&env.load, &load, scenario__build_load(&s, &load));
}

static int do_soak(int argc, char **argv)
{
	if (parse_command(argc, argv, &soak_argp, 0, NULL))
		return BAD_INPUT;
	return bench_soak(&env.soak);
}

static int do_stress(int argc, char **argv)
{
	if (parse_command(argc, argv, &stress_argp, 0, NULL))
		return BAD_INPUT;
	return bench_stress(&env.stress);
}

static int do_overhead(int argc, char **argv)
{
	const char *root = getenv("CMABULK_ROOT");

	if (parse_command(argc, argv, &overhead_argp, 0, NULL))
		return BAD_INPUT;
	if (!env.overhead.nr_arms)
		overhead__default_arms(&env.overhead, root ? root : ".");
	return bench_overhead(&env.overhead);
}

static const struct cmd cmds[] = {
	{ "run", do_run, "run every strategy on SCENARIO and write results/<run-id>/" },
	{ "sweep", do_sweep, "run SCENARIO at several values of one key, into one folder with sweep.md" },
	{ "report", do_report, "(re)write DIR/report.md and its plots from DIR's data" },
	{ "compare", do_compare, "A and B side by side; exit 1 on a regression, 3 when undecided" },
	{ "session", do_session, "render a device tracing session (scripts/device.sh) in DIR" },
	{ "list", do_list, "the scenarios in bench/scenarios" },
	{ "keys", do_keys, "every scenario key: type, range, default, meaning" },
	{ "columns", do_columns, "every column of trials.csv: unit, meaning, writer" },
	{ "load", do_load, "build a scenario's load, hold it, give it back (like cmabulk-load)" },
	{ "soak", do_soak, "cycles of allocate/release under load, checked against the kernel's counters" },
	{ "stress", do_stress, "callers at once on one area, some killed mid-call, checked exactly" },
	{ "overhead", do_overhead, "what tracers cost a bulk call: paired passes, BPF run time per event" },
	{ "merge", do_merge, "runs of one scenario on one kernel (boots) as one run" },
	{ "export", do_export, "a results folder as farm cases: result.txt lines or a KCIDB submission" },
	{},
};

static const char help_head[] =
"Usage: cmabulk-bench COMMAND [OPTION...] ARGS\n"
"Measure cma_alloc_bulk() FAST / NORMAL against cma_alloc() patterns.\n";

static const char help_tail[] =
"'cmabulk-bench COMMAND --help' shows a command's options and examples;\n"
"'cmabulk-bench keys' what a scenario file may say.\n"
"\n"
"Examples:\n"
"  cmabulk-bench run pinned\n"
"  cmabulk-bench compare results/base results/latest -m latency -t 5\n"
"  cmabulk-bench run --help\n"
"\n"
"Exit status: 0 success; 1 a partial run or a regression; 2 bad input.\n";

static int do_help(void)
{
	return cmd_print_help(help_head, cmds, help_tail);
}

int main(int argc, char **argv)
{
	tool_name = "cmabulk-bench";
	scenario__defaults(&env.overrides);
	return cmd_select(cmds, argc, argv, do_help, BAD_INPUT);
}
