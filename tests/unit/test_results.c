// SPDX-License-Identifier: GPL-2.0
/*
 * Results folders built in a temporary directory: results_dir__load
 * refuses a missing, malformed or foreign meta.json with one line (and
 * bench_compare then prints exactly that line and returns 2), and the
 * gate decides right on constructed runs: a clear regression is 1 with a
 * REGRESSION line, equal runs 0, other scenarios, partial runs and
 * folders that are not runs 2.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench/core/compare.h"
#include "bench/export/farm_cases.h"
#include "bench/export/kcidb.h"
#include "bench/core/results_dir.h"
#include "bench/core/summary.h"
#include "bench/core/trials.h"
#include "bench/core/verdicts.h"
#include "lib/sysfacts.h"
#include "lib/tool.h"
#include "tests/unit/check.h"

#define META_OK "{\"schema\":\"cmabulk-bench-meta\",\"version\":1,\"status\":\"complete\"," \
	"\"kernel_release\":\"6.12-test\",\"date\":\"2026-12-01T00:00:00Z\""
#define SCENARIO "name = gate\norder = 4\nchunks = 64\ntrials = 10\nwarmup = 1\nstrategies = fast,normal\n"

static char root[64];

/* A run @name: its meta.json, scenario and 10 fast and normal trials around @fast_ms. */
static const char *make_run(const char *name, const char *meta, const char *scenario, double fast_ms)
{
	static char dir[256];
	struct table t;
	char path[512];
	FILE *f;

	snprintf(dir, sizeof(dir), "%s/%s", root, name);
	mkdir(dir, 0755);
	if (meta)
		check_put_file(dir, "meta.json", meta);
	check_put_file(dir, "scenario", scenario);
	table__init(&t);
	for (int i = 0; i < 22; i++) {
		long r = table__add_row(&t);
		bool fast = i % 2;

		table__set(&t, r, TRIALS_COL(STRATEGY), "%s", fast ? "fast" : "normal");
		table__set(&t, r, TRIALS_COL(WARMUP), "%d", i < 2);
		table__set(&t, r, TRIALS_COL(REQUESTED), "64");
		table__set(&t, r, TRIALS_COL(ALLOCATED), "64");
		table__set(&t, r, TRIALS_COL(SUCCESS), "1");
		/* A little spread, the same in every run: only the shift differs. */
		table__set(&t, r, TRIALS_COL(WALL_NS), "%.0f", ((fast ? fast_ms : 50) + i % 5) * 1e6);
	}
	snprintf(path, sizeof(path), "%s/trials.csv", dir);
	f = fopen(path, "w");
	table__write_csv(&t, f);
	fclose(f);
	table__free(&t);
	return dir;
}

