// SPDX-License-Identifier: GPL-2.0
/*
 * cmabulk-bench: run a scenario (every strategy, traced, in a seeded
 * random order, load rebuilt before each trial), keep the data in a
 * results folder, report it, and compare two runs as a regression gate.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench/compare.h"
#include "bench/report_md.h"
#include "bench/run.h"
#include "bench/scenario.h"

static const char usage[] =
"Usage: cmabulk-bench COMMAND [OPTION...] ARGS\n"
"Measure cma_alloc_bulk() FAST / NORMAL / HARD against cma_alloc() patterns.\n"
"\n"
"Commands:\n"
"  run SCENARIO       run every strategy on SCENARIO (a file, or a name in\n"
"                     bench/scenarios) and write results/<run-id>/\n"
"  report DIR         (re)write DIR/report.md and its plots from DIR's data\n"
"  compare A B        A and B side by side, mmtests style; exit 1 when the\n"
"                     gated metric regressed significantly (for CI)\n"
"  list               the scenarios in bench/scenarios\n"
"\n"
"Strategies (each trial of a run does all, in a seeded random order):\n"
"  whole        one cma_alloc() of the whole request (dma_alloc_from_contiguous style)\n"
"  chunks2m     cma_alloc() of 2 MiB pieces, split to the chunk order\n"
"  chunks       one cma_alloc() per chunk\n"
"  normal, fast, hard   cma_alloc_bulk() in that mode\n"
"  fast-normal  FAST, then NORMAL over what is still free\n"
"\n"
"run options:\n"
"  -o, --results DIR      parent folder of the run (default: results)\n"
"      --run-id ID        folder name (default: <date>-<time>-<scenario>)\n"
"  -n, --trials N         measured trials per strategy (overrides the scenario)\n"
"      --warmup N         warm-up trials per strategy (overrides the scenario)\n"
"  -s, --strategies LIST  comma-separated subset, e.g. fast,normal\n"
"  -a, --area NAME        CMA area (default: the default area)\n"
"      --no-trace         do not run cmabulk-trace alongside\n"
"      --meta KEY=VALUE   a fact from the host for meta.json (repeatable)\n"
"compare options:\n"
"  -m, --metric M         latency (default), kernel or success\n"
"  -t, --threshold PCT    change beyond which a significant one fails (default 10)\n"
"      --alpha P          significance level of Welch's t-test (default 0.05)\n"
"  -s, --strategies LIST  gate only these strategies\n"
"      --allow-partial    use a partial run anyway\n"
"report options:\n"
"      --no-plot          do not call gnuplot\n"
"\n"
"Scenario files are 'key = value' lines; keys: name description min_cma_mb\n"
"order chunks trials warmup seed fill_pct fill_kind pin_method pin_fraction\n"
"fragment_pct churn_alloc_mb_s churn_write_mb_s trial_timeout_s strategies.\n"
"\n"
"Examples:\n"
"  cmabulk-bench run pinned                 # the headline scenario\n"
"  cmabulk-bench run quick -n 3 -s fast,normal\n"
"  cmabulk-bench report results/latest\n"
"  cmabulk-bench compare results/base results/latest -m latency -t 5\n"
"\n"
"Exit status: 0 success; 1 a partial run or a regression; 2 bad input.\n";

static int bad(const char *fmt, const char *arg)
{
	fprintf(stderr, "cmabulk-bench: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n");
	return 2;
}

static int parse_uint(const char *s, unsigned int max, unsigned int *v)
{
	char *end;
	unsigned long x;

	if (!*s || *s == '-')
		return -EINVAL;
	x = strtoul(s, &end, 10);
	if (*end || x > max)
		return -EINVAL;
	*v = x;
	return 0;
}

static int parse_strategies(const char *s, uint32_t *mask)
{
	char buf[256], err[256];
	struct scenario tmp;

	snprintf(buf, sizeof(buf), "strategies = %s\n", s);
	scenario__defaults(&tmp);
	if (scenario__parse(&tmp, buf, "--strategies", err, sizeof(err)))
		return -EINVAL;
	*mask = tmp.strategies;
	return 0;
}

static const char *scenario_dir(void)
{
	const char *env = getenv("CMABULK_SCENARIOS");

	return env ? env : "bench/scenarios";
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "results", required_argument, NULL, 'o' },
		{ "run-id", required_argument, NULL, 'I' },
		{ "trials", required_argument, NULL, 'n' },
		{ "warmup", required_argument, NULL, 'w' },
		{ "strategies", required_argument, NULL, 's' },
		{ "area", required_argument, NULL, 'a' },
		{ "no-trace", no_argument, NULL, 'N' },
		{ "meta", required_argument, NULL, 'M' },
		{ "metric", required_argument, NULL, 'm' },
		{ "threshold", required_argument, NULL, 't' },
		{ "alpha", required_argument, NULL, 'A' },
		{ "allow-partial", no_argument, NULL, 'P' },
		{ "no-plot", no_argument, NULL, 'G' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{},
	};
	struct run_opts ro = { .results_dir = "results", .trace = true, .trace_args = "--phases" };
	struct compare_opts co = { .metric = METRIC_LATENCY, .threshold_pct = 10, .alpha = 0.05 };
	unsigned int trials = 0, warmup = 0;
	bool set_trials = false, set_warmup = false, plot = true;
	uint32_t strategies = 0;
	const char *cmd;
	char *end;
	int c;

	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	cmd = argv[1];
	optind = 2;
	while ((c = getopt_long(argc, argv, "o:n:s:a:m:t:qh", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			ro.results_dir = optarg;
			break;
		case 'I':
			if (!*optarg || strchr(optarg, '/'))
				return bad("--run-id: '%s' must be a plain folder name", optarg);
			ro.run_id = optarg;
			break;
		case 'n':
			if (parse_uint(optarg, 1000, &trials) || !trials)
				return bad("--trials: '%s' is not a count in [1, 1000]", optarg);
			set_trials = true;
			break;
		case 'w':
			if (parse_uint(optarg, 100, &warmup))
				return bad("--warmup: '%s' is not a count in [0, 100]", optarg);
			set_warmup = true;
			break;
		case 's':
			if (parse_strategies(optarg, &strategies))
				return bad("--strategies: '%s' is not a list of whole, chunks2m, chunks, normal, fast, fast-normal, hard", optarg);
			break;
		case 'a':
			ro.area = optarg;
			break;
		case 'N':
			ro.trace = false;
			break;
		case 'M':
			if (!strchr(optarg, '=') || ro.nr_meta == RUN_MAX_META)
				return bad("--meta: '%s' is not KEY=VALUE (at most 16)", optarg);
			ro.meta[ro.nr_meta++] = optarg;
			break;
		case 'm':
			for (co.metric = 0; co.metric < NR_METRICS; co.metric++)
				if (!strcmp(optarg, gate_metric_names[co.metric]))
					break;
			if (co.metric == NR_METRICS)
				return bad("--metric: unknown metric '%s' (latency, kernel, success)", optarg);
			break;
		case 't':
			co.threshold_pct = strtod(optarg, &end);
			if (*end || end == optarg || !(co.threshold_pct >= 0 && co.threshold_pct < 1e6))
				return bad("--threshold: '%s' is not a percentage", optarg);
			break;
		case 'A':
			co.alpha = strtod(optarg, &end);
			if (*end || end == optarg || !(co.alpha > 0 && co.alpha < 1))
				return bad("--alpha: '%s' is not in (0, 1)", optarg);
			break;
		case 'P':
			co.allow_partial = true;
			break;
		case 'G':
			plot = false;
			break;
		case 'q':
			ro.quiet = true;
			break;
		case 'h':
			fputs(usage, stdout);
			return 0;
		default:
			return bad("%s", "try 'cmabulk-bench --help'");
		}
	}

	if (!strcmp(cmd, "run")) {
		char err[600], dir[1024];
		int ret;

		if (argc - optind != 1)
			return bad("%s", "run needs one SCENARIO (see 'cmabulk-bench list')");
		if (scenario__load(&ro.scenario, argv[optind], scenario_dir(), err, sizeof(err)))
			return bad("%s", err);
		if (set_trials)
			ro.scenario.trials = trials;
		if (set_warmup)
			ro.scenario.warmup = warmup;
		if (strategies)
			ro.scenario.strategies = strategies;
		ret = bench_run(&ro, dir, sizeof(dir));
		/* The report is written even for a partial run, marked as such. */
		if (access(dir, F_OK) == 0 && report_md__write(dir, false, false) == 0 && !ro.quiet)
			fprintf(stderr, "cmabulk-bench: report: %s/report.md\n", dir);
		return ret;
	}
	if (!strcmp(cmd, "report")) {
		if (argc - optind != 1)
			return bad("%s", "report needs one results folder");
		return report_md__write(argv[optind], plot, !ro.quiet) ? 2 : 0;
	}
	if (!strcmp(cmd, "compare")) {
		if (argc - optind != 2)
			return bad("%s", "compare needs two results folders, A (base) and B (new)");
		co.a = argv[optind];
		co.b = argv[optind + 1];
		co.strategies = strategies;
		return bench_compare(&co);
	}
	if (!strcmp(cmd, "list")) {
		struct dirent **names;
		int n = scandir(scenario_dir(), &names, NULL, alphasort);

		if (n < 0)
			return bad("cannot read %s", scenario_dir());
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
	return bad("unknown command '%s' (run, report, compare, list)", cmd);
}
