// SPDX-License-Identifier: GPL-2.0
/*
 * summary.json read back into a run_summary: the numbers a run recorded,
 * as it recorded them. A summary recomputed on another machine can differ
 * in the last bit (an arm64 guest's compiler fuses multiply-adds, x86's
 * does not), so what a run is reported as elsewhere (farm cases, KCIDB)
 * comes from here. The inverse of summary__write_json(): test_results
 * writes every committed run's summary back byte for byte.
 */
#include <errno.h>
#include <math.h>
#include <string.h>

#include <json-c/json.h>

#include "bench/summary.h"
#include "lib/json_doc.h"

/* A number member, NaN when it is null or absent (non-finite values are written null). */
static double num(struct json_object *o, const char *key)
{
	return json_doc__num(o, key, NAN);
}

static void read_stats(struct json_object *st, const char *key, struct stats_summary *s)
{
	struct json_object *o = json_doc__member(st, key, json_type_object, NULL);

	memset(s, 0, sizeof(*s));
	if (!o)
		return;
	s->n = (size_t)json_doc__num(o, "n", 0);
	s->min = num(o, "min");
	s->median = num(o, "median");
	s->mean = num(o, "mean");
	s->p90 = num(o, "p90");
	s->p99 = num(o, "p99");
	s->max = num(o, "max");
	s->stddev = num(o, "stddev");
	s->cv = num(o, "cv");
}

static void read_named(struct json_object *st, const char *key, struct named_means *m)
{
	struct json_object *o = json_doc__member(st, key, json_type_object, NULL);

	m->n = 0;
	if (!o)
		return;
	json_object_object_foreach(o, name, v) {
		if (m->n == SUMMARY_MAX_NAMED)
			break;
		snprintf(m->name[m->n], sizeof(m->name[m->n]), "%s", name);
		/* null: a mean of no values (NaN), as the writer writes it. */
		m->mean[m->n++] = json_object_is_type(v, json_type_null) ? NAN : json_object_get_double(v);
	}
}

/* An optional mean: sets *@has when the member is there. */
static double opt_mean(struct json_object *st, const char *key, bool *has)
{
	if (!json_object_object_get_ex(st, key, NULL))
		return 0;
	*has = true;
	return num(st, key);
}

static void read_strategy(struct json_object *o, struct run_summary *sum, struct strategy_summary *st)
{
	st->present = true;
	st->n = (size_t)json_doc__num(o, "n", 0);
	st->failed = (size_t)json_doc__num(o, "failed", 0);
	st->requested = num(o, "requested");
	st->allocated = num(o, "allocated");
	st->satisfiable = num(o, "satisfiable");
	read_stats(o, "latency_ms", &st->latency_ms);
	read_stats(o, "kernel_ms", &st->kernel_ms);
	read_stats(o, "success", &st->success);
	read_stats(o, "success_satisfiable", &st->success_satisfiable);
	read_stats(o, "latency_over_floor", &st->floor_ratio);
	st->migrated = num(o, "migrated_pages_mean");
	st->retries = num(o, "retries_mean");
	st->cma_alloc_calls = num(o, "cma_alloc_calls_mean");
	st->trace_ranges = num(o, "ranges_mean");
	st->busy_retries = num(o, "busy_retries_mean");
	st->skipped = num(o, "skipped_mean");
	if (json_object_object_get_ex(o, "latency_over_min_floor", NULL)) {
		sum->has_min_floor = true;
		read_stats(o, "latency_over_min_floor", &st->min_floor_ratio);
	}
	st->excess = opt_mean(o, "excess_migrated_pages_mean", &sum->has_min_floor);
	st->wasted = opt_mean(o, "wasted_pages_mean", &sum->has_wasted);
	st->rescued = opt_mean(o, "rescued_mean", &sum->has_wasted);
	st->waits = opt_mean(o, "waits_mean", &sum->has_waits);
	st->pcp_drains = num(o, "pcp_drains_mean");
	st->lru_drains = num(o, "lru_drains_mean");
	read_named(o, "skipped_by_reason_mean", &st->skips);
	read_named(o, "phases_ms_mean", &st->phases_ms);
	st->trace_mismatch = (size_t)json_doc__num(o, "trace_mismatches", 0);
}

int summary__read_json(const char *path, struct run_summary *sum, char *err, size_t err_len)
{
	struct json_object *doc = json_doc__load(path, err, err_len), *strategies;
	const char *schema;

	memset(sum, 0, sizeof(*sum));
	if (!doc)
		return -EINVAL;
	schema = json_doc__str(doc, "schema");
	strategies = json_doc__member(doc, "strategies", json_type_object, NULL);
	if (!schema || strcmp(schema, "cmabulk-bench-summary") || !strategies) {
		snprintf(err, err_len, "%s is not a cmabulk-bench summary", path);
		json_object_put(doc);
		return -EINVAL;
	}
	sum->rows = (size_t)json_doc__num(doc, "trials", 0);
	sum->warmup_rows = (size_t)json_doc__num(doc, "warmup_trials", 0);
	json_object_object_foreach(strategies, name, o) {
		int s = strategy__parse(name);

		if (s < 0 || !json_object_is_type(o, json_type_object)) {
			snprintf(err, err_len, "%s: unknown strategy '%s'", path, name);
			json_object_put(doc);
			return -EINVAL;
		}
		read_strategy(o, sum, &sum->st[s]);
	}
	json_object_put(doc);
	return 0;
}
