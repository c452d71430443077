// SPDX-License-Identifier: GPL-2.0
/*
 * The commands that hand results on: export (a results folder or a
 * tracing session as a device farm's cases) and session (a device tracing
 * session rendered on the host).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/cli.h"
#include "bench/commands.h"
#include "bench/core/results_dir.h"
#include "bench/core/trace_session.h"
#include "bench/export/farm_cases.h"
#include "bench/export/kcidb.h"
#include "bench/export/lava_name.h"
#include "bench/export/trace_session_cases.h"
#include "bench/report/trace_session_md.h"
#include "lib/args.h"
#include "lib/atomic_file.h"
#include "lib/cmd.h"
#include "lib/tool.h"

enum {
	OPT_KCIDB = 1000, OPT_RESULT_TXT, OPT_GATE, OPT_ORIGIN, OPT_TREE, OPT_GIT_URL,
	OPT_GIT_COMMIT, OPT_KERNEL_ID, OPT_TRANSPORT, OPT_STATUS, OPT_INTERRUPTED, OPT_JSON,
	OPT_NO_PLOT, OPT_LAVA_NAME, OPT_PATCHSET, OPT_CONFIG_ID,
};

/* --- export --------------------------------------------------------------- */

struct export_cmd {
	bool kcidb;
	const char *lava_name;		/* --lava-name: that name, not DIR's cases */
	const char *out;
	int nr_gates;
	bool gates_set;
	struct farm_gate gates[FARM_MAX_GATES];
	struct kcidb_opts kc;		/* as given */
	struct kcidb_opts kc_run;	/* with the run's facts: what --kcidb writes */
	struct bench_args a;
};

static const struct argp_option export_options[] = {
	{ "result-txt", OPT_RESULT_TXT, NULL, 0, "Linaro result.txt lines: name result [measurement units] (the default)", 0 },
	{ "kcidb", OPT_KCIDB, NULL, 0, "A KCIDB v5.3 submission (JSON): checkout, build, a test per case", 0 },
	{ "output", 'o', "FILE", 0, "Write to FILE (default: standard output)", 0 },
	{ "lava-name", OPT_LAVA_NAME, "TEXT", 0, "Print TEXT as the LAVA set or case name the export would make of it, and exit (no DIR)", 0 },
	{ "gate", OPT_GATE, "S<A|S<=A", 0, "A gate case: S faster than A (S<A) or not slower (S<=A), on latency; repeatable; 'none' for no gate (default " FARM_DEFAULT_GATE ")", 0 },
	{ "origin", OPT_ORIGIN, "NAME", 0, "--kcidb: the submitter's KCIDB origin (default cmabulk)", 0 },
	{ "tree", OPT_TREE, "NAME", 0, "--kcidb: the checkout's tree_name, the kernel tree it came from: mainline, stable, ... (default: the run's tree_name fact; required)", 0 },
	{ "git-url", OPT_GIT_URL, "URL", 0, "--kcidb: the kernel's https:// repository", 0 },
	{ "git-commit", OPT_GIT_COMMIT, "HASH", 0, "--kcidb: the base tree's 40-digit commit (default: the run's kernel_git_commit; left out when unknown)", 0 },
	{ "patchset-hash", OPT_PATCHSET, "HASH", 0, "--kcidb: KCIDB's sha256 of the patches on that commit, '' for none (default: the run's patchset_hash; required)", 0 },
	{ "kernel-id", OPT_KERNEL_ID, "ID", 0, "--kcidb: what tells this kernel from others of its release, in the ids (default: the run's series hash; required)", 0 },
	{ "config-id", OPT_CONFIG_ID, "ID", 0, "--kcidb: what tells this build's config from others, in the build's id (default: the run's config hash; required)", 0 },
	{},
};

static void export_cmd_init(void *opts)
{
	struct export_cmd *c = opts;

	c->a = (struct bench_args){ .nr_want = 1, .missing = "export needs one results folder" };
}

static error_t parse_gate(struct export_cmd *c, const char *arg)
{
	char err[256];

	if (!c->gates_set)
		c->nr_gates = 0;
	c->gates_set = true;
	if (!strcmp(arg, "none"))
		return 0;
	if (c->nr_gates == FARM_MAX_GATES)
		return tool_error(EINVAL, "--gate: at most %d", FARM_MAX_GATES);
	if (farm_gate__parse(arg, &c->gates[c->nr_gates], err, sizeof(err)))
		return tool_error(EINVAL, "--gate: %s", err);
	c->nr_gates++;
	return 0;
}

