// SPDX-License-Identifier: GPL-2.0
/*
 * Linux 7.0 (include/trace/events/cma.h since August 2025):
 * cma_alloc_start(name, request_count, available_count, total_count,
 * align); the frozen allocation functions beside cma_alloc().
 */
struct page;
struct cma;

typedef void (*btf_trace_cma_alloc_start)(void *, const char *, unsigned long, unsigned long,
					  unsigned long, unsigned int);
typedef void (*btf_trace_cma_alloc_finish)(void *, const char *, unsigned long,
					   const struct page *, unsigned long, unsigned int, int);

btf_trace_cma_alloc_start start;
btf_trace_cma_alloc_finish finish;

void __probestub_cma_alloc_start(void *__data, const char *name, unsigned long request_count,
				 unsigned long available_count, unsigned long total_count,
				 unsigned int align)
{
}

void __probestub_cma_alloc_finish(void *__data, const char *name, unsigned long pfn,
				  const struct page *page, unsigned long count, unsigned int align,
				  int errorno)
{
}

int alloc_contig_frozen_range_noprof(unsigned long start, unsigned long end,
				     unsigned int alloc_flags, unsigned int gfp_mask)
{
	return 0;
}

struct page *cma_alloc_frozen(struct cma *cma, unsigned long count, unsigned int align,
			      _Bool no_warn)
{
	return 0;
}

struct page *cma_range_alloc(struct cma *cma, void *cmr, unsigned long count,
			     unsigned int align, struct page **pagep, unsigned int gfp)
{
	return 0;
}
