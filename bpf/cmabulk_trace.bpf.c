// SPDX-License-Identifier: GPL-2.0
/*
 * cmabulk-trace, kernel side. Everything is aggregated in kernel so that
 * user space only reads maps: per (area, kind, mode, fallback, order)
 * latency and skips-per-call histograms, skipped pageblocks by reason and
 * phase times; per mode migration retries per range; whole-system drain
 * and migration counters. Records go to a ring buffer only when the
 * loader asks for them: one per call (--calls), per skipped pageblock
 * (--skips), per window, phase and fallback (--perfetto), per page in the
 * way (--culprits).
 *
 * Each tracepoint has a tp_btf program (preferred) and a raw_tp one
 * (fallback) around one handler; the loader enables one of the two per
 * tracepoint at load time. Handlers of the series' own tracepoints take
 * their arguments by name (their layout is the series'); those of older
 * events (cma_alloc_*, mm_migrate_pages) read the u64 context array by
 * index, because their layouts differ between kernels and the loader
 * checks them.
 */
#include "bpf/vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "bpf/cmabulk_trace.h"

/* Not in vmlinux.h (they are macros): <uapi/asm-generic/errno-base.h>. */
#define ENOMEM	12
#define EINVAL	22

char LICENSE[] SEC("license") = "GPL";

/* Set by the loader before load. */
const volatile __u64 latency_div = 1000;	/* ns per latency unit */
const volatile bool emit_calls;			/* ring buffer records */
const volatile bool emit_skips;			/* ... one per skipped block */
const volatile bool emit_phases;		/* ... per phase instance */
const volatile bool emit_fallbacks;		/* ... per fallback */
const volatile bool emit_ranges;		/* ... per alloc_contig_range() */
const volatile bool emit_culprits;		/* ... per page in the way */
const volatile bool emit_failures = true;	/* ... per failed call */
/* &vmemmap_base (x86_64, from kallsyms), or 0: where struct pages start. */
const volatile __u64 vmemmap_base_addr;
/* The struct page of pfn 0, once known: from vmemmap_base, or learnt. */
__u64 page_base;
/* A page and its pfn a cma_alloc() finish gave, to learn page_base from. */
__u64 learnt_page, learnt_pfn;
const volatile bool filter_area_on;
const volatile char filter_area[CMABULK_NAME_LEN];
const volatile __s32 filter_mode = CMABULK_FILTER_ANY;
const volatile __s32 filter_order = CMABULK_FILTER_ANY;
/* The layouts of events that differ between kernels (loader/tp_layout.h). */
const volatile struct tp_arg_index tp_args = {	/* 6.12's, until loaded */
	.start_name = 0, .start_count = 1, .start_available = -1,
	.finish_pfn = 1, .finish_page = 2, .finish_count = 3, .finish_errorno = 5,
	.migrate_succeeded = 0, .migrate_failed = 1, .migrate_reason = 7,
	.isolated_end = 1, .isolated_fin = 2,
};
const volatile bool skip_has_details = true;		/* failed_pfn...: v3 */

/*
 * Argument @i of a tracepoint (-1: 0), @i a constant once loaded: the
 * verifier follows only the case taken, so a kernel that passes fewer
 * arguments never sees the others read. One constant-offset load per
 * case: merged into one load through a computed offset, the verifier
 * refuses the ctx access, and the barriers keep clang from merging them.
 *
 * @number: a pointer argument as a plain number, to test it for NULL:
 * through tp_btf the verifier takes a struct pointer argument as never
 * NULL (most kernels mark none of cma_alloc_finish's as nullable) and
 * drops the test, so a failed cma_alloc() (page NULL) looked like a
 * success. Read through a helper, the value is a scalar it does not
 * reason about.
 */
#define TP_ARG_CASE(n)							\
	case n:								\
		if (number) {						\
			bpf_probe_read_kernel(&v, sizeof(v), &ctx[n]);	\
		} else {						\
			v = ctx[n];					\
			asm volatile("/* argument " #n " */" : "+r"(v)); \
		}							\
		break
static __always_inline __u64 tp_read(__u64 *ctx, int i, bool number)
{
	__u64 v = 0;

	switch (i) {
	TP_ARG_CASE(0);
	TP_ARG_CASE(1);
	TP_ARG_CASE(2);
	TP_ARG_CASE(3);
	TP_ARG_CASE(4);
	TP_ARG_CASE(5);
	TP_ARG_CASE(6);
	TP_ARG_CASE(7);
	TP_ARG_CASE(8);
	TP_ARG_CASE(9);
	}
	return v;
}
#define tp_arg(ctx, i) tp_read(ctx, i, false)
#define tp_number(ctx, i) tp_read(ctx, i, true)

/* An allocation call in progress on a thread. */
struct inflight {
	__u64 start_ns;
	struct call_key key;
	__u64 requested;
	__u64 skipped[NR_ALLOC_CONTIG_FAIL];
	__u64 retries, migrated, migrate_failed, busy_retries;
	__u64 phase_ns[NR_PHASES];
	__u64 phase_start[NR_PHASES];
	__u32 fell_back;
	__u32 phases_ran;		/* bit per phase that ran */
	__u64 mark_ns;			/* its last event (emit_ranges) */
	__u32 active;			/* between its start and its finish */
	__u32 has_available;		/* cma_alloc_start gave available_count */
	__u64 available;		/* ... its value, in pages */
	__u64 windows_failed[NR_ALLOC_CONTIG_FAIL];	/* ranges, by reason */
	/* The series' emptiest-first order (v5): its cost, and its picks. */
	__u64 order_ns, ordered, order_read;
	__u64 picked, picked_used;
	/*
	 * The struct cma of the call about to start (an fentry before its
	 * start event, which has only the name): kept across its start,
	 * and checked by name before it is read.
	 */
	__u64 cma;
};

/*
 * The call in progress, in the task's own storage: found through the
 * task (a pointer and a cache slot), never hashed, and never created or
 * deleted per call: a start marks it active, a finish inactive. Per task,
 * not per CPU: a call that sleeps in migration may wake on another CPU.
 * cma_alloc_start can fire without a cma_alloc_finish (an empty area, a
 * zero count, a count larger than the area): fexit of cma_alloc() and
 * cma_alloc_folio() finishes such a call as failed, and the next start on
 * the thread would begin it again anyway.
 */
struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct inflight);
} inflight SEC(".maps");