static error_t parse_export_opt(int key, char *arg, struct argp_state *state)
{
	struct export_cmd *c = state->input;

	switch (key) {
	case OPT_KCIDB:
	case OPT_RESULT_TXT:
		c->kcidb = key == OPT_KCIDB;
		return 0;
	case 'o':
		c->out = arg;
		return 0;
	case OPT_LAVA_NAME:
		c->lava_name = arg;
		c->a.optional = true;
		return 0;
	case OPT_GATE:
		return parse_gate(c, arg);
	case OPT_ORIGIN:
		c->kc.origin = arg;
		return 0;
	case OPT_TREE:
		c->kc.tree_name = arg;
		return 0;
	case OPT_GIT_URL:
		c->kc.git_url = arg;
		return 0;
	case OPT_GIT_COMMIT:
		c->kc.git_commit = arg;
		return 0;
	case OPT_KERNEL_ID:
		c->kc.kernel_id = arg;
		return 0;
	case OPT_PATCHSET:
		c->kc.patchset_hash = arg;
		return 0;
	case OPT_CONFIG_ID:
		c->kc.config_id = arg;
		return 0;
	}
	return bench_args__parse(&c->a, key, arg);
}

static const struct argp export_argp = {
	export_options, parse_export_opt, "DIR",
	"Turn the results folder DIR into what a device farm keeps. Each number is\n"
	"a case of its own with a measurement (<strategy>-median-ms pass 3.3556 ms;\n"
	"SQUAD keeps it as a metric and drops its pass/fail), each gate a case\n"
	"without one (fast-vs-normal-gate pass|fail|skip; SQUAD keeps it as a\n"
	"test), and run-complete says whether every trial ran. As result.txt\n"
	"lines (farm/cmabulk-farm.sh sends them with lava-test-case), or as a\n"
	"KCIDB submission whose numbers are tests with status DONE and number\n"
	"{value, unit}, verdicts PASS/FAIL/SKIP (farm/kcidb/README.md: checking\n"
	"and submitting it); its checkout needs a tree name, a patchset hash, a\n"
	"kernel id and a config id, from the options or the run's meta.json, and\n"
	"is refused without one. The numbers are summary.json's, computed by the\n"
	"same code from trials.csv, written exactly (the shortest text that reads\n"
	"back as the number) and alike in both forms; case names are LAVA's\n"
	"([A-Za-z0-9._-], at most 100 characters: --lava-name shows one). A gate passes on the verdict report.md gives the\n"
	"pair (a 95% bootstrap interval of the ratio of medians against 5%),\n"
	"fails when S is slower (or the same, for S<A), skips when undecided.\n"
	"DIR may also be a tracing session (trace.out: cmabulk-trace --json, as\n"
	"scripts/device.sh and the farm's MODE=trace leave it): trace-session\n"
	"pass|fail, then per area, kind, mode and order its calls, failed,\n"
	"pages, skipped and mean latency (result.txt only).\n"
	"\vEXAMPLES:\n"
	"  cmabulk-bench export results/latest\n"
	"  cmabulk-bench export results/latest --gate 'fast<normal' --gate 'fast<=chunks2m'\n"
	"  cmabulk-bench export --kcidb --origin mylab --tree mainline -o kcidb.json results/latest\n"
	"  cmabulk-bench export results/20261203-101010-device-trace\n"
	"\n"
	"Exit status: 0 written (whatever the gates say: the farm reads them);\n"
	"1 the output could not be written; 2 bad input.",
};

static int export_cmd_prepare(void *opts, int argc, char **argv)
{
	struct export_cmd *c = opts;
	char err[256];

	if (!c->gates_set && farm_gate__parse(FARM_DEFAULT_GATE, &c->gates[0], err, sizeof(err)) == 0)
		c->nr_gates = 1;
	return 0;
}

/* --lava-name TEXT: the name alone, on a line. */
static int print_lava_name(const struct export_cmd *c)
{
	char name[LAVA_NAME_MAX + 1];

	if (c->a.nr_args)
		return tool_error(BAD_INPUT, "export --lava-name takes no results folder");
	lava_name(c->lava_name, name);
	if (printf("%s\n", name) < 0 || fflush(stdout))
		return tool_error(1, "writing standard output failed: %s", strerror(errno));
	return 0;
}

