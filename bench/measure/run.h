/* SPDX-License-Identifier: GPL-2.0 */
/* One benchmark run: trials of every strategy on a scenario, into a results folder. */
#ifndef CMABULK_RUN_H
#define CMABULK_RUN_H

#include <stdbool.h>

#include "bench/core/scenario.h"

#define RUN_MAX_META 16

struct run_opts {
	struct scenario scenario;
	const char *results_dir;	/* parent of the run folder */
	const char *run_id;		/* NULL: date-time-scenario */
	const char *area;		/* NULL: the default area */
	bool trace;			/* run cmabulk-trace alongside */
	const char *trace_args;		/* extra cmabulk-trace options */
	int nr_meta;
	const char *meta[RUN_MAX_META];	/* KEY=VALUE pairs from the host */
	bool quiet;
	/*
	 * After the scenario's trials, rounds of one trial per strategy until
	 * every headline comparison (bench/core/verdicts.h) has a verdict, at most
	 * @max_trials measured trials per strategy (0: 40), no round begun
	 * after @max_time_s (0: no limit).
	 */
	bool until_decided;
	unsigned int max_trials;
	/* bench/measure/fault_inject.h: this percentage of the requests' allocations fail (0: none). */
	unsigned int inject_failures_pct;
	double max_time_s;
};

/* Returns 0 for a complete run, 1 for a partial or failed one (reason on stderr). */
int bench_run(const struct run_opts *o, char *run_dir, size_t run_dir_len);

/* Memory copy bandwidth of this machine, bytes/s (best of a few memcpy()s). */
double bench_membw(void);

#endif