/*
 * The same by thread id, for a kernel without BTF of its own (--btf):
 * task storage needs the kernel's BTF for its task pointer. LRU: a
 * thread that exits mid-call is forgotten in time.
 */
const volatile bool inflight_by_tid;
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 4096);
	__type(key, __u32);
	__type(value, struct inflight);
} inflight_tid SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct inflight);
} inflight_zero SEC(".maps");

/* Start of the drain a thread is in, for system-wide drain times. */
struct drain_start {
	__u64 pcp_ns, lru_ns;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, __u32);
	__type(value, struct drain_start);
} drain_start SEC(".maps");

/*
 * Per-CPU, so no atomic instructions: they are slow everywhere and very
 * slow under emulation (a QEMU TCG guest stops every vCPU for one). User
 * space sums the CPUs.
 */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, 256);
	__type(key, struct call_key);
	__type(value, struct call_stats);
} call_stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct call_stats);
} call_stats_zero SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, CMABULK_MAX_MODES);
	__type(key, __u32);			/* enum alloc_contig_mode */
	__type(value, struct range_stats);
} range_stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct global_stats);
} global_stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20);
} calls SEC(".maps");

static __always_inline struct global_stats *globals(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&global_stats, &zero);
}

/*
 * A 32-bit argument as an array index. Left to itself, clang tests
 * "x < N" on a masked copy of the register and indexes with the original,
 * which the verifier cannot bound; zero-extended behind a barrier, the
 * test and the index are one register.
 */
static __always_inline __u64 array_index(__u32 v)
{
	__u64 x = v;

	barrier_var(x);
	return x;
}

static __always_inline __u32 tid(void)
{
	return (__u32)bpf_get_current_pid_tgid();
}

/*
 * The clock of a call and its phases: CLOCK_BOOTTIME, as the records say
 * (bpf/cmabulk_trace.h). Only across a suspend does it differ from the
 * monotonic clock, and a task in an allocation is not frozen.
 */
static __always_inline __u64 now_ns(void)
{
	return bpf_ktime_get_boot_ns();
}

/* This thread's in-flight entry, created when @create and missing. */
static __always_inline struct inflight *inflight_lookup(bool create)
{
	struct inflight *f;
	__u32 t, zero = 0;

	if (!inflight_by_tid)
		return bpf_task_storage_get(&inflight, bpf_get_current_task_btf(), NULL,
					    create ? BPF_LOCAL_STORAGE_GET_F_CREATE : 0);
	t = (__u32)bpf_get_current_pid_tgid();
	f = bpf_map_lookup_elem(&inflight_tid, &t);
	if (f || !create)
		return f;
	f = bpf_map_lookup_elem(&inflight_zero, &zero);
	if (!f)
		return NULL;
	bpf_map_update_elem(&inflight_tid, &t, f, BPF_NOEXIST);
	return bpf_map_lookup_elem(&inflight_tid, &t);
}

/* This thread's in-flight entry, made fresh (and created on first use). */
static __always_inline struct inflight *inflight_begin(const char *name,
						      __u32 kind)
{
	struct inflight *f;
	__u64 cma;

	f = inflight_lookup(true);
	if (!f) {
		struct global_stats *g = globals();

		if (g)
			g->untracked++;
		return NULL;
	}
	cma = f->cma;
	__builtin_memset(f, 0, sizeof(*f));
	f->cma = cma;
	f->start_ns = now_ns();
	f->key.kind = kind;
	f->active = 1;
	bpf_probe_read_kernel_str(f->key.area, sizeof(f->key.area), name);
	return f;
}

/* The call this thread is in, or NULL. */
static __always_inline struct inflight *inflight_get(void)
{
	struct inflight *f;

	f = inflight_lookup(false);
	return f && f->active ? f : NULL;
}

static __always_inline bool filtered_out(const struct call_key *k)
{
	if (filter_mode != CMABULK_FILTER_ANY && k->mode != filter_mode)
		return true;
	if (filter_order >= 0 && k->order != (__u32)filter_order)
		return true;
	if (filter_area_on) {
		for (int i = 0; i < CMABULK_NAME_LEN; i++) {
			if (k->area[i] != filter_area[i])
				return true;
			if (!k->area[i])
				break;
		}
	}
	return false;
}

static __always_inline bool any_filter(void)
{
	return filter_mode != CMABULK_FILTER_ANY || filter_order >= 0 ||
	       filter_area_on;
}

static __always_inline struct call_stats *stats_of(const struct call_key *k)
{
	struct call_stats *st;
	__u32 zero = 0;

	st = bpf_map_lookup_elem(&call_stats, k);
	if (st)
		return st;
	st = bpf_map_lookup_elem(&call_stats_zero, &zero);
	if (!st)
		return NULL;
	bpf_map_update_elem(&call_stats, k, st, BPF_NOEXIST);
	return bpf_map_lookup_elem(&call_stats, k);
}

