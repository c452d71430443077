// SPDX-License-Identifier: GPL-2.0
/*
 * The commands that measure or set up: run, sweep, load, and the two that
 * describe what they take: list (the scenarios) and keys (a scenario's).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench/cli.h"
#include "bench/commands.h"
#include "bench/core/scenario.h"
#include "bench/load/load_cli.h"
#include "bench/measure/build_load.h"
#include "bench/measure/run.h"
#include "bench/measure/sweep.h"
#include "bench/report/report_md.h"
#include "bench/report/sweep_md.h"
#include "lib/args.h"
#include "lib/bootstrap.h"
#include "lib/cmd.h"
#include "lib/tool.h"

enum {
	OPT_RUN_ID = 1000, OPT_WARMUP, OPT_NO_TRACE, OPT_META, OPT_INJECT_FAILURES,
	OPT_UNTIL_DECIDED, OPT_MAX_TRIALS, OPT_MAX_TIME, OPT_POINT,
};

/* --- run ------------------------------------------------------------------ */

struct run_cmd {
	struct run_opts run;
	struct scenario_overrides ov;
	struct bench_args a;
};

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

static void run_cmd_init(void *opts)
{
	struct run_cmd *c = opts;

	c->run = (struct run_opts){ .results_dir = "results", .trace = true, .trace_args = "--phases" };
	scenario_overrides__init(&c->ov);
	c->a = (struct bench_args){ .nr_want = 1,
				    .missing = "run needs one SCENARIO (see 'cmabulk-bench list')" };
}

static int parse_run_number(struct run_opts *ro, int key, char *arg)
{
	unsigned long long v;

	switch (key) {
	case OPT_INJECT_FAILURES:
		if (args_integer(arg, "--inject-failures", 1, 100, &v))
			return -EINVAL;
		ro->inject_failures_pct = (unsigned int)v;
		return 0;
	case OPT_MAX_TRIALS:
		if (args_integer(arg, "--max-trials", BOOT_MIN_VERDICT_N, 10000, &v))
			return -EINVAL;
		ro->max_trials = (unsigned int)v;
		return 0;
	case OPT_MAX_TIME:
		return args_duration(arg, "--max-time", &ro->max_time_s);
	}
	return -ENOENT;
}

/* One of run_options into @c: 0, -EINVAL after one line, -ENOENT when not one. */
static int parse_run_key(struct run_cmd *c, int key, char *arg)
{
	struct run_opts *ro = &c->run;

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
		return scenario_overrides__set(&c->ov, "--trials", "trials", arg, &c->ov.trials);
	case OPT_WARMUP:
		return scenario_overrides__set(&c->ov, "--warmup", "warmup", arg, &c->ov.warmup);
	case 's':
		return scenario_overrides__set(&c->ov, "--strategies", "strategies", arg,
					       &c->ov.strategies);
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
	case OPT_UNTIL_DECIDED:
		ro->until_decided = true;
		return 0;
	case 'q':
		ro->quiet = true;
		return 0;
	}
	return parse_run_number(ro, key, arg);
}

static error_t parse_run_opt(int key, char *arg, struct argp_state *state)
{
	struct run_cmd *c = state->input;
	int err = bench_args__parse(&c->a, key, arg);

	if (err != ARGP_ERR_UNKNOWN)
		return err;
	err = parse_run_key(c, key, arg);
	if (err == -ENOENT)
		return ARGP_ERR_UNKNOWN;
	return err ? EINVAL : 0;
}

