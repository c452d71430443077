/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Types shared by cmabulk_trace.bpf.c and the cmabulk-trace loader.
 * Kernel-defined values (modes, skip reasons) are not repeated here: the
 * BPF side takes them from vmlinux.h, user space from the kernel's BTF.
 */
#ifndef CMABULK_TRACE_H
#define CMABULK_TRACE_H

#define CMABULK_NAME_LEN	32	/* CMA area names are short ("reserved") */
#define CMABULK_HIST_SLOTS	40	/* log2 of the latency unit */

/* Per CMA area, for cma_alloc() calls (cma:cma_alloc_start/finish). */
struct area_key {
	char name[CMABULK_NAME_LEN];
};

struct area_stats {
	__u64 calls;
	__u64 failed;
	__u64 pages_requested;
	__u64 pages_allocated;
	__u64 busy_retries;
	__u64 latency_sum;		/* in the loader's unit */
	__u64 latency_slots[CMABULK_HIST_SLOTS];
};

#endif
