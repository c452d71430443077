/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A device tracing session rendered on the host: the folder gets a
 * meta.json naming the device, a report.md with the per-area tables, the
 * latency histograms and the per-call table, and plots.
 */
#ifndef CMABULK_BENCH_TRACE_SESSION_MD_H
#define CMABULK_BENCH_TRACE_SESSION_MD_H

#include <stdbool.h>
#include <stdio.h>

struct trace_session_opts {
	const char *transport;	/* adb, ssh, local: for meta.json */
	int status;		/* the tracer's exit status on the device */
	bool interrupted;	/* stopped by Ctrl-C on the host */
	bool json;		/* print the final JSON line, not the text summary */
	bool plot;		/* call gnuplot when it is here */
};

/*
 * Render the session in @dir: meta.json, report.md, plots/; the summary
 * on @out. 0, or non-zero after one line on stderr (no trace in @dir, a
 * trace line that is not the tracer's JSON, a file that cannot be written).
 */
int trace_session__render(const char *dir, const struct trace_session_opts *o, FILE *out);

#endif
