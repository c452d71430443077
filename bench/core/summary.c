// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bench/core/summary.h"
#include "bench/core/summary_schema.h"
#include "bench/core/trials.h"
#include "lib/json.h"
#include "lib/sysfacts.h"

static bool measured_row(const struct table *t, size_t r, enum strategy s)
{
	return !strcmp(table__str(t, r, table__col(t, TRIALS_COL(STRATEGY))), strategy_names[s]) &&
	       table__num(t, r, table__col(t, TRIALS_COL(WARMUP))) == 0;
}

size_t summary__values(const struct table *t, enum strategy s, const char *col,
		       double scale, double *out)
{
	int c = table__col(t, col);
	size_t n = 0;

	if (c < 0)
		return 0;
	for (size_t r = 0; r < t->nrows; r++) {
		double v;

		if (!measured_row(t, r, s))
			continue;
		v = table__num(t, r, c);
		if (!isnan(v))
			out[n++] = v * scale;
	}
	return n;
}

static double mean_of(const struct table *t, enum strategy s, const char *col, double *buf)
{
	size_t n = summary__values(t, s, col, 1, buf);
	double sum = 0;

	for (size_t i = 0; i < n; i++)
		sum += buf[i];
	return n ? sum / n : NAN;
}

static double sum_of(const struct table *t, enum strategy s, const char *col, double *buf)
{
	size_t n = summary__values(t, s, col, 1, buf);
	double sum = 0;

	for (size_t i = 0; i < n; i++)
		sum += buf[i];
	return sum;
}

static void summarize_col(const struct table *t, enum strategy s, const char *col,
			  double scale, double *buf, struct stats_summary *out)
{
	size_t n = summary__values(t, s, col, scale, buf);

	memset(out, 0, sizeof(*out));
	if (n)
		stats_summarize(buf, n, out);
}

/*
 * latency / migration floor, over the trials that migrated at least 1 MiB:
 * below that the floor is microseconds and the ratio says nothing.
 */
static void summarize_floor(const struct table *t, enum strategy s, const char *ratio_col,
			    const char *pages_col, size_t page_size, double *buf,
			    struct stats_summary *out)
{
	int fc = table__col(t, ratio_col), mc = table__col(t, pages_col);
	size_t n = 0;

	memset(out, 0, sizeof(*out));
	for (size_t r = 0; fc >= 0 && mc >= 0 && r < t->nrows; r++) {
		double v = table__num(t, r, fc);

		if (measured_row(t, r, s) && !isnan(v) &&
		    pages_to_mib_at(table__num(t, r, mc), page_size) >= 1)
			buf[n++] = v;
	}
	if (n)
		stats_summarize(buf, n, out);
}

/* Means of the columns of family @f, e.g. skipped_<reason>, by member. */
static void named(const struct table *t, enum strategy s, enum trials_family f,
		  double scale, double *buf, struct named_means *out)
{
	out->n = 0;
	for (int c = 0; c < t->ncols && out->n < SUMMARY_MAX_NAMED; c++) {
		size_t len;
		const char *member = trials_family__member(f, t->cols[c], &len);

		if (!member)
			continue;
		snprintf(out->name[out->n], sizeof(out->name[0]), "%.*s", (int)len, member);
		out->mean[out->n++] = mean_of(t, s, t->cols[c], buf) * scale;
	}
}

/* Count the measured trials of @s where column @col is not 0. */
static size_t count_nonzero(const struct table *t, enum strategy s, const char *col, double *buf)
{
	size_t n = summary__values(t, s, col, 1, buf), k = 0;

	for (size_t i = 0; i < n; i++)
		k += buf[i] != 0;
	return k;
}

