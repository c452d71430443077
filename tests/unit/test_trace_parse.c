// SPDX-License-Identifier: GPL-2.0
/*
 * trace_trial__parse: a report adds up call by call and range by range;
 * the real reports of a committed run give the tracer columns that run
 * recorded; and a report that is cut short, lacks calls, ranges or
 * system, or has a member of the wrong type is refused with one line
 * that says where, never read as zeros.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <time.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include "bench/core/table.h"
#include "bench/measure/trace_client.h"
#include "bench/core/trials.h"
#include "lib/json_doc.h"
#include "tests/unit/check.h"

#define CALL_BULK "{\"kind\":\"bulk\",\"calls\":1,\"skipped_total\":3,\"busy_retries\":0," \
	"\"phases\":{\"isolate\":{\"ns\":100},\"migrate\":{\"ns\":50}}}"
#define CALL_CMA "{\"kind\":\"cma_alloc\",\"calls\":4,\"skipped_total\":0,\"busy_retries\":2," \
	"\"phases\":{\"migrate\":{\"ns\":25}}}"
#define RANGES "[{\"ranges\":5,\"retries\":1,\"migrated\":300,\"migrate_failed\":2}," \
	"{\"ranges\":1,\"retries\":0,\"migrated\":10,\"migrate_failed\":0}]"
#define SYSTEM "{\"pcp_drains\":3,\"lru_drains\":2,\"pcp_drain_ns\":30,\"lru_drain_ns\":20}"
#define REPORT(calls, ranges, sys) \
	"{\"calls\":" calls ",\"ranges\":" ranges ",\"system\":" sys "}"

static void test_sums(void)
{
	struct trace_trial tt;
	char err[256] = "";

	CHECK(trace_trial__parse(REPORT("[" CALL_BULK "," CALL_CMA "]", RANGES, SYSTEM), &tt,
				 err, sizeof(err)) == 0, "%s", err);
	CHECK_EQ_U64(tt.bulk_calls, 1);
	CHECK_EQ_U64(tt.cma_alloc_calls, 4);
	CHECK_EQ_U64(tt.skipped, 3);
	CHECK_EQ_U64(tt.busy_retries, 2);
	CHECK_EQ_U64(tt.ranges, 6);
	CHECK_EQ_U64(tt.retries, 1);
	CHECK_EQ_U64(tt.migrated, 310);
	CHECK_EQ_U64(tt.migrate_failed, 2);
	CHECK_EQ_U64(tt.pcp_drains, 3);
	CHECK_EQ_U64(tt.lru_drain_ns, 20);
	CHECK(tt.nr_phases == 2, "%d phases", tt.nr_phases);
	CHECK_STREQ(tt.phase[0], "isolate");
	CHECK_EQ_U64(tt.phase_ns[0], 100);
	CHECK_STREQ(tt.phase[1], "migrate");
	CHECK_EQ_U64(tt.phase_ns[1], 75);	/* both call sites */
}

static const struct bad {
	const char *json, *want;
} bad[] = {
	{ "", "not JSON: empty, not a document" },
	{ "{\"calls\":[{\"kind\":\"bulk\",\"calls\":1", "the document ends too early" },
	{ REPORT("[]", "[]", SYSTEM) "x", "not JSON: byte 102: unexpected character" },
	{ REPORT("[]", "[]", SYSTEM) ",", "not JSON: byte 102: unexpected character" },
	{ "[1,2]", "report: not a JSON object" },
	{ "{}", "report: calls is missing" },
	{ "{\"calls\":[],\"system\":" SYSTEM "}", "report: ranges is missing" },
	{ "{\"calls\":[],\"ranges\":[]}", "report: system is missing" },
	{ REPORT("{}", "[]", SYSTEM), "report: calls has the wrong type" },
	{ REPORT("[]", "[]", "[]"), "report: system has the wrong type" },
	{ REPORT("[5]", "[]", SYSTEM), "calls[0]: not an object with a string kind" },
	{ REPORT("[{\"kind\":\"bulk\",\"calls\":\"1\",\"skipped_total\":0,\"busy_retries\":0}]", "[]", SYSTEM),
	  "calls[0].calls: '\"1\"' is not a count" },
	{ REPORT("[" CALL_BULK ",{\"kind\":\"bulk\",\"calls\":1,\"skipped_total\":-1,\"busy_retries\":0}]", "[]", SYSTEM),
	  "calls[1].skipped_total: '-1' is not a count" },
	{ REPORT("[{\"kind\":\"bulk\",\"calls\":1,\"skipped_total\":0}]", "[]", SYSTEM),
	  "calls[0].busy_retries: is missing" },
	{ REPORT("[{\"kind\":\"bulk\",\"calls\":1,\"skipped_total\":0,\"busy_retries\":0,\"phases\":[]}]", "[]", SYSTEM),
	  "calls[0].phases: not an object" },
	{ REPORT("[{\"kind\":\"bulk\",\"calls\":1,\"skipped_total\":0,\"busy_retries\":0,\"phases\":{\"migrate\":{\"ns\":\"x\"}}}]", "[]", SYSTEM),
	  "calls[0].phases.migrate.ns: '\"x\"' is not a count" },
	{ REPORT("[]", "[{\"ranges\":1,\"retries\":0,\"migrate_failed\":0}]", SYSTEM),
	  "ranges[0].migrated: is missing" },
	{ REPORT("[]", "[]", "{\"pcp_drains\":3,\"lru_drains\":2,\"pcp_drain_ns\":30,\"lru_drain_ns\":1.5}"),
	  "system.lru_drain_ns: '1.5' is not a count" },
};