/* bench_compare(@a, @b) with its stdout and stderr caught. */
static int compare(const char *a, const char *b, enum gate_metric m, char *out, char *errout)
{
	struct compare_opts o = { .a = a, .b = b, .metric = m, .threshold_pct = 5, .alpha = 0.05 };
	char po[128], pe[128];
	int so = dup(1), se = dup(2), fo, fe, ret;
	char *text;

	snprintf(po, sizeof(po), "%s/stdout", root);
	snprintf(pe, sizeof(pe), "%s/stderr", root);
	fflush(stdout);
	fflush(stderr);
	fo = open(po, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	fe = open(pe, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	dup2(fo, 1);
	dup2(fe, 2);
	ret = bench_compare(&o);
	fflush(stdout);
	fflush(stderr);
	dup2(so, 1);
	dup2(se, 2);
	close(so), close(se), close(fo), close(fe);
	text = read_whole_file(po, NULL);
	snprintf(out, 8192, "%s", text ?: "");
	free(text);
	text = read_whole_file(pe, NULL);
	snprintf(errout, 1024, "%s", text ?: "");
	free(text);
	return ret;
}

static int lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static const struct bad_meta {
	const char *name, *meta, *want;
} bad_meta[] = {
	{ "no-meta", NULL, "is not a cmabulk-bench results folder (no meta.json)" },
	{ "empty", "", "meta.json: not JSON: empty, not a document" },
	/* META_OK is 121 bytes. */
	{ "truncated", META_OK ",\"cpus\":", "meta.json: not JSON: byte 129: the document ends too early" },
	{ "garbage", META_OK "}}", "meta.json: not JSON: byte 123: unexpected character" },
	{ "array", "[1]", "meta.json is not cmabulk-bench metadata (schema missing)" },
	{ "foreign", "{\"schema\":\"cmabulk-trace\"}", "meta.json is not cmabulk-bench metadata (schema 'cmabulk-trace')" },
	{ "status-type", "{\"schema\":\"cmabulk-bench-meta\",\"status\":1}", "meta.json: status is not a string" },
	{ "partial", "{\"schema\":\"cmabulk-bench-meta\",\"status\":\"partial\"}", "is a partial run, not a complete one" },
	{ "running", "{\"schema\":\"cmabulk-bench-meta\",\"status\":\"running\"}", "never finished (status running" },
};

static void test_bad_meta(void)
{
	const char *good = make_run("good", META_OK "}", SCENARIO, 100);
	char a[256], out[8192], errout[1024];

	snprintf(a, sizeof(a), "%s", good);
	for (size_t i = 0; i < sizeof(bad_meta) / sizeof(bad_meta[0]); i++) {
		const char *dir = make_run(bad_meta[i].name, bad_meta[i].meta, SCENARIO, 100);
		struct results_dir r;
		char err[600] = "";

		CHECK(results_dir__load(&r, dir, false, err, sizeof(err)) < 0, "%s accepted", bad_meta[i].name);
		CHECK(strstr(err, bad_meta[i].want) && !strchr(err, '\n'), "%s: '%s', want '%s'",
		      bad_meta[i].name, err, bad_meta[i].want);
		CHECK(strstr(err, dir), "%s: '%s' does not name the folder", bad_meta[i].name, err);
		/* A killed run is refused even where partial runs are taken. */
		if (!strcmp(bad_meta[i].name, "running"))
			CHECK(results_dir__load(&r, dir, true, err, sizeof(err)) < 0 &&
			      strstr(err, bad_meta[i].want), "running taken with allow_partial: '%s'", err);
		CHECK(compare(a, dir, METRIC_LATENCY, out, errout) == 2, "%s: compare", bad_meta[i].name);
		CHECK(lines(errout) == 1 && strstr(errout, bad_meta[i].want), "%s: compare said '%s'",
		      bad_meta[i].name, errout);
	}
}

static void test_meta_facts(void)
{
	struct results_dir r;
	char err[600] = "";
	const char *dir = make_run("pages64k", META_OK ",\"page_size\":65536}", SCENARIO, 100);

	CHECK(results_dir__load(&r, dir, false, err, sizeof(err)) == 0, "%s", err);
	CHECK_EQ_U64(r.page_size, 65536);
	CHECK_STREQ(r.kernel, "6.12-test");
	CHECK_STREQ(r.status, "complete");
	CHECK_EQ_U64(r.trials.nrows, 22);
	results_dir__free(&r);
	/* Runs from before page_size was recorded: this machine's. */
	dir = make_run("old", META_OK "}", SCENARIO, 100);
	CHECK(results_dir__load(&r, dir, false, err, sizeof(err)) == 0, "%s", err);
	CHECK_EQ_U64(r.page_size, sys_page_size());
	results_dir__free(&r);
	check_put_file(dir, "trials.csv", "strategy,wall_ns,colour\nfast,1,red\n");
	CHECK(results_dir__load(&r, dir, false, err, sizeof(err)) < 0, "an unknown column");
	CHECK(strstr(err, "trials.csv: unknown column 'colour'"), "%s", err);
}

static void test_gate(void)
{
	char a[256], out[8192], errout[1024];
	const char *b;
	int ret;

	snprintf(a, sizeof(a), "%s", make_run("base", META_OK "}", SCENARIO, 100));
	ret = compare(a, a, METRIC_LATENCY, out, errout);
	CHECK(ret == 0 && strstr(out, "result: no regression"), "equal runs: %d\n%s", ret, out);
	CHECK(!strstr(out, "REGRESSION"), "equal runs: %s", out);

	b = make_run("slow", META_OK "}", SCENARIO, 200);
	ret = compare(a, b, METRIC_LATENCY, out, errout);
	CHECK(ret == 1, "a doubled latency: %d\n%s", ret, out);
	CHECK(strstr(out, "\nfast         REGRESSION: latency rose: 95% interval [1.9"), "no REGRESSION line for fast:\n%s", out);
	CHECK(strstr(out, "\nfast         B/A med           1.98 [1.9"), "no ratio of medians:\n%s", out);
	CHECK(!strstr(out, "normal       REGRESSION"), "normal did not change:\n%s", out);
	CHECK(compare(a, b, METRIC_SUCCESS, out, errout) == 0, "success did not change:\n%s", out);
	/* Faster is not a regression. */
	CHECK(compare(b, a, METRIC_LATENCY, out, errout) == 0, "faster flagged:\n%s", out);

	b = make_run("other", META_OK "}", "name = gate\norder = 4\nchunks = 64\nfill_pct = 50\n", 100);
	CHECK(compare(a, b, METRIC_LATENCY, out, errout) == 2, "another scenario");
	CHECK(lines(errout) == 1 && strstr(errout, "refusing to compare runs of different scenarios: fill_pct differs"),
	      "%s", errout);
	b = make_run("partial2", "{\"schema\":\"cmabulk-bench-meta\",\"status\":\"partial\"}", SCENARIO, 100);
	CHECK(compare(a, b, METRIC_LATENCY, out, errout) == 2, "a partial run");
	CHECK(compare(a, "/nonexistent", METRIC_LATENCY, out, errout) == 2, "no folder");
	CHECK(lines(errout) == 1 && strstr(errout, "/nonexistent: not a folder"), "%s", errout);
}

/*
 * The headline verdicts of a constructed run: FAST at 25 ms against
 * NORMAL at 50 ms (both +0..4 ms) is faster, at 50 ms the same, at 100 ms
 * slower; with one trial a side fewer than BOOT_MIN_VERDICT_N nothing is
 * decided, however far apart.
 */
static void test_verdicts(void)
{
	static const struct { double fast_ms; enum boot_verdict want; } cases[] = {
		{ 25, BOOT_LOWER }, { 50, BOOT_SAME }, { 100, BOOT_HIGHER },
	};
	struct results_dir r;
	struct verdict_set vs;
	char err[600];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char name[32];
		const char *dir;

		snprintf(name, sizeof(name), "verdict%zu", i);
		dir = make_run(name, META_OK "}", SCENARIO, cases[i].fast_ms);
		CHECK(results_dir__load(&r, dir, false, err, sizeof(err)) == 0, "%s", err);
		CHECK_EQ_INT(verdicts__compute(&r.trials, &vs), 0);
		/* Only FAST against NORMAL has both strategies in this run. */
		CHECK_EQ_INT(vs.n, 1);
		CHECK(vs.v[0].s == STRAT_FAST && vs.v[0].against == STRAT_NORMAL, "pair %d %d",
		      vs.v[0].s, vs.v[0].against);
		CHECK_EQ_U64(vs.v[0].n, 10);
		CHECK(vs.v[0].v == cases[i].want, "fast at %g ms: %s, want %s [%g, %g]",
		      cases[i].fast_ms, verdict__word(vs.v[0].v), verdict__word(cases[i].want),
		      vs.v[0].ratio.lo, vs.v[0].ratio.hi);
		CHECK_EQ_INT(vs.unknown, vs.v[0].v == BOOT_UNKNOWN);
		/* One trial a side short of the floor: not enough to decide anything. */
		r.trials.nrows = 2 + 2 * (BOOT_MIN_VERDICT_N - 1);	/* 2 warm-up rows, then pairs */
		CHECK_EQ_INT(verdicts__compute(&r.trials, &vs), 0);
		CHECK_EQ_U64(vs.v[0].n, BOOT_MIN_VERDICT_N - 1);
		CHECK(vs.n == 1 && vs.v[0].v == BOOT_UNKNOWN && vs.unknown == 1, "n = %d decided: %s",
		      BOOT_MIN_VERDICT_N - 1, verdict__word(vs.v[0].v));
		r.trials.nrows = 22;
		results_dir__free(&r);
	}
}

/* The case named @name in @fc, or NULL. */
static const struct farm_case *find_case(const struct farm_cases *fc, const char *name)
{
	for (int i = 0; i < fc->n; i++)
		if (!strcmp(fc->c[i].name, name))
			return &fc->c[i];
	return NULL;
}

/* Gate specs: the two forms parse, anything else is refused with a reason; so are bad KCIDB options. */
static void test_farm_specs(void)
{
	static const char *const bad[] = { "fast", "<normal", "fast<", "fast<fast", "fast<=nope",
					   "fast>normal", "fast<<normal" };
	struct farm_gate g;
	char err[256];

	CHECK(farm_gate__parse("fast<=normal-once", &g, err, sizeof(err)) == 0 && g.or_same &&
	      g.s == STRAT_FAST && g.against == STRAT_NORMAL_ONCE, "%s", err);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK(farm_gate__parse(bad[i], &g, err, sizeof(err)) == -EINVAL && strstr(err, bad[i]),
		      "'%s' taken (%s)", bad[i], err);
	CHECK(kcidb_opts__check(&(struct kcidb_opts){ .origin = "Lab" }, err, sizeof(err)) == -EINVAL, "origin Lab");
	CHECK(kcidb_opts__check(&(struct kcidb_opts){ .git_url = "http://x" }, err, sizeof(err)) == -EINVAL, "http");
	CHECK(kcidb_opts__check(&(struct kcidb_opts){ .git_commit = "abc" }, err, sizeof(err)) == -EINVAL, "abc");
	CHECK(kcidb_opts__check(&(struct kcidb_opts){ .patchset_hash = "b795af4bc062b257" }, err, sizeof(err)) == -EINVAL,
	      "a short series hash as patchset_hash");
	CHECK(kcidb_opts__check(&(struct kcidb_opts){ .patchset_hash = "" }, err, sizeof(err)) == 0, "no patches: %s", err);
	CHECK(kcidb_opts__check(&(struct kcidb_opts){ .tree_name = "" }, err, sizeof(err)) == -EINVAL, "an empty tree");
}

#define PATCHSET "78d43d496df5dd47a4f331eaefb23832e41598459af495bb743300488fa71759"
#define COMMIT "adc218676eef25575469234709c2d87185ca223a"

/*
 * KCIDB's checkout never falls back to a made-up value: a run that records
 * no tree, patchset, series or config is refused one value at a time with
 * the option that gives it; the run's facts fill what the options leave;
 * a malformed fact is the run's fault and says so.
 */
static void test_kcidb_resolve(void)
{
	static const char *const want[] = { "records no tree_name: give --tree NAME",
					    "records no patchset_hash: give --patchset-hash HASH",
					    "records no series_hash: give --kernel-id ID",
					    "records no config_hash: give --config-id ID" };
	struct kcidb_opts o = { 0 }, out;
	const char **given[] = { &o.tree_name, &o.patchset_hash, &o.kernel_id, &o.config_id };
	const char *values[] = { "mainline", "", "k1", "c1" };
	struct results_dir r;
	char err[600] = "";

	CHECK(results_dir__load(&r, make_run("nofacts", META_OK "}", SCENARIO, 20), false, err, sizeof(err)) == 0, "%s", err);
	for (int i = 0; i < 4; i++) {
		CHECK(kcidb_opts__resolve(&o, &r, &out, err, sizeof(err)) == -EINVAL && strstr(err, want[i]) &&
		      !strchr(err, '\n'), "step %d: %s", i, err);
		*given[i] = values[i];
	}
	CHECK(kcidb_opts__resolve(&o, &r, &out, err, sizeof(err)) == 0, "%s", err);
	CHECK(!strcmp(out.origin, "cmabulk") && !out.git_commit && !strcmp(out.kernel_id, "k1"), "defaults");
	results_dir__free(&r);
	CHECK(results_dir__load(&r, make_run("facts", META_OK ",\"host\":{\"series_hash\":\"s1\",\"config_hash\":\"c2\","
		"\"patchset_hash\":\"" PATCHSET "\",\"tree_name\":\"next\",\"kernel_git_commit\":\"" COMMIT "\"}}",
		SCENARIO, 20), false, err, sizeof(err)) == 0, "%s", err);
	o = (struct kcidb_opts){ .config_id = "c9" };
	CHECK(kcidb_opts__resolve(&o, &r, &out, err, sizeof(err)) == 0, "%s", err);
	CHECK(!strcmp(out.tree_name, "next") && !strcmp(out.patchset_hash, PATCHSET) && !strcmp(out.git_commit, COMMIT) &&
	      !strcmp(out.kernel_id, "s1") && !strcmp(out.config_id, "c9"), "the run's facts");
	results_dir__free(&r);
	CHECK(results_dir__load(&r, make_run("badfact", META_OK ",\"host\":{\"series_hash\":\"s1\",\"config_hash\":\"c2\","
		"\"patchset_hash\":\"b795af4bc062b257\",\"tree_name\":\"next\"}}", SCENARIO, 20), false, err, sizeof(err)) == 0,
	      "%s", err);
	CHECK(kcidb_opts__resolve(&(struct kcidb_opts){ 0 }, &r, &out, err, sizeof(err)) == -EINVAL &&
	      strstr(err, "meta.json's facts: --patchset-hash 'b795af4bc062b257'"), "%s", err);
	results_dir__free(&r);
}

/*
 * The cases of constructed runs: FAST's median is 22 ms for FAST at 20 ms
 * (its measured trials are 20 + 0..4, two of each: median 20 + 2), as a
 * number with its unit; a gate passes, fails or skips on the pair's verdict
 * (faster, slower, same with and without "or the same", a strategy the run
 * does not have); result.txt and the KCIDB submission carry the same cases.
 */
static void test_farm_cases(void)
{
	static const struct { double fast_ms; const char *gate, *name; enum case_result want; } cases[] = {
		{ 20, "fast<normal", "fast-vs-normal-gate", CASE_PASS },
		{ 20, "normal<fast", "normal-vs-fast-gate", CASE_FAIL },
		{ 50, "fast<normal", "fast-vs-normal-gate", CASE_FAIL },
		{ 50, "fast<=normal", "fast-vs-normal-gate", CASE_PASS },
		{ 100, "fast<=normal", "fast-vs-normal-gate", CASE_FAIL },
		{ 20, "fast<chunks", "fast-vs-chunks-gate", CASE_SKIP },
	};
	static struct farm_cases fc;
	struct kcidb_opts ko = { .origin = "test_lab", .tree_name = "mainline", .patchset_hash = PATCHSET,
				 .kernel_id = "k1", .config_id = "c1", .git_commit = COMMIT };
	struct farm_gate g;
	char err[256], *buf = NULL, want[128];
	size_t len = 0;
	struct results_dir r;
	FILE *f;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct farm_case *c, *m;
		char name[32];
		const char *dir;

		snprintf(name, sizeof(name), "farm%zu", i);
		dir = make_run(name, META_OK "}", SCENARIO, cases[i].fast_ms);
		CHECK(farm_gate__parse(cases[i].gate, &g, err, sizeof(err)) == 0, "%s", err);
		CHECK(results_dir__load(&r, dir, false, err, sizeof(err)) == 0, "%s", err);
		CHECK_EQ_INT(farm_cases__build(&r, &g, 1, &fc), 0);
		c = find_case(&fc, cases[i].name);
		CHECK(c && c->result == cases[i].want && !c->has_measurement, "%s at fast %g ms: %s",
		      cases[i].gate, cases[i].fast_ms, c ? case_result_names[c->result] : "absent");
		m = find_case(&fc, "fast-median-ms");
		CHECK(m && m->has_measurement && m->measurement == cases[i].fast_ms + 2 &&
		      !strcmp(m->units, "ms") && m->result == CASE_PASS, "fast-median-ms %g",
		      m ? m->measurement : -1);
		CHECK(find_case(&fc, "run-complete") && find_case(&fc, "run-complete")->result == CASE_PASS,
		      "run-complete");
		CHECK(!find_case(&fc, "chunks-median-ms"), "a strategy the run lacks has numbers");
		results_dir__free(&r);
	}
	/* The last run's cases as result.txt and as KCIDB tests. */
	f = open_memstream(&buf, &len);
	CHECK_EQ_INT(farm_cases__write_result_txt(&fc, f), 0);
	fclose(f);
	CHECK(buf && strstr(buf, "\nfast-median-ms pass 22 ms\n") && strstr(buf, "\nfast-trials pass 10\n") &&
	      strstr(buf, "\nfast-vs-chunks-gate skip\n"), "result.txt:\n%s", buf);
	CHECK_EQ_INT(lines(buf), fc.n);
	free(buf);
	CHECK(results_dir__load(&r, make_run("farm0", META_OK "}", SCENARIO, 20), false, err, sizeof(err)) == 0, "%s", err);
	f = open_memstream(&buf, &len);
	CHECK_EQ_INT(kcidb__write(&r, &fc, &ko, f), 0);
	fclose(f);
	snprintf(want, sizeof(want), "\"path\": \"cmabulk.gate.fast.median-ms\"");
	CHECK(buf && strstr(buf, want) && strstr(buf, "\"value\": 22,") && strstr(buf, "\"status\": \"SKIP\"") &&
	      strstr(buf, "\"id\": \"test_lab:6.12-test-k1\"") && strstr(buf, "\"id\": \"test_lab:6.12-test-k1-c1\"") &&
	      strstr(buf, "\"tree_name\": \"mainline\"") && strstr(buf, "\"patchset_hash\": \"" PATCHSET "\"") &&
	      strstr(buf, "\"git_commit_hash\": \"" COMMIT "\""), "kcidb:\n%.2000s", buf);
	free(buf);
	results_dir__free(&r);
}

