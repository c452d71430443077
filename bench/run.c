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

#include "lib/cma_test.h"
#include "lib/json.h"
#include "bench/load/load.h"
#include "bench/faults.h"
#include "bench/machine_meta.h"
#include "bench/run.h"
#include "bench/scenario_load.h"
#include "bench/summary.h"
#include "bench/table.h"
#include "bench/tracer.h"
#include "bench/trials.h"
#include "bench/verdicts.h"
#include "lib/sysfacts.h"
#include "lib/tool.h"
#include "lib/version.h"

/* Counters read before and after each request; deltas go in the table. */
static const char *const vmstat_counters[] = {
	"cma_alloc_success", "cma_alloc_fail", "pgmigrate_success", "pgmigrate_fail",
	"compact_isolated", "pgfree", NULL,
};
static const char *const cma_sysfs_counters[] = {
	"alloc_pages_success", "alloc_pages_fail", "release_pages_success", NULL,
};

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

static void fmt_time(char *buf, size_t len, double s)
{
	if (s < 60)
		snprintf(buf, len, "%.0fs", s);
	else
		snprintf(buf, len, "%dm%02ds", (int)s / 60, (int)s % 60);
}

/* The driver's alloc command for @s. */
static void alloc_command(char *buf, size_t len, const char *area, const struct scenario *sc,
			  enum strategy s)
{
	snprintf(buf, len, "area=%s order=%u count=%u %s", area, sc->order, sc->chunks,
		 strategy__driver_args(s));
}

struct request {
	char cmd[256];
	bool inject;			/* --inject-failures: this thread's allocations fail */
	int ret;
	double wall_ns;
	unsigned long long boot_start_ns;	/* CLOCK_BOOTTIME, as trace.perfetto */
	bool done;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
};

/* The key of the driver's result that column TC_<id> copies. */
#define DRIVER_KEY(id) (trials_columns[TC_##id].driver_key)

static void *request_thread(void *arg)
{
	struct request *rq = arg;
	int mark = rq->inject ? faults__thread_open() : -1;
	struct timespec boot;
	double t0;
	int ret;

	/*
	 * Before the mark: with failures injected, even a vDSO clock read may
	 * fault in a page table and die of it (SIGBUS, seen on arm64).
	 */
	clock_gettime(CLOCK_BOOTTIME, &boot);
	if (mark >= 0)
		faults__mark(mark, 1);
	t0 = now_s();
	ret = cma_test__write("alloc", "%s", rq->cmd);
	if (mark >= 0) {
		faults__mark(mark, 0);
		close(mark);
	}

	pthread_mutex_lock(&rq->lock);
	rq->wall_ns = (now_s() - t0) * 1e9;
	rq->boot_start_ns = (unsigned long long)boot.tv_sec * 1000000000ULL + boot.tv_nsec;
	rq->ret = ret;
	rq->done = true;
	pthread_cond_signal(&rq->cond);
	pthread_mutex_unlock(&rq->lock);
	return NULL;
}

/* Wait up to @timeout_s for the request; true when it is done. */
static bool wait_request(struct request *rq, unsigned int timeout_s)
{
	struct timespec dl;
	int err = 0;

	clock_gettime(CLOCK_REALTIME, &dl);
	dl.tv_sec += timeout_s;
	pthread_mutex_lock(&rq->lock);
	while (!rq->done && !err)
		err = pthread_cond_timedwait(&rq->cond, &rq->lock, &dl);
	pthread_mutex_unlock(&rq->lock);
	return rq->done;
}

/* Run the request with a timeout. Returns 0, or -ETIMEDOUT (still running). */
static int run_request(struct request *rq, unsigned int timeout_s)
{
	rq->done = false;
	pthread_mutex_init(&rq->lock, NULL);
	pthread_cond_init(&rq->cond, NULL);
	if (pthread_create(&rq->thread, NULL, request_thread, rq))
		return -EAGAIN;
	if (!wait_request(rq, timeout_s))
		return -ETIMEDOUT;
	pthread_join(rq->thread, NULL);
	return 0;
}

#define NR_VMSTAT (sizeof(vmstat_counters) / sizeof(vmstat_counters[0]) - 1)
#define NR_COUNTERS (NR_VMSTAT + sizeof(cma_sysfs_counters) / sizeof(cma_sysfs_counters[0]) - 1)