/*
 * The timeline's own records (windows, phases, fallbacks) wake no one:
 * the loader reads the ring every 100 ms anyway, and a wake-up per record
 * (an irq_work) would cost more than the record. Calls, skips and culprits
 * still wake it: they are printed, or resolved, as they come.
 */
#define TIMELINE_SUBMIT BPF_RB_NO_WAKEUP

/* Room for a ring buffer record, or NULL with the drop counted. */
static __always_inline void *record_reserve(__u64 size)
{
	void *e = bpf_ringbuf_reserve(&calls, size, 0);
	struct global_stats *g;

	if (!e) {
		g = globals();
		if (g)
			g->ringbuf_drops++;
	}
	return e;
}

static __always_inline void emit(struct inflight *f, __u64 now, __u64 lat, int ret,
				 __u64 allocated)
{
	struct call_event *e = record_reserve(sizeof(*e));
	__u64 id = bpf_get_current_pid_tgid();

	if (!e)
		return;
	e->type = RECORD_CALL;
	e->ts_ns = now;
	e->latency_ns = lat;
	__builtin_memcpy(&e->key, &f->key, sizeof(e->key));
	e->pid = id >> 32;
	e->tid = (__u32)id;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	e->ret = ret;
	e->requested = f->requested;
	e->allocated = allocated;
	for (int i = 0; i < NR_ALLOC_CONTIG_FAIL; i++)
		e->skipped[i] = f->skipped[i];
	e->retries = f->retries;
	e->migrated = f->migrated;
	e->migrate_failed = f->migrate_failed;
	e->busy_retries = f->busy_retries;
	for (int i = 0; i < NR_PHASES; i++)
		e->phase_ns[i] = f->phase_ns[i];
	e->fell_back = f->fell_back;
	e->order_ns = f->order_ns;
	e->ordered = f->ordered;
	e->order_read = f->order_read;
	e->picked = f->picked;
	e->picked_used = f->picked_used;
	bpf_ringbuf_submit(e, 0);
}

/* A call finished: fold its in-flight record into the stats. */
/* --- failures: what the area had, read the moment a call failed ------- */

/* A walk over an area's bitmap: free bits, and the longest free run. */
struct bitmap_scan {
	const __u64 *bitmap;
	__u64 nbits;
	__u64 zeros, run, longest;
};

/*
 * @longest, or @run where that is longer, without a branch: the verifier
 * follows every branch of every bit, which took it past its limits.
 */
static __always_inline __u64 longer(__u64 longest, __u64 run)
{
	__u64 keep = (__u64)((__s64)(run - longest) >> 63);	/* ~0: run shorter */

	CMABULK_OPAQUE(keep);
	return run + ((longest - run) & keep);
}

static long scan_word(__u64 i, struct bitmap_scan *s)
{
	__u64 w, bits, run = s->run, longest = s->longest, zeros = s->zeros, used;

	if (bpf_probe_read_kernel(&w, sizeof(w), s->bitmap + i))
		return 1;
	bits = s->nbits - i * 64;
	if (bits < 64)
		w |= ~0ULL << bits;	/* past the end: as used */
	if (!w) {			/* all free: most of an idle area */
		s->zeros = zeros + 64;
		s->run = run + 64;
		s->longest = longer(longest, run + 64);
		return 0;
	}
	for (int b = 0; b < 64; b++) {
		used = (w >> b) & 1;
		zeros += 1 - used;
		run = (run + 1) & (used - 1);	/* a used bit ends the run */
		longest = longer(longest, run);
	}
	s->zeros = zeros;
	s->run = run;
	s->longest = longest;
	return 0;
}

/* Areas up to 64 GiB of 4 KiB pages at one bit per page. */
#define CMABULK_BITMAP_WORDS_MAX (1U << 18)

/*
 * What the area of @f had when it failed, from its struct cma: a kernel
 * with one bitmap per area (6.1 to 6.14; later ones keep several ranges,
 * and say available_count in their start event instead). False when the
 * fentry did not see the call's area or it is another area than the call's.
 */
static __always_inline bool read_area(struct inflight *f, struct failure_event *e)
{
	struct cma *cma = (struct cma *)f->cma;
	struct bitmap_scan scan = {};
	char name[CMABULK_NAME_LEN];
	__u64 count = 0, words;
	unsigned int order = 0;
	const void *bitmap = NULL;

	if (!cma || !bpf_core_field_exists(cma->bitmap))
		return false;
	if (bpf_probe_read_kernel_str(name, sizeof(name), &cma->name) <= 0)
		return false;
	for (int i = 0; i < CMABULK_NAME_LEN; i++) {
		if (name[i] != f->key.area[i])
			return false;
		if (!name[i])
			break;
	}
	bpf_core_read(&count, sizeof(count), &cma->count);
	bpf_core_read(&order, sizeof(order), &cma->order_per_bit);
	bpf_core_read(&bitmap, sizeof(bitmap), &cma->bitmap);
	if (!bitmap || !count || order > 20)
		return false;
	scan.bitmap = bitmap;
	scan.nbits = count >> order;
	words = (scan.nbits + 63) / 64;
	if (words > CMABULK_BITMAP_WORDS_MAX)
		return false;
	bpf_loop(words, scan_word, &scan, 0);
	e->area_pages = count;
	e->free_pages = scan.zeros << order;
	e->largest_free = scan.longest << order;
	return true;
}

