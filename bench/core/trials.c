// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "lib/json.h"
#include "bench/core/trials.h"

const struct trials_column trials_columns[NR_TRIALS_COLS] = {
#define TRIALS_DEF(id_, name_, unit_, writer_, key_, meaning_) \
	[TC_##id_] = { #id_, name_, unit_, BY_##writer_, key_, meaning_ },
	TRIALS_COLUMNS(TRIALS_DEF)
#undef TRIALS_DEF
};

const struct trials_family_def trials_families[NR_TRIALS_FAMILIES] = {
#define TRIALS_FDEF(id_, prefix_, suffix_, member_, unit_, writer_, meaning_) \
	[TF_##id_] = { #id_, prefix_, suffix_, member_, unit_, BY_##writer_, meaning_ },
	TRIALS_FAMILIES(TRIALS_FDEF)
#undef TRIALS_FDEF
};

const char *const trials_jsonl_keys[NR_TRIALS_JSONL] = {
#define TRIALS_JDEF(id_, key_, meaning_) [TJ_##id_] = key_,
	TRIALS_JSONL_MEMBERS(TRIALS_JDEF)
#undef TRIALS_JDEF
};

static const char *const trials_jsonl_ids[NR_TRIALS_JSONL] = {
#define TRIALS_JDEF(id_, key_, meaning_) [TJ_##id_] = #id_,
	TRIALS_JSONL_MEMBERS(TRIALS_JDEF)
#undef TRIALS_JDEF
};

static const char *const trials_jsonl_meanings[NR_TRIALS_JSONL] = {
#define TRIALS_JDEF(id_, key_, meaning_) [TJ_##id_] = meaning_,
	TRIALS_JSONL_MEMBERS(TRIALS_JDEF)
#undef TRIALS_JDEF
};

const char *const trials_writer_names[NR_TRIALS_WRITERS] = {
	[BY_BENCH] = "bench", [BY_DRIVER] = "driver", [BY_LOAD] = "load",
	[BY_TRACER] = "tracer", [BY_DERIVED] = "bench-derived", [BY_VMSTAT] = "vmstat delta",
};

/*
 * Names runs were written with before a column was renamed, and what they
 * are now. The readers apply it; writers only ever use the current name.
 * skipped_total matched the skipped_<reason> family and had to be taken
 * out of it by hand (renamed after the runs of 2026-11-26).
 */
static const struct {
	const char *legacy;
	enum trials_col now;
} trials_aliases[] = {
	{ "skipped_total", TC_TOTAL_SKIPPED },
};

#define NR_ALIASES (sizeof(trials_aliases) / sizeof(trials_aliases[0]))

const char *trials_family__name(enum trials_family f, const char *member, char *buf, size_t len)
{
	char m[128];

	/* A copy first: @member may be (part of) @buf. */
	snprintf(m, sizeof(m), "%s", member);
	snprintf(buf, len, "%s%s%s", trials_families[f].prefix, m, trials_families[f].suffix);
	return buf;
}

const char *trials_family__member(enum trials_family f, const char *col, size_t *len)
{
	const char *prefix = trials_families[f].prefix, *suffix = trials_families[f].suffix;
	size_t lp = strlen(prefix), ls = strlen(suffix), lc = strlen(col);

	if (lc <= lp + ls || strncmp(col, prefix, lp) || strcmp(col + lc - ls, suffix))
		return NULL;
	*len = lc - lp - ls;
	return col + lp;
}

static bool trials_schema__known(const char *col)
{
	size_t len;

	for (int c = 0; c < NR_TRIALS_COLS; c++)
		if (!strcmp(trials_columns[c].name, col))
			return true;
	for (int f = 0; f < NR_TRIALS_FAMILIES; f++)
		if (trials_family__member(f, col, &len))
			return true;
	return false;
}

int trials_schema__check(struct table *t, char *err, size_t err_len)
{
	for (int c = 0; c < t->ncols; c++) {
		for (size_t a = 0; a < NR_ALIASES; a++) {
			const char *now = trials_columns[trials_aliases[a].now].name;
			char *name;

			if (strcmp(t->cols[c], trials_aliases[a].legacy))
				continue;
			if (table__col(t, now) >= 0) {
				snprintf(err, err_len, "both column %s and its legacy name %s", now,
					 trials_aliases[a].legacy);
				return -EINVAL;
			}
			name = strdup(now);
			if (!name) {
				snprintf(err, err_len, "out of memory");
				return -ENOMEM;
			}
			free(t->cols[c]);
			t->cols[c] = name;
		}
		if (!trials_schema__known(t->cols[c])) {
			snprintf(err, err_len, "unknown column '%s' (not in bench/core/trials.h)", t->cols[c]);
			return -EINVAL;
		}
	}
	return 0;
}

static void column_json(struct json_writer *w, const struct trials_column *c)
{
	json_object_begin(w);
	json_key_string(w, "id", c->id);
	json_key_string(w, "name", c->name);
	json_key_string(w, "unit", c->unit);
	json_key_string(w, "writer", trials_writer_names[c->writer]);
	if (c->driver_key)
		json_key_string(w, "driver_key", c->driver_key);
	json_key_string(w, "meaning", c->meaning);
	json_object_end(w);
}

static void family_json(struct json_writer *w, const struct trials_family_def *f)
{
	json_object_begin(w);
	json_key_string(w, "id", f->id);
	json_key_string(w, "prefix", f->prefix);
	json_key_string(w, "suffix", f->suffix);
	json_key_string(w, "member", f->member);
	json_key_string(w, "unit", f->unit);
	json_key_string(w, "writer", trials_writer_names[f->writer]);
	json_key_string(w, "meaning", f->meaning);
	json_object_end(w);
}

int trials_schema__write_json(FILE *out)
{
	struct json_writer w;

	json_document_begin(&w, out, true, "cmabulk-bench-trials-schema", 1);
	json_key(&w, "columns");
	json_array_begin(&w);
	for (int c = 0; c < NR_TRIALS_COLS; c++)
		column_json(&w, &trials_columns[c]);
	json_array_end(&w);
	json_key(&w, "families");
	json_array_begin(&w);
	for (int f = 0; f < NR_TRIALS_FAMILIES; f++)
		family_json(&w, &trials_families[f]);
	json_array_end(&w);
	json_key(&w, "aliases");
	json_array_begin(&w);
	for (size_t a = 0; a < NR_ALIASES; a++) {
		json_object_begin(&w);
		json_key_string(&w, "legacy", trials_aliases[a].legacy);
		json_key_string(&w, "name", trials_columns[trials_aliases[a].now].name);
		json_object_end(&w);
	}
	json_array_end(&w);
	json_key(&w, "jsonl_members");
	json_array_begin(&w);
	for (int j = 0; j < NR_TRIALS_JSONL; j++) {
		json_object_begin(&w);
		json_key_string(&w, "id", trials_jsonl_ids[j]);
		json_key_string(&w, "key", trials_jsonl_keys[j]);
		json_key_string(&w, "meaning", trials_jsonl_meanings[j]);
		json_object_end(&w);
	}
	json_array_end(&w);
	json_object_end(&w);
	return json_finish(&w);
}

int trials_schema__write_md(FILE *out)
{
	char pattern[64];

	fprintf(out, "# The trials table: trials.csv and trials.jsonl\n\n"
		"<!-- Generated from bench/core/trials.h by trials_schema__write_md(); do not edit.\n"
		"     Regenerate: make \"$PWD/docs/trials-table.md\" (tests/unit/test_trials checks it). -->\n\n"
		"One row per trial of a run. trials.csv has a header line and these columns, in\n"
		"the order a run first sets them; a cell is empty when its writer had nothing to\n"
		"say (no tracer, no migration). trials.jsonl has the same cells as strings, one\n"
		"JSON object per row, plus the members at the end. Readers refuse a column that\n"
		"is not listed here.\n\n");
	fprintf(out, "| column | unit | written by | meaning |\n| --- | --- | --- | --- |\n");
	for (int c = 0; c < NR_TRIALS_COLS; c++) {
		const struct trials_column *col = &trials_columns[c];

		fprintf(out, "| `%s` | %s | %s%s%s%s | %s |\n", col->name, col->unit,
			trials_writer_names[col->writer], col->driver_key ? " (key `" : "",
			col->driver_key ?: "", col->driver_key ? "`)" : "", col->meaning);
	}
	fprintf(out, "\n## Families: names from the kernel\n\n"
		"| columns | unit | written by | meaning |\n| --- | --- | --- | --- |\n");
	for (int f = 0; f < NR_TRIALS_FAMILIES; f++) {
		const struct trials_family_def *fam = &trials_families[f];

		snprintf(pattern, sizeof(pattern), "<%s>", fam->member);
		fprintf(out, "| `%s%s%s` | %s | %s | %s |\n", fam->prefix, pattern, fam->suffix,
			fam->unit, trials_writer_names[fam->writer], fam->meaning);
	}
	fprintf(out, "\n## Legacy names\n\nRuns written before a rename are read with the current name.\n\n"
		"| in older runs | now |\n| --- | --- |\n");
	for (size_t a = 0; a < NR_ALIASES; a++)
		fprintf(out, "| `%s` | `%s` |\n", trials_aliases[a].legacy,
			trials_columns[trials_aliases[a].now].name);
	fprintf(out, "\n## trials.jsonl only\n\n| member | meaning |\n| --- | --- |\n");
	for (int j = 0; j < NR_TRIALS_JSONL; j++)
		fprintf(out, "| `%s` | %s |\n", trials_jsonl_keys[j], trials_jsonl_meanings[j]);
	return ferror(out) ? -EIO : 0;
}
