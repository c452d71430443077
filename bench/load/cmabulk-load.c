// SPDX-License-Identifier: GPL-2.0
/*
 * cmabulk-load: put CMA under the pressure cma_alloc_bulk() was made for
 * (full of movable pages, some of them pinned, memory fragmented, pages
 * churning and under writeback), measure what was achieved, hold it, and
 * give everything back.
 */
#include <argp.h>
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/load/load.h"
#include "bench/load/load_cli.h"
#include "lib/args.h"
#include "lib/cmd.h"
#include "lib/tool.h"

/* Every command's options; each command's argp lists the ones it takes. */
static struct env {
	struct load_cli cli;
	bool want_pct;		/* the command takes a PERCENT */
	double pct;
	int kind;		/* -1: the command's default */
	int method;
	double fill_pct;	/* pin --fill; -1: the method's default */
	double fraction;	/* pin --fraction; -1: not given */
	double alloc_rate, write_rate;
} env = { .cli = LOAD_CLI_INIT, .pct = -1, .kind = -1, .method = PIN_NONE, .fill_pct = -1,
	  .fraction = -1 };

enum { OPT_ALLOC_RATE = 1000, OPT_WRITE_RATE };

static const struct argp_option kind_option[] = {
	{ "kind", 'k', "KIND", 0, "Fill with anon (default), shmem or file (page cache on /scratch)", 0 },
	{},
};

static const struct argp_option pin_options[] = {
	{ "method", 'm', "M", 0, "Pin method (required; see above)", 0 },
	{ "fraction", 'F', "F", 0, "Fraction of the CMA pageblocks to pin, (0, 1] (required)", 0 },
	{ "fill", 'f', "PERCENT", 0, "Fill first (default 60; module: no fill)", 0 },
	{ "kind", 'k', "KIND", 0, "Fill with anon, shmem or file (writeback: file)", 0 },
	{},
};

static const struct argp_option churn_options[] = {
	{ "alloc-rate", OPT_ALLOC_RATE, "R", 0, "MiB/s allocated, touched and freed", 0 },
	{ "write-rate", OPT_WRITE_RATE, "W", 0, "MiB/s written to /scratch and written back", 0 },
	{},
};

static int parse_number(const char *arg, const char *what, double *v)
{
	return args_double(arg, what, "a number", -DBL_MAX, DBL_MAX, v);
}

/* A number in its range (bench/load/load.h), or one line naming the range. */
static int parse_checked(const char *arg, const char *what, double *v,
			 int (*check)(double, const char *, char *, size_t))
{
	char err[160];

	if (parse_number(arg, what, v))
		return -EINVAL;
	if (check(*v, what, err, sizeof(err)))
		return tool_error(-EINVAL, "%s", err);
	return 0;
}

static int parse_key_arg(const char *arg, struct argp_state *state)
{
	char what[64];

	if (!env.want_pct || state->arg_num > 0)
		return tool_error(-EINVAL, "%s: unexpected argument '%s'", cmd_current, arg);
	snprintf(what, sizeof(what), "%s: PERCENT", env.cli.cmd);
	return parse_checked(arg, what, &env.pct, load__check_pct);
}

/* What a command needs and did not get, once all its options are in. */
static int check_complete(void)
{
	const char *cmd = env.cli.cmd;

	if (env.want_pct && env.pct < 0)
		return tool_error(-EINVAL, "%s needs a PERCENT, e.g. '%s %s 50'", cmd, tool_name, cmd);
	if (!strcmp(cmd, "pin") && (env.method == PIN_NONE || env.fraction < 0))
		return tool_error(-EINVAL, "pin needs --method and --fraction, e.g. 'pin --method vmsplice --fraction 0.01'");
	if (!strcmp(cmd, "churn") && env.alloc_rate == 0 && env.write_rate == 0)
		return tool_error(-EINVAL, "churn needs --alloc-rate and/or --write-rate, e.g. 'churn --alloc-rate 32'");
	return 0;
}

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	int err;

	switch (key) {
	case ARGP_KEY_INIT:
		/* Every command's argp has one child, of the shared options. */
		state->child_inputs[0] = &env.cli;
		return 0;
	case 'k':
		env.kind = load__parse_fill_kind(arg);
		if (env.kind < 0)
			return tool_error(EINVAL, "--kind: unknown kind '%s' (anon, shmem, file)", arg);
		return 0;
	case 'm':
		env.method = load__parse_pin_method(arg);
		if (env.method <= PIN_NONE)
			return tool_error(EINVAL, "--method: unknown method '%s' (vmsplice, odirect, writeback, module, module-ref, module-short)",
					  arg);
		return 0;
	case 'F':
		err = parse_checked(arg, "--fraction", &env.fraction, load__check_fraction);
		break;
	case 'f':
		err = parse_checked(arg, "--fill", &env.fill_pct, load__check_pct);
		break;
	case OPT_ALLOC_RATE:
		err = parse_checked(arg, "--alloc-rate", &env.alloc_rate, load__check_rate);
		break;
	case OPT_WRITE_RATE:
		err = parse_checked(arg, "--write-rate", &env.write_rate, load__check_rate);
		break;
	case ARGP_KEY_ARG:
		err = parse_key_arg(arg, state);
		break;
	case ARGP_KEY_END:
		err = check_complete();
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return err ? EINVAL : 0;
}

