/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Types shared by cmabulk_trace.bpf.c and the cmabulk-trace loader.
 *
 * The kernel's own enums (enum alloc_contig_mode, enum alloc_contig_fail)
 * are not repeated here: the BPF side sees them in vmlinux.h, user space in
 * cmabulk_kernel.h, which scripts/kernel-enums.sh generates from it, and
 * their printable names come from the running kernel's BTF.
 */
#ifndef CMABULK_TRACE_H
#define CMABULK_TRACE_H

#define CMABULK_NAME_LEN	32	/* CMA area names are short ("reserved") */
#define CMABULK_LAT_SLOTS	40	/* log2 of the latency unit */
#define CMABULK_SKIP_SLOTS	24	/* log2 of skipped pageblocks per call */
#define CMABULK_RETRY_SLOTS	16	/* linear: 0..14 retries, then 15+ */
#define CMABULK_MODE_ANY	-1	/* cma_alloc() calls have no mode */
#define CMABULK_FILTER_ANY	-2	/* a mode or order filter that is off */
#define CMABULK_MAX_MODES	8	/* range_stats slots, by mode value */

/* An expression the compiler may not reason about (its range, its value). */
#define CMABULK_OPAQUE(x) asm volatile("" : "+r"(x))

/*
 * The log2 slot of @v: floor(log2(v)), 0 for v <= 1, at most @max - 1:
 * lib/hist.c's hist_log2_slot(), for BPF (test_snapshot checks they agree).
 * No branch but the last: the verifier follows every path, and six
 * conditional halvings per histogram, inside loops over reasons and
 * phases, took 6.1's verifier past its million instructions (fexit
 * cma_alloc on Debian's arm64 6.1). Each step uses that, for x < 2^k,
 * (x + 2^k - 1) >> k is 1 exactly when x is not 0; the barriers keep the
 * compiler from turning that back into a compare and a branch.
 */
static inline __attribute__((always_inline)) unsigned int
cmabulk_log2_slot(__u64 v, unsigned int max)
{
	__u64 x, r = 0;

#define CMABULK_LOG2_STEP(k, shift)				\
	x = v >> (k);						\
	CMABULK_OPAQUE(x);					\
	x = ((x + ((1ULL << (k)) - 1)) >> (k)) << (shift);	\
	v >>= x;						\
	r += x
	CMABULK_LOG2_STEP(32, 5);
	CMABULK_LOG2_STEP(16, 4);
	CMABULK_LOG2_STEP(8, 3);
	CMABULK_LOG2_STEP(4, 2);
	CMABULK_LOG2_STEP(2, 1);
#undef CMABULK_LOG2_STEP
	r += v >> 1;
	return r < max ? (unsigned int)r : max - 1;
}

/*
 * The TP_PROTO position of each argument the handlers of events outside
 * the series read, as the loader found it by name in the running kernel
 * (loader/tp_layout.c), since kernels add and move arguments: 6.1's
 * cma_alloc_finish has no errorno, 7.0's cma_alloc_start carries the
 * area's available and total counts, the cma_alloc_at series puts start
 * and end before them. -1: this kernel does not pass it.
 */
struct tp_arg_index {
	__s8 start_name, start_count, start_available;
	__s8 finish_pfn, finish_page, finish_count, finish_errorno;
	__s8 migrate_succeeded, migrate_failed, migrate_reason;
	__s8 isolated_end, isolated_fin;
};

/* What a ring buffer record is: its first field. */
enum cmabulk_record_type {
	RECORD_CALL = 1,	/* struct call_event (--calls) */
	RECORD_SKIP,		/* struct skip_event (--skips) */
	RECORD_PHASE,		/* struct phase_event (--perfetto --phases) */
	RECORD_FALLBACK,	/* struct fallback_event (--perfetto) */
	RECORD_RANGE,		/* struct range_event (--perfetto) */
	RECORD_CULPRIT,		/* struct culprit_event (--culprits) */
	RECORD_FAILURE,		/* struct failure_event (every failed call) */
};

/* What kind of allocation call a record is about. */
enum cmabulk_call_kind {
	CALL_CMA_ALLOC,		/* cma_alloc(): the baselines */
	CALL_BULK,		/* cma_alloc_bulk[_fallback]() */
	NR_CALL_KINDS
};

/* Phases timed with fentry/fexit inside alloc_contig_range(). */
enum cmabulk_phase {
	PHASE_ISOLATE,		/* start_isolate_page_range() */
	PHASE_PCP_DRAIN,	/* __drain_all_pages(), outside migration */
	PHASE_LRU_DRAIN,	/* lru_cache_disable(): part of PHASE_MIGRATE */
	PHASE_MIGRATE,		/* __alloc_contig_migrate_range() */
	PHASE_TEST_ISOLATED,	/* test_pages_isolated() */
	NR_PHASES
};

