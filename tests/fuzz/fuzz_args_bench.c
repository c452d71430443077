// SPDX-License-Identifier: GPL-2.0
/*
 * cmabulk-bench's command lines: the first byte picks a command's parser,
 * the rest are NUL-separated words. Each is parsed as the command would
 * (and a run's or sweep's scenario name and KEY=V1,V2 checked as the
 * command does next), without running anything. The parser's promise: an
 * error is exactly one line; nothing else may happen.
 */
#include "tests/fuzz/fuzz.h"

#define main cmabulk_bench_main
#include "bench/cmabulk-bench.c"
#undef main

static const struct {
	const struct argp *argp;
	int nr_want;
} commands[] = {
	{ &run_argp, 1 }, { &sweep_argp, 2 }, { &report_argp, 1 }, { &compare_argp, 2 },
	{ &session_argp, 1 }, { &list_argp, 0 }, { &keys_argp, 0 }, { &columns_argp, 0 },
	{ &load_argp, 1 }, { &soak_argp, 0 },
};
#define NR_COMMANDS (sizeof(commands) / sizeof(commands[0]))

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct env pristine;
	static bool saved;
	char err[600];
	char **argv;
	int argc, c;

	if (!saved) {
		pristine = env;
		saved = true;
		/* getopt's own one-line messages would fill the log: not checked. */
		cmd_parse_flags = ARGP_NO_EXIT | ARGP_NO_ERRS;
		tool_name = "cmabulk-bench";
	}
	if (!size)
		return 0;
	env = pristine;
	c = data[0] % NR_COMMANDS;
	argv = fuzz_argv(data + 1, size - 1, tool_name, 24, &argc);
	cmd_current = "fuzz";
	fuzz_errors_begin();
	if (parse_command(argc, argv, commands[c].argp, commands[c].nr_want, "missing") == 0 &&
	    c <= 1 && env.nr_args >= 1 && !strchr(env.args[0], '/') && !strstr(env.args[0], "..")) {
		/* As do_run()/do_sweep(): the scenario by name, then the sweep's spec. */
		if (scenario__load(&env.run.scenario, env.args[0], "bench/scenarios", err, sizeof(err)) == 0 &&
		    c == 1 && env.nr_args == 2) {
			env.sweep.run = env.run;
			sweep__parse_spec(&env.sweep, env.args[1], err, sizeof(err));
		}
	}
	fuzz_errors_end();
	fuzz_free_argv(argv, argc);
	return 0;
}