static void summarize_strategy(const struct table *t, enum strategy s, size_t page_size,
			       double *buf, struct strategy_summary *st)
{
	st->failed = count_nonzero(t, s, TRIALS_COL(RET), buf);
	st->requested = sum_of(t, s, TRIALS_COL(REQUESTED), buf);
	st->allocated = sum_of(t, s, TRIALS_COL(ALLOCATED), buf);
	st->satisfiable = sum_of(t, s, TRIALS_COL(SATISFIABLE), buf);
	summarize_col(t, s, TRIALS_COL(WALL_NS), 1e-6, buf, &st->latency_ms);
	summarize_col(t, s, TRIALS_COL(KERNEL_NS), 1e-6, buf, &st->kernel_ms);
	summarize_col(t, s, TRIALS_COL(SUCCESS), 1, buf, &st->success);
	summarize_col(t, s, TRIALS_COL(SUCCESS_SATISFIABLE), 1, buf, &st->success_satisfiable);
	summarize_floor(t, s, TRIALS_COL(FLOOR_RATIO), TRIALS_COL(MIGRATED_PAGES), page_size, buf,
			&st->floor_ratio);
	summarize_floor(t, s, TRIALS_COL(MIN_FLOOR_RATIO), TRIALS_COL(MIN_MIGRATE_PAGES), page_size,
			buf, &st->min_floor_ratio);
	st->excess = mean_of(t, s, TRIALS_COL(EXCESS_MIGRATED), buf);
	st->migrated = mean_of(t, s, TRIALS_COL(MIGRATED_PAGES), buf);
	st->retries = mean_of(t, s, TRIALS_COL(RETRIES), buf);
	st->cma_alloc_calls = mean_of(t, s, TRIALS_COL(CMA_ALLOC_CALLS), buf);
	st->skipped = mean_of(t, s, TRIALS_COL(TOTAL_SKIPPED), buf);
	st->wasted = mean_of(t, s, TRIALS_COL(WASTED), buf);
	st->rescued = mean_of(t, s, TRIALS_COL(RESCUED), buf);
	st->waits = mean_of(t, s, TRIALS_COL(WAITS), buf);
	st->pcp_drains = mean_of(t, s, TRIALS_COL(TRACE_PCP_DRAINS), buf);
	st->lru_drains = mean_of(t, s, TRIALS_COL(TRACE_LRU_DRAINS), buf);
	st->trace_ranges = mean_of(t, s, TRIALS_COL(TRACE_RANGES), buf);
	st->busy_retries = mean_of(t, s, TRIALS_COL(TRACE_BUSY_RETRIES), buf);
	named(t, s, TF_SKIPPED, 1, buf, &st->skips);
	named(t, s, TF_PHASE, 1e-6, buf, &st->phases_ms);
	st->trace_mismatch = count_nonzero(t, s, TRIALS_COL(TRACE_MISMATCH), buf);
}

int summary__compute(const struct table *t, size_t page_size, struct run_summary *sum)
{
	double *buf = calloc(t->nrows + 1, sizeof(*buf));
	int wc = table__col(t, TRIALS_COL(WARMUP));

	if (!buf)
		return -ENOMEM;
	memset(sum, 0, sizeof(*sum));
	sum->page_size = page_size ? page_size : sys_page_size();
	sum->rows = t->nrows;
	sum->has_wasted = table__col(t, TRIALS_COL(WASTED)) >= 0;
	sum->has_waits = table__col(t, TRIALS_COL(WAITS)) >= 0;
	sum->has_min_floor = table__col(t, TRIALS_COL(MIN_MIGRATE_PAGES)) >= 0;
	for (size_t r = 0; r < t->nrows; r++)
		sum->warmup_rows += table__num(t, r, wc) != 0;
	for (int s = 0; s < NR_STRATEGIES; s++) {
		struct strategy_summary *st = &sum->st[s];

		st->n = summary__values(t, s, TRIALS_COL(REQUESTED), 1, buf);
		if (!st->n)
			continue;
		st->present = true;
		summarize_strategy(t, s, sum->page_size, buf, st);
	}
	free(buf);
	return 0;
}

