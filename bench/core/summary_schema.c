// SPDX-License-Identifier: GPL-2.0
/* summary.json's field list (summary_schema.h). */
#include <stddef.h>
#include <stdio.h>

#include "bench/core/summary.h"
#include "bench/core/summary_schema.h"
#include "lib/json.h"

#define FIELD(kind, key, member, when, unit, doc) \
	{ SUM_##kind, key, offsetof(struct strategy_summary, member), SUM_##when, unit, doc },
const struct summary_field summary_fields[] = { SUMMARY_STRATEGY_FIELDS(FIELD) };
#undef FIELD
const size_t nr_summary_fields = sizeof(summary_fields) / sizeof(summary_fields[0]);

#define STAT(name) { #name, offsetof(struct stats_summary, name) }
const struct summary_stats_field summary_stats_fields[] = {
	STAT(n), STAT(min), STAT(median), STAT(mean), STAT(p90), STAT(p99), STAT(max), STAT(stddev), STAT(cv),
};
#undef STAT
const size_t nr_summary_stats_fields = sizeof(summary_stats_fields) / sizeof(summary_stats_fields[0]);

static const char *const kind_names[] = { "count", "number", "stats", "object" };
static const char *const when_names[] = {
	"always", "runs with the minimal-migration floor", "runs since series v3", "series v3 runs",
};

int summary_schema__write_json(FILE *out)
{
	struct json_writer w;

	json_document_begin(&w, out, true, "cmabulk-bench-summary-schema", 1);
	json_key_string(&w, "document", SUMMARY_SCHEMA);
	json_key_u64(&w, "document_version", SUMMARY_VERSION);
	json_key(&w, "top");
	json_array_begin(&w);
	json_string(&w, "trials");
	json_string(&w, "warmup_trials");
	json_string(&w, "strategies");
	json_array_end(&w);
	json_key(&w, "stats");
	json_array_begin(&w);
	for (size_t i = 0; i < nr_summary_stats_fields; i++)
		json_string(&w, summary_stats_fields[i].key);
	json_array_end(&w);
	json_key(&w, "strategy");
	json_array_begin(&w);
	for (size_t i = 0; i < nr_summary_fields; i++) {
		const struct summary_field *f = &summary_fields[i];

		json_object_begin(&w);
		json_key_string(&w, "key", f->key);
		json_key_string(&w, "kind", kind_names[f->kind]);
		json_key_bool(&w, "always", f->when == SUM_ALWAYS);
		json_key_string(&w, "unit", f->unit);
		json_key_string(&w, "meaning", f->doc);
		json_object_end(&w);
	}
	json_array_end(&w);
	json_object_end(&w);
	return json_finish(&w);
}

int summary_schema__write_md(FILE *out)
{
	fprintf(out,
		"<!-- Generated from bench/core/summary_schema.h by summary_schema__write_md(); do not edit.\n"
		"     make \"$PWD/docs/formats/summary.md\" writes it again; test_summary fails when it is stale. -->\n"
		"# summary.json of a run: `%s`, version %d\n\n"
		"Per-strategy statistics over the measured trials (warm-up excluded),\n"
		"computed from `trials.csv` alone (`bench/core/summary.c`), so it can\n"
		"always be rebuilt and checked: `report` writes it again, `merge` computes\n"
		"it for the merged table, `tests/host/bench_check.py` recomputes it in\n"
		"Python, and `summary__read_json()` reads it back bit for bit (the farm\n"
		"cases and the KCIDB export take their numbers from it). Writer, reader,\n"
		"this page and the checkers' `build/summary-schema.json` (`cmabulk-bench\n"
		"columns --summary`) come from one list.\n\n"
		"| field | type | meaning |\n| --- | --- | --- |\n"
		"| `schema`, `version` | string, integer | `\"%s\"`, `%d` |\n"
		"| `trials` | integer | rows of the table (warm-up included) |\n"
		"| `warmup_trials` | integer | warm-up rows |\n"
		"| `strategies` | object | one member per strategy that ran, by name |\n\n"
		"Each strategy:\n\n| field | type | unit | in | meaning |\n| --- | --- | --- | --- | --- |\n",
		SUMMARY_SCHEMA, SUMMARY_VERSION, SUMMARY_SCHEMA, SUMMARY_VERSION);
	for (size_t i = 0; i < nr_summary_fields; i++) {
		const struct summary_field *f = &summary_fields[i];

		fprintf(out, "| `%s` | %s | %s | %s | %s |\n", f->key, kind_names[f->kind],
			*f->unit ? f->unit : "-", when_names[f->when], f->doc);
	}
	fprintf(out, "\nA `stats` object:");
	for (size_t i = 0; i < nr_summary_stats_fields; i++)
		fprintf(out, "%s `%s`", i ? "," : "", summary_stats_fields[i].key);
	fprintf(out, " (numbers; `null` when not finite). An `object` maps names to\n"
		"means (`null`: a mean of no values). The columns each number comes from:\n"
		"[../trials-table.md](../trials-table.md).\n");
	return ferror(out) ? -1 : 0;
}
