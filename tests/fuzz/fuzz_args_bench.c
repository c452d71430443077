// SPDX-License-Identifier: GPL-2.0
/*
 * cmabulk-bench's command lines: the first byte picks a command from the
 * bench's own table (bench_commands[], so every command is fuzzed, a new
 * one too), the rest are NUL-separated words. Each is parsed as the
 * command would, then its prepare step runs (the scenario read by name,
 * a sweep's KEY=V1,V2 checked, ...) when its arguments name nothing
 * outside bench/scenarios; nothing is run. The parser's promise: an error
 * is exactly one line; nothing else may happen.
 */
#include <stdlib.h>
#include <string.h>

#include "bench/cli.h"
#include "lib/cmd.h"
#include "lib/tool.h"
#include "tests/fuzz/fuzz.h"

static size_t nr_commands(void)
{
	size_t n = 0;

	while (bench_commands[n])
		n++;
	return n;
}

/* Positional words that could name a file outside the scenarios: not prepared. */
static bool names_a_path(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (strchr(argv[i], '/') || strstr(argv[i], ".."))
			return true;
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static size_t n;
	const struct bench_command *c;
	char **argv;
	void *opts;
	int argc;

	if (!n) {
		n = nr_commands();
		/* getopt's own one-line messages would fill the log: not checked. */
		cmd_parse_flags = ARGP_NO_EXIT | ARGP_NO_ERRS;
		tool_name = "cmabulk-bench";
		setenv("CMABULK_SCENARIOS", "bench/scenarios", 1);
	}
	if (!size)
		return 0;
	c = bench_commands[data[0] % n];
	opts = calloc(1, c->opts_size);
	FUZZ_ASSERT(opts, "out of memory");
	argv = fuzz_argv(data + 1, size - 1, tool_name, 24, &argc);
	cmd_current = c->name;
	fuzz_errors_begin();
	if (c->init)
		c->init(opts);
	if (cmd_parse_input(c->argp, argc, argv, opts) == 0 && c->prepare && !names_a_path(argc, argv))
		c->prepare(opts, argc, argv);
	fuzz_errors_end();
	fuzz_free_argv(argv, argc);
	free(opts);
	return 0;
}
