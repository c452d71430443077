/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Why an allocation failed, in one line: the area was too small for it
 * (size), had the pages free but not in one range (fragmentation), had
 * free ranges that could not be taken (blocked: busy, pinned, unmovable),
 * or something else (the errno). From a failure record of
 * bpf/cmabulk_trace.bpf.c, which needs neither debugfs nor CMA sysfs; the
 * line says which source each fact came from. Also the session's failures
 * by class, per area.
 */
#ifndef CMABULK_FAILURE_H
#define CMABULK_FAILURE_H

#include <stdbool.h>
#include <stdio.h>

#include <linux/types.h>

#include "bpf/cmabulk_kernel.h"
#include "bpf/cmabulk_trace.h"

struct kernel_names;

enum failure_class {
	FAILURE_SIZE,
	FAILURE_FRAGMENTATION,
	FAILURE_BLOCKED,
	FAILURE_OTHER,
	NR_FAILURE_CLASSES
};

/* What a kernel's errno means for a call that found no free range. */
struct failure_kernel {
	/*
	 * From 6.15's cma_range_alloc() on, a request that finds no free
	 * range ends with -EBUSY, as one whose ranges were busy does; before
	 * it, -ENOMEM.
	 */
	bool busy_means_no_range;
};

const char *failure_class__name(enum failure_class c);

/* The class of failure record @e. */
enum failure_class failure__classify(const struct failure_event *e,
				     const struct failure_kernel *k);

/*
 * The one line that says why @e failed (no newline): its class, then the
 * facts it rests on, each with its source; a blocked one ends with
 * @in_the_way when not empty (failure_tally__take()). Returns @buf.
 */
const char *failure__explain(const struct failure_event *e, const struct failure_kernel *k,
			     const struct kernel_names *names, const char *in_the_way,
			     char *buf, size_t len);

/* The record as printed: a text line, or one JSON object. */
void failure__print(const struct failure_event *e, const struct failure_kernel *k,
		    const struct kernel_names *names, const char *in_the_way, bool json,
		    FILE *out);

#define FAILURE_TALLY_THREADS 16
#define FAILURE_TALLY_KINDS 16

/*
 * The pages --culprits resolved on each thread since its last failure,
 * by kind, so that a blocked call's line names what was in its way.
 */
struct failure_tally {
	struct {
		__u32 tid;
		unsigned int n[FAILURE_TALLY_KINDS];
	} t[FAILURE_TALLY_THREADS];
	unsigned int next;		/* the slot a new thread takes */
};

void failure_tally__add(struct failure_tally *t, __u32 tid, unsigned int kind);

/*
 * "in the way (--culprits): 3 anon, 1 driver pin" for @tid into @buf (""
 * when none), the thread's tally cleared; @kind_name names a kind.
 */
void failure_tally__take(struct failure_tally *t, __u32 tid,
			 const char *(*kind_name)(unsigned int kind), char *buf, size_t len);

#define FAILURE_MAX_AREAS 16

/* A session's failures by class, per area. */
struct failure_summary {
	int nr_areas;
	struct {
		char name[CMABULK_NAME_LEN];
		unsigned long long count[NR_FAILURE_CLASSES];
	} area[FAILURE_MAX_AREAS];	/* the last one takes the rest */
};

void failure_summary__add(struct failure_summary *s, const struct failure_event *e,
			  enum failure_class c);
void failure_summary__print_text(const struct failure_summary *s, FILE *out);
int failure_summary__print_json(const struct failure_summary *s, FILE *out);

#endif
