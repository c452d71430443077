// SPDX-License-Identifier: GPL-2.0
/*
 * Linux 6.12 with the series: errorno, large_folio_split, the bulk events;
 * every event has __probestub_<event> with named parameters (6.5 on).
 */
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

void __probestub_cma_alloc_start(void *__data, const char *name, unsigned long count,
				 unsigned int align)
{
}

void __probestub_cma_alloc_finish(void *__data, const char *name, unsigned long pfn,
				  const struct page *page, unsigned long count, unsigned int align,
				  int errorno)
{
}

void __probestub_mm_migrate_pages(void *__data, unsigned long succeeded, unsigned long failed,
				  unsigned long thp_succeeded, unsigned long thp_failed,
				  unsigned long thp_split, unsigned long large_folio_split,
				  int mode, int reason)
{
}

/* The functions the tracer attaches to, as 6.12 with the series calls them. */
struct cma;

struct page *__cma_alloc(struct cma *cma, unsigned long count, unsigned int align,
			 unsigned int gfp)
{
	return 0;
}

struct page *cma_alloc(struct cma *cma, unsigned long count, unsigned int align, _Bool no_warn)
{
	return 0;
}

int __alloc_contig_range_noprof(unsigned long start, unsigned long end,
				unsigned int migratetype, unsigned int gfp_mask, int mode,
				unsigned int flags, void *info)
{
	return 0;
}

int __cma_alloc_bulk(struct cma *cma, unsigned int gfp_mask, int mode, int fallback,
		     unsigned int order, unsigned long nr_requests, struct page **page_array,
		     unsigned long *nr_allocated)
{
	return 0;
}
