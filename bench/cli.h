/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cmabulk-bench's command line: one table of commands (bench/commands.c),
 * each with its own options struct, argp and the two halves of its main:
 * prepare (everything that checks the command line, the scenario file
 * included, and touches nothing) and exec (the work). The fuzz target
 * walks the same table through bench_command__parse(), so every command,
 * today's and any new one, is fuzzed.
 */
#ifndef CMABULK_BENCH_CLI_H
#define CMABULK_BENCH_CLI_H

#include <argp.h>
#include <stdbool.h>
#include <stddef.h>

#include "bench/core/scenario.h"

/* Exit status of bad input (0: success, 1: a partial run or a regression). */
#define BAD_INPUT 2
/* The most positional arguments a command takes (merge's folders). */
#define BENCH_MAX_ARGS 64

#define QUIET_OPTION { "quiet", 'q', NULL, 0, "Only errors on stderr", 0 }

struct bench_command {
	const char *name;
	const char *summary;		/* one line for cmabulk-bench --help */
	const struct argp *argp;
	size_t opts_size;		/* the command's options struct */
	void (*init)(void *opts);	/* its defaults; NULL: all zero */
	/* After the parse: the checks that need more than one option. 0 or BAD_INPUT. */
	int (*prepare)(void *opts, int argc, char **argv);
	int (*exec)(void *opts);
};

extern const struct bench_command *const bench_commands[];

/* The positional arguments, in every command's options. */
struct bench_args {
	int nr_want, nr_args;		/* at most nr_want; all of them unless optional */
	bool optional;
	const char *args[BENCH_MAX_ARGS];
	const char *missing;		/* the line when they are not all there */
};

/* @a's ARGP_KEY_ARG and ARGP_KEY_END; ARGP_ERR_UNKNOWN for other keys. */
error_t bench_args__parse(struct bench_args *a, int key, char *arg);

/*
 * Scenario keys given on the command line (--trials, --warmup,
 * --strategies): checked by the scenario's own parser when given, applied
 * once the scenario is read.
 */
struct scenario_overrides {
	struct scenario values;
	bool trials, warmup, strategies;
};

void scenario_overrides__init(struct scenario_overrides *o);
int scenario_overrides__set(struct scenario_overrides *o, const char *opt, const char *key,
			    const char *arg, bool *set);
void scenario_overrides__apply(const struct scenario_overrides *o, struct scenario *s);

/* Where scenarios are read by name: $CMABULK_SCENARIOS or bench/scenarios. */
const char *bench_scenario_dir(void);

/* A retired strategy (hard) is read in old runs, never run: say why. 0 or BAD_INPUT. */
int bench_check_runnable(const struct scenario *sc);

/*
 * The command line as a shell would take it back, without the host's
 * --meta facts (meta.json has those in "host" already).
 */
void bench_command_line(char *buf, size_t len, const char *cmd, int argc, char **argv);

/* Defaults, the parse and prepare of @c into @opts (opts_size bytes). 0 or BAD_INPUT. */
int bench_command__parse(const struct bench_command *c, void *opts, int argc, char **argv);

/* A command's main, for the table of lib/cmd.h (the command in cmd_selected->priv). */
int bench_command__main(int argc, char **argv);

#endif
