// SPDX-License-Identifier: GPL-2.0
/*
 * cmabulk-bench: measure cma_alloc_bulk() FAST / NORMAL against the
 * cma_alloc() patterns. Run a scenario or a sweep of one (cmd-run.c),
 * report, compare and merge results folders (cmd-results.c), hand them to
 * a device farm or render a device session (cmd-export.c), torture the
 * allocator (cmd-torture.c), and measure what tracers cost (cmd-overhead.c).
 * Each command is an entry of bench_commands[] (commands.c).
 */
#include <stdlib.h>

#include "bench/cli.h"
#include "lib/cmd.h"
#include "lib/tool.h"

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

static struct cmd cmds[BENCH_MAX_ARGS];

static int do_help(void)
{
	return cmd_print_help(help_head, cmds, help_tail);
}

int main(int argc, char **argv)
{
	/* 1. lib/cmd's table from the bench's: each entry's main is the shared one. */
	for (int i = 0; bench_commands[i]; i++)
		cmds[i] = (struct cmd){ bench_commands[i]->name, bench_command__main,
					bench_commands[i]->summary, bench_commands[i] };
	/* 2. The command the line names. */
	tool_name = "cmabulk-bench";
	return cmd_select(cmds, argc, argv, do_help, BAD_INPUT);
}
