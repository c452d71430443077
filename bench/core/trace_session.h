/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A device tracing session, as scripts/device.sh pulls it back: a folder
 * with trace.out (cmabulk-trace --json: interval, call and final lines),
 * trace.err, device.facts (the device's key=value facts) and, for a
 * session around a command, command.status. Reading it here comes first
 * for both its report (bench/report/trace_session_md.h) and its farm cases
 * (bench/export/trace_session_cases.h).
 */
#ifndef CMABULK_BENCH_TRACE_SESSION_H
#define CMABULK_BENCH_TRACE_SESSION_H

#include <stdbool.h>
#include <stddef.h>

#include <json-c/json.h>
#include <linux/types.h>

#define DEVICE_MAX_FACTS 32

struct device_facts {
	int nr;
	char key[DEVICE_MAX_FACTS][32];
	char value[DEVICE_MAX_FACTS][256];
};

/* Read @path's key=value lines (at most DEVICE_MAX_FACTS). 0 or -errno. */
int device_facts__read(struct device_facts *f, const char *path);

/* The value of @key, or "" when the device did not say. */
const char *device_facts__get(const struct device_facts *f, const char *key);

/* The session's trace.out, as read. */
struct trace_session {
	struct json_object *final;	/* the last 'final' report, or NULL */
	struct json_object **calls;	/* the 'call' lines, in order */
	size_t nr_calls, nr_intervals;
	bool truncated;			/* the last line was cut off */
	const char *unit;		/* of the final report's latencies */
};

#define TRACE_SESSION_HIST_SLOTS 64

/*
 * trace.out in @dir, line by line; a cut-off last line (a session stopped
 * hard) is noted in ->truncated, not fatal. 0, or non-zero after one line
 * on stderr; trace_session__free() either way.
 */
int trace_session__load(struct trace_session *s, const char *dir);
void trace_session__free(struct trace_session *s);

/* Does @dir hold a tracing session (trace.out and no trials.csv)? */
bool trace_session__is_session(const char *dir);

/* The rows of the final report ("calls": one per area, kind, mode, fallback, order), or NULL. */
struct json_object *trace_session__rows(const struct trace_session *s);

/* A row's latency histogram back into TRACE_SESSION_HIST_SLOTS log2 slots. */
void trace_session__row_slots(struct json_object *row, __u64 *slots);

/* "reserved cma_alloc order 2" / "reserved bulk fast order 4". */
void trace_session__row_label(struct json_object *row, char *buf, size_t len);

/* A row's mean latency, in the final report's unit. */
double trace_session__row_mean(struct json_object *row);

#endif
