/* SPDX-License-Identifier: GPL-2.0 */
/*
 * summary.json's one field list: what a strategy's object holds, in the
 * order it is written. The writer (summary__write_json), the reader
 * (summary__read_json), the checkers' schema (cmabulk-bench columns
 * --summary, build/summary-schema.json) and docs/formats/summary.md all
 * come from it, as the trials table's come from trials.h.
 */
#ifndef CMABULK_SUMMARY_SCHEMA_H
#define CMABULK_SUMMARY_SCHEMA_H

#include <stddef.h>
#include <stdio.h>

#define SUMMARY_SCHEMA		"cmabulk-bench-summary"
#define SUMMARY_VERSION		1

enum summary_kind {
	SUM_COUNT,	/* an integer (size_t member) */
	SUM_NUMBER,	/* a number, null when not finite (double member) */
	SUM_STATS,	/* n, min, median, mean, p90, p99, max, stddev, cv */
	SUM_NAMED,	/* name -> mean (struct named_means) */
};

/* Which runs have the field: all, or only those that recorded it. */
enum summary_when {
	SUM_ALWAYS,
	SUM_MIN_FLOOR,	/* runs that recorded the minimal-migration floor */
	SUM_WASTED,	/* runs since series v3 */
	SUM_WAITS,	/* series v3 runs (HARD's sleeps) */
};

/* kind, JSON key, member of struct strategy_summary, when, unit, meaning */
#define SUMMARY_STRATEGY_FIELDS(X)								\
	X(COUNT, "n", n, ALWAYS, "trials", "measured trials (warm-up excluded)")		\
	X(COUNT, "failed", failed, ALWAYS, "trials", "trials whose ret was not 0")		\
	X(NUMBER, "requested", requested, ALWAYS, "chunks", "chunks requested, summed over the trials") \
	X(NUMBER, "allocated", allocated, ALWAYS, "chunks", "chunks allocated, summed")	\
	X(NUMBER, "satisfiable", satisfiable, ALWAYS, "chunks", "chunks the area could give, summed") \
	X(STATS, "latency_ms", latency_ms, ALWAYS, "ms", "wall clock around the request (wall_ns)") \
	X(STATS, "kernel_ms", kernel_ms, ALWAYS, "ms", "the test driver's own timing (kernel_ns)") \
	X(STATS, "success", success, ALWAYS, "", "allocated / requested")			\
	X(STATS, "success_satisfiable", success_satisfiable, ALWAYS, "", "allocated / satisfiable") \
	X(STATS, "latency_over_floor", floor_ratio, ALWAYS, "",				\
	  "latency / (migrated bytes / memcpy bandwidth), trials that migrated 1 MiB or more")	\
	X(NUMBER, "migrated_pages_mean", migrated, ALWAYS, "pages", "pages migrated, mean per trial") \
	X(NUMBER, "retries_mean", retries, ALWAYS, "", "migration retries, mean per trial")	\
	X(NUMBER, "cma_alloc_calls_mean", cma_alloc_calls, ALWAYS, "calls", "cma_alloc() calls, mean per trial") \
	X(NUMBER, "ranges_mean", trace_ranges, ALWAYS, "calls", "alloc_contig_range() calls (tracer), mean") \
	X(NUMBER, "busy_retries_mean", busy_retries, ALWAYS, "", "cma_alloc() retries after -EBUSY (tracer), mean") \
	X(NUMBER, "skipped_mean", skipped, ALWAYS, "pageblocks", "pageblocks skipped, mean per trial") \
	X(STATS, "latency_over_min_floor", min_floor_ratio, MIN_FLOOR, "",			\
	  "latency / (least bytes to migrate / bandwidth)")					\
	X(NUMBER, "excess_migrated_pages_mean", excess, MIN_FLOOR, "pages",			\
	  "pages migrated beyond the least needed, mean")					\
	X(NUMBER, "wasted_pages_mean", wasted, WASTED, "pages",				\
	  "pages migrated out of windows that gave nothing, mean")				\
	X(NUMBER, "rescued_mean", rescued, WASTED, "chunks", "chunks rescued from failed windows, mean") \
	X(NUMBER, "waits_mean", waits, WAITS, "", "HARD's sleeps, mean")			\
	X(NUMBER, "pcp_drains_mean", pcp_drains, ALWAYS, "", "per-CPU list drains (tracer), mean") \
	X(NUMBER, "lru_drains_mean", lru_drains, ALWAYS, "", "LRU cache drains (tracer), mean") \
	X(NAMED, "skipped_by_reason_mean", skips, ALWAYS, "pageblocks",			\
	  "reason -> mean skipped pageblocks (skipped_<reason> columns)")			\
	X(NAMED, "phases_ms_mean", phases_ms, ALWAYS, "ms", "phase -> mean ms (phase_<name>_ns columns, --phases)") \
	X(COUNT, "trace_mismatches", trace_mismatch, ALWAYS, "trials",			\
	  "trials whose tracer call count differs from the driver's")

struct summary_field {
	enum summary_kind kind;
	const char *key;
	size_t offset;			/* in struct strategy_summary */
	enum summary_when when;
	const char *unit, *doc;
};

extern const struct summary_field summary_fields[];
extern const size_t nr_summary_fields;
/* A stats object's members (struct stats_summary): n is a count, the rest numbers. */
struct summary_stats_field {
	const char *key;
	size_t offset;
};

extern const struct summary_stats_field summary_stats_fields[];
extern const size_t nr_summary_stats_fields;

/* The list as JSON (the checkers' build/summary-schema.json) or as docs/formats/summary.md. */
int summary_schema__write_json(FILE *out);
int summary_schema__write_md(FILE *out);

#endif
