// SPDX-License-Identifier: GPL-2.0
/*
 * Device session folders built in a temporary directory, rendered by
 * trace_session__render(): meta.json names the device and the session's end,
 * report.md holds the rows, the histogram and each call as the tracer's
 * JSON says, a cut-off last line (a session stopped hard) is kept, and a
 * line that is not the tracer's, or a folder without a trace, is refused
 * with one line.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "bench/export/farm_cases.h"
#include "bench/core/trace_session.h"
#include "bench/export/trace_session_cases.h"
#include "bench/report/trace_session_md.h"
#include "lib/tool.h"
#include "tests/unit/check.h"

static char root[64];

#define FACTS "arch=aarch64\nkernel=6.1.0-57-cloud-arm64\nuid=0\nbtf=yes\n" \
	"cma_total_kb=65536\ncma_events=cma_alloc_start cma_alloc_finish\n" \
	"model=Pixel Test\nfingerprint=google/test:14/AP1A/1:user/release-keys\nnot a fact\n"

#define HDR "{\"schema\":\"cmabulk-trace\",\"version\":1,"
#define CALL(lat) HDR "\"type\":\"call\",\"comm\":\"camera\",\"pid\":42,\"area\":\"reserved\"," \
	"\"kind\":\"cma_alloc\",\"mode\":null,\"order\":1,\"requested\":2,\"allocated\":2,\"ret\":0," \
	"\"latency_ns\":" #lat "}\n"
/* Two calls of 3 and 9 us: buckets [2, 3] and [8, 15]. */
#define FINAL HDR "\"type\":\"final\",\"unit\":\"usecs\",\"calls\":[{\"area\":\"reserved\"," \
	"\"kind\":\"cma_alloc\",\"mode\":null,\"fallback\":null,\"order\":1,\"calls\":2,\"failed\":0," \
	"\"requested\":4,\"allocated\":4,\"success_ratio\":1,\"fallbacks\":0,\"skipped_total\":0," \
	"\"latency_sum\":12,\"latency\":{\"unit\":\"usecs\",\"total\":2,\"buckets\":[" \
	"{\"low\":2,\"high\":3,\"count\":1},{\"low\":8,\"high\":15,\"count\":1}]}}]}\n"

static const char *make_session(const char *name, const char *facts, const char *trace)
{
	static char dir[256];

	snprintf(dir, sizeof(dir), "%s/%s", root, name);
	mkdir(dir, 0755);
	if (facts)
		check_put_file(dir, "device.facts", facts);
	if (trace)
		check_put_file(dir, "trace.out", trace);
	check_put_file(dir, "trace.err", "cmabulk-trace: cma_alloc_finish has no errorno on this kernel\n");
	return dir;
}

static char *slurp(const char *dir, const char *file)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	return read_whole_file(path, NULL);
}

static const char *meta_str(struct json_object *m, const char *key)
{
	struct json_object *v;

	return json_object_object_get_ex(m, key, &v) ? json_object_get_string(v) : "(absent)";
}

/* Render @dir; the summary goes to @out, errors to @err (one line each). */
static int render(const char *dir, const struct trace_session_opts *o, char *out, size_t out_len,
		  char *err, size_t err_len)
{
	FILE *fo = fmemopen(out, out_len, "w"), *fe = fmemopen(err, err_len, "w");
	FILE *saved = stderr;
	int ret;

	stderr = fe;
	ret = trace_session__render(dir, o, fo);
	stderr = saved;
	fclose(fo);
	fclose(fe);
	return ret;
}

static void test_facts(void)
{
	struct device_facts f;
	const char *dir = make_session("facts", FACTS, NULL);
	char path[512];

	snprintf(path, sizeof(path), "%s/device.facts", dir);
	CHECK(device_facts__read(&f, path) == 0, "read");
	CHECK_EQ_U64(f.nr, 8);
	CHECK_STREQ(device_facts__get(&f, "model"), "Pixel Test");
	CHECK_STREQ(device_facts__get(&f, "cma_events"), "cma_alloc_start cma_alloc_finish");
	CHECK_STREQ(device_facts__get(&f, "absent"), "");
	CHECK(device_facts__read(&f, "/nonexistent/device.facts") == -ENOENT, "a missing file");
}

