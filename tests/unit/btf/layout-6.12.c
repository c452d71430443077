// SPDX-License-Identifier: GPL-2.0
/* Linux 6.12 with the series: errorno, large_folio_split, the bulk events. */
struct page;

typedef void (*btf_trace_cma_alloc_start)(void *, const char *, unsigned long, unsigned int);
typedef void (*btf_trace_cma_alloc_finish)(void *, const char *, unsigned long,
					   const struct page *, unsigned long, unsigned int, int);
typedef void (*btf_trace_mm_migrate_pages)(void *, unsigned long, unsigned long, unsigned long,
					   unsigned long, unsigned long, unsigned long, int, int);
typedef void (*btf_trace_cma_bulk_finish)(void *, const char *, int, int, unsigned int,
					  unsigned long, unsigned long, unsigned long, int);

btf_trace_cma_alloc_start start;
btf_trace_cma_alloc_finish finish;
btf_trace_mm_migrate_pages migrate;
btf_trace_cma_bulk_finish bulk_finish;