static __always_inline void emit_failure(struct inflight *f, __u64 now, int ret,
					 __u64 allocated)
{
	struct failure_event *e = record_reserve(sizeof(*e));
	__u64 id = bpf_get_current_pid_tgid();

	if (!e)
		return;
	__builtin_memset(e, 0, sizeof(*e));
	e->type = RECORD_FAILURE;
	e->pid = id >> 32;
	e->tid = (__u32)id;
	e->kind = f->key.kind;
	e->ret = ret;
	e->ts_ns = now;
	e->requested = f->requested;
	e->allocated = allocated;
	e->chunk_pages = f->key.kind == CALL_BULK ? 1ULL << (f->key.order & 31) : 1;
	e->busy_retries = f->busy_retries;
	e->migrate_failed = f->migrate_failed;
	for (int i = 0; i < NR_ALLOC_CONTIG_FAIL; i++)
		e->windows_failed[i] = f->windows_failed[i];
	__builtin_memcpy(e->area, f->key.area, sizeof(e->area));
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	if (read_area(f, e)) {
		e->area_source = AREA_BITMAP;
	} else if (f->has_available) {
		e->area_source = AREA_START_EVENT;
		e->free_pages = f->available;
	}
	bpf_ringbuf_submit(e, 0);
}

static __always_inline void finish_call(struct inflight *f, int ret,
					__u64 allocated)
{
	__u64 now = now_ns(), lat = now - f->start_ns, skipped = 0;
	struct global_stats *g;
	struct call_stats *st;

	if (filtered_out(&f->key)) {
		g = globals();
		if (g)
			g->filtered++;
		goto out;
	}
	/* The failure first: the timeline puts it inside its call. */
	if (emit_failures && (ret || allocated < f->requested))
		emit_failure(f, now, ret, allocated);
	if (emit_calls)
		emit(f, now, lat, ret, allocated);
	st = stats_of(&f->key);
	if (!st) {
		g = globals();
		if (g)
			g->untracked++;
		goto out;
	}
	st->calls += 1;
	if (ret)
		st->failed += 1;
	st->requested += f->requested;
	st->allocated += allocated;
	for (int i = 0; i < NR_ALLOC_CONTIG_FAIL; i++) {
		if (f->skipped[i])
			st->skipped[i] += f->skipped[i];
		skipped += f->skipped[i];
	}
	if (f->fell_back)
		st->fallbacks += 1;
	if (f->busy_retries)
		st->busy_retries += f->busy_retries;
	if (f->ordered) {
		st->ordered_calls += 1;
		st->order_ns += f->order_ns;
		st->ordered += f->ordered;
		st->order_read += f->order_read;
	}
	st->picked += f->picked;
	st->picked_used += f->picked_used;
	lat /= latency_div;
	st->latency_sum += lat;
	st->latency_slots[cmabulk_log2_slot(lat, CMABULK_LAT_SLOTS)] += 1;
	/* Slot 0 holds 0 and 1 skipped pageblocks, as in every log2 hist. */
	if (f->key.kind == CALL_BULK) {
		st->skips_slots[cmabulk_log2_slot(skipped, CMABULK_SKIP_SLOTS)] += 1;
		/* By reason, only where it skipped: slot 0 is then exactly 1. */
		for (int i = 0; i < NR_ALLOC_CONTIG_FAIL; i++)
			if (f->skipped[i])
				st->reason_skips_slots[i][cmabulk_log2_slot(f->skipped[i],
								    CMABULK_SKIP_SLOTS)] += 1;
	}
	for (int i = 0; i < NR_PHASES; i++) {
		if (!(f->phases_ran & (1U << i)))
			continue;
		st->phase_ns[i] += f->phase_ns[i];
		st->phase_count[i] += 1;
		st->phase_slots[i][cmabulk_log2_slot(f->phase_ns[i] / latency_div,
					     CMABULK_LAT_SLOTS)] += 1;
	}
out:
	f->active = 0;
}

/*
 * A tp_btf and a raw_tp program around one handler. Both get the
 * tracepoint's arguments as an array of u64 (BTF-typed for tp_btf).
 */
