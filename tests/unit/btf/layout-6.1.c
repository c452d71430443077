// SPDX-License-Identifier: GPL-2.0
/* Linux 6.1: cma_alloc_finish has no errorno; mm_migrate_pages 7 arguments. */
struct page;

typedef void (*btf_trace_cma_alloc_start)(void *, const char *, unsigned long, unsigned int);
typedef void (*btf_trace_cma_alloc_finish)(void *, const char *, unsigned long,
					   const struct page *, unsigned long, unsigned int);
typedef void (*btf_trace_mm_migrate_pages)(void *, unsigned long, unsigned long, unsigned long,
					   unsigned long, unsigned long, int, int);

btf_trace_cma_alloc_start start;
btf_trace_cma_alloc_finish finish;
btf_trace_mm_migrate_pages migrate;