/* Aggregation key: one row of the report. */
struct call_key {
	char area[CMABULK_NAME_LEN];
	__u32 kind;		/* enum cmabulk_call_kind */
	__s32 mode;		/* enum alloc_contig_mode, or CMABULK_MODE_ANY */
	__s32 fallback;		/* second-pass mode; == mode when none */
	__u32 order;		/* chunk order; cma_alloc: log2 of the count */
};

struct call_stats {
	__u64 calls;
	__u64 failed;			/* ret != 0 (bulk) or no page */
	__u64 requested;		/* chunks (bulk) or pages (cma_alloc) */
	__u64 allocated;
	__u64 skipped[NR_ALLOC_CONTIG_FAIL];	/* pageblocks, by reason */
	__u64 fallbacks;		/* calls that ran a second pass */
	__u64 busy_retries;		/* cma:cma_alloc_busy_retry */
	/* The series' emptiest-first order (v5), over the calls it ran in. */
	__u64 ordered_calls;		/* calls that ranked windows */
	__u64 order_ns;			/* time ranking */
	__u64 ordered;			/* windows ranked */
	__u64 order_read;		/* struct pages read to rank them */
	__u64 picked;			/* windows taken in that order */
	__u64 picked_used;		/* their pages in use when taken */
	__u64 latency_sum;		/* in the loader's unit */
	__u64 latency_slots[CMABULK_LAT_SLOTS];
	__u64 skips_slots[CMABULK_SKIP_SLOTS];	/* skipped blocks per call */
	/* The same per reason, over the calls that skipped for it only. */
	__u64 reason_skips_slots[NR_ALLOC_CONTIG_FAIL][CMABULK_SKIP_SLOTS];
	__u64 phase_ns[NR_PHASES];	/* time inside each phase */
	__u64 phase_count[NR_PHASES];	/* calls in which the phase ran */
	__u64 phase_slots[NR_PHASES][CMABULK_LAT_SLOTS]; /* per call */
};

/* Per alloc_contig_range() call, keyed by mode (the event has no area). */
struct range_stats {
	__u64 ranges;
	__u64 fail[NR_ALLOC_CONTIG_FAIL];	/* by step, NONE = success */
	__u64 retries;
	__u64 retry_slots[CMABULK_RETRY_SLOTS];
	__u64 migrated;
	__u64 migrate_failed;
};

/* Whole-system counters, one array element per CPU. */
struct global_stats {
	__u64 pcp_drains, pcp_drain_ns;		/* __drain_all_pages(), all */
	__u64 lru_drains, lru_drain_ns;		/* lru_cache_disable(), all */
	__u64 contig_migrate_events;		/* mm_migrate_pages, contig */
	__u64 contig_migrated, contig_migrate_failed;
	__u64 unpaired_finish;			/* finish without a start */
	__u64 ringbuf_drops;
	__u64 filtered;				/* calls the filters dropped */
	__u64 untracked;			/* calls lost: a map was full */
};

/*
 * Records carry CLOCK_BOOTTIME (bpf_ktime_get_boot_ns()), the clock of
 * Perfetto traces, so that they line up with a device's own trace; a
 * call's start and its phases are read from the same clock.
 */

/* One record per finished call, through the ring buffer (--calls). */
struct call_event {
	__u32 type;			/* RECORD_CALL */
	__u64 ts_ns;			/* at finish; start is ts_ns - latency_ns */
	__u64 latency_ns;
	struct call_key key;
	__u32 pid, tid;
	char comm[16];
	__s32 ret;			/* bulk: ret; cma_alloc: 0 or -ENOMEM */
	__u64 requested, allocated;
	__u64 skipped[NR_ALLOC_CONTIG_FAIL];
	__u64 retries, migrated, migrate_failed;
	__u64 busy_retries;
	__u64 phase_ns[NR_PHASES];
	__u32 fell_back;
	/* The series' emptiest-first order (v5): 0 without it. */
	__u64 order_ns, ordered, order_read;
	__u64 picked, picked_used;	/* windows taken, their pages in use then */
};

/*
 * One record per skipped pageblock (cma_bulk_skip_pageblock), through the
 * same ring buffer (--skips). failed_pfn, nr_migrated and nr_rescued are
 * series v3's: 0 on kernels whose event does not carry them.
 */
struct skip_event {
	__u32 type;			/* RECORD_SKIP */
	__u32 pid, tid;
	__u64 ts_ns;
	char area[CMABULK_NAME_LEN];
	char comm[16];
	__s32 mode;			/* the pass's enum alloc_contig_mode */
	__s32 reason;			/* enum alloc_contig_fail */
	__s32 error;			/* the errno of the failed step */
	__u32 has_details;		/* the event has the three below */
	__u64 pfn, nr_pages;		/* the window */
	__u64 failed_pfn;		/* the page in the way */
	__u64 nr_migrated;		/* pages moved out of it for nothing */
	__u64 nr_rescued;		/* its chunks taken anyway */
};

