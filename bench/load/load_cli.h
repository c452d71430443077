/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A load held from the command line, the same way by cmabulk-load and by
 * cmabulk-bench's "load" command: the options they share (argp children),
 * the "ready" and "teardown" reports, the hold and the teardown.
 */
#ifndef CMABULK_LOAD_CLI_H
#define CMABULK_LOAD_CLI_H

#include <argp.h>
#include <stdbool.h>
#include <stdint.h>

#include "bench/load/load.h"

struct load_cli {
	const char *cmd;	/* the command, as the reports name it */
	const char *area;	/* NULL: the default area */
	uint64_t seed;
	bool seed_set;		/* --seed was given */
	bool json, verbose;
	double hold_s;		/* < 0: until SIGINT/SIGTERM */
};

#define LOAD_CLI_INIT { .seed = 1 }

/*
 * argp children whose input (child_inputs[i]) is a struct load_cli:
 * load_cli_area_argp has --area; load_cli_argp has --area, --seed,
 * --json, --hold and --verbose. A bad value gets one line on stderr.
 */
extern const struct argp load_cli_area_argp;
extern const struct argp load_cli_argp;

/*
 * Signals (SIGINT/SIGTERM end a long step early, and it still tears
 * down), then load__init(). Returns 0, or -errno after one line on stderr.
 */
int load_cli__start(struct load_cli *c, struct load *l);

/*
 * The "ready" report of what @err (the build's result) left, the hold,
 * the teardown and its report; load__fini(). Returns the exit status: 0
 * when the load was reached and fully given back, else 1 (the reason on
 * one line of stderr).
 */
int load_cli__finish(struct load_cli *c, struct load *l, int err);

#endif
