/* SPDX-License-Identifier: GPL-2.0 */
/* Shared between the load's parts; not for the tools. */
#ifndef CMABULK_LOAD_INTERNAL_H
#define CMABULK_LOAD_INTERNAL_H

#include <stdarg.h>
#include <time.h>

#include "bench/load/load.h"

/* @pages in kB, at the running kernel's page size (4, 16 or 64 KiB). */
static inline long load_pages_kb(uint64_t pages)
{
	return (long)(pages * (sys_page_size() / 1024));
}

/* Record @fmt as the load's error and return @err. */
int load_fail(struct load *l, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));


/* Free memory outside CMA, in kB (MemFree - CmaFree, read at once). */
long load_non_cma_free_kb(void);

void fill_release(struct load *l);
void pin_release(struct load *l);
void fragment_release(struct load *l);
void churn_stop(struct load *l);
void pcp_churn_stop(struct load *l);

/* Is @dir a mounted filesystem of its own (not part of its parent's)? */
bool load_is_mountpoint(const char *dir);

#endif
