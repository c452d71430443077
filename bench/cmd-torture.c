// SPDX-License-Identifier: GPL-2.0
/*
 * The torture commands: soak (allocate/release cycles checked against the
 * kernel's counters) and stress (callers at once, some killed mid-call),
 * both under the same load (bench/torture/torture_load.h).
 */
#include <errno.h>

#include "bench/cli.h"
#include "bench/commands.h"
#include "bench/torture/soak.h"
#include "bench/torture/stress.h"
#include "lib/args.h"
#include "lib/cmd.h"
#include "lib/tool.h"

enum {
	OPT_SEED = 1000, OPT_FILL, OPT_CHURN, OPT_PINS, OPT_REQUEST, OPT_JSON, OPT_CYCLES,
	OPT_MINUTES, OPT_SECONDS, OPT_CALLERS, OPT_NO_DEBUG_CALLER, OPT_KILL_EVERY,
};

/*
 * The options of the load a soak or a stress runs under (bench/torture/torture_load.h):
 * the same names and limits for both, their defaults and pin moves theirs.
 */
#define TORTURE_LOAD_OPTIONS(under, fill, request, pins_move)					\
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

/* One of TORTURE_LOAD_OPTIONS into *u; ARGP_ERR_UNKNOWN for any other key. */
static error_t parse_torture_load_opt(struct torture_load_opts *u, const char *cmd, int key, char *arg)
{
	unsigned long long v;
	int err = 0;

	switch (key) {
	case 'a':
		u->area = arg;
		break;
	case OPT_SEED:
		err = args_integer(arg, "--seed", 0, ~0ULL, &v);
		u->seed = v;
		break;
	case OPT_FILL:
		err = args_double(arg, "--fill", "a percentage", 0, 90, &u->fill_pct);
		break;
	case OPT_CHURN:
		err = args_double(arg, "--churn", "MiB/s", 0, 4096, &u->churn_mb_s);
		break;
	case OPT_PINS:
		err = args_double(arg, "--pins", "a fraction", 0, 0.5, &u->pin_fraction);
		break;
	case OPT_REQUEST:
		err = args_double(arg, "--request", "a percentage", 0.001, 100, &u->request_pct);
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

/* --- soak ----------------------------------------------------------------- */

static const struct argp_option soak_options[] = {
	{ "cycles", OPT_CYCLES, "N", 0, "Allocate/release cycles (default 1000)", 0 },
	TORTURE_LOAD_OPTIONS("soak", "50", "10", "moved every cycle"),
	{},
};

static void soak_cmd_init(void *opts)
{
	*(struct soak_opts *)opts = (struct soak_opts)SOAK_DEFAULTS;
}

static error_t parse_soak_opt(int key, char *arg, struct argp_state *state)
{
	struct soak_opts *so = state->input;
	unsigned long long v;
	int err;

	if (key != OPT_CYCLES)
		return parse_torture_load_opt(&so->under, "soak", key, arg);
	err = args_integer(arg, "--cycles", 1, 100000000, &v);
	so->cycles = (unsigned int)v;
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

static int soak_cmd_exec(void *opts)
{
	return bench_soak(opts);
}

const struct bench_command bench_cmd_soak = {
	"soak", "cycles of allocate/release under load, checked against the kernel's counters",
	&soak_argp, sizeof(struct soak_opts), soak_cmd_init, NULL, soak_cmd_exec,
};

/* --- stress --------------------------------------------------------------- */

static const struct argp_option stress_options[] = {
	{ "minutes", OPT_MINUTES, "M", 0, "How long (default 10)", 0 },
	{ "seconds", OPT_SECONDS, "S", 0, "How long, in seconds (the short forms)", 0 },
	{ "callers", OPT_CALLERS, "N", 0, "Bulk callers at once, each a process (default 2)", 0 },
	{ "no-debug-caller", OPT_NO_DEBUG_CALLER, NULL, 0, "No cma_alloc() caller through debugfs cma/<area>/alloc beside them", 0 },
	{ "kill-every", OPT_KILL_EVERY, "S", 0, "SIGKILL a bulk caller inside its call every S seconds (default 10; 0: never)", 0 },
	TORTURE_LOAD_OPTIONS("stress", "30", "25", "pins moving every 20 ms"),
	{},
};

static void stress_cmd_init(void *opts)
{
	*(struct stress_opts *)opts = (struct stress_opts)STRESS_DEFAULTS;
}

static error_t parse_stress_opt(int key, char *arg, struct argp_state *state)
{
	struct stress_opts *so = state->input;
	unsigned long long v;
	int err = 0;

	switch (key) {
	case OPT_MINUTES:
		err = args_double(arg, "--minutes", "minutes", 0.01, 10080, &so->seconds);
		so->seconds *= 60;
		break;
	case OPT_SECONDS:
		err = args_double(arg, "--seconds", "seconds", 1, 604800, &so->seconds);
		break;
	case OPT_CALLERS:
		err = args_integer(arg, "--callers", 1, STRESS_MAX_CALLERS, &v);
		so->callers = (unsigned int)v;
		break;
	case OPT_NO_DEBUG_CALLER:
		so->no_debug_caller = true;
		break;
	case OPT_KILL_EVERY:
		err = args_double(arg, "--kill-every", "seconds", 0, 86400, &so->kill_every_s);
		break;
	default:
		return parse_torture_load_opt(&so->under, "stress", key, arg);
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

static int stress_cmd_exec(void *opts)
{
	return bench_stress(opts);
}

const struct bench_command bench_cmd_stress = {
	"stress", "callers at once on one area, some killed mid-call, checked exactly",
	&stress_argp, sizeof(struct stress_opts), stress_cmd_init, NULL, stress_cmd_exec,
};
