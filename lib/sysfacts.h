/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the running kernel says about memory, read the way a benchmark
 * needs it: /proc/meminfo and /proc/vmstat fields (after folding the
 * per-cpu deltas), a CMA area's PFN range from debugfs, the PFN behind a
 * virtual address from /proc/self/pagemap. Shared by cmabulk-load and
 * cmabulk-bench.
 */
#ifndef CMABULK_SYSFACTS_H
#define CMABULK_SYSFACTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CMA_DEBUGFS "/sys/kernel/debug/cma"
#define CMA_SYSFS "/sys/kernel/mm/cma"

/* Fold per-cpu vmstat deltas so that the next reads are exact. */
void sys_stat_refresh(void);

/* A /proc/meminfo field in kB (e.g. "CmaFree"), or -1 if absent. */
long sys_meminfo_kb(const char *field);

/* A /proc/vmstat counter, or -1 if absent. */
long long sys_vmstat(const char *name);

/*
 * Several fields of one "key value" file (/proc/meminfo, /proc/vmstat) in
 * one read: @out[i] gets @keys[i]'s number, or -1. @keys ends with NULL.
 */
void sys_read_fields(const char *path, const char *const *keys, long long *out);

/* Pages on all per-cpu free lists (the "count:" lines of /proc/zoneinfo). */
long sys_pcp_pages(void);

/* A number read from a one-value file, or -1. */
long long sys_read_ll(const char *path);

struct cma_area {
	char name[64];
	uint64_t base_pfn;
	uint64_t nr_pages;
	unsigned int pageblock_pages;	/* from /proc/pagetypeinfo */
};

/*
 * Find CMA area @name, or the first area when @name is NULL. Returns 0;
 * -ENODATA when the area exists (@a->name is set) but debugfs does not
 * give its range (no CONFIG_CMA_DEBUGFS or debugfs not mounted: the case
 * of many devices); -ENOENT when there is no such area.
 */
int cma_area__find(struct cma_area *a, const char *name);

/* What to tell the user when cma_area__find(@name) returned @err. */
const char *cma_area__why(int err, const char *name);

static inline bool cma_area__contains(const struct cma_area *a, uint64_t pfn)
{
	return pfn >= a->base_pfn && pfn < a->base_pfn + a->nr_pages;
}

static inline uint64_t cma_area__nr_blocks(const struct cma_area *a)
{
	return a->nr_pages / a->pageblock_pages;
}

/* Pageblock index of @pfn inside the area (pfn must be inside). */
static inline uint64_t cma_area__block(const struct cma_area *a, uint64_t pfn)
{
	return (pfn - a->base_pfn) / a->pageblock_pages;
}

/* The page size in bytes: 4 KiB on x86, 4, 16 or 64 KiB on arm64. */
/* The address of kernel symbol @name (/proc/kallsyms, root), or 0. */
uint64_t sys_kallsyms(const char *name);

size_t sys_page_size(void);

/* Pages to MiB and back, at the running kernel's page size. */
double pages_to_mib(uint64_t pages);
/* Pages (a mean, say) to MiB at @page_size: for data from another machine. */
double pages_to_mib_at(double pages, size_t page_size);
uint64_t mib_to_pages(double mib);

/* Pages per pageblock of the running kernel, or 0. */
unsigned int sys_pageblock_pages(void);

/*
 * PFNs of the @n pages from @addr (page aligned) in this process, 0 for
 * a page not present. Needs CAP_SYS_ADMIN (PFNs read as 0 otherwise).
 * Returns 0 or -errno.
 */
int sys_pagemap_pfns(const void *addr, size_t n, uint64_t *pfns);

#endif
