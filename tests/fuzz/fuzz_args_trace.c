// SPDX-License-Identifier: GPL-2.0
/*
 * cmabulk-trace's command line, NUL-separated words, parsed as main()
 * parses it (loader/trace_env.c) before it looks at the kernel. Nothing
 * is loaded.
 */
#include "lib/tool.h"
#include "loader/trace_env.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct trace_env pristine;
	static bool saved;
	char **argv;
	int argc;

	if (!saved) {
		pristine = env;
		saved = true;
		tool_name = "cmabulk-trace";
	}
	env = pristine;
	argv = fuzz_argv(data, size, tool_name, 24, &argc);
	/* argp's own messages (getopt's, argp_error()'s) are its two-line kind: not checked. */
	fuzz_errors_begin();
	argp_parse(&trace_argp, argc, argv, ARGP_NO_EXIT | ARGP_NO_ERRS, NULL, NULL);
	fuzz_errors_end();
	fuzz_free_argv(argv, argc);
	return 0;
}
