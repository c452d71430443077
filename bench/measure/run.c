// SPDX-License-Identifier: GPL-2.0
/*
 * The trial loop. Per trial: rebuild the scenario's load with the same
 * seed, snapshot the counters, ask the test driver for the allocation
 * (in a thread, so a hung trial can be given up on), snapshot again, take
 * the tracer's report of that trial, release, tear the load down and
 * check that CmaFree came back. Strategies run in a seeded random order
 * per trial; the first trials of each are warm-up and marked as such.
 */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "lib/atomic_file.h"
#include "lib/cma_test.h"
#include "lib/json.h"
#include "bench/load/load.h"
#include "bench/measure/fault_inject.h"
#include "lib/machine_meta.h"
#include "bench/core/results_dir.h"
#include "bench/measure/run.h"
#include "bench/measure/run_trial.h"
#include "bench/measure/build_load.h"
#include "bench/core/summary.h"
#include "bench/core/table.h"
#include "bench/measure/trace_client.h"
#include "bench/core/trials.h"
#include "bench/core/verdicts.h"
#include "lib/sysfacts.h"
#include "lib/tool.h"
#include "lib/version.h"

double bench_membw(void)
{
	size_t len = 64UL << 20;
	char *a = malloc(len), *b = malloc(len);
	double best = 0;

	if (!a || !b) {
		free(a);
		free(b);
		return 0;
	}
	memset(a, 1, len);
	memset(b, 2, len);
	for (int i = 0; i < 5; i++) {
		double t0 = now_s(), dt;

		memcpy(b, a, len);
		dt = now_s() - t0;
		/* Keep the copy from being optimised away. */
		a[i] = b[len - 1 - i];
		if (dt > 0 && len / dt > best)
			best = len / dt;
	}
	free(a);
	free(b);
	return best;
}

/*
 * Room for the last meta.json on a disk that fills up during the run: a
 * file of RUN_RESERVE_KB laid down with the folder, given up only for it.
 */
#define RUN_RESERVE	".reserve"
#define RUN_RESERVE_KB	64

static void lay_reserve(const char *dir)
{
	static const char zeros[1024];
	char path[1100];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, RUN_RESERVE);
	f = fopen(path, "w");
	for (int i = 0; f && i < RUN_RESERVE_KB; i++)
		fwrite(zeros, 1, sizeof(zeros), f);
	if (f && fclose(f))
		unlink(path);
}

static void write_meta(const char *dir, const struct run_opts *o, const char *run_id,
		       const char *status, const char *reason, const char *decided,
		       const struct cma_area *area, double membw, double started)
{
	char path[1024], date[64], started_at[64];
	struct json_writer w;
	time_t now = time(NULL), then;
	FILE *f;
	int err;

	snprintf(path, sizeof(path), "%s/meta.json", dir);
	f = atomic_open(path);
	if (!f) {
		tool_error(0, "cannot write %s: %s", path, strerror(errno));
		return;
	}
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	then = now - (time_t)(now_s() - started);
	strftime(started_at, sizeof(started_at), "%Y-%m-%dT%H:%M:%SZ", gmtime(&then));
	json_document_begin(&w, f, true, "cmabulk-bench-meta", 1);
	json_key_string(&w, "run_id", run_id);
	json_key_string(&w, "status", status);
	if (reason)
		json_key_string(&w, "reason", reason);
	if (decided && *decided)
		json_key_string(&w, "until_decided", decided);
	json_key_string(&w, "scenario", o->scenario.name);
	/* Injected failures make it a test of the error paths, not a measurement. */
	if (o->inject_failures_pct)
		json_key_u64(&w, "inject_failures_pct", o->inject_failures_pct);
	json_key_string(&w, "date", date);	/* of this record: the end, once done */
	json_key_string(&w, "started", started_at);
	json_key_double(&w, "elapsed_s", now_s() - started);
	machine_meta__write(&w);
	json_key_string(&w, "cma_area", area->name);
	json_key_u64(&w, "cma_pages", area->nr_pages);
	json_key_u64(&w, "pageblock_pages", area->pageblock_pages);
	json_key_u64(&w, "seed", o->scenario.seed);
	json_key_double(&w, "membw_bytes_per_s", membw);
	json_key_bool(&w, "traced", o->trace);
	machine_meta__host(&w, o->nr_meta, o->meta);
	json_object_end(&w);
	json_finish(&w);
	err = atomic_close(f, path);
	/* A full disk: the reserve laid down at the start makes room for this one. */
	snprintf(path, sizeof(path), "%s/%s", dir, RUN_RESERVE);
	if (err == -ENOSPC && unlink(path) == 0) {
		write_meta(dir, o, run_id, status, reason, decided, area, membw, started);
		return;
	}
	if (err)
		tool_error(0, "cannot write %s/meta.json: %s (the folder keeps the one before it)", dir,
			   strerror(-err));
}

