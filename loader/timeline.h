/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cmabulk-trace's records as a Perfetto timeline (cmabulk-trace --perfetto):
 *
 *   process "<name>" (pid)                 merged with a device trace's own
 *     thread "<comm>" (tid)                ... process and thread tracks
 *       "cma <area>"                       each call as a slice (args: mode,
 *                                          order, requested, allocated, ret,
 *                                          skipped by reason, ...); in it
 *                                          each window it tried ("range ok",
 *                                          "range pinned", ...) with that
 *                                          window's phases nested, and an
 *                                          instant per skipped pageblock,
 *                                          fallback and culprit page
 *   "CMA area <area>"
 *     "<area> free pages", "<area> used pages"   sampled at each poll
 *     "<area> pages migrated"                    cumulative, per call
 *   "cmabulk-trace"
 *     "ring buffer drops"                        cumulative
 *
 * The layout is this file's; the wire format is loader/pftrace.h's.
 */
#ifndef CMABULK_TIMELINE_H
#define CMABULK_TIMELINE_H

#include <stddef.h>
#include <stdint.h>
#include <linux/types.h>

#include "bpf/cmabulk_kernel.h"
#include "bpf/cmabulk_trace.h"
#include "loader/kernel_names.h"

struct timeline;

/*
 * The ring buffer a timeline session asks for: with --phases a bulk call
 * is some ten records per range it tries (a few hundred per call), read
 * every 100 ms. A power of two, as BPF wants.
 */
#define TIMELINE_RINGBUF_BYTES (16U << 20)

/* What a session wrote, for its closing line and the tests. */
struct timeline_counts {
	uint64_t calls[NR_CALL_KINDS];
	uint64_t ranges, phases, skips, fallbacks, culprits, failures, samples;
	uint64_t drops;			/* ring buffer records lost */
	uint64_t bytes, packets;
};

/*
 * Create @path. @proc is the root of the /proc to read process names
 * from ("/proc"; the tests give another). NULL with errno set on failure.
 */
struct timeline *timeline__open(const char *path, const struct kernel_names *names,
				const char *proc);

/* One ring buffer record (any RECORD_* type); unknown ones are ignored. */
int timeline__record(struct timeline *tl, const void *data, size_t len);

struct culprit;

/* A page in the way (--culprits), resolved: an instant "culprit <kind>". */
int timeline__culprit(struct timeline *tl, const struct culprit_event *e,
		      const struct culprit *r);

struct failure_event;

/*
 * Why a call failed (loader/failure.h): an instant "failure <class>" at
 * its end, inside the call, with the one line as an argument.
 */
int timeline__failure(struct timeline *tl, const struct failure_event *e,
		      const char *class_name, const char *why);

/*
 * Per-poll work at @ts (CLOCK_BOOTTIME ns): the free and used pages of
 * each CMA area, from @cma_debugfs ("/sys/kernel/debug/cma") where it has
 * them, and the ring buffer drops so far. Only changes are written.
 */
int timeline__sample(struct timeline *tl, uint64_t ts, const char *cma_debugfs,
		     uint64_t drops);

/* Write out what is buffered (loader/pftrace.h). */
int timeline__flush(struct timeline *tl);

/* 0, or the first error (a negative errno). */
int timeline__error(const struct timeline *tl);

/* What was written so far. */
void timeline__counts(const struct timeline *tl, struct timeline_counts *c);

/* Close (NULL is fine); 0 or the session's first error. */
int timeline__close(struct timeline *tl);

#endif
