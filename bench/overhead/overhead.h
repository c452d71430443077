/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a tracer costs the allocation it watches, measured side by side in
 * one boot: passes of the same bulk call with no tracer and with each
 * tracer (cmabulk-trace, cmabulk-trace --phases, bpftrace, any command),
 * interleaved so that every traced pass has an untraced pass on either
 * side of it:
 *
 *     N T1 N T2 N T3 N  T2 N T3 N T1 N  T3 N T1 N T2 N ...
 *
 * A traced pass's cost is its median call latency against the mean of its
 * two neighbours' (a paired design: a drift of the machine over minutes
 * cancels), and each tracer's cost is the median of those paired deltas
 * with a bootstrap interval (lib/bootstrap.h). Statistics are off in those
 * passes: BPF_ENABLE_STATS costs time of its own. Then one pass per tracer
 * with them on gives, for each of its programs (found through the tracer
 * process's descriptors, lib/progstats.h), runs and run time per bulk call.
 *
 * Written to DIR: meta.json, passes.csv (one row per call), progs.csv (one
 * row per program of each tracer), summary.json and report.md.
 */
#ifndef CMABULK_OVERHEAD_H
#define CMABULK_OVERHEAD_H

#include <stdbool.h>
#include <stdint.h>

#define OVERHEAD_MAX_CONTENDERS	8
#define OVERHEAD_MAX_META	16

struct overhead_contender {
	char name[32];		/* "trace", "phases", "bpftrace", ... */
	char cmd[512];		/* run with /bin/sh -c */
};

struct overhead_opts {
	const char *area;		/* NULL: the first */
	const char *mode;		/* a driver mode: fast, normal, ... */
	unsigned int count, order;	/* chunks per call, of this order */
	double pin_fraction;		/* pageblocks pinned, 0..1 */
	unsigned int rounds;		/* traced passes per tracer */
	unsigned int calls;		/* measured calls per pass */
	unsigned int warmup_calls;	/* first, in every pass: the tracer's cold runs */
	unsigned int stats_calls;	/* calls in each tracer's statistics pass */
	double ready_timeout_s;		/* for a tracer to attach */
	int nr_contenders;
	struct overhead_contender contenders[OVERHEAD_MAX_CONTENDERS];
	const char *results_dir, *run_id;
	int nr_meta;
	const char *meta[OVERHEAD_MAX_META];
	uint64_t seed;			/* the bootstrap's */
	bool quiet;
};

#define OVERHEAD_DEFAULTS { .mode = "fast", .count = 4800, .order = 4, .pin_fraction = 0.05, \
			    .rounds = 10, .calls = 5, .warmup_calls = 1, .stats_calls = 10, .ready_timeout_s = 300, \
			    .results_dir = "results", .seed = 1 }

/*
 * The tracers when none is given: cmabulk-trace -j, with --phases, and
 * bench/overhead/overhead.bt when bpftrace is on PATH (and @root/bench/overhead/overhead.bt
 * exists). Returns the number added.
 */
int overhead__default_contenders(struct overhead_opts *o, const char *root);

/* "NAME=COMMAND" as an contender. 0 or -EINVAL (a bad name, or too many). */
int overhead__add_contender(struct overhead_opts *o, const char *spec);

/* Run it. 0: done; 1: a tracer failed or it was interrupted; 2: bad input. */
int bench_overhead(const struct overhead_opts *o);

#endif
