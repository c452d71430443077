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
#include <stdint.h>
#include <string.h>

#include <json-c/json.h>

#include "bench/core/summary.h"
#include "bench/core/summary_schema.h"
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
	s->n = json_doc__size(o, summary_stats_fields[0].key, SIZE_MAX, 0);
	for (size_t i = 1; i < nr_summary_stats_fields; i++)
		*(double *)((char *)s + summary_stats_fields[i].offset) = num(o, summary_stats_fields[i].key);
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

/* A field a run may lack: present, it says the run has that kind of field. */
static bool field_present(struct json_object *o, const struct summary_field *f, struct run_summary *sum)
{
	if (f->when == SUM_ALWAYS)
		return true;
	if (!json_object_object_get_ex(o, f->key, NULL))
		return false;
	if (f->when == SUM_MIN_FLOOR)
		sum->has_min_floor = true;
	else if (f->when == SUM_WASTED)
		sum->has_wasted = true;
	else
		sum->has_waits = true;
	return true;
}

/* A strategy's object, field by field of summary_schema.h. */
static void read_strategy(struct json_object *o, struct run_summary *sum, struct strategy_summary *st)
{
	st->present = true;
	for (size_t i = 0; i < nr_summary_fields; i++) {
		const struct summary_field *f = &summary_fields[i];
		void *p = (char *)st + f->offset;

		if (!field_present(o, f, sum))
			continue;
		switch (f->kind) {
		case SUM_COUNT:
			*(size_t *)p = json_doc__size(o, f->key, SIZE_MAX, 0);
			break;
		case SUM_NUMBER:
			*(double *)p = num(o, f->key);
			break;
		case SUM_STATS:
			read_stats(o, f->key, p);
			break;
		case SUM_NAMED:
			read_named(o, f->key, p);
			break;
		}
	}
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
	if (!schema || strcmp(schema, SUMMARY_SCHEMA) || !strategies) {
		snprintf(err, err_len, "%s is not a cmabulk-bench summary", path);
		json_object_put(doc);
		return -EINVAL;
	}
	sum->rows = json_doc__size(doc, "trials", SIZE_MAX, 0);
	sum->warmup_rows = json_doc__size(doc, "warmup_trials", SIZE_MAX, 0);
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
