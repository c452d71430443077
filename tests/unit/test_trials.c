// SPDX-License-Identifier: GPL-2.0
/*
 * The trials table: its CSV survives a round trip cell for cell, a table
 * that is not one is refused with one line, and the schema is consistent
 * (no fixed column inside a family, legacy names mapped, unknown columns
 * refused, the committed document what the list says now).
 */
#define _GNU_SOURCE
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench/core/table.h"
#include "bench/core/trials.h"
#include "lib/json_doc.h"
#include "lib/tool.h"
#include "tests/unit/check.h"

static char tmp_path[64];

static const char *write_tmp(const char *text)
{
	FILE *f;
	int fd;

	snprintf(tmp_path, sizeof(tmp_path), "/tmp/test_trials.XXXXXX");
	fd = mkstemp(tmp_path);
	f = fdopen(fd, "w");
	fputs(text, f);
	fclose(f);
	return tmp_path;
}

/* Read @text as a trials.csv; the return code, the error in @err. */
static int read_text(struct table *t, const char *text, char *err, size_t len)
{
	int ret = table__read_csv(t, write_tmp(text), err, len);

	unlink(tmp_path);
	return ret;
}

static void test_csv_roundtrip(void)
{
	static const char *const cells[] = {
		"", " spaced ", "semi;colon", "\xc3\xbcnicode", "1e-300", "-0", "tab\there", "x",
	};
	struct table t, back;
	char err[256] = "", *buf = NULL;
	size_t len = 0, n = sizeof(cells) / sizeof(cells[0]);
	FILE *f;

	table__init(&t);
	for (size_t i = 0; i < n; i++) {
		long r = table__add_row(&t);

		table__set(&t, r, "a", "%s", cells[i]);
		table__set(&t, r, "b", "%s", cells[n - 1 - i]);
		/* A column that appears late: earlier rows have it empty. */
		if (i == n - 1)
			table__set(&t, r, "late", "%d", 7);
	}
	/* The separators cannot be in a cell: they become ';'. */
	table__set(&t, 0, "a", "%s", "c,o\"m\nma");
	CHECK_STREQ(table__str(&t, 0, 0), "c;o;m;ma");
	f = open_memstream(&buf, &len);
	CHECK(table__write_csv(&t, f) == 0, "write");
	fclose(f);
	CHECK(read_text(&back, buf, err, sizeof(err)) == 0, "%s", err);
	CHECK(back.ncols == 3 && back.nrows == n, "%d columns, %zu rows", back.ncols, back.nrows);
	for (int c = 0; c < t.ncols && c < back.ncols; c++) {
		CHECK_STREQ(back.cols[c], t.cols[c]);
		for (size_t r = 0; r < n && r < back.nrows; r++)
			CHECK_STREQ(table__str(&back, r, c), table__str(&t, r, c));
	}
	CHECK(table__num(&back, n - 1, 2) == 7, "late column");
	CHECK(isnan(table__num(&back, 0, 2)), "an empty cell is not a number");
	table__free(&t);
	table__free(&back);
	free(buf);
}

static void test_csv_refused(void)
{
	struct table t;
	char err[256];

	CHECK(read_text(&t, "a,b\n1,2\n1,2,3\n", err, sizeof(err)) < 0, "a ragged row");
	CHECK(strstr(err, ":3: 3 fields, the header has 2") && !strchr(err, '\n'), "%s", err);
	CHECK(t.nrows == 0 && t.ncols == 0, "the table is left empty");
	CHECK(read_text(&t, "a,b\n1\n", err, sizeof(err)) < 0, "a short row");
	CHECK(strstr(err, ":2: 1 fields, the header has 2"), "%s", err);
	CHECK(read_text(&t, "a,b,a\n1,2,3\n", err, sizeof(err)) < 0, "a repeated column");
	CHECK(strstr(err, ":1: empty or repeated column name") && !strchr(err, '\n'), "%s", err);
	CHECK(read_text(&t, "", err, sizeof(err)) < 0, "an empty file");
	CHECK(strstr(err, "empty, not a trials table"), "%s", err);
}

