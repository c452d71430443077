// SPDX-License-Identifier: GPL-2.0
/* A device tracing session as farm cases (trace_session_cases.h). */
#include <ctype.h>
#include <stddef.h>
#include <string.h>

#include "bench/core/trace_session.h"
#include "bench/export/farm_cases.h"
#include "bench/export/trace_session_cases.h"
#include "lib/json_doc.h"
#include "lib/tool.h"

/*
 * "reserved-bulk-fast-o4", "reserved-bulk-fast-then-normal-o4",
 * "reserved-cma_alloc-o0": a row as a case's subject.
 */
static void row_subject(struct json_object *row, char *buf, size_t len)
{
	const char *mode = json_doc__str(row, "mode"), *fallback = json_doc__str(row, "fallback");

	/* The final report's key: area, kind, mode, fallback, order. */
	snprintf(buf, len, "%s-%s%s%s%s%s-o%.0f", json_doc__str(row, "area") ?: "area",
		 json_doc__str(row, "kind") ?: "calls", mode ? "-" : "", mode ?: "",
		 fallback ? "-then-" : "", fallback ?: "", json_doc__num(row, "order", 0));
	for (char *p = buf; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_')
			*p = '_';
}

static int row_cases(struct farm_cases *fc, struct json_object *row, const char *unit)
{
	char subject[192], what[32];
	int err = 0;

	row_subject(row, subject, sizeof(subject));
	snprintf(what, sizeof(what), "mean-%s", unit);
	err = err ?: farm_cases__add_number(fc, subject, "calls", json_doc__num(row, "calls", 0), "");
	err = err ?: farm_cases__add_number(fc, subject, "failed", json_doc__num(row, "failed", 0), "");
	err = err ?: farm_cases__add_number(fc, subject, "pages", json_doc__num(row, "allocated", 0), "pages");
	err = err ?: farm_cases__add_number(fc, subject, "skipped", json_doc__num(row, "skipped_total", 0),
					     "pageblocks");
	err = err ?: farm_cases__add_number(fc, subject, what, trace_session__row_mean(row), unit);
	return err;
}

int trace_session__cases(const char *dir, struct farm_cases *out)
{
	struct json_object *rows;
	struct trace_session s;
	const char *unit;
	int ret;

	memset(out, 0, offsetof(struct farm_cases, c));
	snprintf(out->set, sizeof(out->set), "trace");
	snprintf(out->run_id, sizeof(out->run_id), "%s", strrchr(dir, '/') ? strrchr(dir, '/') + 1 : dir);
	ret = trace_session__load(&s, dir);
	if (ret) {
		trace_session__free(&s);
		return ret;
	}
	out->complete = s.final != NULL;
	rows = trace_session__rows(&s);
	/* The tracer's unit name ("usecs") as the case's ("us"). */
	unit = s.unit && !strcmp(s.unit, "nsecs") ? "ns" : s.unit && !strcmp(s.unit, "msecs") ? "ms" : "us";
	ret = farm_cases__add_verdict(out, "trace", "session", out->complete ? CASE_PASS : CASE_FAIL,
				      out->complete ? "the tracer's final report" :
				      "no final report: the tracer did not finish (trace.err)");
	for (size_t i = 0; !ret && rows && i < json_object_array_length(rows); i++)
		ret = row_cases(out, json_object_array_get_idx(rows, i), unit);
	trace_session__free(&s);
	if (ret)
		tool_error(0, "%s: more rows than a farm's cases hold", dir);
	return ret;
}
