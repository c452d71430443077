/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The schema of the trials table (trials.csv, and the rows of
 * trials.jsonl): every column once, with its unit, its meaning and who
 * writes it. Everything that writes or reads the table names columns
 * through this list (TRIALS_COL(WALL_NS), trials_family__name()), the
 * document docs/trials-table.md and build/trials-schema.json (which
 * tests/host/bench_check.py reads) are generated from it, and a table read
 * back is checked against it.
 *
 * Columns whose names come from the kernel (skip reasons, phases,
 * counters) are families: PREFIX<member>SUFFIX. No fixed column matches a
 * family's pattern (a unit test holds that), so a name is never both.
 */
#ifndef CMABULK_TRIALS_H
#define CMABULK_TRIALS_H

#include <stddef.h>
#include <stdio.h>

#include "bench/core/table.h"

enum trials_writer {
	BY_BENCH,	/* the trial loop itself: what it asked and timed */
	BY_DRIVER,	/* the test driver's result file (cma_bulk_test) */
	BY_LOAD,	/* the load generator (bench/load) */
	BY_TRACER,	/* cmabulk-trace's report of the trial */
	BY_DERIVED,	/* computed by the bench from the other columns */
	BY_VMSTAT,	/* after - before of a kernel counter */
	NR_TRIALS_WRITERS
};

/*
 * C(ID, name, unit, writer, driver key or NULL, meaning). Driver columns
 * name the key of the driver's result they copy. The order is the order
 * of first use in a run, so that trials.csv keeps its column order.
 */
