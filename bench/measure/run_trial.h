/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the run loop (run.c) and one trial (trial.c) share; private to
 * bench/measure.
 */
#ifndef CMABULK_RUN_TRIAL_H
#define CMABULK_RUN_TRIAL_H

#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>

#include "bench/core/table.h"
#include "bench/core/trials.h"
#include "bench/load/load.h"
#include "bench/measure/run.h"
#include "bench/measure/trace_client.h"
#include "lib/cma_test.h"
#include "lib/json.h"
#include "lib/sysfacts.h"

/* Counters read before and after each request; deltas go in the table. */
static const char *const vmstat_counters[] = {
	"cma_alloc_success", "cma_alloc_fail", "pgmigrate_success", "pgmigrate_fail",
	"compact_isolated", "pgfree", NULL,
};
static const char *const cma_sysfs_counters[] = {
	"alloc_pages_success", "alloc_pages_fail", "release_pages_success", NULL,
};
#define NR_VMSTAT (sizeof(vmstat_counters) / sizeof(vmstat_counters[0]) - 1)
#define NR_COUNTERS (NR_VMSTAT + sizeof(cma_sysfs_counters) / sizeof(cma_sysfs_counters[0]) - 1)

/* The key of the driver's result that column TC_<id> copies. */
#define DRIVER_KEY(id) (trials_columns[TC_##id].driver_key)

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

/* Set by SIGINT/SIGTERM: the run stops after the trial under way. */
extern volatile sig_atomic_t run_stop_requested;

void fmt_time(char *buf, size_t len, double s);
void alloc_command(char *buf, size_t len, const char *area, const struct scenario *sc,
			  enum strategy s);
void *request_thread(void *arg);
bool wait_request(struct request *rq, unsigned int timeout_s);
int run_request(struct request *rq, unsigned int timeout_s);
void counter_name(size_t i, char *buf, size_t len);
void snapshot(const char *area, long long *v);
void set_deltas(struct table *t, size_t r, const long long *a, const long long *b);
void counters_json(struct json_writer *w, const char *key, const long long *v);
void record_result(struct table *t, size_t r, const struct cma_test_result *res);
void record_trace(struct table *t, size_t r, const struct trace_trial *tt,
			 enum strategy s, long long driver_calls);
void record_derived(struct run_ctx *c, size_t r, const struct load *load,
			   const struct cma_test_result *res, double wall_ns, double migrated);
void write_jsonl(struct run_ctx *c, size_t r, const long long *before,
			const long long *after, const struct load *load);
int abandon_trial(struct run_ctx *c, struct load *load, bool release);
int trial_begin(struct run_ctx *c, struct trial *tr);
int trial_loaded(struct run_ctx *c, struct trial *tr, struct load *load, int err);
void result_not_taken(struct cma_test_result *r, int err, const char *cmd);
int trial_request(struct run_ctx *c, struct trial *tr, struct load *load);
int trial_trace(struct run_ctx *c, struct trial *tr, const struct load *load);
bool stream_failed(FILE *f);
int trial_teardown(struct run_ctx *c, struct trial *tr, struct load *load);
void trial_progress(const struct run_ctx *c, const struct trial *tr);
int run_trial(struct run_ctx *c, unsigned int round, enum strategy s);

#endif
