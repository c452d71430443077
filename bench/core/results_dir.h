/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A results folder as the readers see it (report, compare): its metadata,
 * the scenario it ran and its trials table, checked on the way in.
 */
#ifndef CMABULK_RESULTS_DIR_H
#define CMABULK_RESULTS_DIR_H

#include <stdbool.h>
#include <stddef.h>

#include "bench/core/scenario.h"
#include "bench/core/table.h"

/* The tracer's Perfetto timeline of the whole run, in the run folder. */
#define RUN_TIMELINE_FILE "trace.perfetto"

struct json_object;

struct results_dir {
	char dir[512];
	struct scenario scenario;
	struct table trials;		/* checked against bench/core/trials.h */
	struct json_object *meta;	/* meta.json, an object with the right schema */
	char status[32], kernel[128], date[64];
	/*
	 * The page size the run had: meta.json's page_size, and for runs
	 * written before it was recorded, this machine's.
	 */
	size_t page_size;
};

/* Load a results folder: meta.json, scenario, trials.csv. 0 or -errno, reason in @err. */
int results_dir__load(struct results_dir *r, const char *dir, bool allow_partial,
		   char *err, size_t err_len);
void results_dir__free(struct results_dir *r);

/*
 * A string fact of meta.json (@key at the top), or of its "host" object
 * (what scripts/bench.sh passed with --meta); NULL when absent or not a
 * string. A number fact, or @dflt.
 */
const char *results_dir__meta_str(const struct results_dir *r, const char *key);
const char *results_dir__host_str(const struct results_dir *r, const char *key);
double results_dir__meta_num(const struct results_dir *r, const char *key, double dflt);

#endif