/* No fixed column is of a family: a name is never both. */
static void test_schema_no_collision(void)
{
	size_t len;

	for (int c = 0; c < NR_TRIALS_COLS; c++) {
		for (int f = 0; f < NR_TRIALS_FAMILIES; f++)
			CHECK(!trials_family__member(f, trials_columns[c].name, &len),
			      "%s is of family %s", trials_columns[c].name, trials_families[f].id);
		for (int d = 0; d < c; d++)
			CHECK(strcmp(trials_columns[c].name, trials_columns[d].name), "%s twice",
			      trials_columns[c].name);
	}
	CHECK(!trials_family__member(TF_SKIPPED, "skipped_", &len), "an empty member");
	CHECK(trials_family__member(TF_PHASE, "phase_migrate_ns", &len) && len == 7, "phase");
	CHECK(!trials_family__member(TF_PHASE, "phase_migrate", &len), "no suffix");
}

static void test_schema_check(void)
{
	struct table t;
	char err[256] = "";
	long r;

	table__init(&t);
	r = table__add_row(&t);
	table__set(&t, r, "skipped_total", "3");
	table__set(&t, r, "skipped_grab", "2");
	table__set(&t, r, "d_pgfree", "9");
	table__set(&t, r, "phase_isolate_ns", "1");
	table__set(&t, r, TRIALS_COL(WALL_NS), "5");
	CHECK(trials_schema__check(&t, err, sizeof(err)) == 0, "%s", err);
	CHECK(table__col(&t, "skipped_total") < 0, "the legacy name is gone");
	CHECK(table__num(&t, r, table__col(&t, TRIALS_COL(TOTAL_SKIPPED))) == 3, "mapped, value kept");
	table__set(&t, r, "skipped_total", "3");
	CHECK(trials_schema__check(&t, err, sizeof(err)) < 0, "both names");
	CHECK(strstr(err, "legacy name skipped_total"), "%s", err);
	table__free(&t);
	table__init(&t);
	table__add_row(&t);
	table__set(&t, 0, "colour", "red");
	CHECK(trials_schema__check(&t, err, sizeof(err)) < 0, "an unknown column");
	CHECK_STREQ(err, "unknown column 'colour' (not in bench/core/trials.h)");
	table__free(&t);
}

/* docs/trials-table.md is what the list says now. */
static void test_schema_doc_current(void)
{
	check_doc_current(trials_schema__write_md, "docs/trials-table.md");
}

/* The JSON the checker reads: every column, by id and name. */
/* Names of a family and back, including a member read out of the buffer. */
static void test_family_names(void)
{
	char buf[64];
	size_t len;
	const char *m;

	CHECK_STREQ(trials_family__name(TF_SKIPPED, "not_free", buf, sizeof(buf)), "skipped_not_free");
	CHECK_STREQ(trials_family__name(TF_PHASE, "migrate", buf, sizeof(buf)), "phase_migrate_ns");
	m = trials_family__member(TF_PHASE, "phase_lru_drain_ns", &len);
	CHECK(m && len == 9 && !strncmp(m, "lru_drain", len), "member of phase_lru_drain_ns");
	CHECK(!trials_family__member(TF_SKIPPED, "total_skipped", &len), "total_skipped is no reason");
	/* bench/measure/run.c names a column from a member copied into the same buffer. */
	snprintf(buf, sizeof(buf), "isolate");
	CHECK_STREQ(trials_family__name(TF_SKIPPED, buf, buf, sizeof(buf)), "skipped_isolate");
}

static void test_schema_json(void)
{
	char *buf = NULL, err[256];
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct json_object *root, *cols;

	CHECK(trials_schema__write_json(f) == 0, "write");
	fclose(f);
	root = json_doc__parse(buf, err, sizeof(err));
	CHECK(root, "%s", err);
	cols = json_doc__member(root, "columns", json_type_array, NULL);
	CHECK(cols && json_object_array_length(cols) == NR_TRIALS_COLS, "columns");
	for (int c = 0; cols && c < NR_TRIALS_COLS; c++) {
		struct json_object *col = json_object_array_get_idx(cols, c);

		CHECK_STREQ(json_doc__str(col, "name"), trials_columns[c].name);
		CHECK_STREQ(json_doc__str(col, "id"), trials_columns[c].id);
	}
	json_object_put(root);
	free(buf);
}

int main(void)
{
	RUN(test_csv_roundtrip);
	RUN(test_csv_refused);
	RUN(test_schema_no_collision);
	RUN(test_schema_check);
	RUN(test_schema_doc_current);
	RUN(test_schema_json);
	RUN(test_family_names);
	return CHECK_DONE();
}
