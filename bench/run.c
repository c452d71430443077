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
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "lib/cma_test.h"
#include "lib/json.h"
#include "bench/load/load.h"
#include "bench/run.h"
#include "bench/scenario_load.h"
#include "bench/summary.h"
#include "lib/sysfacts.h"
#include "bench/table.h"
#include "bench/tracer.h"
#include "lib/tool.h"

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
	static const char *const extra[NR_STRATEGIES] = {
		[STRAT_WHOLE] = "strategy=whole",
		[STRAT_CHUNKS2M] = "strategy=chunks2m",
		[STRAT_CHUNKS] = "strategy=chunks",
		[STRAT_NORMAL] = "mode=normal",
		[STRAT_FAST] = "mode=fast",
		[STRAT_FAST_NORMAL] = "mode=fast fallback=normal",
		[STRAT_HARD] = "mode=hard",
	};

	snprintf(buf, len, "area=%s order=%u count=%u %s", area, sc->order, sc->chunks, extra[s]);
}

struct request {
	char cmd[256];
	int ret;
	double wall_ns;
	bool done;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
};

static void *request_thread(void *arg)
{
	struct request *rq = arg;
	double t0 = now_s();
	int ret = cma_test__write("alloc", "%s", rq->cmd);

	pthread_mutex_lock(&rq->lock);
	rq->wall_ns = (now_s() - t0) * 1e9;
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
		snprintf(col, sizeof(col), "d_%s", name);
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

static void write_meta(const char *dir, const struct run_opts *o, const char *run_id,
		       const char *status, const char *reason, const struct cma_area *area,
		       double membw, double started)
{
	char path[1024], model[256] = "unknown", clock[64] = "unknown", date[64], started_at[64];
	struct utsname u;
	struct json_writer w;
	time_t now = time(NULL), then;
	FILE *f;

	snprintf(path, sizeof(path), "%s/meta.json", dir);
	f = atomic_open(path);
	if (!f)
		return;
	uname(&u);
	{
		FILE *c = fopen("/proc/cpuinfo", "r");
		char line[512];

		while (c && fgets(line, sizeof(line), c)) {
			if (!strncmp(line, "model name", 10) && strchr(line, ':')) {
				snprintf(model, sizeof(model), "%s", strchr(line, ':') + 2);
				model[strcspn(model, "\n")] = 0;
				break;
			}
		}
		if (c)
			fclose(c);
		c = fopen("/sys/devices/system/clocksource/clocksource0/current_clocksource", "r");
		if (c && fgets(clock, sizeof(clock), c))
			clock[strcspn(clock, "\n")] = 0;
		if (c)
			fclose(c);
	}
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	then = now - (time_t)(now_s() - started);
	strftime(started_at, sizeof(started_at), "%Y-%m-%dT%H:%M:%SZ", gmtime(&then));
	json_init(&w, f, true);
	json_object_begin(&w);
	json_key_string(&w, "schema", "cmabulk-bench-meta");
	json_key_u64(&w, "version", 1);
	json_key_string(&w, "run_id", run_id);
	json_key_string(&w, "status", status);
	if (reason)
		json_key_string(&w, "reason", reason);
	json_key_string(&w, "scenario", o->scenario.name);
	json_key_string(&w, "date", date);	/* of this record: the end, once done */
	json_key_string(&w, "started", started_at);
	json_key_double(&w, "elapsed_s", now_s() - started);
	json_key_string(&w, "tool_version", CMABULK_VERSION);
	json_key_string(&w, "kernel_release", u.release);
	json_key_string(&w, "kernel_version", u.version);
	json_key_string(&w, "machine", u.machine);
	json_key_string(&w, "cpu_model", model);
	json_key_i64(&w, "cpus", sysconf(_SC_NPROCESSORS_ONLN));
	json_key_i64(&w, "mem_total_kb", sys_meminfo_kb("MemTotal"));
	json_key_string(&w, "clocksource", clock);
	json_key_string(&w, "cma_area", area->name);
	json_key_u64(&w, "cma_pages", area->nr_pages);
	json_key_u64(&w, "pageblock_pages", area->pageblock_pages);
	json_key_u64(&w, "seed", o->scenario.seed);
	json_key_double(&w, "membw_bytes_per_s", membw);
	json_key_bool(&w, "traced", o->trace);
	json_key(&w, "host");
	json_object_begin(&w);
	for (int i = 0; i < o->nr_meta; i++) {
		const char *eq = strchr(o->meta[i], '=');
		char key[64];

		if (!eq || eq == o->meta[i])
			continue;
		snprintf(key, sizeof(key), "%.*s", (int)(eq - o->meta[i]), o->meta[i]);
		json_key_string(&w, key, eq + 1);
	}
	json_object_end(&w);
	json_object_end(&w);
	json_finish(&w);
	atomic_close(f, path);
}

static volatile sig_atomic_t stop_requested;

static void on_stop(int sig)
{
	(void)sig;
	stop_requested = 1;
	load_interrupted = 1;
}

/* Record the driver's result keys for this trial. */
static void record_result(struct table *t, size_t r, const struct cma_test_result *res)
{
	static const char *const keys[] = {
		"requested", "allocated", "ret", "ns", "cma_alloc_calls", "ranges", "retries",
		"migrated", "migrate_failed", "fallback_allocated", NULL,
	};
	long long skipped = 0;

	for (const char *const *k = keys; *k; k++)
		table__set(t, r, strcmp(*k, "ns") ? *k : "kernel_ns", "%lld", cma_test__ll(res, *k, 0));
	for (int i = 0; i < res->nr; i++) {
		if (!strncmp(res->kv[i].key, "skipped_", 8)) {
			table__set(t, r, res->kv[i].key, "%s", res->kv[i].value);
			skipped += strtoll(res->kv[i].value, NULL, 10);
		}
	}
	table__set(t, r, "skipped_total", "%lld", skipped);
}

static void record_trace(struct table *t, size_t r, const struct trace_trial *tt,
			 enum strategy s, long long driver_calls)
{
	bool bulk = s >= STRAT_NORMAL;
	long long want = bulk ? 1 : driver_calls;
	long long got = bulk ? (long long)tt->bulk_calls : (long long)tt->cma_alloc_calls;

	static const struct {
		const char *col;
		size_t offset;
	} fields[] = {
#define F(name) { "trace_" #name, offsetof(struct trace_trial, name) }
		F(bulk_calls), F(cma_alloc_calls), F(skipped), F(busy_retries), F(ranges),
		F(retries), F(migrated), F(migrate_failed), F(pcp_drains), F(lru_drains),
		F(pcp_drain_ns), F(lru_drain_ns),
#undef F
	};

	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		table__set(t, r, fields[i].col, "%llu",
			   (unsigned long long)*(const uint64_t *)((const char *)tt + fields[i].offset));
	for (int i = 0; i < tt->nr_phases; i++) {
		char col[64];

		snprintf(col, sizeof(col), "phase_%s_ns", tt->phase[i]);
		table__set(t, r, col, "%llu", (unsigned long long)tt->phase_ns[i]);
	}
	/* The driver's count and the tracer's must agree, call for call. */
	table__set(t, r, "trace_mismatch", "%d", got != want);
}

static int finish(const char *dir, struct table *t, const struct run_opts *o,
		  const char *run_id, const char *status, const char *reason,
		  const struct cma_area *area, double membw, double started)
{
	struct run_summary sum;
	char path[1024];
	FILE *f;
	int err = 0;

	snprintf(path, sizeof(path), "%s/trials.csv", dir);
	f = atomic_open(path);
	if (!f || table__write_csv(t, f) || atomic_close(f, path))
		err = -EIO;
	if (summary__compute(t, &sum) == 0) {
		snprintf(path, sizeof(path), "%s/summary.json", dir);
		f = atomic_open(path);
		if (!f || summary__write_json(&sum, f) || atomic_close(f, path))
			err = -EIO;
		if (!o->quiet) {
			printf("\n%s: %s, %zu trials (%zu warm-up) -> %s\n", o->scenario.name, status,
			       sum.rows, sum.warmup_rows, dir);
			summary__print_headline(&sum, stdout);
		}
	}
	write_meta(dir, o, run_id, status, reason, area, membw, started);
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
};

/* Record a trial's derived values: satisfiable chunks, success, the floor. */
static void record_derived(struct run_ctx *c, size_t r, const struct load *load,
			   const struct cma_test_result *res, double wall_ns, double migrated)
{
	const struct scenario *sc = c->sc;
	long long allocated = cma_test__ll(res, "allocated", 0);
	double satisfiable, floor_ns;

	satisfiable = floor((double)(c->area.nr_pages - load->pin.nr_blocks * c->area.pageblock_pages) /
			    (1u << sc->order));
	if (satisfiable > sc->chunks)
		satisfiable = sc->chunks;
	table__set(&c->t, r, "satisfiable", "%.0f", satisfiable);
	table__set(&c->t, r, "success", "%.6f", allocated / (double)sc->chunks);
	table__set(&c->t, r, "success_satisfiable", "%.6f", fmin(1.0, allocated / satisfiable));
	/* The migration floor: bytes migrated over copy bandwidth. */
	table__set(&c->t, r, "migrated_pages", "%.0f", migrated);
	floor_ns = c->membw > 0 ? migrated * 4096.0 / c->membw * 1e9 : 0;
	table__set(&c->t, r, "floor_ns", "%.0f", floor_ns);
	if (floor_ns > 0)
		table__set(&c->t, r, "floor_ratio", "%.3f", wall_ns / floor_ns);
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
	counters_json(&w, "counters_before", before);
	counters_json(&w, "counters_after", after);
	json_key(&w, "load");
	load__write_json(load, &w);
	json_object_end(&w);
	json_finish(&w);
}

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

/*
 * One trial of strategy @s. Returns 0, or -1 when the run must stop
 * (c->why says why; what was measured before stays in the table).
 */
static int run_trial(struct run_ctx *c, unsigned int round, enum strategy s)
{
	const struct scenario *sc = c->sc;
	long long before[NR_COUNTERS], after[NR_COUNTERS];
	struct cma_test_result res;
	struct request rq = { 0 };
	struct trace_trial tt = { 0 };
	struct load load;
	char *trace_line = NULL, el[16], left[16];
	double t0 = now_s();
	long r = table__add_row(&c->t);
	int err;

	if (r < 0) {
		snprintf(c->why, sizeof(c->why), "out of memory");
		return -1;
	}
	table__set(&c->t, r, "seq", "%u", c->done);
	table__set(&c->t, r, "trial", "%u", round);
	table__set(&c->t, r, "warmup", "%d", round < sc->warmup);
	table__set(&c->t, r, "strategy", "%s", strategy_names[s]);

	/* 1. The load, rebuilt to the same seed. */
	err = load__init(&load, c->area.name, sc->seed);
	if (!err)
		err = scenario__build_load(sc, &load);
	table__set(&c->t, r, "setup_s", "%.3f", now_s() - t0);
	if (err) {
		if (stop_requested)
			snprintf(c->why, sizeof(c->why), "interrupted after %u of %u trials", c->done, c->total);
		else
			snprintf(c->why, sizeof(c->why), "trial %u %s: load: %s", round,
				 strategy_names[s], load.error);
		return abandon_trial(c, &load, false);
	}
	table__set(&c->t, r, "load_fill_pct", "%.2f", load.fill.achieved_pct);
	table__set(&c->t, r, "load_pinned_blocks", "%zu", load.pin.nr_blocks);

	/* 2. The request, between two counter snapshots. */
	snapshot(c->area.name, before);
	alloc_command(rq.cmd, sizeof(rq.cmd), c->area.name, sc, s);
	if (run_request(&rq, sc->trial_timeout_s)) {
		snprintf(c->why, sizeof(c->why), "trial %u %s: no answer within %u s (trial_timeout_s)",
			 round, strategy_names[s], sc->trial_timeout_s);
		/*
		 * The kernel cannot be interrupted mid-request: give it time to
		 * finish, then give back what it allocated and the load.
		 */
		fprintf(stderr, "cmabulk-bench: %s; waiting for the kernel to finish it\n", c->why);
		if (wait_request(&rq, 10 * sc->trial_timeout_s + 60)) {
			pthread_join(rq.thread, NULL);
			return abandon_trial(c, &load, true);
		}
		fprintf(stderr, "cmabulk-bench: the request is still running; its chunks stay held until it ends (release with 'echo 1 > " CMA_TEST_DIR "/release')\n");
		c->t.nrows--;
		return -1;
	}
	snapshot(c->area.name, after);
	cma_test__result(&res);
	if (rq.ret && rq.ret != -EBUSY && rq.ret != -ENOMEM) {
		snprintf(c->why, sizeof(c->why), "trial %u %s: the driver refused '%s': %s", round,
			 strategy_names[s], rq.cmd, strerror(-rq.ret));
		return abandon_trial(c, &load, true);
	}
	table__set(&c->t, r, "wall_ns", "%.0f", rq.wall_ns);
	record_result(&c->t, r, &res);
	set_deltas(&c->t, r, before, after);

	/* 3. The tracer's view of exactly this trial. */
	if (c->o->trace) {
		if (tracer__take(&c->tracer, &trace_line, &tt, c->why, sizeof(c->why))) {
			free(trace_line);
			return abandon_trial(c, &load, true);
		}
		record_trace(&c->t, r, &tt, s, cma_test__ll(&res, "cma_alloc_calls", 0));
		fprintf(c->trace_jsonl, "{\"seq\":%u,\"report\":%s}\n", c->done, trace_line);
		fflush(c->trace_jsonl);
		free(trace_line);
	}
	/*
	 * The driver counts migration only for bulk requests; the tracer (or,
	 * untraced, vmstat) counts it for every strategy.
	 */
	record_derived(c, r, &load, &res, rq.wall_ns, c->o->trace ? (double)tt.migrated :
		       table__num(&c->t, r, table__col(&c->t, "d_pgmigrate_success")));

	/*
	 * 4. Give everything back and check that it came back. The load's
	 * teardown drains the per-cpu lists once everything is freed.
	 */
	cma_test__write("release", "nodrain");
	err = load__teardown(&load);
	table__set(&c->t, r, "cma_free_kb_after", "%ld", load.cma_free_kb_after);
	write_jsonl(c, r, before, after, &load);
	if (err) {
		/* Measured, so kept; but the next trial would not start clean. */
		snprintf(c->why, sizeof(c->why), "trial %u %s: teardown: %s", round,
			 strategy_names[s], load.error);
		load__fini(&load);
		c->done++;
		return -1;
	}
	load__fini(&load);
	c->done++;

	/* 5. Progress: one line per trial. */
	fmt_time(el, sizeof(el), now_s() - c->started);
	fmt_time(left, sizeof(left), (now_s() - c->started) / c->done * (c->total - c->done));
	if (!c->o->quiet)
		fprintf(stderr, "[%s %u/%u] %-11s trial %u/%u%s: %8.2f ms, %s/%u chunks%s | %s elapsed, ~%s left\n",
			sc->name, c->done, c->total, strategy_names[s], round + 1, c->rounds,
			round < sc->warmup ? " (warm-up)" : "", rq.wall_ns / 1e6,
			table__str(&c->t, r, table__col(&c->t, "allocated")), sc->chunks,
			cma_test__ll(&res, "ret", 0) ? " (short)" : "", el, left);
	return 0;
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
	if (mkdir(dir, 0755)) {
		fprintf(stderr, "cmabulk-bench: cannot create %s: %s\n", dir, strerror(errno));
		return -1;
	}
	snprintf(path, sizeof(path), "%s/scenario", dir);
	f = atomic_open(path);
	if (f) {
		scenario__write(c->sc, f);
		atomic_close(f, path);
	}
	write_meta(dir, o, run_id, "running", NULL, &c->area, c->membw, c->started);
	snprintf(path, sizeof(path), "%s/trials.jsonl", dir);
	c->trials_jsonl = fopen(path, "w");
	if (o->trace) {
		snprintf(path, sizeof(path), "%s/trace.jsonl", dir);
		c->trace_jsonl = fopen(path, "w");
	}
	return 0;
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
	int err;

	memset(c, 0, sizeof(*c));
	c->o = o;
	c->sc = sc;
	c->started = now_s();

	/* 1. What the machine must have for this scenario. */
	if (geteuid() != 0) {
		fprintf(stderr, "cmabulk-bench: must be run as root (it drives the test driver and BPF)\n");
		return 1;
	}
	if (!cma_test__available()) {
		fprintf(stderr, "cmabulk-bench: no test driver at " CMA_TEST_DIR " (a kernel with the series and CONFIG_CMA_BULK_TEST)\n");
		return 1;
	}
	if (cma_area__find(&c->area, o->area)) {
		fprintf(stderr, "cmabulk-bench: no CMA area%s%s (boot with cma=SIZE; debugfs at /sys/kernel/debug)\n",
			o->area ? " " : "", o->area ? o->area : "");
		return 1;
	}
	if (c->area.nr_pages < (uint64_t)sc->min_cma_mb * 256) {
		fprintf(stderr, "cmabulk-bench: scenario %s needs a CMA area of %u MiB, '%s' has %llu MiB\n",
			sc->name, sc->min_cma_mb, c->area.name, (unsigned long long)c->area.nr_pages >> 8);
		return 1;
	}
	for (int s = 0; s < NR_STRATEGIES; s++)
		if (sc->strategies & (1u << s))
			strats[nr_strats++] = s;
	c->rounds = sc->warmup + sc->trials;
	c->total = c->rounds * nr_strats;

	/* 2. The run folder; meta.json says "running" until the end. */
	c->membw = bench_membw();
	if (open_run_folder(c, dir, dir_len, run_id, sizeof(run_id)))
		return 1;
	table__init(&c->t);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	/* 3. The tracer, attached once for the whole run. */
	if (o->trace) {
		char errfile[1100];

		snprintf(errfile, sizeof(errfile), "%s/trace.stderr", dir);
		if (!o->quiet)
			fprintf(stderr, "cmabulk-bench: starting cmabulk-trace ...\n");
		err = tracer__start(&c->tracer, c->area.name, o->trace_args, errfile, c->why, sizeof(c->why));
		if (err)
			partial = true;
	}
	if (!partial && !o->quiet)
		fprintf(stderr, "cmabulk-bench: %s: %u strategies x %u trials (%u warm-up), memcpy %.2f GB/s\n",
			sc->name, nr_strats, c->rounds, sc->warmup, c->membw / 1e9);

	/* 4. The trials: every strategy per round, in a seeded random order. */
	for (unsigned int round = 0; !partial && round < c->rounds && !stop_requested; round++) {
		uint64_t order[NR_STRATEGIES];

		load_shuffle(order, nr_strats, sc->seed * 1000003ULL + round);
		for (unsigned int k = 0; !partial && k < nr_strats && !stop_requested; k++)
			partial = run_trial(c, round, strats[order[k]]) != 0;
	}
	if (!partial && stop_requested) {
		snprintf(c->why, sizeof(c->why), "interrupted after %u of %u trials", c->done, c->total);
		partial = true;
	}

	/* 5. Stop the tracer; write the table, the summary and the final meta.json. */
	if (o->trace)
		tracer__stop(&c->tracer);
	if (c->trials_jsonl)
		fclose(c->trials_jsonl);
	if (c->trace_jsonl)
		fclose(c->trace_jsonl);
	if (partial)
		fprintf(stderr, "cmabulk-bench: %s; what was measured is kept, marked partial, in %s\n", c->why, dir);
	err = finish(dir, &c->t, o, run_id, partial ? "partial" : "complete", partial ? c->why : NULL,
		     &c->area, c->membw, c->started);
	table__free(&c->t);
	return partial || err ? 1 : 0;
}
