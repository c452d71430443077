// SPDX-License-Identifier: GPL-2.0
/* The overhead command: what tracers cost a bulk call (bench/overhead/overhead.h). */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "bench/cli.h"
#include "bench/commands.h"
#include "bench/overhead/overhead.h"
#include "lib/args.h"
#include "lib/cmd.h"
#include "lib/tool.h"

enum {
	OPT_TRACER = 1000, OPT_ROUNDS, OPT_CALLS, OPT_WARMUP, OPT_STATS_CALLS, OPT_MODE, OPT_COUNT,
	OPT_ORDER, OPT_PIN, OPT_READY_TIMEOUT, OPT_RUN_ID, OPT_META, OPT_SEED,
};


/* The options, and whether --tracer replaced the default tracers yet. */
struct overhead_cmd {
	struct overhead_opts o;
	bool own_tracers;
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

static void overhead_cmd_init(void *opts)
{
	((struct overhead_cmd *)opts)->o = (struct overhead_opts)OVERHEAD_DEFAULTS;
}

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
		if (args_integer(arg, counts[i].name, counts[i].min, counts[i].max, &v))
			return -1;
		*(unsigned int *)((char *)oo + counts[i].offset) = (unsigned int)v;
		return 1;
	}
	return 0;
}

static int parse_overhead_tracer(struct overhead_cmd *c, const char *arg)
{
	if (!c->own_tracers)
		c->o.nr_contenders = 0;
	c->own_tracers = true;
	if (overhead__add_contender(&c->o, arg))
		return tool_error(1, "--tracer '%s': want NAME=COMMAND, NAME of letters, digits, - or _, "
				  "each name once, at most %d", arg, OVERHEAD_MAX_CONTENDERS);
	return 0;
}

static error_t parse_overhead_opt(int key, char *arg, struct argp_state *state)
{
	struct overhead_cmd *c = state->input;
	struct overhead_opts *oo = &c->o;
	unsigned long long v;
	int err = parse_overhead_count(key, arg, oo);

	if (err)
		return err < 0 ? EINVAL : 0;
	switch (key) {
	case OPT_TRACER:
		err = parse_overhead_tracer(c, arg);
		break;
	case OPT_MODE:
		if (!*arg || strpbrk(arg, " =\n"))
			err = tool_error(1, "--mode '%s': want a mode name (fast, normal, ...)", arg);
		oo->mode = arg;
		break;
	case OPT_PIN:
		err = args_double(arg, "--pin", "a fraction", 0, 0.5, &oo->pin_fraction);
		break;
	case 'a':
		oo->area = arg;
		break;
	case OPT_READY_TIMEOUT:
		err = args_double(arg, "--ready-timeout", "seconds", 1, 86400, &oo->ready_timeout_s);
		break;
	case 'o':
		oo->results_dir = arg;
		break;
	case OPT_RUN_ID:
		oo->run_id = arg;
		break;
	case OPT_META:
		if (oo->nr_meta == OVERHEAD_MAX_META || !strchr(arg, '='))
			err = tool_error(1, "--meta '%s': want KEY=VALUE, at most %d", arg, OVERHEAD_MAX_META);
		else
			oo->meta[oo->nr_meta++] = arg;
		break;
	case OPT_SEED:
		err = args_integer(arg, "--seed", 0, ~0ULL, &v);
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
	"-j --phases, and bpftrace bench/overhead/overhead.bt when bpftrace is on PATH.\n"
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

static int overhead_cmd_prepare(void *opts, int argc, char **argv)
{
	struct overhead_cmd *c = opts;
	const char *root = getenv("CMABULK_ROOT");

	if (!c->o.nr_contenders)
		overhead__default_contenders(&c->o, root ? root : ".");
	return 0;
}

static int overhead_cmd_exec(void *opts)
{
	return bench_overhead(&((struct overhead_cmd *)opts)->o);
}

const struct bench_command bench_cmd_overhead = {
	"overhead", "what tracers cost a bulk call: paired passes, BPF run time per event",
	&overhead_argp, sizeof(struct overhead_cmd), overhead_cmd_init, overhead_cmd_prepare,
	overhead_cmd_exec,
};
