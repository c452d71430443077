/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A streaming writer of Perfetto traces (protobuf, loader/perfetto_trace.proto):
 * track descriptors, slices, instants and counters, each written to the
 * file as one TracePacket the moment it is given. A session cut short
 * leaves a file that decodes up to its last whole packet, and a file of
 * ours appended to a device's Perfetto trace is still one trace.
 *
 * Timestamps are CLOCK_BOOTTIME nanoseconds, Perfetto's trace clock.
 * Errors are sticky: the first failed write is kept and returned by every
 * later call and by pftrace__close(), so a caller checks when it likes.
 */
#ifndef CMABULK_PFTRACE_H
#define CMABULK_PFTRACE_H

#include <stddef.h>
#include <stdint.h>

struct pftrace;

/* One debug annotation ("arg") of a slice or an instant. */
enum pf_arg_kind { PF_ARG_INT, PF_ARG_UINT, PF_ARG_STR };

struct pf_arg {
	const char *name;
	enum pf_arg_kind kind;
	union {
		int64_t i;
		uint64_t u;
		const char *s;
	};
};

#define PF_INT(n, v)	((struct pf_arg){ .name = (n), .kind = PF_ARG_INT, .i = (v) })
#define PF_UINT(n, v)	((struct pf_arg){ .name = (n), .kind = PF_ARG_UINT, .u = (v) })
#define PF_STR(n, v)	((struct pf_arg){ .name = (n), .kind = PF_ARG_STR, .s = (v) })

/*
 * Create @path (truncating it) and write the clock snapshot that opens the
 * trace. NULL with errno set when the file cannot be created.
 */
struct pftrace *pftrace__open(const char *path);

/*
 * Descriptors. A uuid is the caller's, unique in the trace, never 0; @ts
 * (CLOCK_BOOTTIME ns, 0: now) is the time of the track's first event, so
 * that the descriptor sorts before it.
 */
int pftrace__process_track(struct pftrace *pt, uint64_t ts, uint64_t uuid, int pid,
			   const char *name);
int pftrace__thread_track(struct pftrace *pt, uint64_t ts, uint64_t uuid, int pid, int tid,
			  const char *name);
/* A named track; @parent 0 for a top-level one. */
int pftrace__track(struct pftrace *pt, uint64_t ts, uint64_t uuid, uint64_t parent,
		   const char *name);
int pftrace__counter_track(struct pftrace *pt, uint64_t ts, uint64_t uuid, uint64_t parent,
			   const char *name, const char *unit_name);

/* Events on a track, @ts in CLOCK_BOOTTIME ns. */
int pftrace__slice_begin(struct pftrace *pt, uint64_t track, uint64_t ts, const char *name,
			  const struct pf_arg *args, size_t nr_args);
int pftrace__slice_end(struct pftrace *pt, uint64_t track, uint64_t ts);
int pftrace__instant(struct pftrace *pt, uint64_t track, uint64_t ts, const char *name,
		      const struct pf_arg *args, size_t nr_args);
int pftrace__counter(struct pftrace *pt, uint64_t track, uint64_t ts, int64_t value);

/*
 * Write out the packets gathered so far (the writer keeps up to 64 KiB):
 * the loader calls it at every poll, so a tracer killed by SIGKILL leaves
 * all but the last moments.
 */
int pftrace__flush(struct pftrace *pt);

/* Bytes and packets given so far. */
uint64_t pftrace__bytes(const struct pftrace *pt);
uint64_t pftrace__packets(const struct pftrace *pt);

/* 0, or the first error (a negative errno); NULL is fine. */
int pftrace__error(const struct pftrace *pt);

/*
 * Flush, close and free. Returns 0 or the first error (a negative errno)
 * of the whole session, including the close itself.
 */
int pftrace__close(struct pftrace *pt);

#endif
