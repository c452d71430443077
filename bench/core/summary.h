/* SPDX-License-Identifier: GPL-2.0 */
/*
 * From the trials table to per-strategy statistics: what summary.json,
 * the headline table and report.md show. Computed from the table alone,
 * so a summary can always be rebuilt from trials.csv and checked.
 */
#ifndef CMABULK_SUMMARY_H
#define CMABULK_SUMMARY_H

#include <stdbool.h>
#include <stdio.h>

#include "bench/core/scenario.h"
#include "bench/core/table.h"
#include "lib/stats.h"

#define SUMMARY_MAX_NAMED 16

struct named_means {
	int n;
	char name[SUMMARY_MAX_NAMED][32];
	double mean[SUMMARY_MAX_NAMED];
};

struct strategy_summary {
	bool present;
	size_t n;			/* measured trials (warm-up excluded) */
	size_t failed;			/* trials with ret != 0 */
	double requested, allocated, satisfiable;	/* sums */
	struct stats_summary latency_ms;	/* wall clock around the request */
	struct stats_summary kernel_ms;		/* the driver's own timing */
	struct stats_summary success;		/* allocated / requested */
	struct stats_summary success_satisfiable;
	struct stats_summary floor_ratio;	/* latency / (migrated bytes / bandwidth) */
	struct stats_summary min_floor_ratio;	/* latency / (least bytes to migrate / bandwidth) */
	double excess;			/* mean pages migrated beyond the least needed */
	double migrated, retries, cma_alloc_calls, skipped;	/* means */
	double wasted, rescued, waits;	/* means: pages, chunks, sleeps */
	double pcp_drains, lru_drains;	/* means, from the tracer */
	double trace_ranges;		/* alloc_contig_range() calls, any strategy */
	double busy_retries;		/* cma_alloc() retries after -EBUSY (tracer) */
	struct named_means skips;	/* skipped_<reason> means */
	struct named_means phases_ms;	/* phase_<name>_ns means, in ms */
	size_t trace_mismatch;		/* trials whose tracer call count != driver's */
};

struct run_summary {
	size_t rows, warmup_rows;
	size_t page_size;		/* of the run: MiB in the headline */
	bool has_wasted;		/* runs since series v3 count wasted migration */
	bool has_waits;			/* series v3 runs: HARD's sleeps */
	bool has_min_floor;		/* runs that recorded the minimal-migration floor */
	struct strategy_summary st[NR_STRATEGIES];
};

/* Values of column @col for the measured trials of @s (NaNs skipped). */
size_t summary__values(const struct table *t, enum strategy s, const char *col,
		       double scale, double *out);

/*
 * Statistics of table @t. @page_size is the run's (0: this machine's):
 * it decides which trials migrated a MiB and the MiB shown.
 */
int summary__compute(const struct table *t, size_t page_size, struct run_summary *sum);
void summary__print_headline(const struct run_summary *sum, FILE *out);
int summary__write_json(const struct run_summary *sum, FILE *out);

/*
 * summary.json at @path read back (bench/core/summary_read.c): what the run
 * recorded, bit for bit, where recomputing it on another machine may differ
 * in the last digit. 0, or -EINVAL with the reason in @err.
 */
int summary__read_json(const char *path, struct run_summary *sum, char *err, size_t err_len);

#endif
