/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's books on one CMA area, read at one moment: what the soak and
 * the stress check their callers against, exactly.
 */
#ifndef CMABULK_BOOKS_H
#define CMABULK_BOOKS_H

struct area_counters {
	long long used;			/* debugfs cma/<area>/used: bitmap pages */
	long long success, fail, released;	/* sysfs pages */
	long long events;		/* vmstat cma_alloc_success + cma_alloc_fail */
};

void area_counters__read(struct area_counters *b, const char *area);

#endif