void summary__print_headline(const struct run_summary *sum, FILE *out)
{
	/* Runs from before series v3 have no wasted column: their layout stays. */
	const char *wasted = sum->has_wasted ? "  wasted" : "";
	const char *wasted_unit = sum->has_wasted ? "     MiB" : "";

	fprintf(out, "%-12s %3s %8s %9s %9s %5s %9s%s %8s %8s %6s %7s\n", "strategy", "n",
		"success", "median", "p90", "cv", "migrated", wasted, "skipped", "-EBUSY", "calls",
		"/floor");
	fprintf(out, "%-12s %3s %8s %9s %9s %5s %9s%s %8s %8s %6s %7s\n", "", "", "mean", "ms", "ms",
		"%", "MiB", wasted_unit, "blocks", "retries", "", "median");
	for (int s = 0; s < NR_STRATEGIES; s++) {
		const struct strategy_summary *st = &sum->st[s];
		char wasted_mib[16] = "";

		if (!st->present)
			continue;
		if (sum->has_wasted)
			snprintf(wasted_mib, sizeof(wasted_mib), " %7.1f",
				 pages_to_mib_at(st->wasted, sum->page_size));
		fprintf(out, "%-12s %3zu %8.4f %9.2f %9.2f %5.1f %9.1f%s %8.1f %8.1f %6.0f %7.1f\n",
			strategy_names[s], st->n, st->success.mean, st->latency_ms.median,
			st->latency_ms.p90, 100 * st->latency_ms.cv,
			pages_to_mib_at(st->migrated, sum->page_size), wasted_mib,
			st->skipped, st->busy_retries, st->cma_alloc_calls ? st->cma_alloc_calls : 1,
			st->floor_ratio.n ? st->floor_ratio.median : NAN);
	}
}

static void stats_json(struct json_writer *w, const char *key, const struct stats_summary *s)
{
	json_key(w, key);
	json_object_begin(w);
	/* The first member is the count n; the others are numbers. */
	json_key_u64(w, summary_stats_fields[0].key, s->n);
	for (size_t i = 1; i < nr_summary_stats_fields; i++)
		json_key_double(w, summary_stats_fields[i].key,
				*(const double *)((const char *)s + summary_stats_fields[i].offset));
	json_object_end(w);
}

static void named_json(struct json_writer *w, const char *key, const struct named_means *m)
{
	json_key(w, key);
	json_object_begin(w);
	for (int i = 0; i < m->n; i++)
		json_key_double(w, m->name[i], m->mean[i]);
	json_object_end(w);
}

/* Does @sum's run have fields of kind @when? */
static bool summary_has(const struct run_summary *sum, enum summary_when when)
{
	switch (when) {
	case SUM_MIN_FLOOR:
		return sum->has_min_floor;
	case SUM_WASTED:
		return sum->has_wasted;
	case SUM_WAITS:
		return sum->has_wasted && sum->has_waits;
	default:
		return true;
	}
}

/* One field of summary_schema.h, when @sum's run has it. */
static void field_json(struct json_writer *w, const struct summary_field *f,
		       const struct run_summary *sum, const struct strategy_summary *st)
{
	const void *p = (const char *)st + f->offset;

	if (!summary_has(sum, f->when))
		return;
	switch (f->kind) {
	case SUM_COUNT:
		json_key_u64(w, f->key, *(const size_t *)p);
		break;
	case SUM_NUMBER:
		json_key_double(w, f->key, *(const double *)p);
		break;
	case SUM_STATS:
		stats_json(w, f->key, p);
		break;
	case SUM_NAMED:
		named_json(w, f->key, p);
		break;
	}
}

int summary__write_json(const struct run_summary *sum, FILE *out)
{
	struct json_writer w;

	json_document_begin(&w, out, true, SUMMARY_SCHEMA, SUMMARY_VERSION);
	json_key_u64(&w, "trials", sum->rows);
	json_key_u64(&w, "warmup_trials", sum->warmup_rows);
	json_key(&w, "strategies");
	json_object_begin(&w);
	for (int s = 0; s < NR_STRATEGIES; s++) {
		const struct strategy_summary *st = &sum->st[s];

		if (!st->present)
			continue;
		json_key(&w, strategy_names[s]);
		json_object_begin(&w);
		for (size_t i = 0; i < nr_summary_fields; i++)
			field_json(&w, &summary_fields[i], sum, st);
		json_object_end(&w);
	}
	json_object_end(&w);
	json_object_end(&w);
	return json_finish(&w);
}
