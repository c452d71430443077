// SPDX-License-Identifier: GPL-2.0
/*
 * Print the trials table's schema (bench/trials.h) as JSON or Markdown:
 * the build writes build/trials-schema.json, which tests/host/bench_check.py
 * reads, and docs/trials-table.md with it.
 */
#include <stdio.h>
#include <string.h>

#include "bench/trials.h"
#include "lib/tool.h"

int main(int argc, char **argv)
{
	tool_name = "trials-schema";
	if (argc != 2 || (strcmp(argv[1], "json") && strcmp(argv[1], "md")))
		return tool_error(2, "usage: trials-schema json|md");
	if (strcmp(argv[1], "json") ? trials_schema__write_md(stdout) : trials_schema__write_json(stdout))
		return tool_error(1, "cannot write the schema");
	return fflush(stdout) ? tool_error(1, "cannot write the schema") : 0;
}
