/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cmabulk-trace as the bench's eyes: started once per run, asked with
 * SIGUSR1 after every trial for a JSON report of what happened since the
 * last one, stopped at the end. Each report is kept verbatim and reduced
 * to the per-trial numbers the bench records.
 */
#ifndef CMABULK_BENCH_TRACER_H
#define CMABULK_BENCH_TRACER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "lib/child.h"

#define TRACE_MAX_PHASES 12

struct tracer {
	struct child child;
	FILE *out;		/* its stdout: one JSON document per line */
	char path[256];
};

/* Per-trial numbers from one interval report. */
struct trace_trial {
	uint64_t bulk_calls, cma_alloc_calls;
	uint64_t skipped, busy_retries;
	uint64_t ranges, retries, migrated, migrate_failed;
	uint64_t pcp_drains, lru_drains;
	uint64_t pcp_drain_ns, lru_drain_ns;
	int nr_phases;
	char phase[TRACE_MAX_PHASES][24];
	uint64_t phase_ns[TRACE_MAX_PHASES];
};

/*
 * Start cmabulk-trace (next to this program, else on PATH) on @area with
 * @args added and, when @perfetto is not NULL, its timeline written there
 * (--perfetto), and wait until it has attached. Returns 0 or -errno with
 * a reason in @err.
 */
int trace_client__start(struct tracer *t, const char *area, const char *args,
		  const char *perfetto, const char *stderr_file, char *err, size_t err_len);

/*
 * Ask for the report of what happened since the last one; @line gets the
 * JSON document (malloc()ed), @tt its numbers. Returns 0 or -errno.
 */
int trace_client__take(struct tracer *t, char **line, struct trace_trial *tt,
		 char *err, size_t err_len);

/*
 * The next report on @f, waiting up to @timeout_ms for each line: the
 * "failure" lines the tracer prints as calls fail are passed over.
 * Returns 0 with *@line the report (malloc()ed), or -ETIMEDOUT / -EIO.
 */
int trace_client__next_report(FILE *f, char **line, int timeout_ms, char *err, size_t err_len);

/* Stop it (SIGINT) and reap it. */
void trace_client__stop(struct tracer *t);

/* Reduce one interval report to @tt. Returns 0 or -EINVAL. */
int trace_trial__parse(const char *json, struct trace_trial *tt, char *err, size_t err_len);

#endif