static const struct argp_child load_children[] = { { &load_cli_argp, 0, NULL, 0 }, {} };

static const struct argp fill_argp = {
	kind_option, parse_opt, "PERCENT",
	"Bring CMA occupancy to PERCENT, in (0, 100], with movable pages. The\n"
	"ballast that pushes pages into CMA is released, so migration has room.\n"
	"\vOnce the load is in place it prints its report and \"cmabulk-load: ready\"\n"
	"on stderr; at the end a teardown line tells whether CmaFree came back.\n"
	"\n"
	"EXAMPLES:\n"
	"  cmabulk-load fill 80 --hold 60          # 80% of CMA occupied for a minute\n"
	"  cmabulk-load fill 50 --kind shmem --json\n"
	"  cmabulk-load fill 30 --kind file --hold inf   # page cache on /scratch\n",
	load_children,
};

static const struct argp pin_argp = {
	pin_options, parse_opt, NULL,
	"Block a fraction F of the CMA pageblocks. Every method but 'module' pins\n"
	"fill pages, so it fills first.\n"
	"\n"
	"Pin methods:\n"
	"  vmsplice    a fill page spliced into a pipe that is never read\n"
	"  odirect     a fill page as the source of O_DIRECT writes kept in flight\n"
	"              (needs a slow disk at /scratch; the guest has one)\n"
	"  writeback   page cache kept under writeback (--kind file and /scratch)\n"
	"  module      the test driver takes one page of each block (exact)\n"
	"  module-ref  the test driver holds a reference on an LRU page of each block\n"
	"  module-short  as module-ref, but each pin lasts 5 ms and then moves to\n"
	"              another LRU page of its block (short pins, one after another)\n"
	"\vEXAMPLES:\n"
	"  cmabulk-load pin --method vmsplice --fraction 0.01 --hold inf\n"
	"  cmabulk-load pin --method module --fraction 0.05 --seed 7 --json\n"
	"  cmabulk-load pin --method writeback --fraction 0.02 --fill 30 --kind file\n",
	load_children,
};

static const struct argp fragment_argp = {
	NULL, parse_opt, "PERCENT",
	"Put unmovable pages (pipe buffers, page tables) in PERCENT, in (0, 100],\n"
	"of the free pageblocks outside CMA.\n"
	"\vEXAMPLES:\n"
	"  cmabulk-load fragment 30 --hold 60\n"
	"  cmabulk-load fragment 50 --json --hold inf\n",
	load_children,
};

static const struct argp churn_argp = {
	churn_options, parse_opt, NULL,
	"Allocate and free, and write back to /scratch, in the background at these\n"
	"rates, in [0, 4096] MiB/s, until the hold ends.\n"
	"\vEXAMPLES:\n"
	"  cmabulk-load churn --alloc-rate 32 --hold 60\n"
	"  cmabulk-load churn --alloc-rate 16 --write-rate 2 --hold inf --json\n",
	load_children,
};

static const struct argp_child status_children[] = { { &load_cli_area_argp, 0, NULL, 0 }, {} };

static const struct argp status_argp = {
	NULL, parse_opt, NULL,
	"The CMA area, its occupancy and pageblock types; nothing is changed.\n"
	"\vEXAMPLES:\n"
	"  cmabulk-load status\n"
	"  cmabulk-load status --area reserved\n",
	status_children,
};

