/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A device tracing session, as scripts/device.sh pulls it back: a folder
 * with trace.out (cmabulk-trace --json: interval, call and final lines),
 * trace.err, device.facts (the device's key=value facts) and, for a
 * session around a command, command.status. Rendering it here gives the
 * folder a meta.json naming the device, a report.md with the per-area
 * tables, the latency histograms and the per-call table, and plots.
 */
#ifndef CMABULK_BENCH_SESSION_H
#define CMABULK_BENCH_SESSION_H

#include <stdbool.h>
#include <stdio.h>

struct session_opts {
	const char *transport;	/* adb, ssh, local: for meta.json */
	int status;		/* the tracer's exit status on the device */
	bool interrupted;	/* stopped by Ctrl-C on the host */
	bool json;		/* print the final JSON line, not the text summary */
	bool plot;		/* call gnuplot when it is here */
};

#define SESSION_MAX_FACTS 32

struct session_facts {
	int nr;
	char key[SESSION_MAX_FACTS][32];
	char value[SESSION_MAX_FACTS][256];
};

/* Read @path's key=value lines (at most SESSION_MAX_FACTS). 0 or -errno. */
int session_facts__read(struct session_facts *f, const char *path);

/* The value of @key, or "" when the device did not say. */
const char *session_facts__get(const struct session_facts *f, const char *key);

/*
 * Render the session in @dir: meta.json, report.md, plots/; the summary
 * on @out. 0, or non-zero after one line on stderr (no trace in @dir, a
 * trace line that is not the tracer's JSON, a file that cannot be written).
 */
int session__render(const char *dir, const struct session_opts *o, FILE *out);

struct farm_cases;

/* Does @dir hold a tracing session (trace.out and no trials.csv)? */
bool session__is_session(const char *dir);

/*
 * The session in @dir as farm cases (bench/farm_cases.h), in set "trace":
 * trace-session pass when the tracer reached its final report (fail
 * otherwise), and per row of that report (area, kind, mode, order) its
 * calls, failed calls, pages allocated, skipped pageblocks and mean
 * latency. 0, or non-zero after one line on stderr.
 */
int session__cases(const char *dir, struct farm_cases *out);

#endif