/*
 * With a summary.json, the cases are its numbers (a run recomputed on
 * another machine may differ in the last bit): a median set to 21.5 there
 * is 21.5 in the cases, though trials.csv says 22. A partial run is
 * exported, and says so.
 */
static void test_farm_summary(void)
{
	static struct farm_cases fc;
	static struct run_summary sum;
	struct results_dir r;
	char err[600], path[600];
	FILE *f;

	CHECK(results_dir__load(&r, make_run("farms", META_OK "}", SCENARIO, 20), false, err, sizeof(err)) == 0, "%s", err);
	CHECK(summary__compute(&r.trials, 4096, &sum) == 0, "summary");
	sum.st[STRAT_FAST].latency_ms.median = 21.5;
	snprintf(path, sizeof(path), "%s/summary.json", r.dir);
	f = fopen(path, "w");
	summary__write_json(&sum, f);
	fclose(f);
	CHECK_EQ_INT(farm_cases__build(&r, NULL, 0, &fc), 0);
	CHECK(find_case(&fc, "fast-median-ms") && find_case(&fc, "fast-median-ms")->measurement == 21.5,
	      "fast-median-ms not from summary.json");
	CHECK(find_case(&fc, "fast-trials") && find_case(&fc, "fast-trials")->measurement == 10, "trials");
	results_dir__free(&r);
	CHECK(results_dir__load(&r, make_run("farmp", "{\"schema\":\"cmabulk-bench-meta\",\"version\":1,"
		"\"status\":\"partial\"}", SCENARIO, 20), true, err, sizeof(err)) == 0, "%s", err);
	CHECK_EQ_INT(farm_cases__build(&r, NULL, 0, &fc), 0);
	CHECK(find_case(&fc, "run-complete") && find_case(&fc, "run-complete")->result == CASE_FAIL, "partial");
	results_dir__free(&r);
}