static int build_fill(struct load *l)
{
	return load__fill(l, env.kind < 0 ? FILL_ANON : env.kind, env.pct);
}

static int build_pin(struct load *l)
{
	int kind = env.kind, err = 0;

	/* Writeback needs page cache; the others default to anonymous pages. */
	if (kind < 0)
		kind = FILL_ANON;
	if (env.method == PIN_WRITEBACK && kind == FILL_ANON)
		kind = FILL_FILE;
	if (env.method != PIN_MODULE)
		err = load__fill(l, kind, env.fill_pct < 0 ? 60 : env.fill_pct);
	else if (env.fill_pct > 0)
		err = load__fill(l, kind, env.fill_pct);
	return err ? err : load__pin(l, env.method, env.fraction);
}

static int build_fragment(struct load *l)
{
	return load__fragment(l, env.pct);
}

static int build_churn(struct load *l)
{
	return load__churn_start(l, env.alloc_rate, env.write_rate);
}

/* Parse, then build the load, report it, hold it and give it back. */
static int load_command(int argc, char **argv, const struct argp *argp,
			int (*build)(struct load *l))
{
	struct load load;

	/* 1. The options, all checked before anything is touched. */
	env.cli.cmd = cmd_current;
	env.want_pct = argp->args_doc != NULL;
	if (cmd_parse(argp, argc, argv))
		return 1;
	/* 2. Signals, the area and CmaFree before. */
	if (load_cli__start(&env.cli, &load))
		return 1;
	/* 3. The load; 4. its report, the hold, the teardown. */
	return load_cli__finish(&env.cli, &load, build(&load));
}

static int do_fill(int argc, char **argv)
{
	return load_command(argc, argv, &fill_argp, build_fill);
}

static int do_pin(int argc, char **argv)
{
	return load_command(argc, argv, &pin_argp, build_pin);
}

static int do_fragment(int argc, char **argv)
{
	return load_command(argc, argv, &fragment_argp, build_fragment);
}

static int do_churn(int argc, char **argv)
{
	return load_command(argc, argv, &churn_argp, build_churn);
}

static int do_status(int argc, char **argv)
{
	struct load load;
	long total, free_kb;

	env.cli.cmd = cmd_current;
	if (cmd_parse(&status_argp, argc, argv))
		return 1;
	if (load_cli__start(&env.cli, &load))
		return 1;
	total = sys_meminfo_kb("CmaTotal");
	free_kb = load_cma_free_kb();
	load__print_text(&load, stdout);
	printf("CmaTotal %ld kB, CmaFree %ld kB: %.1f%% occupied\n", total, free_kb,
	       total > 0 ? 100.0 * (total - free_kb) / total : 0);
	return 0;
}

static const struct cmd cmds[] = {
	{ "fill", do_fill, "bring CMA occupancy to PERCENT with movable pages" },
	{ "pin", do_pin, "block a fraction of the CMA pageblocks (--method, --fraction)" },
	{ "fragment", do_fragment, "unmovable pages in PERCENT of the free pageblocks outside CMA" },
	{ "churn", do_churn, "allocate/free and write back in the background (MiB/s)" },
	{ "status", do_status, "CMA occupancy and pageblock types, nothing changed" },
	{},
};

static const char help_head[] =
"Usage: cmabulk-load COMMAND [OPTION...] [PERCENT]\n"
"Fill, pin and fragment memory around a CMA area, reproducibly, and report\n"
"what was achieved (measured, not assumed), hold it, and give it back.\n";

static const char help_tail[] =
"'cmabulk-load COMMAND --help' shows a command's options and examples.\n"
"The load a cmabulk-bench scenario describes: 'cmabulk-bench load SCENARIO'.\n"
"\n"
"Examples:\n"
"  cmabulk-load fill 80 --hold 60\n"
"  cmabulk-load pin --method vmsplice --fraction 0.01 --hold inf\n"
"  cmabulk-load pin --help\n"
"\n"
"Exit status: 0 when the load was reached and fully given back, 1 otherwise.\n";

static int do_help(void)
{
	return cmd_print_help(help_head, cmds, help_tail);
}

int main(int argc, char **argv)
{
	tool_name = "cmabulk-load";
	return cmd_select(cmds, argc, argv, do_help, 1);
}
