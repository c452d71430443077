/* SPDX-License-Identifier: GPL-2.0 */
/* Shared between the load's parts; not for the tools. */
#ifndef CMABULK_LOAD_INTERNAL_H
#define CMABULK_LOAD_INTERNAL_H

#include <stdarg.h>
#include <time.h>

#include "bench/load/load.h"

#define PAGE_SZ 4096UL

/* Record @fmt as the load's error and return @err. */
int load_fail(struct load *l, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));


/* Free memory outside CMA, in kB (MemFree - CmaFree, read at once). */
long load_non_cma_free_kb(void);

void fill_release(struct load *l);
void pin_release(struct load *l);
void fragment_release(struct load *l);
void churn_stop(struct load *l);

/* Is @dir a mounted filesystem of its own (not part of its parent's)? */
bool load_is_mountpoint(const char *dir);

#endif
