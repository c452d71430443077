// SPDX-License-Identifier: GPL-2.0
/*
 * Linux 6.1: cma_alloc_finish has no errorno; mm_migrate_pages 7
 * arguments. No __probestub_ functions yet: an event that is its own
 * class has __bpf_trace_<event> with named parameters, the finish (class
 * cma_alloc_class) has none.
 */
struct page;

typedef void (*btf_trace_cma_alloc_start)(void *, const char *, unsigned long, unsigned int);
typedef void (*btf_trace_cma_alloc_finish)(void *, const char *, unsigned long,
					   const struct page *, unsigned long, unsigned int);
typedef void (*btf_trace_mm_migrate_pages)(void *, unsigned long, unsigned long, unsigned long,
					   unsigned long, unsigned long, int, int);

btf_trace_cma_alloc_start start;
btf_trace_cma_alloc_finish finish;
btf_trace_mm_migrate_pages migrate;

void __bpf_trace_cma_alloc_start(void *__data, const char *name, unsigned long count,
				 unsigned int align)
{
}

void __bpf_trace_cma_alloc_class(void *__data, const char *name, unsigned long pfn,
				 const struct page *page, unsigned long count, unsigned int align)
{
}

void __bpf_trace_mm_migrate_pages(void *__data, unsigned long succeeded, unsigned long failed,
				  unsigned long thp_succeeded, unsigned long thp_failed,
				  unsigned long thp_split, int mode, int reason)
{
}

/* The functions the tracer attaches to, as 6.1 calls them. */
struct cma;

struct page *cma_alloc(struct cma *cma, unsigned long count, unsigned int align, _Bool no_warn)
{
	return 0;
}

int alloc_contig_range(unsigned long start, unsigned long end, unsigned int migratetype,
		       unsigned int gfp_mask)
{
	return 0;
}
