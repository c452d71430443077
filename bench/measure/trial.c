// SPDX-License-Identifier: GPL-2.0
/*
 * One trial of a run (run_trial.h): the load rebuilt, the counters before,
 * the request in a thread (a hung one can be given up on), the counters
 * after, the tracer's report of it, its rows, the release and teardown.
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

void fmt_time(char *buf, size_t len, double s)
{
	if (s < 60)
		snprintf(buf, len, "%.0fs", s);
	else
		snprintf(buf, len, "%dm%02ds", (int)s / 60, (int)s % 60);
}

/* The driver's alloc command for @s. */
void alloc_command(char *buf, size_t len, const char *area, const struct scenario *sc,
			  enum strategy s)
{
	snprintf(buf, len, "area=%s order=%u count=%u %s", area, sc->order, sc->chunks,
		 strategy__driver_args(s));
}

void *request_thread(void *arg)
{
	struct request *rq = arg;
	int mark = rq->inject ? fault_inject__thread_open() : -1;
	struct timespec boot;
	double t0;
	int ret;

	/*
	 * Before the mark: with failures injected, even a vDSO clock read may
	 * fault in a page table and die of it (SIGBUS, seen on arm64).
	 */
	clock_gettime(CLOCK_BOOTTIME, &boot);
	if (mark >= 0)
		fault_inject__mark(mark, 1);
	t0 = now_s();
	ret = cma_test__write("alloc", "%s", rq->cmd);
	if (mark >= 0) {
		fault_inject__mark(mark, 0);
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
bool wait_request(struct request *rq, unsigned int timeout_s)
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
int run_request(struct request *rq, unsigned int timeout_s)
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

/* Counter @i's name in the table and in trials.jsonl: the CMA ones get "cma_". */
void counter_name(size_t i, char *buf, size_t len)
{
	if (i < NR_VMSTAT)
		snprintf(buf, len, "%s", vmstat_counters[i]);
	else
		snprintf(buf, len, "cma_%s", cma_sysfs_counters[i - NR_VMSTAT]);
}

/* Every counter, exact (per-cpu deltas folded), /proc/vmstat read once. */
void snapshot(const char *area, long long *v)
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

void set_deltas(struct table *t, size_t r, const long long *a, const long long *b)
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
void counters_json(struct json_writer *w, const char *key, const long long *v)
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
 * Record the driver's result for this trial: its columns, its skips by
 * reason. Skipped blocks count distinct pageblocks: after a fallback pass,
 * which tries the first pass's skipped windows again, the ones it skipped
 * plus the busy ones (which it does not count again).
 */
void record_result(struct table *t, size_t r, const struct cma_test_result *res)
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

void record_trace(struct table *t, size_t r, const struct trace_trial *tt,
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

/* Record a trial's derived values: satisfiable chunks, success, the floor. */
void record_derived(struct run_ctx *c, size_t r, const struct load *load,
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

void write_jsonl(struct run_ctx *c, size_t r, const long long *before,
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

/* Give back the chunks and the load; the trial's row is dropped. */
int abandon_trial(struct run_ctx *c, struct load *load, bool release)
{
	c->t.nrows--;
	if (release)
		cma_test__write("release", "nodrain");	/* teardown drains */
	load__teardown(load);
	load__fini(load);
	return -1;
}

/* The trial's row, with what is known before it starts. */
int trial_begin(struct run_ctx *c, struct trial *tr)
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
int trial_loaded(struct run_ctx *c, struct trial *tr, struct load *load, int err)
{
	table__set(&c->t, tr->r, TRIALS_COL(SETUP_S), "%.3f", now_s() - tr->t0);
	if (err) {
		if (run_stop_requested)
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
void result_not_taken(struct cma_test_result *r, int err, const char *cmd)
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
int trial_request(struct run_ctx *c, struct trial *tr, struct load *load)
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
int trial_trace(struct run_ctx *c, struct trial *tr, const struct load *load)
{
	char *trace_line = NULL, col[64];
	double migrated;

	if (c->o->trace) {
		if (trace_client__take(&c->tracer, &trace_line, &tr->tt, c->why, sizeof(c->why))) {
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
bool stream_failed(FILE *f)
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
int trial_teardown(struct run_ctx *c, struct trial *tr, struct load *load)
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
void trial_progress(const struct run_ctx *c, const struct trial *tr)
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
int run_trial(struct run_ctx *c, unsigned int round, enum strategy s)
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