/* Counter @i's name in the table and in trials.jsonl: the CMA ones get "cma_". */
static void counter_name(size_t i, char *buf, size_t len)
{
	if (i < NR_VMSTAT)
		snprintf(buf, len, "%s", vmstat_counters[i]);
	else
		snprintf(buf, len, "cma_%s", cma_sysfs_counters[i - NR_VMSTAT]);
}

/* Every counter, exact (per-cpu deltas folded), /proc/vmstat read once. */
static void snapshot(const char *area, long long *v)
{
	char path[256];

	sys_stat_refresh();
	sys_read_fields("/proc/vmstat", vmstat_counters, v);
	for (size_t i = NR_VMSTAT; i < NR_COUNTERS; i++) {
		snprintf(path, sizeof(path), "/sys/kernel/mm/cma/%s/%s", area,
			 cma_sysfs_counters[i - NR_VMSTAT]);
		v[i] = sys_read_ll(path);
	}
}

static void set_deltas(struct table *t, size_t r, const long long *a, const long long *b)
{
	char name[64], col[70];

	for (size_t i = 0; i < NR_COUNTERS; i++) {
		counter_name(i, name, sizeof(name));
		trials_family__name(TF_DELTA, name, col, sizeof(col));
		if (a[i] >= 0 && b[i] >= 0)
			table__set(t, r, col, "%lld", b[i] - a[i]);
	}
}

