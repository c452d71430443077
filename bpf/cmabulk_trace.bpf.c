// SPDX-License-Identifier: GPL-2.0
/*
 * cmabulk-trace, kernel side: latency and outcome of CMA allocations,
 * aggregated per CMA area in kernel so that user space only reads maps.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "cmabulk_trace.h"

char LICENSE[] SEC("license") = "GPL";

/* Set by the loader before load: 1000 for microseconds, 1000000 for ms. */
const volatile __u64 latency_div = 1000;

/* In-flight cma_alloc() per thread. cma_alloc_start fires on paths that
 * return before cma_alloc_finish (empty area, zero count), so an entry may
 * be orphaned: the next start on that thread overwrites it, and the LRU
 * map evicts entries of threads that never call again.
 */
struct pending {
	__u64 start_ns;
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 4096);
	__type(key, __u32);
	__type(value, struct pending);
} pending_allocs SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, struct area_key);
	__type(value, struct area_stats);
} area_stats SEC(".maps");

static __always_inline unsigned int log2_slot(__u64 v)
{
	unsigned int slot = 0;

	/* floor(log2(v)); 0 for v <= 1, matching lib/hist.c */
	while (v > 1 && slot < CMABULK_HIST_SLOTS - 1) {
		v >>= 1;
		slot++;
	}
	return slot;
}

static __always_inline struct area_stats *stats_of(const char *name)
{
	static const struct area_stats zero;
	struct area_key key = {};
	struct area_stats *st;

	bpf_probe_read_kernel_str(key.name, sizeof(key.name), name);
	st = bpf_map_lookup_elem(&area_stats, &key);
	if (st)
		return st;
	bpf_map_update_elem(&area_stats, &key, &zero, BPF_NOEXIST);
	return bpf_map_lookup_elem(&area_stats, &key);
}

SEC("tp_btf/cma_alloc_start")
int BPF_PROG(cma_alloc_start, const char *name, unsigned long count,
	     unsigned int align)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct pending p = { .start_ns = bpf_ktime_get_ns() };

	bpf_map_update_elem(&pending_allocs, &tid, &p, BPF_ANY);
	return 0;
}

SEC("tp_btf/cma_alloc_busy_retry")
int BPF_PROG(cma_alloc_busy_retry, const char *name)
{
	struct area_stats *st = stats_of(name);

	if (st)
		__sync_fetch_and_add(&st->busy_retries, 1);
	return 0;
}

SEC("tp_btf/cma_alloc_finish")
int BPF_PROG(cma_alloc_finish, const char *name, unsigned long pfn,
	     const struct page *page, unsigned long count, unsigned int align,
	     int errorno)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct area_stats *st;
	struct pending *p;
	__u64 delta;

	p = bpf_map_lookup_elem(&pending_allocs, &tid);
	if (!p)
		return 0;	/* started before we attached */
	delta = (bpf_ktime_get_ns() - p->start_ns) / latency_div;
	bpf_map_delete_elem(&pending_allocs, &tid);

	st = stats_of(name);
	if (!st)
		return 0;
	__sync_fetch_and_add(&st->calls, 1);
	__sync_fetch_and_add(&st->pages_requested, count);
	if (page)
		__sync_fetch_and_add(&st->pages_allocated, count);
	else
		__sync_fetch_and_add(&st->failed, 1);
	__sync_fetch_and_add(&st->latency_sum, delta);
	__sync_fetch_and_add(&st->latency_slots[log2_slot(delta)], 1);
	return 0;
}
