// SPDX-License-Identifier: GPL-2.0
/*
 * The cma_alloc_at() series (Tegra VPR, August 2026, not merged, carried
 * in an Android kernel): start and end inserted before request_count.
 */
typedef void (*btf_trace_cma_alloc_start)(void *, const char *, unsigned long, unsigned long,
					  unsigned long, unsigned long, unsigned long, unsigned int);

btf_trace_cma_alloc_start start;

void __probestub_cma_alloc_start(void *__data, const char *name, unsigned long start,
				 unsigned long end, unsigned long request_count,
				 unsigned long available_count, unsigned long total_count,
				 unsigned int align)
{
}