#define TRIALS_COLUMNS(C)						\
	C(SEQ, "seq", "", BENCH, NULL, "trial number in the run, from 0, in the order run") \
	C(TRIAL, "trial", "", BENCH, NULL, "round of this trial (warm-up rounds first), from 0") \
	C(WARMUP, "warmup", "0/1", BENCH, NULL, "1 for a warm-up trial: excluded from every statistic") \
	C(STRATEGY, "strategy", "name", BENCH, NULL, "how the chunks were asked for (whole, chunks2m, chunks, normal, fast, fast-normal, fast-sync, normal-once, fast-linear; hard in series v3 runs)") \
	C(SETUP_S, "setup_s", "s", BENCH, NULL, "time to build the load before the request") \
	C(LOAD_FILL_PCT, "load_fill_pct", "%", LOAD, NULL, "share of the CMA area the load filled") \
	C(LOAD_PINNED_BLOCKS, "load_pinned_blocks", "pageblocks", LOAD, NULL, "pageblocks of the area the load pinned") \
	C(WALL_NS, "wall_ns", "ns", BENCH, NULL, "wall-clock time of the request as user space sees it") \
	C(BOOT_START_NS, "boot_start_ns", "ns", BENCH, NULL, "CLOCK_BOOTTIME when the request was written: where it lies in trace.perfetto (runs from 2026-12-03)") \
	C(REQUESTED, "requested", "chunks", DRIVER, "requested", "chunks asked for") \
	C(ALLOCATED, "allocated", "chunks", DRIVER, "allocated", "chunks obtained") \
	C(RET, "ret", "-errno", DRIVER, "ret", "the request's return code (0, -EBUSY, -ENOSPC, -ENOMEM)") \
	C(KERNEL_NS, "kernel_ns", "ns", DRIVER, "ns", "the driver's own timing of the request") \
	C(CMA_ALLOC_CALLS, "cma_alloc_calls", "calls", DRIVER, "cma_alloc_calls", "cma_alloc() calls the request took (chunk strategies)") \
	C(RANGES, "ranges", "ranges", DRIVER, "ranges", "alloc_contig_range() calls (bulk strategies)") \
	C(RETRIES, "retries", "retries", DRIVER, "retries", "ranges tried again (bulk strategies)") \
	C(MIGRATED, "migrated", "pages", DRIVER, "migrated", "pages migrated, as the driver counts them (bulk strategies only)") \
	C(MIGRATE_FAILED, "migrate_failed", "pages", DRIVER, "migrate_failed", "pages migration gave up on (bulk strategies)") \
	C(FALLBACK_ALLOCATED, "fallback_allocated", "chunks", DRIVER, "fallback_allocated", "chunks the fallback pass added (fast-normal)") \
	C(WASTED, "wasted", "pages", DRIVER, "wasted", "pages migrated out of windows that then gave nothing (bulk strategies)") \
	C(RESCUED, "rescued", "chunks", DRIVER, "rescued", "chunks taken from windows that failed (bulk strategies)") \
	C(PRECHECKED, "prechecked", "pageblocks", DRIVER, "prechecked", "windows FAST's pre-check skipped before migrating anything") \
	C(PRECHECK_NS, "precheck_ns", "ns", DRIVER, "precheck_ns", "time in FAST's pre-check walk, all windows") \
	C(ORDERED, "ordered", "windows", DRIVER, "ordered", "windows the emptiest-first ordering ranked, all passes (series v5; 0 for fast-linear)") \
	C(ORDER_NS, "order_ns", "ns", DRIVER, "order_ns", "time ranking the windows, all passes (series v5)") \
	C(ORDER_READ, "order_read", "pages", DRIVER, "order_read", "struct pages the ordering read, all passes: about one per window when the free windows hold the request (series v5, patch 16)") \
	C(WAITS, "waits", "sleeps", DRIVER, "waits", "HARD's bounded sleeps before trying a window again (series v3 runs only: HARD left the series in v4)") \
	C(TOTAL_SKIPPED, "total_skipped", "pageblocks", DERIVED, NULL, "distinct pageblocks the call ended up skipping: the `skipped_<reason>` columns, or after a fallback pass its skips plus `skipped_busy`") \
	C(SATISFIABLE, "satisfiable", "chunks", DERIVED, NULL, "chunks the area could give: all but those holding a pinned page (a pin of unknown page: its whole pageblock), at most requested; runs before 2026-12-02 15:00 took each pinned pageblock out whole") \
	C(SUCCESS, "success", "ratio", DERIVED, NULL, "allocated / requested") \
	C(SUCCESS_SATISFIABLE, "success_satisfiable", "ratio", DERIVED, NULL, "allocated / satisfiable, at most 1") \
	C(TRACE_BULK_CALLS, "trace_bulk_calls", "calls", TRACER, NULL, "cma_alloc_bulk() calls traced") \
	C(TRACE_CMA_ALLOC_CALLS, "trace_cma_alloc_calls", "calls", TRACER, NULL, "cma_alloc() calls traced") \
	C(TRACE_SKIPPED, "trace_skipped", "pageblocks", TRACER, NULL, "pageblocks skipped, as the tracepoints count them") \
	C(TRACE_BUSY_RETRIES, "trace_busy_retries", "retries", TRACER, NULL, "cma_alloc() moves to the next window after -EBUSY") \
	C(TRACE_RANGES, "trace_ranges", "ranges", TRACER, NULL, "alloc_contig_range() calls traced, any strategy") \
	C(TRACE_RETRIES, "trace_retries", "retries", TRACER, NULL, "alloc_contig_range() retries traced") \
	C(TRACE_MIGRATED, "trace_migrated", "pages", TRACER, NULL, "pages migrated, traced, any strategy") \
	C(TRACE_MIGRATE_FAILED, "trace_migrate_failed", "pages", TRACER, NULL, "pages migration gave up on, traced") \
	C(TRACE_PCP_DRAINS, "trace_pcp_drains", "drains", TRACER, NULL, "per-cpu free list drains") \
	C(TRACE_LRU_DRAINS, "trace_lru_drains", "drains", TRACER, NULL, "LRU cache drains") \
	C(TRACE_PCP_DRAIN_NS, "trace_pcp_drain_ns", "ns", TRACER, NULL, "time in per-cpu free list drains") \
	C(TRACE_LRU_DRAIN_NS, "trace_lru_drain_ns", "ns", TRACER, NULL, "time in LRU cache drains") \
	C(TRACE_MISMATCH, "trace_mismatch", "0/1", DERIVED, NULL, "1 when the tracer's call count differs from the driver's") \
	C(MIGRATED_PAGES, "migrated_pages", "pages", DERIVED, NULL, "pages migrated: the tracer's count, else `d_pgmigrate_success`") \
	C(FLOOR_NS, "floor_ns", "ns", DERIVED, NULL, "the migration floor: migrated bytes / memcpy bandwidth") \
	C(FLOOR_RATIO, "floor_ratio", "ratio", DERIVED, NULL, "wall_ns / floor_ns (absent when nothing migrated)") \
	C(MIN_MIGRATE_PAGES, "min_migrate_pages", "pages", LOAD, NULL, "the least any allocator had to migrate for the request: the load's fill pages in the emptiest chunks without a pin") \
	C(MIN_FLOOR_NS, "min_floor_ns", "ns", DERIVED, NULL, "the minimal-migration floor: min_migrate_pages bytes / memcpy bandwidth") \
	C(MIN_FLOOR_RATIO, "min_floor_ratio", "ratio", DERIVED, NULL, "wall_ns / min_floor_ns (absent when nothing had to move)") \
	C(EXCESS_MIGRATED, "excess_migrated", "pages", DERIVED, NULL, "migrated_pages - min_migrate_pages: what the strategy moved beyond the least needed (can be negative: pages the load does not own, or a short request)") \
	C(CMA_FREE_KB_AFTER, "cma_free_kb_after", "kB", LOAD, NULL, "CmaFree after the teardown: it must come back")

