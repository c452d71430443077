// SPDX-License-Identifier: GPL-2.0
/*
 * summary__compute on a table whose statistics are worked out by hand:
 * medians, means, failures, skips by reason, phases, the floor's 1 MiB
 * cut at the run's page size, and warm-up rows (with outlandish values)
 * kept out of all of it.
 */
#define _GNU_SOURCE
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bench/core/summary.h"
#include "bench/core/summary_schema.h"
#include "bench/core/trials.h"
#include "lib/json_doc.h"
#include "lib/tool.h"
#include "tests/unit/check.h"

#define NEAR(a, b) CHECK(fabs((a) - (b)) < 1e-9, "%.12g != %.12g", (double)(a), (double)(b))

/* strategy, warmup, wall ms, kernel ms, allocated of 10, ret, grab, busy, migrated pages, floor ratio, migrate phase ms, mismatch */
static const struct row {
	const char *strategy;
	int warmup;
	double wall_ms, kernel_ms;
	int allocated, ret, grab, busy, migrated;
	double floor_ratio, phase_ms;
	int mismatch;
} rows[] = {
	{ "fast", 1, 1000, 1000, 0, -12, 100, 100, 9999, 1000, 1000, 1 },
	{ "fast", 0, 3, 2, 10, 0, 2, 0, 512, 4, 2, 0 },
	{ "fast", 0, 1, 1, 5, -16, 4, 2, 100, 100, 4, 1 },
	{ "fast", 0, 2, 3, 10, 0, 0, 0, 256, 2, 0, 0 },
	{ "fast", 0, 10, 4, 0, -12, 6, 1, 1024, 6, 6, 0 },
	{ "normal", 0, 5, 5, 10, 0, 0, 0, 0, NAN, 0, 0 },
};

static void build(struct table *t)
{
	char col[64];

	table__init(t);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct row *w = &rows[i];
		long r = table__add_row(t);

		table__set(t, r, TRIALS_COL(STRATEGY), "%s", w->strategy);
		table__set(t, r, TRIALS_COL(WARMUP), "%d", w->warmup);
		table__set(t, r, TRIALS_COL(WALL_NS), "%.0f", w->wall_ms * 1e6);
		table__set(t, r, TRIALS_COL(KERNEL_NS), "%.0f", w->kernel_ms * 1e6);
		table__set(t, r, TRIALS_COL(REQUESTED), "10");
		table__set(t, r, TRIALS_COL(ALLOCATED), "%d", w->allocated);
		table__set(t, r, TRIALS_COL(SUCCESS), "%g", w->allocated / 10.0);
		table__set(t, r, TRIALS_COL(RET), "%d", w->ret);
		table__set(t, r, trials_family__name(TF_SKIPPED, "grab", col, sizeof(col)), "%d", w->grab);
		table__set(t, r, trials_family__name(TF_SKIPPED, "busy", col, sizeof(col)), "%d", w->busy);
		table__set(t, r, TRIALS_COL(TOTAL_SKIPPED), "%d", w->grab + w->busy);
		table__set(t, r, TRIALS_COL(MIGRATED_PAGES), "%d", w->migrated);
		if (!isnan(w->floor_ratio))
			table__set(t, r, TRIALS_COL(FLOOR_RATIO), "%g", w->floor_ratio);
		table__set(t, r, trials_family__name(TF_PHASE, "migrate", col, sizeof(col)), "%.0f",
			   w->phase_ms * 1e6);
		table__set(t, r, TRIALS_COL(TRACE_MISMATCH), "%d", w->mismatch);
	}
}