volatile sig_atomic_t run_stop_requested;

static void on_stop(int sig)
{
	(void)sig;
	run_stop_requested = 1;
	load_interrupted = 1;
}

static int finish(const char *dir, struct table *t, const struct run_opts *o,
		  const char *run_id, const char *status, const char *reason, const char *decided,
		  const struct cma_area *area, double membw, double started)
{
	struct run_summary sum;
	char path[1024], why[1200];
	FILE *f;
	int err = 0;

	snprintf(path, sizeof(path), "%s/trials.csv", dir);
	f = atomic_open(path);
	if (!f) {
		err = -errno;
	} else {
		err = table__write_csv(t, f) ? -EIO : 0;
		err = atomic_close(f, path) ?: err;	/* its errno, e.g. ENOSPC, first */
	}
	if (!err && summary__compute(t, 0, &sum) == 0) {
		snprintf(path, sizeof(path), "%s/summary.json", dir);
		f = atomic_open(path);
		if (!f) {
			err = -errno;
		} else {
			err = summary__write_json(&sum, f) ? -EIO : 0;
			err = atomic_close(f, path) ?: err;
		}
		if (!o->quiet) {
			printf("\n%s: %s, %zu trials (%zu warm-up) -> %s\n", o->scenario.name, status,
			       sum.rows, sum.warmup_rows, dir);
			summary__print_headline(&sum, stdout);
		}
	}
	/* A table or summary that could not be written (a full disk) makes the run partial. */
	if (err) {
		snprintf(why, sizeof(why), "%s%scannot write %s: %s", reason ? reason : "",
			 reason ? "; " : "", path, strerror(-err));
		tool_error(0, "%s", why);
		status = "partial";
		reason = why;
	}
	write_meta(dir, o, run_id, status, reason, decided, area, membw, started);
	snprintf(path, sizeof(path), "%s/%s", dir, RUN_RESERVE);
	unlink(path);
	return err;
}

/* Every strategy once, in a seeded random order. */
static int run_round(struct run_ctx *c, unsigned int round, const enum strategy *strats,
		     unsigned int nr_strats)
{
	uint64_t order[NR_STRATEGIES];

	load_shuffle(order, nr_strats, c->sc->seed * 1000003ULL + round);
	for (unsigned int k = 0; k < nr_strats && !run_stop_requested; k++)
		if (run_trial(c, round, strats[order[k]]))
			return -1;
	return 0;
}

/*
 * --until-decided, after each round from the scenario's last on: true
 * when another round is to run (a headline verdict is unknown and the
 * budget allows). Says why it stops in c->decided, for meta.json.
 */
static bool undecided(struct run_ctx *c, unsigned int nr_strats)
{
	const struct run_opts *o = c->o;
	unsigned int measured = c->rounds - c->sc->warmup;
	unsigned int max = o->max_trials ? o->max_trials : 40;
	double round_s = (now_s() - c->started) / c->rounds;
	struct verdict_set vs;
	char list[160] = "";
	size_t len = 0;

	if (verdicts__compute(&c->t, &vs)) {
		snprintf(c->decided, sizeof(c->decided), "verdicts could not be computed (out of memory)");
		return false;
	}
	for (int i = 0; i < vs.n && len < sizeof(list); i++)
		if (vs.v[i].v == BOOT_UNKNOWN)
			len += snprintf(list + len, sizeof(list) - len, "%s%s vs %s", len ? ", " : "",
					strategy_names[vs.v[i].s], strategy_names[vs.v[i].against]);
	if (!vs.unknown) {
		snprintf(c->decided, sizeof(c->decided), "all %d comparisons decided after %u trials per strategy",
			 vs.n, measured);
		return false;
	}
	if (measured >= max) {
		snprintf(c->decided, sizeof(c->decided), "%d of %d undecided at the limit of %u trials per strategy: %s",
			 vs.unknown, vs.n, max, list);
		return false;
	}
	if (o->max_time_s && now_s() - c->started + round_s > o->max_time_s) {
		snprintf(c->decided, sizeof(c->decided), "%d of %d undecided when time ran out after %u trials per strategy: %s",
			 vs.unknown, vs.n, measured, list);
		return false;
	}
	if (!o->quiet)
		tool_error(0, "%s: %d of %d comparisons undecided after %u trials (%s): one more round of %u",
			   c->sc->name, vs.unknown, vs.n, measured, list, nr_strats);
	return true;
}