/* The cases of DIR: a tracing session's own (result.txt only), or a run's. 0 or BAD_INPUT. */
static int export_cases(struct export_cmd *c, struct results_dir *r, struct farm_cases *fc)
{
	const char *dir = c->a.args[0];
	char err[1024];

	if (trace_session__is_session(dir)) {
		if (c->kcidb)
			return tool_error(BAD_INPUT, "%s is a tracing session: --kcidb takes a bench results folder",
					  dir);
		return trace_session__cases(dir, fc) ? BAD_INPUT : 0;
	}
	/* A partial run too: run-complete says so. */
	if (kcidb_opts__check(&c->kc, err, sizeof(err)) ||
	    results_dir__load(r, dir, true, err, sizeof(err)))
		return tool_error(BAD_INPUT, "%s", err);
	if (c->kcidb && kcidb_opts__resolve(&c->kc, r, &c->kc_run, err, sizeof(err)))
		return tool_error(BAD_INPUT, "%s", err);
	if (farm_cases__build(r, c->gates, c->nr_gates, fc))
		return tool_error(BAD_INPUT, "%s: cannot build its cases", dir);
	return 0;
}

static int export_cmd_exec(void *opts)
{
	struct export_cmd *c = opts;
	struct results_dir *r;
	struct farm_cases *fc;
	FILE *out = stdout;
	int ret = BAD_INPUT;

	if (c->lava_name)
		return print_lava_name(c);
	r = calloc(1, sizeof(*r));
	fc = calloc(1, sizeof(*fc));
	/* 1. The cases, then 2. the one format asked for. */
	if (!r || !fc || export_cases(c, r, fc))
		goto out;
	if (c->out && !(out = atomic_open(c->out))) {
		tool_error(0, "cannot write %s: %s", c->out, strerror(errno));
		goto out;
	}
	ret = c->kcidb ? kcidb__write(r, fc, &c->kc_run, out) : farm_cases__write_result_txt(fc, out);
	if (c->out ? atomic_close(out, c->out) || ret : fflush(stdout) || ret)
		ret = tool_error(1, "writing %s failed: %s", c->out ? c->out : "standard output",
				 strerror(errno));
out:
	if (r)
		results_dir__free(r);
	free(r);
	free(fc);
	return ret;
}

const struct bench_command bench_cmd_export = {
	"export", "a results folder as farm cases: result.txt lines or a KCIDB submission", &export_argp,
	sizeof(struct export_cmd), export_cmd_init, export_cmd_prepare, export_cmd_exec,
};

/* --- session -------------------------------------------------------------- */

struct session_cmd {
	struct trace_session_opts so;
	struct bench_args a;
};

static const struct argp_option session_options[] = {
	{ "transport", OPT_TRANSPORT, "NAME", 0, "How the session was reached (adb, ssh, local)", 0 },
	{ "status", OPT_STATUS, "N", 0, "The tracer's exit status on the device", 0 },
	{ "interrupted", OPT_INTERRUPTED, NULL, 0, "The session was stopped with Ctrl-C", 0 },
	{ "json", OPT_JSON, NULL, 0, "Print the tracer's final JSON line, not the text summary", 0 },
	{ "no-plot", OPT_NO_PLOT, NULL, 0, "Do not call gnuplot", 0 },
	{},
};

static void session_cmd_init(void *opts)
{
	struct session_cmd *c = opts;

	c->so.plot = true;
	c->a = (struct bench_args){ .nr_want = 1, .missing = "session needs one session folder" };
}

static error_t parse_session_opt(int key, char *arg, struct argp_state *state)
{
	struct session_cmd *c = state->input;
	double status;

	switch (key) {
	case OPT_TRANSPORT:
		c->so.transport = arg;
		return 0;
	case OPT_STATUS:
		if (args_double(arg, "--status", "an exit status", 0, 256, &status))
			return EINVAL;
		c->so.status = (int)status;
		return 0;
	case OPT_INTERRUPTED:
		c->so.interrupted = true;
		return 0;
	case OPT_JSON:
		c->so.json = true;
		return 0;
	case OPT_NO_PLOT:
		c->so.plot = false;
		return 0;
	}
	return bench_args__parse(&c->a, key, arg);
}

static const struct argp session_argp = {
	session_options, parse_session_opt, "DIR",
	"Render a device tracing session that scripts/device.sh pulled into DIR\n"
	"(trace.out from cmabulk-trace --json, device.facts): DIR/meta.json naming\n"
	"the device, DIR/report.md with the tables, histograms and each call, and\n"
	"plots; the summary on stdout.\n"
	"\vEXAMPLES:\n"
	"  cmabulk-bench session results/20261201-231500-device-trace\n"
	"  cmabulk-bench session DIR --transport adb --json\n",
};

static int session_cmd_exec(void *opts)
{
	struct session_cmd *c = opts;

	return trace_session__render(c->a.args[0], &c->so, stdout) ? BAD_INPUT : 0;
}

const struct bench_command bench_cmd_session = {
	"session", "render a device tracing session (scripts/device.sh) in DIR", &session_argp,
	sizeof(struct session_cmd), session_cmd_init, NULL, session_cmd_exec,
};