static const struct argp run_argp = {
	run_options, parse_run_opt, "SCENARIO",
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
	"  fast-linear  FAST trying windows in address order, as before series v5\n"
	"               (which tries the emptiest first)\n"
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

/* The scenario by name or path, the command line's keys over it. */
static int read_scenario(struct run_cmd *c)
{
	char err[600];

	if (scenario__read_file(&c->run.scenario, c->a.args[0], bench_scenario_dir(), err, sizeof(err)))
		return tool_error(BAD_INPUT, "%s", err);
	scenario_overrides__apply(&c->ov, &c->run.scenario);
	return bench_check_runnable(&c->run.scenario);
}

static int run_cmd_prepare(void *opts, int argc, char **argv)
{
	return read_scenario(opts);
}

static int run_cmd_exec(void *opts)
{
	struct run_opts *ro = &((struct run_cmd *)opts)->run;
	char dir[1024] = "";
	int ret;

	/* 1. The run (its options and scenario checked in prepare). */
	ret = bench_run(ro, dir, sizeof(dir));
	/* 2. The report, written even for a partial run, marked as such. */
	if (access(dir, F_OK) == 0 && report_md__write(dir, false, false) == 0 && !ro->quiet)
		tool_error(0, "report: %s/report.md", dir);
	return ret;
}

const struct bench_command bench_cmd_run = {
	"run", "run every strategy on SCENARIO and write results/<run-id>/", &run_argp,
	sizeof(struct run_cmd), run_cmd_init, run_cmd_prepare, run_cmd_exec,
};

/* --- sweep ---------------------------------------------------------------- */

struct sweep_cmd {
	struct run_cmd r;		/* first: the run options' parser takes it */
	struct sweep_opts sweep;
	char command[2048];
};

static const struct argp_option sweep_options[] = {
	{ "point", OPT_POINT, "VALUE", 0, "Run only this point (one guest boot per point: make sweep does this for guest_smp)", 0 },
	{},
};

static void sweep_cmd_init(void *opts)
{
	struct sweep_cmd *c = opts;

	run_cmd_init(&c->r);
	c->r.a.nr_want = 2;
	c->r.a.missing = "sweep needs a SCENARIO and KEY=V1,V2,... (see 'cmabulk-bench keys')";
}

static error_t parse_sweep_opt(int key, char *arg, struct argp_state *state)
{
	struct sweep_cmd *c = state->input;

	switch (key) {
	case ARGP_KEY_INIT:
		state->child_inputs[0] = &c->r;
		return 0;
	case OPT_POINT:
		c->sweep.point = arg;
		return 0;
	}
	return bench_args__parse(&c->r.a, key, arg);
}

/* The run options inside sweep's help: options only, the arguments are sweep's. */
static error_t parse_run_child(int key, char *arg, struct argp_state *state)
{
	int err;

	switch (key) {
	case ARGP_KEY_ARG: case ARGP_KEY_ARGS: case ARGP_KEY_END: case ARGP_KEY_NO_ARGS:
	case ARGP_KEY_INIT: case ARGP_KEY_SUCCESS: case ARGP_KEY_ERROR: case ARGP_KEY_FINI:
		return ARGP_ERR_UNKNOWN;
	}
	err = parse_run_key(state->input, key, arg);
	if (err == -ENOENT)
		return ARGP_ERR_UNKNOWN;
	return err ? EINVAL : 0;
}

static const struct argp run_options_argp = { run_options, parse_run_child, NULL, NULL, NULL, NULL, NULL };
static const struct argp_child sweep_children[] = {
	{ &run_options_argp, 0, "Run options, for every point:", 0 }, {}
};

static const struct argp sweep_argp = {
	sweep_options, parse_sweep_opt, "SCENARIO KEY=V1,V2,...",
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

static int sweep_cmd_prepare(void *opts, int argc, char **argv)
{
	struct sweep_cmd *c = opts;
	const char *point = c->sweep.point;
	char err[600];

	/* The scenario and every value, checked before the first point. */
	if (read_scenario(&c->r))
		return BAD_INPUT;
	c->sweep.run = c->r.run;
	c->sweep.point = point;
	if (sweep__parse_spec(&c->sweep, c->r.a.args[1], err, sizeof(err)))
		return tool_error(BAD_INPUT, "%s", err);
	bench_command_line(c->command, sizeof(c->command), "sweep", argc, argv);
	c->sweep.command = c->command;
	return 0;
}

/* A sweep's reports, as a run's: each point's report.md, then sweep.md (no gnuplot in the guest). */
static int report_sweep_point(const char *dir)
{
	return report_md__write(dir, false, false);
}

static int report_sweep_all(const char *dir)
{
	return sweep__report(dir, false);
}

static int sweep_cmd_exec(void *opts)
{
	struct sweep_cmd *c = opts;
	char dir[1024] = "";

	/* The points, and the report across them. */
	c->sweep.report_point = report_sweep_point;
	c->sweep.report_sweep = report_sweep_all;
	return bench_sweep(&c->sweep, dir, sizeof(dir));
}

const struct bench_command bench_cmd_sweep = {
	"sweep", "run SCENARIO at several values of one key, into one folder with sweep.md",
	&sweep_argp, sizeof(struct sweep_cmd), sweep_cmd_init, sweep_cmd_prepare, sweep_cmd_exec,
};

/* --- load ----------------------------------------------------------------- */

struct load_cmd {
	struct load_cli load;
	struct bench_args a;
	struct scenario s;
};

static void load_cmd_init(void *opts)
{
	struct load_cmd *c = opts;

	c->load = (struct load_cli)LOAD_CLI_INIT;
	c->load.cmd = "scenario";
	c->a = (struct bench_args){ .nr_want = 1,
				    .missing = "load needs one SCENARIO (see 'cmabulk-bench list')" };
}

/* The load command's parser: its shared options parse into c->load. */
static error_t parse_load_opt(int key, char *arg, struct argp_state *state)
{
	struct load_cmd *c = state->input;

	if (key == ARGP_KEY_INIT) {
		state->child_inputs[0] = &c->load;
		return 0;
	}
	return bench_args__parse(&c->a, key, arg);
}

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

static int load_cmd_prepare(void *opts, int argc, char **argv)
{
	struct load_cmd *c = opts;
	char err[600];

	if (scenario__read_file(&c->s, c->a.args[0], bench_scenario_dir(), err, sizeof(err)))
		return tool_error(BAD_INPUT, "%s", err);
	if (!c->load.seed_set)
		c->load.seed = c->s.seed;
	return 0;
}

static int load_cmd_exec(void *opts)
{
	struct load_cmd *c = opts;
	struct load load;

	/* 1. Signals, the area and CmaFree before. */
	if (load_cli__start(&c->load, &load))
		return 1;
	/* 2. The scenario's load; 3. its report, the hold, the teardown. */
	return load_cli__finish(&c->load, &load, scenario__build_load(&c->s, &load));
}

const struct bench_command bench_cmd_load = {
	"load", "build a scenario's load, hold it, give it back (like cmabulk-load)", &load_argp,
	sizeof(struct load_cmd), load_cmd_init, load_cmd_prepare, load_cmd_exec,
};

/* --- list, keys ----------------------------------------------------------- */

static error_t parse_no_args(int key, char *arg, struct argp_state *state)
{
	return bench_args__parse(state->input, key, arg);
}

static const struct argp list_argp = {
	NULL, parse_no_args, NULL,
	"The scenarios in bench/scenarios (or $CMABULK_SCENARIOS), one a line.\n"
	"\vEXAMPLES:\n"
	"  cmabulk-bench list\n"
	"  CMABULK_SCENARIOS=my-scenarios cmabulk-bench list\n",
};

static int list_cmd_exec(void *opts)
{
	struct dirent **names;
	int n = scandir(bench_scenario_dir(), &names, NULL, alphasort);

	if (n < 0)
		return tool_error(BAD_INPUT, "cannot read %s", bench_scenario_dir());
	for (int i = 0; i < n; i++) {
		struct scenario s;
		char err[600];

		if (names[i]->d_name[0] != '.') {
			if (scenario__read_file(&s, names[i]->d_name, bench_scenario_dir(), err, sizeof(err)))
				printf("%-10s (%s)\n", names[i]->d_name, err);
			else
				printf("%-10s %s\n", names[i]->d_name, s.description);
		}
		free(names[i]);
	}
	free(names);
	return 0;
}

const struct bench_command bench_cmd_list = {
	"list", "the scenarios in bench/scenarios", &list_argp, sizeof(struct bench_args),
	NULL, NULL, list_cmd_exec,
};

static const struct argp keys_argp = {
	NULL, parse_no_args, "[SCENARIO [KEY]]",
	"Every key a scenario file may set: its type, range or values, default\n"
	"and meaning. With a SCENARIO (a name in bench/scenarios, or a file): the\n"
	"scenario as the bench reads it, every key = value; with a KEY too, that\n"
	"key's value alone (what scripts ask, instead of parsing the file).\n"
	"\vEXAMPLES:\n"
	"  cmabulk-bench keys\n"
	"  cmabulk-bench keys | grep -A1 ^pin_\n"
	"  cmabulk-bench keys pinned\n"
	"  cmabulk-bench keys pinned trials       # 8\n",
};

static void keys_cmd_init(void *opts)
{
	*(struct bench_args *)opts = (struct bench_args){ .nr_want = 2, .optional = true };
}

/* The scenario as read, or the value of one of its keys. */
static int print_scenario(const char *name, const char *key)
{
	char err[600], *text = NULL, *line, *save = NULL;
	size_t len = 0, klen = key ? strlen(key) : 0;
	struct scenario s;
	FILE *f;

	if (scenario__read_file(&s, name, bench_scenario_dir(), err, sizeof(err)))
		return tool_error(BAD_INPUT, "%s", err);
	f = open_memstream(&text, &len);
	if (!f)
		return tool_error(1, "out of memory");
	scenario__write(&s, f);
	fclose(f);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (!key)
			printf("%s\n", line);
		else if (!strncmp(line, key, klen) && !strncmp(line + klen, " = ", 3))
			break;
	}
	if (key && line)
		printf("%s\n", line + klen + 3);
	free(text);
	if (key && !line)
		return tool_error(BAD_INPUT, "keys: no key '%s' in a scenario (see 'cmabulk-bench keys')", key);
	return fflush(stdout) ? 1 : 0;
}

static int keys_cmd_exec(void *opts)
{
	struct bench_args *a = opts;

	if (a->nr_args)
		return print_scenario(a->args[0], a->nr_args > 1 ? a->args[1] : NULL);
	scenario__print_keys(stdout);
	return 0;
}

const struct bench_command bench_cmd_keys = {
	"keys", "every scenario key: type, range, default, meaning; a scenario's values", &keys_argp,
	sizeof(struct bench_args), keys_cmd_init, NULL, keys_cmd_exec,
};