/* The run folder with its scenario and a "running" meta.json. */
static int open_run_folder(struct run_ctx *c, char *dir, size_t dir_len, char *run_id, size_t id_len)
{
	const struct run_opts *o = c->o;
	char path[1100], date[32];
	time_t now = time(NULL);
	FILE *f;

	strftime(date, sizeof(date), "%Y%m%d-%H%M%S", gmtime(&now));
	if (o->run_id)
		snprintf(run_id, id_len, "%s", o->run_id);
	else
		snprintf(run_id, id_len, "%s-%s", date, c->sc->name);
	snprintf(dir, dir_len, "%s/%s", o->results_dir, run_id);
	mkdir(o->results_dir, 0755);
	/* Two runs started in one second (two guests, one results folder): -2, -3, ... */
	for (int n = 2; mkdir(dir, 0755); n++) {
		if (errno != EEXIST || o->run_id || n == 100) {
			tool_error(0, "cannot create %s: %s", dir, strerror(errno));
			return -1;
		}
		snprintf(run_id, id_len, "%s-%s-%d", date, c->sc->name, n);
		snprintf(dir, dir_len, "%s/%s", o->results_dir, run_id);
	}
	snprintf(path, sizeof(path), "%s/scenario", dir);
	f = atomic_open(path);
	if (f) {
		scenario__write(c->sc, f);
		atomic_close(f, path);
	}
	write_meta(dir, o, run_id, "running", NULL, NULL, &c->area, c->membw, c->started);
	lay_reserve(dir);
	snprintf(path, sizeof(path), "%s/trials.jsonl", dir);
	c->trials_jsonl = fopen(path, "w");
	if (o->trace) {
		snprintf(path, sizeof(path), "%s/trace.jsonl", dir);
		c->trace_jsonl = fopen(path, "w");
	}
	return 0;
}

/* What the machine must have for this scenario. 0, or 1 with the reason printed. */
static int run_preflight(struct run_ctx *c)
{
	const struct run_opts *o = c->o;
	const struct scenario *sc = c->sc;
	int err;

	for (int s = 0; s < NR_STRATEGIES; s++)
		if ((sc->strategies & (1u << s)) && strategy__retired(s))
			return tool_error(1, "strategy %s", strategy__retired(s));
	if (geteuid() != 0)
		return tool_error(1, "must be run as root (it drives the test driver and BPF)");
	if (!cma_test__available())
		/* Say what still works: a device without the series is the common case. */
		return tool_error(1, "run needs the test driver at " CMA_TEST_DIR
				  " (a kernel with the series and CONFIG_CMA_BULK_TEST); without it cmabulk-trace still traces cma_alloc(), and report and compare work on stored runs");
	err = cma_area__find(&c->area, o->area);
	if (err)
		return tool_error(1, "%s", cma_area__why(err, o->area ?: c->area.name[0] ? c->area.name : NULL));
	if (c->area.nr_pages < mib_to_pages(sc->min_cma_mb)) {
		tool_error(0, "scenario %s needs a CMA area of %u MiB, '%s' has %.0f MiB",
			sc->name, sc->min_cma_mb, c->area.name, floor(pages_to_mib(c->area.nr_pages)));
		return 1;
	}
	return 0;
}

/* The tracer, attached once for the whole run. 0, or -1 with c->why set. */
static int run_start_tracer(struct run_ctx *c, const char *dir)
{
	char errfile[1100], timeline[1100];

	snprintf(errfile, sizeof(errfile), "%s/trace.stderr", dir);
	snprintf(timeline, sizeof(timeline), "%s/" RUN_TIMELINE_FILE, dir);
	if (!c->o->quiet)
		tool_error(0, "starting cmabulk-trace ...");
	return trace_client__start(&c->tracer, c->area.name, c->o->trace_args, timeline, errfile, c->why,
			     sizeof(c->why)) ? -1 : 0;
}

/*
 * trace.perfetto to trace.perfetto.gz: some 7 times smaller, and Perfetto
 * opens either. On failure the plain file stays, with a line saying why.
 */
