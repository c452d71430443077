/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The load generator as a library: cmabulk-load drives it from the
 * command line, cmabulk-bench rebuilds the same load before every trial.
 *
 * Each kind of load measures what it achieved (occupancy from CmaFree,
 * pageblocks blocked from the PFNs it holds, fragmentation from
 * /proc/pagetypeinfo) instead of assuming its target was met, and
 * load__teardown() gives everything back and checks CmaFree.
 */
#ifndef CMABULK_LOAD_H
#define CMABULK_LOAD_H

#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "lib/sysfacts.h"

struct json_writer;

/* Where fill pages come from: all are movable, so CMA may take them. */
enum fill_kind { FILL_ANON, FILL_SHMEM, FILL_FILE, NR_FILL_KINDS };
extern const char *const fill_kind_names[NR_FILL_KINDS];

/* How a CMA pageblock is made unmovable. */
enum pin_method {
	PIN_NONE,
	PIN_VMSPLICE,	/* a fill page spliced into a pipe never read */
	PIN_ODIRECT,	/* a fill page as the source of O_DIRECT writes in flight */
	PIN_WRITEBACK,	/* page cache pages kept under writeback on a slow disk */
	PIN_MODULE,	/* the test driver takes one page of the block */
	PIN_MODULE_REF,	/* the test driver holds a reference on an LRU page */
	PIN_MODULE_SHORT, /* as module-ref, each pin moving every PIN_SHORT_HOLD_MS */
	NR_PIN_METHODS
};

/*
 * How long a module-short pin holds one page before it moves to another
 * LRU page of its block: shorter than the 20 ms series v3's HARD waited
 * on a window (the short pins that mode was for).
 */
#define PIN_SHORT_HOLD_MS 5
extern const char *const pin_method_names[NR_PIN_METHODS];

/*
 * What each load parameter may be, defined once: the library refuses
 * anything else, the command lines check the same bounds before they
 * touch anything, and the bench's scenario keys take their maximum from
 * here (a scenario's 0 means "none of it").
 */
#define LOAD_PCT_MAX		100.0	/* fill, fragment: percent in (0, 100] */
#define LOAD_FRACTION_MAX	1.0	/* pin: fraction of the pageblocks in (0, 1] */
#define LOAD_RATE_MAX		4096.0	/* churn: MiB/s in [0, 4096] */

/*
 * 0 when the value is in its range, else -EINVAL and "@what must be in
 * RANGE, got VALUE" in @err (e.g. what = "fill: PERCENT").
 */
int load__check_pct(double pct, const char *what, char *err, size_t len);
int load__check_fraction(double fraction, const char *what, char *err, size_t len);
int load__check_rate(double mb_s, const char *what, char *err, size_t len);

/* Where the scratch disk is mounted in the guest (O_DIRECT, writeback). */
#define LOAD_SCRATCH_DIR "/scratch"

/* One mapping of fill memory and which of its pages are in CMA. */
struct fill_chunk {
	char *addr;
	size_t nr_pages;
	int fd;			/* shmem / file backing, or -1 */
	uint64_t *pfns;		/* pfn per page, 0 once released */
};

struct load_fill {
	enum fill_kind kind;
	double target_pct;
	struct fill_chunk *chunks;
	size_t nr_chunks, cap_chunks;
	uint64_t cma_pages;		/* fill pages held inside the area */
	uint64_t ballast_pages;		/* pages that landed outside, released */
	double achieved_pct;		/* 100 * (1 - CmaFree / area size) */
	double seconds;
	double clear_pct;		/* pageblocks given back after the fill */
	size_t cleared_blocks;
	uint64_t cleared_pages;
};

struct load_pin {
	enum pin_method method;
	double fraction;
	uint64_t *blocks;		/* area pageblock indexes pinned */
	uint64_t *pfns;			/* the page pinned in each, 0: unknown */
	size_t nr_blocks, want_blocks;
	int *pipes;			/* vmsplice: read and write ends */
	size_t nr_pipes;
	int io_fd;			/* odirect / writeback file */
	pthread_t io_thread;
	bool io_running;
	volatile bool io_stop;
	unsigned long io_rounds;	/* writes completed while pinning */
	double seconds;
};

struct load_fragment {
	double target_pct;
	int *pipes;			/* pipe buffers: unmovable pages */
	size_t nr_pipes;
	size_t pipe_pages, pagetable_pages;	/* unmovable pages held */
	long unmovable_blocks_before, unmovable_blocks_after;
	double unusable_before, unusable_after;	/* order-9 index, Normal */
	double seconds;
};