static void test_render(void)
{
	struct trace_session_opts o = { .transport = "adb", .status = 0 };
	const char *dir = make_session("ok", FACTS, HDR "\"type\":\"interval\"}\n" CALL(3000) CALL(9000) FINAL);
	char out[8192] = "", err[1024] = "", *md, *meta_text;
	struct json_object *meta, *trace, *v;

	CHECK(render(dir, &o, out, sizeof(out), err, sizeof(err)) == 0, "render: %s", err);
	CHECK(strstr(out, "2 per-call record(s), 1 interval report(s)\n"), "%s", out);
	CHECK(strstr(out, "reserved cma_alloc order 1: 2 call(s), 0 failed, 4 of 4 pages, skipped 0, mean 6.0 usecs"),
	      "%s", out);
	/* Both buckets, and the empty one between them, with full bars. */
	CHECK(strstr(out, "         2 -> 3          : 1        |****************************************|"), "%s", out);
	CHECK(strstr(out, "         4 -> 7          : 0        |"), "%s", out);
	CHECK(strstr(out, "         8 -> 15         : 1        |****"), "%s", out);

	meta_text = slurp(dir, "meta.json");
	meta = meta_text ? json_tokener_parse(meta_text) : NULL;
	CHECK(meta, "meta.json is not JSON: %s", meta_text ?: "(none)");
	if (meta) {
		CHECK_STREQ(meta_str(meta, "schema"), "cmabulk-device-session");
		CHECK_STREQ(meta_str(meta, "status"), "complete");
		CHECK_STREQ(meta_str(meta, "transport"), "adb");
		CHECK_STREQ(meta_str(meta, "machine"), "aarch64");
		CHECK_STREQ(meta_str(meta, "model"), "Pixel Test");
		CHECK_STREQ(meta_str(meta, "fingerprint"), "google/test:14/AP1A/1:user/release-keys");
		CHECK(json_object_object_get_ex(meta, "trace", &trace), "no trace object");
		CHECK(json_object_object_get_ex(trace, "calls", &v) && json_object_get_int(v) == 2, "calls");
		json_object_put(meta);
	}
	free(meta_text);

	md = slurp(dir, "report.md");
	CHECK(md && strstr(md, "# Tracing session on Pixel Test, Linux 6.1.0-57-cloud-arm64"), "%s", md ?: "(none)");
	CHECK(md && strstr(md, "| reserved cma_alloc order 1 | 2 | 0 | 4 | 4 | 1.000 | 0 | 0 | 6.0 |"), "%s", md ?: "(none)");
	CHECK(md && strstr(md, "| 2 | camera | 42 | reserved | cma_alloc | - | 1 | 2 | 2 | 0 | 9.0 | 0 |"), "%s", md ?: "(none)");
	CHECK(md && strstr(md, "cma_alloc_finish has no errorno on this kernel"), "the tracer's notes");
	free(md);

	/* --json: the final line itself. */
	o.json = true;
	CHECK(render(dir, &o, out, sizeof(out), err, sizeof(err)) == 0, "render --json: %s", err);
	CHECK(!strncmp(out, "{\"schema\":\"cmabulk-trace\",\"version\":1,\"type\":\"final\"", 50), "%s", out);
}