/* One phase of one alloc_contig_range() inside a traced call. */
struct phase_event {
	__u32 type;			/* RECORD_PHASE */
	__u32 pid, tid;
	__u32 phase;			/* enum cmabulk_phase */
	__u64 start_ns, end_ns;
	char area[CMABULK_NAME_LEN];	/* the call's */
};

/*
 * One alloc_contig_range() inside a traced call: a window tried. It ends
 * at its finish event and starts at the call's previous event (its start,
 * the last window's end, a skip or a fallback), which is when the caller
 * moved on to it.
 */
struct range_event {
	__u32 type;			/* RECORD_RANGE */
	__u32 pid, tid;
	__s32 mode;			/* enum alloc_contig_mode */
	__s32 fail;			/* enum alloc_contig_fail, NONE: allocated */
	__s32 ret;
	__u32 nr_retries;
	__u64 start_ns, end_ns;
	__u64 start_pfn, end_pfn;
	__u64 nr_migrated, nr_migrate_failed;
	char area[CMABULK_NAME_LEN];	/* the call's */
};

/* Where a culprit's pfn came from. */
enum culprit_source {
	CULPRIT_SKIP,		/* the series' cma_bulk_skip_pageblock: failed_pfn */
	CULPRIT_ISOLATION,	/* page_isolation:test_pages_isolated: fin_pfn */
};

/* Page flags read at the failure, by their kernel names (CO-RE). */
enum culprit_flag {
	CF_LRU = 1 << 0,
	CF_LOCKED = 1 << 1,
	CF_WRITEBACK = 1 << 2,
	CF_DIRTY = 1 << 3,
	CF_UNEVICTABLE = 1 << 4,
	CF_MLOCKED = 1 << 5,
	CF_SWAPBACKED = 1 << 6,
	CF_COMPOUND = 1 << 7,		/* a tail page: the rest is its head's */
};

/*
 * The page in the way of an allocation, read the moment it failed
 * (--culprits). The struct page fields are there only when has_page: the
 * tracer must first learn where struct pages are (loader/culprits.h).
 */
struct culprit_event {
	__u32 type;			/* RECORD_CULPRIT */
	__u32 pid, tid;
	__u32 source;			/* enum culprit_source */
	__s32 reason;			/* enum alloc_contig_fail (skips), else -1 */
	__u32 has_page;
	__u64 ts_ns;
	__u64 pfn;
	__u64 page_flags;		/* the head page's flags word, raw */
	__u32 flags;			/* enum culprit_flag */
	__s32 refcount, mapcount;	/* the head's; mapcount as page_mapcount() */
	__u64 mapping;			/* low bits: 1 anon, 2 movable_ops */
	__u64 ino;			/* a file page's inode, and its device */
	__u32 dev;
	char area[CMABULK_NAME_LEN];	/* the call's, or empty */
};

/* Where a failure record's facts about the area came from. */
enum failure_area_source {
	AREA_UNKNOWN,		/* neither below: the errno and the events only */
	AREA_BITMAP,		/* the area's bitmap, read through BTF at the failure */
	AREA_START_EVENT,	/* cma_alloc_start's available_count (2025 on) */
};

/*
 * Why a call failed: one record per failed call, always (failures are
 * rare, and the question a user has). What was asked, what the area had
 * free and its largest free range, and what stood in the way: windows
 * that failed by reason (the series), ranges that were busy (every
 * kernel's cma_alloc_busy_retry). loader/failure.c names the class.
 */
struct failure_event {
	__u32 type;			/* RECORD_FAILURE */
	__u32 pid, tid;
	__u32 kind;			/* enum cmabulk_call_kind */
	__s32 ret;			/* the errno it ended with */
	__u32 area_source;		/* enum failure_area_source */
	__u64 ts_ns;
	__u64 requested, allocated;	/* pages (cma_alloc), chunks (bulk) */
	__u64 chunk_pages;		/* pages per chunk: bulk 1 << order */
	__u64 area_pages;		/* the area's size */
	__u64 free_pages;		/* free in its bitmap */
	__u64 largest_free;		/* its longest free run, in pages */
	__u64 busy_retries;		/* ranges that were busy */
	__u64 windows_failed[NR_ALLOC_CONTIG_FAIL];	/* the series' */
	__u64 migrate_failed;		/* pages that did not migrate */
	char area[CMABULK_NAME_LEN];
	char comm[16];
};

/* A bulk call going on in its fallback mode (cma_bulk_mode_fallback). */
struct fallback_event {
	__u32 type;			/* RECORD_FALLBACK */
	__u32 pid, tid;
	__u64 ts_ns;
	__s32 from, to;			/* enum alloc_contig_mode */
	__u64 nr_allocated, nr_remaining;
	char area[CMABULK_NAME_LEN];
};

#endif
