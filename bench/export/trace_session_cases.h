/* SPDX-License-Identifier: GPL-2.0 */
/* A device tracing session as a device farm's cases. */
#ifndef CMABULK_BENCH_TRACE_SESSION_CASES_H
#define CMABULK_BENCH_TRACE_SESSION_CASES_H

struct farm_cases;

/*
 * The session in @dir as farm cases (bench/export/farm_cases.h), in set "trace":
 * trace-session pass when the tracer reached its final report (fail
 * otherwise), and per row of that report (area, kind, mode, order) its
 * calls, failed calls, pages allocated, skipped pageblocks and mean
 * latency. 0, or non-zero after one line on stderr.
 */
int trace_session__cases(const char *dir, struct farm_cases *out);

#endif
