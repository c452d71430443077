/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A sweep: one scenario run at several values of one of its keys, each
 * point a results folder of its own inside the sweep's folder, and a
 * report across them (sweep.md and plots against the parameter, with the
 * crossover points named).
 *
 * The folder: sweep.json ({"schema":"cmabulk-bench-sweep", "scenario",
 * "key", "values"}), meta.json (how and when it was made: the command,
 * the tool's version, the host's facts, each point's status, and the
 * sweep's: running, complete, or partial when a point is missing or
 * partial), and per value a run folder "<key>-<value>". The key
 * guest_smp is not a scenario key: the host boots one guest per value
 * (make sweep SWEEP=guest_smp=1,2,4) and each boot runs its own point,
 * which must have that many CPUs online.
 */
#ifndef CMABULK_SWEEP_H
#define CMABULK_SWEEP_H

#include <stdbool.h>

#include "bench/core/sweep_dir.h"
#include "bench/measure/run.h"

#define SWEEP_SMP_KEY		"guest_smp"

struct sweep_opts {
	struct run_opts run;		/* the scenario and run options, per point */
	char key[64];
	char values[SWEEP_MAX_POINTS][SWEEP_VALUE_LEN];
	int nr_values;
	const char *point;		/* only this value (one boot per point) */
	const char *command;		/* how it was asked for, for meta.json */
	/*
	 * The reports, which the runner does not know (bench/report): each
	 * point's once it is done, the sweep's once every point is. NULL: none.
	 */
	int (*report_point)(const char *point_dir);
	int (*report_sweep)(const char *sweep_dir);
};

/*
 * "KEY=V1,V2,...": a key the scenario has (or guest_smp), 2 to
 * SWEEP_MAX_POINTS distinct values, each valid for the key. 0, or -EINVAL
 * with one line in @err.
 */
int sweep__parse_spec(struct sweep_opts *o, const char *spec, char *err, size_t err_len);

/*
 * The scenario of the point @key = @value: the key set, and what must move
 * with it for the point to measure the same request: order keeps the
 * request's bytes (chunks scaled), pin_fraction 0 means no pins. Then
 * written and parsed again, so that every cross-field check of a file
 * applies to the point too. guest_smp leaves the scenario as it is.
 */
int sweep__point_scenario(const struct scenario *base, const char *key, const char *value,
			  struct scenario *out, char *err, size_t err_len);

/* Run the points into o->run.results_dir/<id>/, then the sweep report. 0 or 1. */
int bench_sweep(const struct sweep_opts *o, char *dir, size_t dir_len);

#endif
