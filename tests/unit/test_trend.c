// SPDX-License-Identifier: GPL-2.0
/*
 * Many runs side by side (bench/core/trend.h, bench/report/trend_md.h) on
 * constructed runs: A, A again and a B with FAST twice as slow read
 * same/same/slower against the first and the previous run, exit status 1;
 * each step's interval is compare__change()'s on those two runs' values;
 * a strategy a run lacks is shown and not judged; runs of another scenario
 * are refused; trend.md has the tables and the result.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bench/core/table.h"
#include "bench/core/trend.h"
#include "bench/core/trials.h"
#include "bench/report/trend_md.h"
#include "lib/tool.h"
#include "tests/unit/check.h"

#define META "{\"schema\":\"cmabulk-bench-meta\",\"version\":1,\"status\":\"complete\"," \
	"\"kernel_release\":\"6.12-test\",\"date\":\"2026-12-01T00:00:00Z\"}"
#define SCENARIO "name = trend\norder = 4\nchunks = 64\ntrials = 10\nwarmup = 1\nstrategies = fast,normal\n"

static char root[64];

/*
 * Run @name: 10 measured trials a strategy (after 1 warm-up), FAST around
 * @fast_ms and NORMAL around 50 ms with the same spread in every run;
 * without NORMAL when !@normal.
 */
static const char *make_run(const char *name, const char *scenario, double fast_ms, bool normal)
{
	static char dir[256];
	struct table t;
	char path[512];
	FILE *f;

	snprintf(dir, sizeof(dir), "%s/%s", root, name);
	mkdir(dir, 0755);
	check_put_file(dir, "meta.json", META);
	check_put_file(dir, "scenario", scenario);
	table__init(&t);
	for (int i = 0; i < 22; i++) {
		bool fast = i % 2;
		long r;

		if (!fast && !normal)
			continue;
		r = table__add_row(&t);
		table__set(&t, r, TRIALS_COL(STRATEGY), "%s", fast ? "fast" : "normal");
		table__set(&t, r, TRIALS_COL(WARMUP), "%d", i < 2);
		table__set(&t, r, TRIALS_COL(REQUESTED), "64");
		table__set(&t, r, TRIALS_COL(ALLOCATED), "64");
		table__set(&t, r, TRIALS_COL(SUCCESS), "1");
		table__set(&t, r, TRIALS_COL(MIGRATED_PAGES), "%d", 256 * (1 + i % 3));
		table__set(&t, r, TRIALS_COL(WALL_NS), "%.0f", ((fast ? fast_ms : 50) + i % 5) * 1e6);
	}
	snprintf(path, sizeof(path), "%s/trials.csv", dir);
	f = fopen(path, "w");
	table__write_csv(&t, f);
	fclose(f);
	table__free(&t);
	return dir;
}

static const struct compare_opts opts = { .metric = METRIC_LATENCY, .threshold_pct = 10, .alpha = 0.05 };

static void test_same_same_slower(void)
{
	char dirs[3][256];
	const char *d[3] = { dirs[0], dirs[1], dirs[2] };
	static struct trend t;
	const struct trend_cell *c;
	char err[600] = "";

	snprintf(dirs[0], sizeof(dirs[0]), "%s", make_run("a", SCENARIO, 20, true));
	snprintf(dirs[1], sizeof(dirs[1]), "%s", make_run("a2", SCENARIO, 20, true));
	snprintf(dirs[2], sizeof(dirs[2]), "%s", make_run("b", SCENARIO, 40, true));
	CHECK(trend__load(&t, &opts, d, 3, err, sizeof(err)) == 0, "%s", err);
	c = t.cell[1] + STRAT_FAST;
	CHECK(c->present && c->n == 10 && c->median_ms == 22 && c->vs_first.judged && c->vs_prev.judged,
	      "run 2 fast: n %zu, median %g", c->n, c->median_ms);
	CHECK(c->vs_first.c.v == BOOT_SAME && c->vs_prev.c.v == BOOT_SAME, "run 2: %d %d",
	      c->vs_first.c.v, c->vs_prev.c.v);
	c = t.cell[2] + STRAT_FAST;
	CHECK(c->vs_first.c.v == BOOT_HIGHER && c->vs_first.c.worse && c->vs_prev.c.v == BOOT_HIGHER,
	      "run 3: %d %d", c->vs_first.c.v, c->vs_prev.c.v);
	CHECK(t.cell[2][STRAT_NORMAL].vs_first.c.v == BOOT_SAME, "normal did not change");
	CHECK(!t.cell[0][STRAT_FAST].vs_first.judged, "run 1 against itself");
	/* 2 steps a strategy, one of them worse: compare's exit status 1. */
	CHECK(t.steps == 4 && t.regressions == 1 && t.unknown == 0, "steps %d, worse %d, unknown %d",
	      t.steps, t.regressions, t.unknown);
	CHECK_EQ_INT(trend__status(&t), 1);
	CHECK(t.cell[0][STRAT_FAST].migrated_mib > 0 && t.cell[0][STRAT_FAST].success == 1, "migrated, success");
	trend__free(&t);
	/* A and A again: no regression, every step decided. */
	CHECK(trend__load(&t, &opts, d, 2, err, sizeof(err)) == 0 && trend__status(&t) == 0, "%s", err);
	trend__free(&t);
}

