/* SPDX-License-Identifier: GPL-2.0 */
/* cmabulk-bench's commands, one file per family (bench/cmd-*.c). */
#ifndef CMABULK_BENCH_COMMANDS_H
#define CMABULK_BENCH_COMMANDS_H

#include "bench/cli.h"

/* cmd-run.c: what measures or sets up, and what describes its input. */
extern const struct bench_command bench_cmd_run, bench_cmd_sweep, bench_cmd_load,
	bench_cmd_list, bench_cmd_keys;
/* cmd-results.c: results folders. */
extern const struct bench_command bench_cmd_report, bench_cmd_compare, bench_cmd_merge,
	bench_cmd_columns;
/* cmd-export.c: results handed on. */
extern const struct bench_command bench_cmd_export, bench_cmd_session;
/* cmd-torture.c */
extern const struct bench_command bench_cmd_soak, bench_cmd_stress;
/* cmd-overhead.c */
extern const struct bench_command bench_cmd_overhead;

#endif