static void run_compress_timeline(const char *dir)
{
	char path[1100], gz[1110], buf[65536];
	bool ok = true;
	gzFile out;
	FILE *in;
	size_t n;

	snprintf(path, sizeof(path), "%s/" RUN_TIMELINE_FILE, dir);
	snprintf(gz, sizeof(gz), "%s.gz", path);
	in = fopen(path, "re");
	if (!in)
		return;		/* the tracer wrote none (it failed: trace.stderr says) */
	out = gzopen(gz, "wb6");
	while (out && (n = fread(buf, 1, sizeof(buf), in)) > 0)
		ok &= gzwrite(out, buf, (unsigned int)n) == (int)n;
	ok &= out && !ferror(in);
	ok &= out && gzclose(out) == Z_OK;
	fclose(in);
	if (ok && !unlink(path))
		return;
	unlink(gz);
	tool_error(0, "cannot compress %s (%s): kept as it is", path, strerror(errno ? errno : EIO));
}

/* The tracer stopped: its final report written, its timeline compressed. */
static void run_stop_tracer(struct run_ctx *c, const char *dir)
{
	trace_client__stop(&c->tracer);
	run_compress_timeline(dir);
}

/* The driver's lock and, with --inject-failures, its fault knobs: fd or -1. */
static int run_claim_driver(const struct run_opts *o)
{
	int lock_fd = cma_test__lock_or_say();

	if (lock_fd >= 0 && o->inject_failures_pct && fault_inject__setup(o->inject_failures_pct)) {
		close(lock_fd);
		return -1;
	}
	return lock_fd;
}

static void run_release_driver(int lock_fd)
{
	fault_inject__restore();
	close(lock_fd);
}

int bench_run(const struct run_opts *o, char *dir, size_t dir_len)
{
	static struct run_ctx ctx;
	struct run_ctx *c = &ctx;
	const struct scenario *sc = &o->scenario;
	enum strategy strats[NR_STRATEGIES];
	struct sigaction sa = { .sa_handler = on_stop };
	unsigned int nr_strats = 0;
	char run_id[128];
	bool partial = false;
	int err, lock_fd;

	memset(c, 0, sizeof(*c));
	c->o = o;
	c->sc = sc;
	c->started = now_s();

	/* 1. What the machine must have for this scenario. */
	if (run_preflight(c))
		return 1;
	for (int s = 0; s < NR_STRATEGIES; s++)
		if (sc->strategies & (1u << s))
			strats[nr_strats++] = s;
	c->rounds = sc->warmup + sc->trials;
	c->total = c->rounds * nr_strats;

	/* 2. The driver to ourselves; the run folder, "running" until the end. */
	lock_fd = run_claim_driver(o);
	if (lock_fd < 0)
		return 1;
	c->membw = bench_membw();
	if (open_run_folder(c, dir, dir_len, run_id, sizeof(run_id))) {
		run_release_driver(lock_fd);
		return 1;
	}
	table__init(&c->t);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	/* 3. The tracer, attached once for the whole run. */
	if (o->trace)
		partial = run_start_tracer(c, dir) != 0;
	if (!partial && !o->quiet)
		tool_error(0, "%s: %u strategies x %u trials (%u warm-up), memcpy %.2f GB/s",
			sc->name, nr_strats, c->rounds, sc->warmup, c->membw / 1e9);

	/* 4. The trials: every strategy per round, in a seeded random order. */
	for (unsigned int round = 0; !partial && round < c->rounds && !run_stop_requested; round++) {
		partial = run_round(c, round, strats, nr_strats) != 0;
		/* 4b. --until-decided: one more round while a verdict is unknown. */
		if (!partial && round + 1 == c->rounds && o->until_decided &&
		    !run_stop_requested && undecided(c, nr_strats)) {
			c->rounds++;
			c->total += nr_strats;
		}
	}
	if (!partial && run_stop_requested) {
		snprintf(c->why, sizeof(c->why), "interrupted after %u of %u trials", c->done, c->total);
		partial = true;
	}

	/* 5. Stop the tracer; write the table, the summary and the final meta.json. */
	if (o->trace)
		run_stop_tracer(c, dir);
	if (c->trials_jsonl)
		fclose(c->trials_jsonl);
	if (c->trace_jsonl)
		fclose(c->trace_jsonl);
	if (partial)
		tool_error(0, "%s; what was measured is kept, marked partial, in %s", c->why, dir);
	if (c->decided[0] && !o->quiet)
		tool_error(0, "%s: --until-decided: %s", sc->name, c->decided);
	err = finish(dir, &c->t, o, run_id, partial ? "partial" : "complete", partial ? c->why : NULL,
		     c->decided,
		     &c->area, c->membw, c->started);
	table__free(&c->t);
	run_release_driver(lock_fd);
	return partial || err ? 1 : 0;
}