/* Each step is the 2-way gate's verdict on those two runs' values, interval and all. */
static void test_one_verdict(void)
{
	const char *d[3];
	char dirs[3][256];
	static struct trend t;
	struct results_dir a, b;
	struct compare_change c;
	double va[32], vb[32];
	char err[600] = "";
	size_t na, nb;

	snprintf(dirs[0], sizeof(dirs[0]), "%s", make_run("x1", SCENARIO, 20, true));
	snprintf(dirs[1], sizeof(dirs[1]), "%s", make_run("x2", SCENARIO, 23, true));
	snprintf(dirs[2], sizeof(dirs[2]), "%s", make_run("x3", SCENARIO, 26, true));
	for (int i = 0; i < 3; i++)
		d[i] = dirs[i];
	CHECK(trend__load(&t, &opts, d, 3, err, sizeof(err)) == 0, "%s", err);
	CHECK(results_dir__load(&a, d[1], false, err, sizeof(err)) == 0 &&
	      results_dir__load(&b, d[2], false, err, sizeof(err)) == 0, "%s", err);
	na = compare__values(&a.trials, METRIC_LATENCY, STRAT_FAST, va);
	nb = compare__values(&b.trials, METRIC_LATENCY, STRAT_FAST, vb);
	CHECK(compare__change(&opts, va, na, vb, nb, &c) == 0, "change");
	CHECK(!memcmp(&c, &t.cell[2][STRAT_FAST].vs_prev.c, sizeof(c)), "run 3 against run 2 differs from compare's");
	results_dir__free(&a);
	results_dir__free(&b);
	trend__free(&t);
}

/* A run without NORMAL: shown as absent, not judged; another scenario: refused. */
static void test_absent_and_refused(void)
{
	char dirs[3][256], err[600] = "", *buf = NULL;
	const char *d[3] = { dirs[0], dirs[1], dirs[2] };
	static struct trend t;
	size_t len = 0;
	FILE *f;

	snprintf(dirs[0], sizeof(dirs[0]), "%s", make_run("p1", SCENARIO, 20, true));
	snprintf(dirs[1], sizeof(dirs[1]), "%s", make_run("p2", SCENARIO, 20, false));
	snprintf(dirs[2], sizeof(dirs[2]), "%s", make_run("p3", SCENARIO, 20, true));
	CHECK(trend__load(&t, &opts, d, 3, err, sizeof(err)) == 0, "%s", err);
	CHECK(!t.cell[1][STRAT_NORMAL].present && t.cell[2][STRAT_NORMAL].vs_first.judged &&
	      !t.cell[2][STRAT_NORMAL].vs_prev.judged, "normal in run 2");
	f = open_memstream(&buf, &len);
	trend_md__print(&t, f);
	fclose(f);
	CHECK(buf && strstr(buf, "\nnormal         2    -\n") &&
	      strstr(buf, "\nfast           3   10      22.00") && strstr(buf, "\nresult: no regression\n"),
	      "text:\n%s", buf);
	free(buf);
	CHECK(trend_md__write(&t, root, false) == 0, "trend.md");
	snprintf(err, sizeof(err), "%s/trend.md", root);
	buf = read_whole_file(err, NULL);
	CHECK(buf && strstr(buf, "# cmabulk-bench compare: trend, 3 runs") && strstr(buf, "\n## fast\n") &&
	      strstr(buf, "| 2 | - | | | | | | |") && strstr(buf, "same 1.00 [") && !strstr(buf, "![fast"),
	      "trend.md:\n%s", buf);
	free(buf);
	trend__free(&t);
	snprintf(dirs[2], sizeof(dirs[2]), "%s", make_run("other", "name = trend\norder = 3\nchunks = 64\n", 20, true));
	CHECK(trend__load(&t, &opts, d, 3, err, sizeof(err)) == -EINVAL &&
	      strstr(err, "refusing to compare runs of different scenarios") && strstr(err, "order differs"), "%s", err);
	trend__free(&t);
	CHECK(trend__load(&t, &opts, d, 1, err, sizeof(err)) == -EINVAL, "one run");
	trend__free(&t);
}

int main(void)
{
	char cmd[128];
	int ret;

	snprintf(root, sizeof(root), "/tmp/test_trend.XXXXXX");
	if (!mkdtemp(root))
		return tool_error(1, "mkdtemp: %s", strerror(errno));
	RUN(test_same_same_slower);
	RUN(test_one_verdict);
	RUN(test_absent_and_refused);
	ret = CHECK_DONE();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	if (system(cmd))
		fprintf(stderr, "cannot remove %s\n", root);
	return ret;
}