static void test_refused(void)
{
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct trace_trial tt;
		char err[256] = "";

		CHECK(trace_trial__parse(bad[i].json, &tt, err, sizeof(err)) == -EINVAL, "case %zu accepted", i);
		CHECK(strstr(err, bad[i].want) && !strchr(err, '\n'), "case %zu: '%s', want '%s'", i, err,
		      bad[i].want);
		CHECK(!strncmp(err, "not a cmabulk-trace report: ", 28), "case %zu: '%s' does not say what", i, err);
		CHECK(tt.bulk_calls == 0 && tt.nr_phases == 0, "case %zu: numbers left behind", i);
	}
}

static double col(const struct table *t, size_t r, enum trials_col c)
{
	return table__num(t, r, table__col(t, trials_columns[c].name));
}

/* Every report of a committed run gives the tracer columns it recorded. */
static void test_reference_run(void)
{
	const char *run = "results/20261126-033021-pinned";
	char path[256], err[256], *line = NULL;
	size_t cap = 0, r = 0;
	struct table t;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s/trials.csv", getenv("ROOT") ?: ".", run);
	CHECK(table__read_csv(&t, path, err, sizeof(err)) == 0, "%s", err);
	snprintf(path, sizeof(path), "%s/%s/trace.jsonl", getenv("ROOT") ?: ".", run);
	f = fopen(path, "r");
	CHECK(f, "cannot open %s", path);
	while (f && getline(&line, &cap, f) > 0 && r < t.nrows) {
		struct json_object *doc = json_doc__parse(line, err, sizeof(err));
		struct json_object *rep = json_doc__member(doc, "report", json_type_object, NULL);
		struct trace_trial tt;

		CHECK(rep && trace_trial__parse(json_object_to_json_string(rep), &tt, err, sizeof(err)) == 0,
		      "seq %zu: %s", r, err);
		CHECK(tt.bulk_calls == col(&t, r, TC_TRACE_BULK_CALLS), "seq %zu bulk calls", r);
		CHECK(tt.cma_alloc_calls == col(&t, r, TC_TRACE_CMA_ALLOC_CALLS), "seq %zu calls", r);
		CHECK(tt.skipped == col(&t, r, TC_TRACE_SKIPPED), "seq %zu skipped", r);
		CHECK(tt.migrated == col(&t, r, TC_TRACE_MIGRATED), "seq %zu migrated", r);
		CHECK(tt.ranges == col(&t, r, TC_TRACE_RANGES), "seq %zu ranges", r);
		CHECK(tt.lru_drain_ns == col(&t, r, TC_TRACE_LRU_DRAIN_NS), "seq %zu lru ns", r);
		json_object_put(doc);
		r++;
	}
	CHECK(r == t.nrows && r > 0, "%zu reports for %zu rows", r, t.nrows);
	if (f)
		fclose(f);
	free(line);
	table__free(&t);
}

/*
 * The tracer prints a failed call's line as it fails: the report asked
 * for comes after such lines, and may already sit in stdio's buffer
 * behind them, where poll() does not see it.
 */
static void test_failure_lines_passed_over(void)
{
	const char *text = "{\"schema\":\"cmabulk-trace\",\"version\":1,\"type\":\"failure\",\"why\":\"size\"}\n"
			   "{\"schema\":\"cmabulk-trace\",\"version\":1,\"type\":\"failure\",\"why\":\"blocked\"}\n"
			   "{\"type\":\"interval\",\"calls\":[]}\n";
	char err[128] = "", *line = NULL;
	int fds[2], ret;
	time_t t0;
	FILE *f;

	CHECK(pipe(fds) == 0, "pipe");
	CHECK(write(fds[1], text, strlen(text)) == (ssize_t)strlen(text), "write");
	f = fdopen(fds[0], "r");
	t0 = time(NULL);
	ret = trace_client__next_report(f, &line, 5000, err, sizeof(err));
	CHECK(ret == 0, "%s", err);
	CHECK_STREQ(line ? line : "", "{\"type\":\"interval\",\"calls\":[]}");
	CHECK(time(NULL) - t0 < 3, "waited for a line stdio already had");
	free(line);
	/* Nothing more: a timeout, said in one line. */
	ret = trace_client__next_report(f, &line, 200, err, sizeof(err));
	CHECK_EQ_INT(ret, -ETIMEDOUT);
	free(line);
	close(fds[1]);
	fclose(f);
}

int main(void)
{
	RUN(test_sums);
	RUN(test_refused);
	RUN(test_reference_run);
	RUN(test_failure_lines_passed_over);
	return CHECK_DONE();
}