static void test_stopped_hard(void)
{
	struct trace_session_opts o = { .transport = "ssh", .status = 130, .interrupted = true };
	const char *dir = make_session("cut", FACTS, CALL(3000) HDR "\"type\":\"ca");
	char out[4096] = "", err[1024] = "", *meta;

	CHECK(render(dir, &o, out, sizeof(out), err, sizeof(err)) == 0, "a cut-off last line: %s", err);
	CHECK(strstr(out, "1 per-call record(s), 0 interval report(s); the last line was cut off"), "%s", out);
	CHECK(strstr(out, "no final report: the tracer did not reach its summary"), "%s", out);
	meta = slurp(dir, "meta.json");
	CHECK(meta && strstr(meta, "\"status\": \"interrupted\""), "%s", meta ?: "(none)");
	CHECK(meta && strstr(meta, "\"truncated\": true"), "%s", meta ?: "(none)");
	free(meta);
}

/*
 * A session as farm cases: trace-session pass, then the row's numbers
 * (2 calls, 4 pages, mean 12 / 2 = 6 us); without a final report
 * trace-session fails and there are no rows; a bench folder is not a session.
 */
static void test_cases(void)
{
	static struct farm_cases fc;
	const char *dir = make_session("cases", FACTS, CALL(3000) CALL(9000) FINAL);
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	CHECK(trace_session__is_session(dir), "%s", dir);
	CHECK_EQ_INT(trace_session__cases(dir, &fc), 0);
	f = open_memstream(&buf, &len);
	farm_cases__write_result_txt(&fc, f);
	fclose(f);
	CHECK_STREQ(buf ?: "", "trace-session pass\n"
		    "reserved-cma_alloc-o1-calls pass 2\n"
		    "reserved-cma_alloc-o1-failed pass 0\n"
		    "reserved-cma_alloc-o1-pages pass 4 pages\n"
		    "reserved-cma_alloc-o1-skipped pass 0 pageblocks\n"
		    "reserved-cma_alloc-o1-mean-us pass 6 us\n");
	free(buf);
	dir = make_session("cases-cut", FACTS, CALL(3000));
	CHECK_EQ_INT(trace_session__cases(dir, &fc), 0);
	CHECK(fc.n == 1 && fc.c[0].result == CASE_FAIL && !fc.complete, "%d cases", fc.n);
	check_put_file(dir, "trials.csv", "seq\n");
	CHECK(!trace_session__is_session(dir), "a folder with trials.csv taken for a session");
}

static void test_refused(void)
{
	struct trace_session_opts o = { .transport = "local" };
	char out[4096], err[1024];
	const char *dir;

	dir = make_session("foreign", FACTS, "{\"schema\":\"other\",\"type\":\"final\"}\n" FINAL);
	CHECK(render(dir, &o, out, sizeof(out), err, sizeof(err)) != 0, "a foreign line");
	CHECK(strstr(err, "trace.out line 1: not a cmabulk-trace JSON object\n"), "%s", err);
	dir = make_session("garbage", FACTS, "Tracing CMA allocations...\n" FINAL);
	CHECK(render(dir, &o, out, sizeof(out), err, sizeof(err)) != 0, "a text line");
	CHECK(strstr(err, "trace.out line 1: "), "%s", err);
	dir = make_session("notrace", FACTS, NULL);
	CHECK(render(dir, &o, out, sizeof(out), err, sizeof(err)) != 0, "no trace.out");
	CHECK(strstr(err, "(not a device trace session?)"), "%s", err);
	dir = make_session("nofacts", NULL, FINAL);
	CHECK(render(dir, &o, out, sizeof(out), err, sizeof(err)) != 0, "no device.facts");
	CHECK(strstr(err, "no device.facts (not a device session folder?)"), "%s", err);
}

int main(void)
{
	char cmd[128];

	tool_name = "test_session";
	snprintf(root, sizeof(root), "/tmp/cmabulk-session-XXXXXX");
	if (!mkdtemp(root))
		return tool_error(1, "mkdtemp: %s", strerror(errno));
	RUN(test_facts);
	RUN(test_render);
	RUN(test_stopped_hard);
	RUN(test_cases);
	RUN(test_refused);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	if (system(cmd))
		return 1;
	return CHECK_DONE();
}
