/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A report is one snapshot of the BPF maps (or the difference of two
 * snapshots, for an interval), rendered as text in bcc's layout or as one
 * JSON object (schema: docs/cmabulk-trace.schema.json, version 1).
 */
#ifndef CMABULK_REPORT_H
#define CMABULK_REPORT_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>
#include <linux/types.h>

#include "cmabulk_kernel.h"
#include "cmabulk_trace.h"
#include "kernel_names.h"

#define REPORT_SCHEMA_VERSION 1
#define REPORT_MAX_ROWS 256
#define REPORT_MAX_MODES CMABULK_MAX_MODES
#define REPORT_MAX_PROGS 48

struct report_row {
	struct call_key key;
	struct call_stats st;
};

struct report_range {
	__s32 mode;
	struct range_stats st;
};

struct prog_cost {
	char name[48];
	__u64 run_cnt;
	__u64 run_time_ns;
};

struct report {
	bool final;
	time_t time;
	double interval_s;		/* seconds the report covers */
	const char *unit;		/* "usecs" or "msecs" */
	const struct kernel_names *names;
	struct report_row rows[REPORT_MAX_ROWS];
	int nr_rows;
	struct report_range ranges[REPORT_MAX_MODES];
	int nr_ranges;
	struct global_stats sys;
	struct prog_cost progs[REPORT_MAX_PROGS];
	int nr_progs;
};

/* Read the maps into @r (rows sorted by area, kind, mode, order). */
int report__collect(struct report *r, int call_stats_fd, int range_stats_fd,
		    int global_stats_fd);

/* @cur -= @prev, row by row and counter by counter (an interval). */
void report__subtract(struct report *cur, const struct report *prev);

void report__print_text(const struct report *r, FILE *out, bool timestamp);
int report__print_json(const struct report *r, FILE *out);

/* One finished call, for --calls, as a text line or a JSON object. */
void report__print_call(const struct call_event *e,
			const struct kernel_names *names, const char *unit,
			bool json, FILE *out);

#endif