/*
 * The committed runs, read back (legacy column names and all), give the
 * summary.json they were written with, byte for byte. Not writeback: its
 * summary.json predates the floor's 1 MiB cut (68633c4), only its
 * report.md was rendered again after it.
 */
static void test_reference_summaries(void)
{
	static const char *const runs[] = {
		"20261126-032613-idle", "20261126-032628-filled", "20261126-033021-pinned",
		"20261126-033440-churn", "20261126-040815-transient",
	};

	for (size_t i = 0; i < sizeof(runs) / sizeof(runs[0]); i++) {
		char dir[512], path[600], err[600] = "", *buf = NULL, *want;
		struct run_summary sum;
		struct results_dir r;
		size_t len = 0;
		FILE *f;

		snprintf(dir, sizeof(dir), "%s/results/%s", getenv("ROOT") ?: ".", runs[i]);
		CHECK(results_dir__load(&r, dir, false, err, sizeof(err)) == 0, "%s", err);
		CHECK(summary__compute(&r.trials, r.page_size, &sum) == 0, "%s", runs[i]);
		f = open_memstream(&buf, &len);
		summary__write_json(&sum, f);
		fclose(f);
		snprintf(path, sizeof(path), "%s/summary.json", dir);
		want = read_whole_file(path, NULL);
		CHECK(want && !strcmp(buf, want), "%s: summary differs", runs[i]);
		free(buf);
		/* ... and summary.json read back writes itself again, byte for byte. */
		CHECK(summary__read_json(path, &sum, err, sizeof(err)) == 0, "%s", err);
		buf = NULL;
		f = open_memstream(&buf, &len);
		summary__write_json(&sum, f);
		fclose(f);
		CHECK(want && buf && !strcmp(buf, want), "%s: summary.json read back differs", runs[i]);
		free(want);
		free(buf);
		results_dir__free(&r);
	}
}

int main(void)
{
	char cmd[128];
	int ret;

	snprintf(root, sizeof(root), "/tmp/test_results.XXXXXX");
	if (!mkdtemp(root))
		return tool_error(1, "mkdtemp: %s", strerror(errno));
	RUN(test_bad_meta);
	RUN(test_meta_facts);
	RUN(test_gate);
	RUN(test_verdicts);
	RUN(test_farm_specs);
	RUN(test_kcidb_resolve);
	RUN(test_farm_cases);
	RUN(test_farm_summary);
	RUN(test_reference_summaries);
	ret = CHECK_DONE();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	if (system(cmd))
		fprintf(stderr, "cannot remove %s\n", root);
	return ret;
}
