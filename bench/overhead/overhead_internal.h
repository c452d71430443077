/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The overhead run's state, shared by its passes (overhead.c) and its
 * report (overhead_report.c); private to bench/overhead.
 */
#ifndef CMABULK_OVERHEAD_INTERNAL_H
#define CMABULK_OVERHEAD_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "bench/overhead/overhead.h"
#include "lib/bootstrap.h"
#include "lib/progstats.h"

struct pass {
	int contender;		/* -1: no tracer */
	unsigned int round;
	double median_ns;
};

struct contender_result {
	double *delta_pct;	/* per traced pass, against its neighbours */
	size_t nr_delta;
	struct boot_ci ci;
	bool has_ci;
	struct prog_set progs;	/* the statistics pass, per program */
	unsigned int stats_calls;
	bool failed;
	char why[300];
};

struct run {
	const struct overhead_opts *o;
	char dir[600], area[64];
	FILE *passes_csv;
	struct pass *passes;
	size_t nr_passes;
	struct contender_result res[OVERHEAD_MAX_CONTENDERS];
	unsigned int seq;
	double started;
	long long failed_calls;
};

double untraced_median_ns(const struct run *r);
double per_run(const struct prog_stat *p);
double contender_ns_per_event(const struct contender_result *res);
int find_contender(const struct overhead_opts *o, const char *name);
void write_progs_csv(const struct run *r);
void write_meta(const struct run *r, const char *status);
void write_summary(const struct run *r);
void fmt_delta(const struct contender_result *res, char *out, size_t len);
void goal_line(FILE *f, const struct run *r, const char *contender, double max_pct);
void report_head(FILE *f, const struct run *r);
void report_table(FILE *f, const struct run *r);
void report_goals(FILE *f, const struct run *r);
void write_report(const struct run *r);

#endif
