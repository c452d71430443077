// SPDX-License-Identifier: GPL-2.0
/* The command table, in the order cmabulk-bench --help lists it. */
#include <stddef.h>

#include "bench/cli.h"
#include "bench/commands.h"

const struct bench_command *const bench_commands[] = {
	&bench_cmd_run, &bench_cmd_sweep, &bench_cmd_report, &bench_cmd_compare,
	&bench_cmd_session, &bench_cmd_list, &bench_cmd_keys, &bench_cmd_columns,
	&bench_cmd_load, &bench_cmd_soak, &bench_cmd_stress, &bench_cmd_overhead,
	&bench_cmd_merge, &bench_cmd_export, NULL,
};