/* The raw counter values of one snapshot, as a JSON object (-1: absent). */
static void counters_json(struct json_writer *w, const char *key, const long long *v)
{
	char name[64];

	json_key(w, key);
	json_object_begin(w);
	for (size_t i = 0; i < NR_COUNTERS; i++) {
		counter_name(i, name, sizeof(name));
		json_key_i64(w, name, v[i]);
	}
	json_object_end(w);
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

static volatile sig_atomic_t stop_requested;

static void on_stop(int sig)
{
	(void)sig;
	stop_requested = 1;
	load_interrupted = 1;
}

/*
 * Record the driver's result for this trial: its columns, its skips by
 * reason. Skipped blocks count distinct pageblocks: after a fallback pass,
 * which tries the first pass's skipped windows again, the ones it skipped
 * plus the busy ones (which it does not count again).
 */
static void record_result(struct table *t, size_t r, const struct cma_test_result *res)
{
	long long fallback_skipped = 0;
	long long skipped = 0;
	char name[48], col[64];

	/* Only what this kernel's driver gives: no column of zeros for a key it lacks. */
	for (int c = 0; c < NR_TRIALS_COLS; c++)
		if (trials_columns[c].driver_key && cma_test__str(res, trials_columns[c].driver_key))
			table__set(t, r, trials_columns[c].name, "%lld",
				   cma_test__ll(res, trials_columns[c].driver_key, 0));
	for (int i = 0; i < res->nr; i++) {
		size_t len;
		/* The driver names its skip counts the way the family does. */
		const char *reason = trials_family__member(TF_SKIPPED, res->kv[i].key, &len);

		if (!reason)
			continue;
		snprintf(name, sizeof(name), "%.*s", (int)len, reason);
		trials_family__name(TF_SKIPPED, name, col, sizeof(col));
		table__set(t, r, col, "%s", res->kv[i].value);
		skipped += strtoll(res->kv[i].value, NULL, 10);
	}
	for (int i = 0; i < res->nr; i++)
		if (strncmp(res->kv[i].key, "fallback_skipped_", 17) == 0)
			fallback_skipped += strtoll(res->kv[i].value, NULL, 10);
	if (cma_test__ll(res, "passes", 1) > 1)
		skipped = cma_test__ll(res, "skipped_busy", 0) + fallback_skipped;
	table__set(t, r, TRIALS_COL(TOTAL_SKIPPED), "%lld", skipped);
}

static void record_trace(struct table *t, size_t r, const struct trace_trial *tt,
			 enum strategy s, long long driver_calls)
{
	bool bulk = s >= STRAT_NORMAL;
	long long want = bulk ? 1 : driver_calls;
	long long got = bulk ? (long long)tt->bulk_calls : (long long)tt->cma_alloc_calls;
	char col[64];

	static const struct {
		enum trials_col col;
		size_t offset;
	} fields[] = {
#define F(id, name) { TC_TRACE_##id, offsetof(struct trace_trial, name) }
		F(BULK_CALLS, bulk_calls), F(CMA_ALLOC_CALLS, cma_alloc_calls), F(SKIPPED, skipped),
		F(BUSY_RETRIES, busy_retries), F(RANGES, ranges), F(RETRIES, retries),
		F(MIGRATED, migrated), F(MIGRATE_FAILED, migrate_failed), F(PCP_DRAINS, pcp_drains),
		F(LRU_DRAINS, lru_drains), F(PCP_DRAIN_NS, pcp_drain_ns), F(LRU_DRAIN_NS, lru_drain_ns),
#undef F
	};

	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		table__set(t, r, trials_columns[fields[i].col].name, "%llu",
			   (unsigned long long)*(const uint64_t *)((const char *)tt + fields[i].offset));
	for (int i = 0; i < tt->nr_phases; i++) {
		trials_family__name(TF_PHASE, tt->phase[i], col, sizeof(col));
		table__set(t, r, col, "%llu", (unsigned long long)tt->phase_ns[i]);
	}
	/* The driver's count and the tracer's must agree, call for call. */
	table__set(t, r, TRIALS_COL(TRACE_MISMATCH), "%d", got != want);
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

/* What every trial of a run shares. */
struct run_ctx {
	const struct run_opts *o;
	const struct scenario *sc;
	struct cma_area area;
	struct table t;
	struct tracer tracer;
	FILE *trials_jsonl, *trace_jsonl;
	double membw, started;
	unsigned int rounds, total, done;
	char why[512];		/* why the run stopped early */
	char decided[256];	/* --until-decided: how it ended */
};

/* Record a trial's derived values: satisfiable chunks, success, the floor. */
static void record_derived(struct run_ctx *c, size_t r, const struct load *load,
			   const struct cma_test_result *res, double wall_ns, double migrated)
{
	const struct scenario *sc = c->sc;
	long long allocated = cma_test__ll(res, DRIVER_KEY(ALLOCATED), 0);
	double satisfiable, floor_ns;
	uint64_t min_pages, nr_satisfiable;

	if (load__satisfiable_chunks(load, sc->order, &nr_satisfiable))	/* out of memory: the old estimate */
		nr_satisfiable = (c->area.nr_pages - load->pin.nr_blocks * c->area.pageblock_pages) >> sc->order;
	satisfiable = (double)nr_satisfiable;
	if (satisfiable > sc->chunks)
		satisfiable = sc->chunks;
	table__set(&c->t, r, TRIALS_COL(SATISFIABLE), "%.0f", satisfiable);
	table__set(&c->t, r, TRIALS_COL(SUCCESS), "%.6f", allocated / (double)sc->chunks);
	table__set(&c->t, r, TRIALS_COL(SUCCESS_SATISFIABLE), "%.6f", fmin(1.0, allocated / satisfiable));
	/* The migration floor: bytes migrated over copy bandwidth. */
	table__set(&c->t, r, TRIALS_COL(MIGRATED_PAGES), "%.0f", migrated);
	floor_ns = c->membw > 0 ? migrated * sys_page_size() / c->membw * 1e9 : 0;
	table__set(&c->t, r, TRIALS_COL(FLOOR_NS), "%.0f", floor_ns);
	if (floor_ns > 0)
		table__set(&c->t, r, TRIALS_COL(FLOOR_RATIO), "%.3f", wall_ns / floor_ns);
	/* The floor of a perfect allocator: the least it had to migrate. */
	if (load__min_migration(load, sc->order, sc->chunks, &min_pages) == 0) {
		double min_ns = c->membw > 0 ? min_pages * sys_page_size() / c->membw * 1e9 : 0;

		table__set(&c->t, r, TRIALS_COL(MIN_MIGRATE_PAGES), "%llu", (unsigned long long)min_pages);
		table__set(&c->t, r, TRIALS_COL(MIN_FLOOR_NS), "%.0f", min_ns);
		if (min_ns > 0)
			table__set(&c->t, r, TRIALS_COL(MIN_FLOOR_RATIO), "%.3f", wall_ns / min_ns);
		table__set(&c->t, r, TRIALS_COL(EXCESS_MIGRATED), "%.0f", migrated - (double)min_pages);
	}
}

static void write_jsonl(struct run_ctx *c, size_t r, const long long *before,
			const long long *after, const struct load *load)
{
	struct json_writer w;

	if (!c->trials_jsonl)
		return;
	json_init(&w, c->trials_jsonl, false);
	json_object_begin(&w);
	for (int col = 0; col < c->t.ncols; col++)
		json_key_string(&w, c->t.cols[col], table__str(&c->t, r, col));
	counters_json(&w, trials_jsonl_keys[TJ_COUNTERS_BEFORE], before);
	counters_json(&w, trials_jsonl_keys[TJ_COUNTERS_AFTER], after);
	json_key(&w, trials_jsonl_keys[TJ_LOAD]);
	load__write_json(load, &w);
	json_object_end(&w);
	json_finish(&w);
}

/* What one trial carries from step to step. */
struct trial {
	unsigned int round;
	enum strategy s;
	long r;				/* its row */
	double t0;
	struct request rq;
	struct cma_test_result res;
	struct trace_trial tt;
	long long before[NR_COUNTERS], after[NR_COUNTERS];
};

/* Give back the chunks and the load; the trial's row is dropped. */
static int abandon_trial(struct run_ctx *c, struct load *load, bool release)
{
	c->t.nrows--;
	if (release)
		cma_test__write("release", "nodrain");	/* teardown drains */
	load__teardown(load);
	load__fini(load);
	return -1;
}

/* The trial's row, with what is known before it starts. */
static int trial_begin(struct run_ctx *c, struct trial *tr)
{
	tr->t0 = now_s();
	tr->r = table__add_row(&c->t);
	if (tr->r < 0) {
		snprintf(c->why, sizeof(c->why), "out of memory");
		return -1;
	}
	table__set(&c->t, tr->r, TRIALS_COL(SEQ), "%u", c->done);
	table__set(&c->t, tr->r, TRIALS_COL(TRIAL), "%u", tr->round);
	table__set(&c->t, tr->r, TRIALS_COL(WARMUP), "%d", tr->round < c->sc->warmup);
	table__set(&c->t, tr->r, TRIALS_COL(STRATEGY), "%s", strategy_names[tr->s]);
	return 0;
}

/* Step 1's outcome: the load's numbers, or why it could not be built. */
static int trial_loaded(struct run_ctx *c, struct trial *tr, struct load *load, int err)
{
	table__set(&c->t, tr->r, TRIALS_COL(SETUP_S), "%.3f", now_s() - tr->t0);
	if (err) {
		if (stop_requested)
			snprintf(c->why, sizeof(c->why), "interrupted after %u of %u trials", c->done, c->total);
		else
			snprintf(c->why, sizeof(c->why), "trial %u %s: load: %s", tr->round,
				 strategy_names[tr->s], load->error);
		return abandon_trial(c, load, false);
	}
	table__set(&c->t, tr->r, TRIALS_COL(LOAD_FILL_PCT), "%.2f", load->fill.achieved_pct);
	table__set(&c->t, tr->r, TRIALS_COL(LOAD_PINNED_BLOCKS), "%zu", load->pin.nr_blocks);
	return 0;
}

/*
 * A request whose write failed (the driver's own allocations, or an
 * injected failure, before it ran): the driver's result is an older one's,
 * so the trial's is made here: it failed with that errno, nothing taken.
 */
static void result_not_taken(struct cma_test_result *r, int err, const char *cmd)
{
	const char *count = strstr(cmd, "count=");

	r->nr = 3;
	snprintf(r->kv[0].key, sizeof(r->kv[0].key), "ret");
	snprintf(r->kv[0].value, sizeof(r->kv[0].value), "%d", err);
	snprintf(r->kv[1].key, sizeof(r->kv[1].key), "allocated");
	snprintf(r->kv[1].value, sizeof(r->kv[1].value), "0");
	snprintf(r->kv[2].key, sizeof(r->kv[2].key), "requested");
	snprintf(r->kv[2].value, sizeof(r->kv[2].value), "%lld", count ? atoll(count + 6) : 0);
}

/* Step 2: the request, between two counter snapshots. */
static int trial_request(struct run_ctx *c, struct trial *tr, struct load *load)
{
	const struct scenario *sc = c->sc;
	const char *strat = strategy_names[tr->s];

	snapshot(c->area.name, tr->before);
	alloc_command(tr->rq.cmd, sizeof(tr->rq.cmd), c->area.name, sc, tr->s);
	tr->rq.inject = c->o->inject_failures_pct > 0;
	if (run_request(&tr->rq, sc->trial_timeout_s)) {
		snprintf(c->why, sizeof(c->why), "trial %u %s: no answer within %u s (trial_timeout_s)",
			 tr->round, strat, sc->trial_timeout_s);
		/*
		 * The kernel cannot be interrupted mid-request: give it time to
		 * finish, then give back what it allocated and the load.
		 */
		tool_error(0, "%s; waiting for the kernel to finish it", c->why);
		if (wait_request(&tr->rq, 10 * sc->trial_timeout_s + 60)) {
			pthread_join(tr->rq.thread, NULL);
			return abandon_trial(c, load, true);
		}
		tool_error(0, "the request is still running; its chunks stay held until it ends (release with 'echo 1 > " CMA_TEST_DIR "/release')");
		c->t.nrows--;
		return -1;
	}
	snapshot(c->area.name, tr->after);
	if (tr->rq.ret && tr->rq.ret != -EBUSY && tr->rq.ret != -ENOMEM) {
		snprintf(c->why, sizeof(c->why), "trial %u %s: the driver refused '%s': %s", tr->round,
			 strat, tr->rq.cmd, strerror(-tr->rq.ret));
		return abandon_trial(c, load, true);
	}
	if (tr->rq.ret)
		result_not_taken(&tr->res, tr->rq.ret, tr->rq.cmd);
	else
		cma_test__result(&tr->res);
	table__set(&c->t, tr->r, TRIALS_COL(WALL_NS), "%.0f", tr->rq.wall_ns);
	table__set(&c->t, tr->r, TRIALS_COL(BOOT_START_NS), "%llu", tr->rq.boot_start_ns);
	record_result(&c->t, tr->r, &tr->res);
	set_deltas(&c->t, tr->r, tr->before, tr->after);
	return 0;
}

/* Step 3: the tracer's view of exactly this trial, and what derives from it. */
static int trial_trace(struct run_ctx *c, struct trial *tr, const struct load *load)
{
	char *trace_line = NULL, col[64];
	double migrated;

	if (c->o->trace) {
		if (tracer__take(&c->tracer, &trace_line, &tr->tt, c->why, sizeof(c->why))) {
			free(trace_line);
			return -1;
		}
		record_trace(&c->t, tr->r, &tr->tt, tr->s, cma_test__ll(&tr->res, DRIVER_KEY(CMA_ALLOC_CALLS), 0));
		fprintf(c->trace_jsonl, "{\"seq\":%u,\"report\":%s}\n", c->done, trace_line);
		fflush(c->trace_jsonl);
		free(trace_line);
	}
	/*
	 * The driver counts migration only for bulk requests; the tracer (or,
	 * untraced, vmstat) counts it for every strategy.
	 */
	trials_family__name(TF_DELTA, "pgmigrate_success", col, sizeof(col));
	migrated = c->o->trace ? (double)tr->tt.migrated : table__num(&c->t, tr->r, table__col(&c->t, col));
	record_derived(c, tr->r, load, &tr->res, tr->rq.wall_ns, migrated);
	return 0;
}

/*
 * A write error that is not a signal's interruption (SIGTERM or Ctrl-C
 * interrupts a write: the handlers do not restart system calls), such as
 * a full disk. What the interrupted flush kept is written again.
 */
static bool stream_failed(FILE *f)
{
	for (int tries = 0; tries < 3; tries++) {
		errno = 0;
		if (!fflush(f) && !ferror(f))
			return false;
		if (errno != EINTR)
			return true;
		clearerr(f);
	}
	return true;
}

/*
 * Step 4: give everything back and check that it came back. The load's
 * teardown drains the per-cpu lists once everything is freed.
 */
static int trial_teardown(struct run_ctx *c, struct trial *tr, struct load *load)
{
	int err;

	cma_test__write("release", "nodrain");
	err = load__teardown(load);
	table__set(&c->t, tr->r, TRIALS_COL(CMA_FREE_KB_AFTER), "%ld", load->cma_free_kb_after);
	write_jsonl(c, tr->r, tr->before, tr->after, load);
	if (err) {
		/* Measured, so kept; but the next trial would not start clean. */
		snprintf(c->why, sizeof(c->why), "trial %u %s: teardown: %s", tr->round,
			 strategy_names[tr->s], load->error);
	} else if (c->trials_jsonl && stream_failed(c->trials_jsonl)) {
		/* A full disk: stop here, what the table holds is still written at the end. */
		snprintf(c->why, sizeof(c->why), "trial %u %s: cannot write trials.jsonl: %s",
			 tr->round, strategy_names[tr->s], strerror(errno ? errno : EIO));
		err = -EIO;
	}
	load__fini(load);
	c->done++;
	return err ? -1 : 0;
}

/* Step 5: progress, one line per trial. */
static void trial_progress(const struct run_ctx *c, const struct trial *tr)
{
	const struct scenario *sc = c->sc;
	char el[16], left[16];

	if (c->o->quiet)
		return;
	fmt_time(el, sizeof(el), now_s() - c->started);
	fmt_time(left, sizeof(left), (now_s() - c->started) / c->done * (c->total - c->done));
	fprintf(stderr, "[%s %u/%u] %-11s trial %u/%u%s: %8.2f ms, %s/%u chunks%s | %s elapsed, ~%s left\n",
		sc->name, c->done, c->total, strategy_names[tr->s], tr->round + 1, c->rounds,
		tr->round < sc->warmup ? " (warm-up)" : "", tr->rq.wall_ns / 1e6,
		table__str(&c->t, tr->r, table__col(&c->t, TRIALS_COL(ALLOCATED))), sc->chunks,
		cma_test__ll(&tr->res, DRIVER_KEY(RET), 0) ? " (short)" : "", el, left);
}

/*
 * One trial of strategy @s. Returns 0, or -1 when the run must stop
 * (c->why says why; what was measured before stays in the table).
 */
static int run_trial(struct run_ctx *c, unsigned int round, enum strategy s)
{
	const struct scenario *sc = c->sc;
	struct trial tr = { .round = round, .s = s };
	struct load load;
	int err;

	if (trial_begin(c, &tr))
		return -1;

	/* 1. The load, rebuilt to the same seed. */
	err = load__init(&load, c->area.name, sc->seed);
	if (!err)
		err = scenario__build_load(sc, &load);
	if (trial_loaded(c, &tr, &load, err))
		return -1;

	/* 2. The request, between two counter snapshots. */
	if (trial_request(c, &tr, &load))
		return -1;

	/* 3. The tracer's view of exactly this trial. */
	if (trial_trace(c, &tr, &load))
		return abandon_trial(c, &load, true);

	/* 4. Give everything back and check that it came back. */
	if (trial_teardown(c, &tr, &load))
		return -1;

	/* 5. Progress: one line per trial. */
	trial_progress(c, &tr);
	return 0;
}

/* Every strategy once, in a seeded random order. */
static int run_round(struct run_ctx *c, unsigned int round, const enum strategy *strats,
		     unsigned int nr_strats)
{
	uint64_t order[NR_STRATEGIES];

	load_shuffle(order, nr_strats, c->sc->seed * 1000003ULL + round);
	for (unsigned int k = 0; k < nr_strats && !stop_requested; k++)
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
	return tracer__start(&c->tracer, c->area.name, c->o->trace_args, timeline, errfile, c->why,
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
	tracer__stop(&c->tracer);
	run_compress_timeline(dir);
}

/* The driver's lock and, with --inject-failures, its fault knobs: fd or -1. */
static int run_claim_driver(const struct run_opts *o)
{
	int lock_fd = cma_test__lock_or_say();

	if (lock_fd >= 0 && o->inject_failures_pct && faults__setup(o->inject_failures_pct)) {
		close(lock_fd);
		return -1;
	}
	return lock_fd;
}

static void run_release_driver(int lock_fd)
{
	faults__restore();
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
	for (unsigned int round = 0; !partial && round < c->rounds && !stop_requested; round++) {
		partial = run_round(c, round, strats, nr_strats) != 0;
		/* 4b. --until-decided: one more round while a verdict is unknown. */
		if (!partial && round + 1 == c->rounds && o->until_decided &&
		    !stop_requested && undecided(c, nr_strats)) {
			c->rounds++;
			c->total += nr_strats;
		}
	}
	if (!partial && stop_requested) {
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
