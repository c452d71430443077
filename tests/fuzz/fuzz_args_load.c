// SPDX-License-Identifier: GPL-2.0
/*
 * cmabulk-load's command lines: the first byte picks a command's parser
 * (fill, pin, fragment, churn, status), the rest are NUL-separated words,
 * parsed as load_command() does before it touches anything. An error is
 * one line, and nothing is built.
 */
#include "tests/fuzz/fuzz.h"

#define main cmabulk_load_main
#include "bench/load/cmabulk-load.c"
#undef main

static const struct argp *const commands[] = {
	&fill_argp, &pin_argp, &fragment_argp, &churn_argp, &status_argp,
};
#define NR_COMMANDS (sizeof(commands) / sizeof(commands[0]))

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static typeof(env) pristine;
	static bool saved;
	char **argv;
	int argc;

	if (!saved) {
		pristine = env;
		saved = true;
		/* getopt's own one-line messages would fill the log: not checked. */
		cmd_parse_flags = ARGP_NO_EXIT | ARGP_NO_ERRS;
		tool_name = "cmabulk-load";
	}
	if (!size)
		return 0;
	env = pristine;
	argv = fuzz_argv(data + 1, size - 1, tool_name, 24, &argc);
	cmd_current = "fuzz";
	env.cli.cmd = cmd_current;
	env.want_pct = commands[data[0] % NR_COMMANDS]->args_doc != NULL;
	fuzz_errors_begin();
	cmd_parse(commands[data[0] % NR_COMMANDS], argc, argv);
	fuzz_errors_end();
	fuzz_free_argv(argv, argc);
	return 0;
}