static void test_fast(void)
{
	struct run_summary sum;
	const struct strategy_summary *st = &sum.st[STRAT_FAST];
	struct table t;

	build(&t);
	CHECK(summary__compute(&t, 4096, &sum) == 0, "compute");
	CHECK_EQ_U64(sum.rows, 6);
	CHECK_EQ_U64(sum.warmup_rows, 1);
	CHECK(st->present, "fast");
	CHECK_EQ_U64(st->n, 4);
	CHECK_EQ_U64(st->failed, 2);
	NEAR(st->requested, 40);
	NEAR(st->allocated, 25);
	NEAR(st->latency_ms.median, 2.5);	/* of 1, 2, 3, 10 */
	NEAR(st->latency_ms.min, 1);
	NEAR(st->latency_ms.max, 10);
	NEAR(st->latency_ms.mean, 4);
	NEAR(st->kernel_ms.median, 2.5);	/* of 1, 2, 3, 4 */
	NEAR(st->success.mean, 0.625);
	NEAR(st->migrated, 473);		/* (512 + 100 + 256 + 1024) / 4 */
	NEAR(st->skipped, 3.75);
	/* The 100-page trial is under 1 MiB of 4 KiB pages: 4, 2, 6 remain. */
	CHECK_EQ_U64(st->floor_ratio.n, 3);
	NEAR(st->floor_ratio.median, 4);
	CHECK_EQ_U64(st->trace_mismatch, 1);
	CHECK(st->skips.n == 2, "%d reasons", st->skips.n);
	CHECK_STREQ(st->skips.name[0], "grab");
	NEAR(st->skips.mean[0], 3);
	CHECK_STREQ(st->skips.name[1], "busy");
	NEAR(st->skips.mean[1], 0.75);
	CHECK(st->phases_ms.n == 1, "%d phases", st->phases_ms.n);
	CHECK_STREQ(st->phases_ms.name[0], "migrate");
	NEAR(st->phases_ms.mean[0], 3);
	CHECK(sum.st[STRAT_NORMAL].present && sum.st[STRAT_NORMAL].n == 1, "normal");
	NEAR(sum.st[STRAT_NORMAL].latency_ms.median, 5);
	CHECK_EQ_U64(sum.st[STRAT_NORMAL].floor_ratio.n, 0);
	CHECK(!sum.st[STRAT_WHOLE].present, "no whole trials");
	table__free(&t);
}

/* With 64 KiB pages 100 pages are 6.25 MiB: that trial counts for the floor. */
static void test_page_size(void)
{
	struct run_summary sum;
	struct table t;

	build(&t);
	summary__compute(&t, 65536, &sum);
	CHECK_EQ_U64(sum.st[STRAT_FAST].floor_ratio.n, 4);
	NEAR(sum.st[STRAT_FAST].floor_ratio.median, 5);	/* of 2, 4, 6, 100 */
	table__free(&t);
}

static void test_json(void)
{
	struct json_object *root, *fast, *skips;
	struct run_summary sum;
	char *buf = NULL, err[256];
	size_t len = 0;
	struct table t;
	FILE *f;

	build(&t);
	summary__compute(&t, 4096, &sum);
	f = open_memstream(&buf, &len);
	CHECK(summary__write_json(&sum, f) == 0, "write");
	fclose(f);
	root = json_doc__parse(buf, err, sizeof(err));
	CHECK(root, "%s", err);
	fast = json_doc__member(json_doc__member(root, "strategies", json_type_object, NULL),
				"fast", json_type_object, NULL);
	CHECK(json_doc__num(fast, "failed", -1) == 2, "failed");
	CHECK(json_doc__num(json_doc__member(fast, "latency_ms", json_type_object, NULL), "median", 0) == 2.5,
	      "median");
	skips = json_doc__member(fast, "skipped_by_reason_mean", json_type_object, NULL);
	CHECK(skips && json_object_object_length(skips) == 2, "two reasons, no total");
	json_object_put(root);
	free(buf);
	table__free(&t);
}

/*
 * The writer follows the field list: a summary with every kind of run's
 * fields written holds exactly the list's keys, in its order.
 */
static void test_schema_drives_writer(void)
{
	struct run_summary sum = { .rows = 1, .has_min_floor = true, .has_wasted = true, .has_waits = true };
	struct json_object *root, *st;
	char *buf = NULL, err[256];
	size_t len = 0, i = 0;
	FILE *f = open_memstream(&buf, &len);

	sum.st[STRAT_FAST].present = true;
	CHECK(summary__write_json(&sum, f) == 0, "write");
	fclose(f);
	root = json_doc__parse(buf, err, sizeof(err));
	CHECK(root, "%s", err);
	st = json_doc__member(json_doc__member(root, "strategies", json_type_object, NULL),
			      "fast", json_type_object, NULL);
	CHECK(st, "the strategy");
	if (st) {
		json_object_object_foreach(st, key, v) {
			(void)v;
			CHECK(i < nr_summary_fields && !strcmp(key, summary_fields[i].key),
			      "member %zu is %s, the list says %s", i, key,
			      i < nr_summary_fields ? summary_fields[i].key : "nothing");
			i++;
		}
	}
	CHECK_EQ_INT((int)i, (int)nr_summary_fields);
	json_object_put(root);
	free(buf);
}

/* docs/formats/summary.md is what the list says now. */
static void test_schema_doc_current(void)
{
	check_doc_current(summary_schema__write_md, "docs/formats/summary.md");
}

int main(void)
{
	RUN(test_fast);
	RUN(test_page_size);
	RUN(test_json);
	RUN(test_schema_drives_writer);
	RUN(test_schema_doc_current);
	return CHECK_DONE();
}
