/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A snapshot of the BPF maps (or the difference of two snapshots, for an
 * interval): what one report of cmabulk-trace shows, rendered as text in
 * bcc's layout or as one JSON object (schema: docs/cmabulk-trace.schema.json, version 1).
 */
#ifndef CMABULK_SNAPSHOT_H
#define CMABULK_SNAPSHOT_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>
#include <linux/types.h>

#include "bpf/cmabulk_kernel.h"
#include "bpf/cmabulk_trace.h"
#include "loader/kernel_names.h"

#define SNAPSHOT_SCHEMA_VERSION 1
#define SNAPSHOT_MAX_ROWS 256
#define SNAPSHOT_MAX_MODES CMABULK_MAX_MODES
#define SNAPSHOT_MAX_PROGS 48

struct snapshot_row {
	struct call_key key;
	struct call_stats st;
};

struct snapshot_range {
	__s32 mode;
	struct range_stats st;
};

struct prog_cost {
	char name[48];
	__u64 run_cnt;
	__u64 run_time_ns;
};

struct snapshot {
	bool final;
	time_t time;
	double interval_s;		/* seconds the report covers */
	const char *unit;		/* "usecs" or "msecs" */
	const struct kernel_names *names;
	struct snapshot_row rows[SNAPSHOT_MAX_ROWS];
	int nr_rows;
	struct snapshot_range ranges[SNAPSHOT_MAX_MODES];
	int nr_ranges;
	struct global_stats sys;
	/*
	 * Set by the loader: mm_migrate_pages is not traced (the series'
	 * range events carry the same pages), so contig_migrated/failed are
	 * the ranges' sums and contig_migrate_events is not known.
	 */
	bool contig_from_ranges;
	struct prog_cost progs[SNAPSHOT_MAX_PROGS];
	int nr_progs;
};

/* The names reports give a phase (enum cmabulk_phase) and a call kind. */
const char *snapshot__phase_name(unsigned int phase);
const char *snapshot__kind_name(unsigned int kind);

struct bpf_object;

/* Each program of @obj's run count and time (BPF_ENABLE_STATS) into @r. */
void snapshot__collect_costs(struct snapshot *r, struct bpf_object *obj);

/* Read the maps into @r (rows sorted by area, kind, mode, order). */
int snapshot__collect(struct snapshot *r, int call_stats_fd, int range_stats_fd,
		    int global_stats_fd);

/* @cur -= @prev, row by row and counter by counter (an interval). */
void snapshot__subtract(struct snapshot *cur, const struct snapshot *prev);

void snapshot__print_text(const struct snapshot *r, FILE *out, bool timestamp);
int snapshot__print_json(const struct snapshot *r, FILE *out);

struct json_writer;

/* "fast", or "fast>normal" when a fallback mode differs; a constant for cma_alloc(). */
const char *snapshot__mode_label(const struct kernel_names *names,
				 const struct call_key *k, char *buf, size_t len);
/* A mode by name, null for cma_alloc()'s "any". */
void snapshot__json_mode(struct json_writer *w, const char *key,
			 const struct kernel_names *names, __s32 mode);
/* Counts by skip reason from @from on, as an object keyed by reason name. */
void snapshot__json_fail_counts(struct json_writer *w,
				const struct kernel_names *names,
				const __u64 *counts, int from);
/* The series' ordering (v5) of a row (@st) or of one call (@e). */
void snapshot__json_ordering(struct json_writer *w, const struct call_stats *st,
			     const struct call_event *e);

#endif