struct load_churn {
	double alloc_mb_s, write_mb_s;
	pid_t pid;			/* the churning child */
	int report_fd;			/* child -> parent: what it did */
	unsigned long long alloc_mb_done, write_mb_done;
	double started, seconds;	/* seconds: once stopped */
};

struct pcp_thread;

struct load_pcp {
	struct pcp_thread *threads;	/* one per CPU but the requester's */
	size_t nr_threads;
	unsigned long long cycles;	/* free + fault cycles, all threads */
	unsigned int cycle_pages;	/* pages freed and faulted per cycle */
	double started, seconds;	/* seconds: once stopped */
};

struct load {
	struct cma_area area;
	uint64_t seed;
	bool verbose;
	long cma_free_kb_before;	/* at load__init() */
	long cma_free_kb_after;		/* after load__teardown() */
	struct load_fill fill;
	struct load_pin pin;
	struct load_fragment frag;
	struct load_churn churn;
	struct load_pcp pcp;
	char error[256];		/* the one-line reason of the last failure */
};

/* Find the area, record CmaFree. Returns 0 or -errno with l->error set. */
int load__init(struct load *l, const char *area, uint64_t seed);

/* Bring CMA occupancy to @pct percent with @kind pages (0 < pct <= 100). */
int load__fill(struct load *l, enum fill_kind kind, double pct);
/*
 * After load__fill(): give back the fill's pages in @pct percent of the
 * area's pageblocks, chosen with the seed, so that those windows are
 * empty and the others as full as the fill left them (a device's heap
 * after a while). The occupancy achieved is measured again.
 */
int load__fill_clear(struct load *l, double pct);

/* Block @fraction of the area's pageblocks with @method. */
int load__pin(struct load *l, enum pin_method method, double fraction);

/* Spread unmovable pages over @pct percent of the free pageblocks outside CMA. */
int load__fragment(struct load *l, double pct);

/* Start allocating/freeing and writing back in a child, at these rates. */
int load__churn_start(struct load *l, double alloc_mb_s, double write_mb_s);

/*
 * Keep fill pages cycling through the per-cpu lists of every CPU but
 * CPU 0 (pcp_churn.c), until teardown, and move the calling thread (the
 * one that will make the request) to CPU 0. Needs an anon fill.
 */
int load__pcp_churn_start(struct load *l);

/*
 * Release everything in reverse order: churn stopped and reaped, pins
 * dropped, fill and fragment freed; then measure CmaFree again. Returns
 * 0 when CmaFree came back (within the per-cpu list slack), else -EBUSY.
 */
int load__teardown(struct load *l);

/* Free what the report kept (pinned block lists); after teardown. */
void load__fini(struct load *l);

/* CmaFree in kB after folding per-cpu deltas. */
long load_cma_free_kb(void);

/* What was set up and measured, as text or as a JSON object. */
/*
 * The least any allocator would have to migrate to hand out @nr_chunks
 * chunks of @order from the area as the load left it: the chunks that
 * hold no pinned page (a whole pinned pageblock when the page is not
 * known), emptiest first, counting the load's own fill pages in each
 * (what else is in the area, the load cannot see). Pages, into *@pages;
 * -ENOSPC when fewer chunks than that are free of pins, -ENOMEM.
 */
int load__min_migration(const struct load *l, unsigned int order, uint64_t nr_chunks,
			uint64_t *pages);

/*
 * Chunks of @order a perfect allocator could take from the area as the
 * load left it: every chunk that holds no pinned page (a whole pinned
 * pageblock when the page is not known), into *@chunks. 0 or -ENOMEM.
 */
int load__satisfiable_chunks(const struct load *l, unsigned int order, uint64_t *chunks);

void load__print_text(const struct load *l, FILE *out);
void load__write_json(const struct load *l, struct json_writer *w);

int load__parse_fill_kind(const char *s);
int load__parse_pin_method(const char *s);

/* Seeded Fisher-Yates shuffle of 0..n-1 into @idx. */
void load_shuffle(uint64_t *idx, size_t n, uint64_t seed);

/* Seeded PRNG shared by every random choice (xorshift64*). */
uint64_t load__rand(uint64_t *state);

/* Set by a SIGINT/SIGTERM handler: long steps stop early and clean up. */
extern volatile sig_atomic_t load_interrupted;

#endif