#define TRACEPOINT(tp, handler)						\
	SEC("tp_btf/" #tp)						\
	int tp_btf_##tp(__u64 *ctx) { return handler(ctx); }		\
	SEC("raw_tp/" #tp)						\
	int raw_tp_##tp(__u64 *ctx) { return handler(ctx); }

/*
 * The same pair for a tracepoint of the series, whose handler (the body
 * that follows) takes the TP_PROTO arguments by name: BPF_PROG's cast of
 * the u64 array, done once for both programs.
 */
#define TRACEPOINT_ARGS(tp, args...)					\
	static __always_inline int on_##tp(unsigned long long *ctx, ##args); \
	SEC("tp_btf/" #tp)						\
	int tp_btf_##tp(unsigned long long *ctx)			\
	{ TRACEPOINT_CALL(on_##tp, args); }				\
	SEC("raw_tp/" #tp)						\
	int raw_tp_##tp(unsigned long long *ctx)			\
	{ TRACEPOINT_CALL(on_##tp, args); }				\
	static __always_inline int on_##tp(unsigned long long *ctx, ##args)

/* As BPF_PROG does it: each u64 cast to its argument's type. */
#define TRACEPOINT_CALL(handler, args...)				\
	_Pragma("GCC diagnostic push")					\
	_Pragma("GCC diagnostic ignored \"-Wint-conversion\"")		\
	return handler(___bpf_ctx_cast(args));				\
	_Pragma("GCC diagnostic pop")

/* --- culprits: the page in the way, read the moment it was ------------ */

/*
 * Where struct pages are: vmemmap_base's value where the kernel has that
 * symbol, else what a cma_alloc() finish taught us (it gives a page and
 * its pfn), else nothing yet.
 */
static __always_inline __u64 struct_page_base(void)
{
	__u64 b = page_base;

	if (!b && vmemmap_base_addr &&
	    !bpf_probe_read_kernel(&b, sizeof(b), (const void *)vmemmap_base_addr))
		page_base = b;
	else if (!b && learnt_page)
		page_base = b = learnt_page - learnt_pfn * bpf_core_type_size(struct page);
	return b;
}

/*
 * Kept as they came: arithmetic on the (BTF-typed) page pointer is not
 * allowed, the numbers read back from the map are plain ones.
 */
static __always_inline void learn_page_base(__u64 pfn, const void *page)
{
	if (emit_culprits && page && !learnt_page) {
		learnt_pfn = pfn;
		learnt_page = (__u64)page;
	}
}

/* One enum pageflags bit as an enum culprit_flag, by the kernel's name. */
#define CULPRIT_FLAG(word, pg, cf)						\
	((bpf_core_enum_value_exists(enum pageflags, pg) &&			\
	  ((word) >> bpf_core_enum_value(enum pageflags, pg)) & 1) ? (cf) : 0)

/* The page's head: refcount, mapcount, mapping and flags live there. */
static __always_inline void read_culprit_page(struct culprit_event *e, __u64 base)
{
	struct page *pg = (struct page *)(base + e->pfn * bpf_core_type_size(struct page));
	struct address_space *as;
	__u64 head = 0, w = 0, mapping = 0;
	int ref = 0, map = -1;

	if (bpf_core_read(&head, sizeof(head), &pg->compound_head))
		return;
	if (head & 1) {
		e->flags |= CF_COMPOUND;
		pg = (struct page *)(head - 1);
	}
	if (bpf_core_read(&w, sizeof(w), &pg->flags))
		return;
	bpf_core_read(&ref, sizeof(ref), &pg->_refcount.counter);
	bpf_core_read(&map, sizeof(map), &pg->_mapcount.counter);
	bpf_core_read(&mapping, sizeof(mapping), &pg->mapping);
	e->has_page = 1;
	e->page_flags = w;
	e->refcount = ref;
	e->mapcount = map + 1;
	e->mapping = mapping;
	e->flags |= CULPRIT_FLAG(w, PG_lru, CF_LRU) | CULPRIT_FLAG(w, PG_locked, CF_LOCKED) |
		    CULPRIT_FLAG(w, PG_writeback, CF_WRITEBACK) | CULPRIT_FLAG(w, PG_dirty, CF_DIRTY) |
		    CULPRIT_FLAG(w, PG_unevictable, CF_UNEVICTABLE) |
		    CULPRIT_FLAG(w, PG_mlocked, CF_MLOCKED) |
		    CULPRIT_FLAG(w, PG_swapbacked, CF_SWAPBACKED);
	/* A file page (no PAGE_MAPPING_ANON/MOVABLE bit): its inode. */
	if (mapping && !(mapping & 3)) {
		as = (struct address_space *)mapping;
		e->ino = BPF_CORE_READ(as, host, i_ino);
		e->dev = BPF_CORE_READ(as, host, i_sb, s_dev);
	}
}

static __always_inline void emit_culprit(struct inflight *f, __u64 pfn, __u32 source, int reason)
{
	struct culprit_event *e;
	__u64 base, id;

	if (f ? filtered_out(&f->key) : any_filter())
		return;
	e = record_reserve(sizeof(*e));
	if (!e)
		return;
	id = bpf_get_current_pid_tgid();
	__builtin_memset(e, 0, sizeof(*e));
	e->type = RECORD_CULPRIT;
	e->pid = id >> 32;
	e->tid = (__u32)id;
	e->source = source;
	e->reason = reason;
	e->ts_ns = now_ns();
	e->pfn = pfn;
	if (f)
		__builtin_memcpy(e->area, f->key.area, sizeof(e->area));
	base = struct_page_base();
	if (base)
		read_culprit_page(e, base);
	bpf_ringbuf_submit(e, 0);
}

/* A range that did not isolate: fin_pfn below end_pfn is the page. */
static __always_inline int on_test_pages_isolated(__u64 *ctx)
{
	unsigned long end_pfn = tp_arg(ctx, tp_args.isolated_end);
	unsigned long fin_pfn = tp_arg(ctx, tp_args.isolated_fin);

	if (emit_culprits && fin_pfn < end_pfn)
		emit_culprit(inflight_get(), fin_pfn, CULPRIT_ISOLATION, -1);
	return 0;
}

/* --- cma_alloc(): the baselines ---------------------------------------- */

static __always_inline int on_cma_alloc_start(__u64 *ctx)
{
	const char *name = (const char *)tp_arg(ctx, tp_args.start_name);
	unsigned long count = tp_arg(ctx, tp_args.start_count);
	struct inflight *f = inflight_begin(name, CALL_CMA_ALLOC);

	if (!f)
		return 0;
	f->key.mode = CMABULK_MODE_ANY;
	f->key.fallback = CMABULK_MODE_ANY;
	f->key.order = cmabulk_log2_slot(count, 64);
	f->requested = count;
	if (tp_args.start_available >= 0) {
		f->has_available = 1;
		f->available = tp_arg(ctx, tp_args.start_available);
	}
	return 0;
}

static __always_inline int on_cma_alloc_busy_retry(__u64 *ctx)
{
	struct inflight *f = inflight_get();

	if (f)
		f->busy_retries++;
	return 0;
}

static __always_inline int on_cma_alloc_finish(__u64 *ctx)
{
	const void *page = (const void *)tp_number(ctx, tp_args.finish_page);
	unsigned long count = tp_arg(ctx, tp_args.finish_count);
	int errorno = (int)tp_arg(ctx, tp_args.finish_errorno);
	struct inflight *f = inflight_get();
	struct global_stats *g;

	learn_page_base(tp_arg(ctx, tp_args.finish_pfn), page);
	if (!f || f->key.kind != CALL_CMA_ALLOC) {
		g = globals();
		if (g)
			g->unpaired_finish++;
		return 0;
	}
	finish_call(f, page ? 0 : (errorno ? errorno : -ENOMEM), page ? count : 0);
	return 0;
}

/* --- cma_alloc_bulk() ---------------------------------------------------- */

TRACEPOINT_ARGS(cma_bulk_start, const char *name, enum alloc_contig_mode mode,
		enum alloc_contig_mode fallback, unsigned int order, size_t nr_requests)
{
	struct inflight *f = inflight_begin(name, CALL_BULK);

	if (!f)
		return 0;
	f->key.mode = mode;
	f->key.fallback = fallback;
	f->key.order = order;
	f->requested = nr_requests;
	return 0;
}

/*
 * A skipped window as a record (--skips). Series v3 passes three more
 * arguments, read from the context only where the loader found them: a
 * branch on a constant the verifier drops, so older kernels load it too.
 */
static __always_inline void emit_skip(unsigned long long *ctx, const char *name,
				      unsigned long pfn, unsigned long nr_pages,
				      int mode, int reason, int error)
{
	struct skip_event *e = record_reserve(sizeof(*e));
	__u64 id = bpf_get_current_pid_tgid();

	if (!e)
		return;
	e->type = RECORD_SKIP;
	e->pid = id >> 32;
	e->tid = (__u32)id;
	e->ts_ns = now_ns();
	bpf_probe_read_kernel_str(e->area, sizeof(e->area), name);
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	e->mode = mode;
	e->reason = reason;
	e->error = error;
	e->pfn = pfn;
	e->nr_pages = nr_pages;
	e->has_details = skip_has_details;
	if (skip_has_details) {
		e->failed_pfn = ctx[6];
		e->nr_migrated = ctx[7];
		e->nr_rescued = ctx[8];
	} else {
		e->failed_pfn = 0;
		e->nr_migrated = 0;
		e->nr_rescued = 0;
	}
	bpf_ringbuf_submit(e, 0);
}

TRACEPOINT_ARGS(cma_bulk_skip_pageblock, const char *name, unsigned long pfn,
		unsigned long nr_pages, enum alloc_contig_mode mode,
		enum alloc_contig_fail reason, int error)
{
	__u64 slot = array_index(reason);
	struct inflight *f = inflight_get();

	if (f && slot < NR_ALLOC_CONTIG_FAIL)
		f->skipped[slot]++;
	/* The call's filters; a call begun before the tracer passes none. */
	if (emit_skips && (f ? !filtered_out(&f->key) : !any_filter()))
		emit_skip(ctx, name, pfn, nr_pages, mode, reason, error);
	/* The failing page, where the event names it (series v3). */
	if (emit_culprits && skip_has_details && ctx[6])
		emit_culprit(f, ctx[6], CULPRIT_SKIP, reason);
	if (f && emit_ranges)
		f->mark_ns = now_ns();	/* after the instant: the next window starts here */
	return 0;
}

TRACEPOINT_ARGS(cma_bulk_mode_fallback, const char *name, enum alloc_contig_mode from,
		enum alloc_contig_mode to, size_t nr_allocated, size_t nr_remaining)
{
	struct inflight *f = inflight_get();
	struct fallback_event *e;

	if (!f)
		return 0;
	f->fell_back = 1;
	if (emit_fallbacks && !filtered_out(&f->key)) {
		e = record_reserve(sizeof(*e));
		if (e) {
			__u64 id = bpf_get_current_pid_tgid();

			e->type = RECORD_FALLBACK;
			e->pid = id >> 32;
			e->tid = (__u32)id;
			e->ts_ns = now_ns();
			__builtin_memcpy(e->area, f->key.area, sizeof(e->area));
			e->from = from;
			e->to = to;
			e->nr_allocated = nr_allocated;
			e->nr_remaining = nr_remaining;
			bpf_ringbuf_submit(e, TIMELINE_SUBMIT);
		}
	}
	if (emit_ranges)
		f->mark_ns = now_ns();	/* after the instant: the next window's start */
	/*
	 * The second pass tries again every window the first one skipped
	 * (but the busy ones): count only what it skips in turn, so that
	 * skipped pageblocks are distinct ones, as the driver's total is.
	 */
	for (int i = 0; i < NR_ALLOC_CONTIG_FAIL; i++)
		if (i != ALLOC_CONTIG_FAIL_BUSY)
			f->skipped[i] = 0;
	return 0;
}

/*
 * The series' ordering of the windows (v5): one event per ranking step
 * (the free windows first, the rest when the pass gets to them).
 */
TRACEPOINT_ARGS(cma_bulk_order_windows, const char *name, enum alloc_contig_mode mode,
		unsigned long nr_windows, unsigned long nr_free, unsigned long nr_read,
		__u64 ns)
{
	struct inflight *f = inflight_get();

	if (!f)
		return 0;
	f->order_ns += ns;
	f->ordered += nr_windows;
	f->order_read += nr_read;
	return 0;
}

/*
 * A window the order chose, with its pages in use when chosen: summed,
 * what the order expected to migrate, beside what was migrated.
 */
TRACEPOINT_ARGS(cma_bulk_pick_window, const char *name, unsigned long pfn,
		unsigned long nr_pages, enum alloc_contig_mode mode, unsigned long nr_used,
		unsigned long rank)
{
	struct inflight *f = inflight_get();

	if (!f)
		return 0;
	f->picked++;
	f->picked_used += nr_used;
	return 0;
}

TRACEPOINT_ARGS(cma_bulk_finish, const char *name, enum alloc_contig_mode mode,
		enum alloc_contig_mode fallback, unsigned int order, size_t nr_requests,
		size_t nr_allocated, unsigned long nr_skipped, int ret)
{
	struct inflight *f = inflight_get();
	struct global_stats *g;

	if (!f || f->key.kind != CALL_BULK) {
		g = globals();
		if (g)
			g->unpaired_finish++;
		return 0;
	}
	finish_call(f, ret, nr_allocated);
	return 0;
}

/* --- alloc_contig_range() and migration ---------------------------------- */

/* The window as a record (--perfetto), from the call's last event to now. */
static __always_inline void emit_range(struct inflight *f, unsigned long start,
				       unsigned long end, int mode, int ret, int fail,
				       unsigned int nr_retries, unsigned long nr_migrated,
				       unsigned long nr_migrate_failed)
{
	__u64 now = now_ns(), id;
	struct range_event *e;

	if (filtered_out(&f->key))
		return;
	e = record_reserve(sizeof(*e));
	if (e) {
		id = bpf_get_current_pid_tgid();
		e->type = RECORD_RANGE;
		e->pid = id >> 32;
		e->tid = (__u32)id;
		e->mode = mode;
		e->fail = fail;
		e->ret = ret;
		e->nr_retries = nr_retries;
		e->start_ns = f->mark_ns ? f->mark_ns : f->start_ns;
		e->end_ns = now;
		e->start_pfn = start;
		e->end_pfn = end;
		e->nr_migrated = nr_migrated;
		e->nr_migrate_failed = nr_migrate_failed;
		__builtin_memcpy(e->area, f->key.area, sizeof(e->area));
		bpf_ringbuf_submit(e, TIMELINE_SUBMIT);
	}
	f->mark_ns = now;
}

TRACEPOINT_ARGS(mm_alloc_contig_range_finish, unsigned long start, unsigned long end,
		enum alloc_contig_mode mode, int ret, enum alloc_contig_fail fail,
		unsigned int nr_retries, unsigned long nr_migrated,
		unsigned long nr_migrate_failed)
{
	__u32 slot = mode;
	__u64 step = array_index(fail);
	struct range_stats *rs;
	struct inflight *f;

	rs = bpf_map_lookup_elem(&range_stats, &slot);
	if (!rs)
		return 0;	/* a mode beyond CMABULK_MAX_MODES */
	rs->ranges += 1;
	if (step < NR_ALLOC_CONTIG_FAIL)
		rs->fail[step] += 1;
	rs->retries += nr_retries;
	rs->retry_slots[nr_retries < CMABULK_RETRY_SLOTS ?
			nr_retries : CMABULK_RETRY_SLOTS - 1] += 1;
	rs->migrated += nr_migrated;
	rs->migrate_failed += nr_migrate_failed;

	/* The call's own sums feed only its records and its window. */
	if (!emit_calls && !emit_ranges && !emit_failures)
		return 0;
	f = inflight_get();
	if (f) {
		if (step != ALLOC_CONTIG_FAIL_NONE && step < NR_ALLOC_CONTIG_FAIL)
			f->windows_failed[step] += 1;
		f->retries += nr_retries;
		f->migrated += nr_migrated;
		f->migrate_failed += nr_migrate_failed;
		if (emit_ranges)
			emit_range(f, start, end, mode, ret, fail, nr_retries, nr_migrated,
				   nr_migrate_failed);
	}
	return 0;
}

static __always_inline int on_mm_migrate_pages(__u64 *ctx)
{
	struct global_stats *g;
	__u64 reason;

	reason = tp_arg(ctx, tp_args.migrate_reason);
	if ((int)reason != bpf_core_enum_value(enum migrate_reason, MR_CONTIG_RANGE))
		return 0;
	g = globals();
	if (!g)
		return 0;
	g->contig_migrate_events++;
	g->contig_migrated += tp_arg(ctx, tp_args.migrate_succeeded);
	g->contig_migrate_failed += tp_arg(ctx, tp_args.migrate_failed);
	return 0;
}

TRACEPOINT(cma_alloc_start, on_cma_alloc_start)
TRACEPOINT(cma_alloc_busy_retry, on_cma_alloc_busy_retry)
TRACEPOINT(cma_alloc_finish, on_cma_alloc_finish)
TRACEPOINT(mm_migrate_pages, on_mm_migrate_pages)
TRACEPOINT(test_pages_isolated, on_test_pages_isolated)

/* --- phases: fentry/fexit, only inside a traced call --------------------- */

static __always_inline void phase_begin(enum cmabulk_phase p)
{
	struct inflight *f = inflight_get();

	if (!f)
		return;
	/* A drain by direct reclaim during migration is migration time. */
	if (p == PHASE_PCP_DRAIN && f->phase_start[PHASE_MIGRATE])
		return;
	f->phase_start[p] = now_ns();
}

/* This phase instance as a record, for the timeline (--perfetto). */
static __always_inline void emit_phase(struct inflight *f, enum cmabulk_phase p,
				       __u64 start, __u64 end)
{
	struct phase_event *e;
	__u64 id;

	if (filtered_out(&f->key))
		return;
	e = record_reserve(sizeof(*e));
	if (!e)
		return;
	id = bpf_get_current_pid_tgid();
	e->type = RECORD_PHASE;
	e->pid = id >> 32;
	e->tid = (__u32)id;
	__builtin_memcpy(e->area, f->key.area, sizeof(e->area));
	e->phase = p;
	e->start_ns = start;
	e->end_ns = end;
	bpf_ringbuf_submit(e, TIMELINE_SUBMIT);
}

static __always_inline __u64 phase_end(enum cmabulk_phase p)
{
	struct inflight *f = inflight_get();
	__u64 now, d;

	if (!f || !f->phase_start[p])
		return 0;
	now = now_ns();
	d = now - f->phase_start[p];
	if (emit_phases)
		emit_phase(f, p, f->phase_start[p], now);
	f->phase_start[p] = 0;
	f->phase_ns[p] += d;
	f->phases_ran |= 1U << p;
	return d;
}

/*
 * The start of a window, exactly (--phases): without it a window starts
 * at the call's previous event, which for the first one of a NORMAL_ONCE
 * call holds its one LRU drain too.
 */
SEC("fentry/__alloc_contig_range_noprof")
int BPF_PROG(window_enter)
{
	struct inflight *f;

	if (!emit_ranges)
		return 0;
	f = inflight_get();
	if (f)
		f->mark_ns = now_ns();
	return 0;
}

SEC("fentry/start_isolate_page_range")
int BPF_PROG(isolate_enter) { phase_begin(PHASE_ISOLATE); return 0; }
SEC("fexit/start_isolate_page_range")
int BPF_PROG(isolate_exit) { phase_end(PHASE_ISOLATE); return 0; }

SEC("fentry/__alloc_contig_migrate_range")
int BPF_PROG(migrate_enter) { phase_begin(PHASE_MIGRATE); return 0; }
SEC("fexit/__alloc_contig_migrate_range")
int BPF_PROG(migrate_exit) { phase_end(PHASE_MIGRATE); return 0; }

SEC("fentry/test_pages_isolated")
int BPF_PROG(test_isolated_enter) { phase_begin(PHASE_TEST_ISOLATED); return 0; }
SEC("fexit/test_pages_isolated")
int BPF_PROG(test_isolated_exit) { phase_end(PHASE_TEST_ISOLATED); return 0; }

/*
 * Drains are counted and timed system-wide too (every drain costs every
 * CPU, whoever asked for it): __drain_all_pages() is what drain_all_pages()
 * and zone_pcp_disable() both call, and is not inlined into them.
 */
static __always_inline void drain_begin(bool pcp)
{
	struct drain_start *d, zero = {};
	__u32 t = tid();

	d = bpf_map_lookup_elem(&drain_start, &t);
	if (!d) {
		bpf_map_update_elem(&drain_start, &t, &zero, BPF_ANY);
		d = bpf_map_lookup_elem(&drain_start, &t);
		if (!d)
			return;
	}
	if (pcp)
		d->pcp_ns = bpf_ktime_get_ns();
	else
		d->lru_ns = bpf_ktime_get_ns();
}

static __always_inline void drain_end(bool pcp)
{
	struct global_stats *g = globals();
	struct drain_start *d;
	__u32 t = tid();
	__u64 start;

	d = bpf_map_lookup_elem(&drain_start, &t);
	if (!d || !g)
		return;
	start = pcp ? d->pcp_ns : d->lru_ns;
	if (!start)
		return;
	if (pcp) {
		g->pcp_drains++;
		g->pcp_drain_ns += bpf_ktime_get_ns() - start;
		d->pcp_ns = 0;
	} else {
		g->lru_drains++;
		g->lru_drain_ns += bpf_ktime_get_ns() - start;
		d->lru_ns = 0;
	}
	if (!d->pcp_ns && !d->lru_ns)
		bpf_map_delete_elem(&drain_start, &t);
}

SEC("fentry/__drain_all_pages")
int BPF_PROG(pcp_drain_enter)
{
	drain_begin(true);
	phase_begin(PHASE_PCP_DRAIN);
	return 0;
}

SEC("fexit/__drain_all_pages")
int BPF_PROG(pcp_drain_exit)
{
	drain_end(true);
	phase_end(PHASE_PCP_DRAIN);
	return 0;
}

SEC("fentry/lru_cache_disable")
int BPF_PROG(lru_drain_enter)
{
	drain_begin(false);
	phase_begin(PHASE_LRU_DRAIN);
	return 0;
}

SEC("fexit/lru_cache_disable")
int BPF_PROG(lru_drain_exit)
{
	drain_end(false);
	phase_end(PHASE_LRU_DRAIN);
	return 0;
}

/*
 * The struct cma of a call about to start, for its failure record: the
 * function that holds it on every path to the start event (6.12's
 * __cma_alloc, whose callers are cma_alloc() and cma_alloc_folio(); the
 * loader attaches it to 7.0's or 6.1's instead, feature_probe.c), and
 * the series' bulk call.
 */
static __always_inline int note_area(struct cma *cma)
{
	struct inflight *f;

	if (!emit_failures)
		return 0;
	f = inflight_lookup(true);
	if (f)
		f->cma = (__u64)cma;
	return 0;
}

SEC("fentry/__cma_alloc")
int BPF_PROG(area_of_cma_alloc, struct cma *cma) { return note_area(cma); }

SEC("fentry/__cma_alloc_bulk_order")
int BPF_PROG(area_of_bulk, struct cma *cma) { return note_area(cma); }

/*
 * The same through a kprobe, attached only where the fentry is not: a
 * kernel without trampolines (Debian's arm64 6.1: fentry loads, then
 * fails to attach with -ENOTSUPP) or without BTF of its own (--btf).
 */
SEC("kprobe/__cma_alloc")
int BPF_KPROBE(area_by_kprobe, struct cma *cma) { return note_area(cma); }

/* A cma_alloc() that returned before its finish event: a failed call. */
static __always_inline int cma_alloc_returned(void)
{
	struct inflight *f = inflight_get();

	if (f && f->key.kind == CALL_CMA_ALLOC)
		finish_call(f, -EINVAL, 0);
	return 0;
}

SEC("fexit/cma_alloc")
int BPF_PROG(cma_alloc_exit) { return cma_alloc_returned(); }

SEC("fexit/cma_alloc_folio")
int BPF_PROG(cma_alloc_folio_exit) { return cma_alloc_returned(); }