enum trials_col {
#define TRIALS_ENUM(id, ...) TC_##id,
	TRIALS_COLUMNS(TRIALS_ENUM)
#undef TRIALS_ENUM
	NR_TRIALS_COLS
};

struct trials_column {
	const char *id;		/* TC_<id> without the prefix */
	const char *name, *unit;
	enum trials_writer writer;
	const char *driver_key;	/* the driver result's key it copies, or NULL */
	const char *meaning;
};

extern const struct trials_column trials_columns[NR_TRIALS_COLS];
extern const char *const trials_writer_names[NR_TRIALS_WRITERS];

/* The name of column TC_<id>, e.g. TRIALS_COL(WALL_NS). */
#define TRIALS_COL(id) (trials_columns[TC_##id].name)

/* F(ID, prefix, suffix, member, unit, writer, meaning) */
#define TRIALS_FAMILIES(F)						\
	F(SKIPPED, "skipped_", "", "reason", "pageblocks", DRIVER, "pageblocks the first pass skipped for that reason, each once (isolate, pinned, unmovable, migrate, not_free, grab, nomem, busy, other: the kernel's names)") \
	F(DELTA, "d_", "", "counter", "count", VMSTAT, "change of a /proc/vmstat counter, or of a CMA sysfs one as `cma_<name>`, over the request") \
	F(PHASE, "phase_", "_ns", "name", "ns", TRACER, "time in that phase of alloc_contig_range() (cmabulk-trace --phases)")

enum trials_family {
#define TRIALS_FENUM(id, ...) TF_##id,
	TRIALS_FAMILIES(TRIALS_FENUM)
#undef TRIALS_FENUM
	NR_TRIALS_FAMILIES
};

struct trials_family_def {
	const char *id, *prefix, *suffix, *member, *unit;
	enum trials_writer writer;
	const char *meaning;
};

extern const struct trials_family_def trials_families[NR_TRIALS_FAMILIES];

/* J(ID, key, meaning): what a row of trials.jsonl has besides the columns. */
#define TRIALS_JSONL_MEMBERS(J)						\
	J(COUNTERS_BEFORE, "counters_before", "every counter of the d_ family before the request, raw (-1: absent)") \
	J(COUNTERS_AFTER, "counters_after", "the same counters after the request") \
	J(LOAD, "load", "the load generator's report of what it built (fill, pin, fragment, churn)")

enum trials_jsonl_member {
#define TRIALS_JENUM(id, ...) TJ_##id,
	TRIALS_JSONL_MEMBERS(TRIALS_JENUM)
#undef TRIALS_JENUM
	NR_TRIALS_JSONL
};

extern const char *const trials_jsonl_keys[NR_TRIALS_JSONL];

/* The column of family @f for @member, e.g. "d_pgfree", in @buf. */
const char *trials_family__name(enum trials_family f, const char *member, char *buf, size_t len);

/*
 * The member part of column @col when it is of family @f (its length in
 * *@len, not NUL-terminated), else NULL.
 */
const char *trials_family__member(enum trials_family f, const char *col, size_t *len);

/*
 * Check a table read back against the schema: legacy column names (from
 * runs written before a rename) get their current name, and a column that
 * is neither in the list nor of a family is refused. Returns 0 or -EINVAL
 * with one line in @err.
 */
int trials_schema__check(struct table *t, char *err, size_t err_len);

/* The schema as JSON (build/trials-schema.json) and as Markdown (docs/trials-table.md). */
int trials_schema__write_json(FILE *out);
int trials_schema__write_md(FILE *out);

#endif
