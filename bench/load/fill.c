// SPDX-License-Identifier: GPL-2.0
/*
 * Fill CMA with movable pages to a target occupancy.
 *
 * The page allocator gives movable allocations CMA pages only while more
 * than half of a zone's free memory is CMA, so touching memory fills the
 * normal zone first. The fill therefore maps memory in 2 MiB chunks,
 * looks up every page's PFN, keeps the pages that landed in the area and
 * holds the others as ballast until the target is reached; then it
 * releases the ballast so that migration has room to land. Progress is
 * watched through CmaFree and non-CMA free memory, never assumed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "bench/load/load.h"
#include "bench/load/load_internal.h"
#include "lib/cma_test.h"
#include "lib/tool.h"

#define CHUNK_PAGES 512
/* Chunks in a row that brought no CMA page before the fill gives up. */
#define STALL_CHUNKS 96
/* Top-up passes when others' pages in CMA went away during the fill. */
#define FILL_PASSES 4

/* Non-CMA free memory below which the fill stops growing its ballast. */
static long load_margin_kb(void)
{
	long total = sys_meminfo_kb("MemTotal");
	long margin = total / 32;

	return margin > 48 * 1024 ? margin : 48 * 1024;
}

static int chunk_map(struct load *l, struct fill_chunk *c, enum fill_kind kind)
{
	size_t len = CHUNK_PAGES * sys_page_size();
	char path[128];
	int flags = MAP_SHARED;

	c->nr_pages = CHUNK_PAGES;
	c->fd = -1;
	switch (kind) {
	case FILL_ANON:
		flags = MAP_PRIVATE | MAP_ANONYMOUS;
		break;
	case FILL_SHMEM:
		c->fd = memfd_create("cmabulk-fill", MFD_CLOEXEC);
		break;
	case FILL_FILE:
		/* Unlinked at once: a crash leaves no file behind. */
		snprintf(path, sizeof(path), LOAD_SCRATCH_DIR "/.cmabulk-fill-%d-%zu",
			 getpid(), l->fill.nr_chunks);
		c->fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
		if (c->fd >= 0)
			unlink(path);
		break;
	default:
		return -EINVAL;
	}
	if (kind != FILL_ANON && (c->fd < 0 || ftruncate(c->fd, len)))
		return -errno;
	/*
	 * MAP_POPULATE faults the pages in from the kernel, several times
	 * faster than touching them one by one (under TCG above all). Anon
	 * pages are write-faulted (real pages, not the zero page); shmem and
	 * file pages are allocated by the read fault.
	 */
	c->addr = mmap(NULL, len, PROT_READ | PROT_WRITE, flags | MAP_POPULATE, c->fd, 0);
	if (c->addr == MAP_FAILED) {
		c->addr = NULL;
		return -errno;
	}
	c->pfns = calloc(CHUNK_PAGES, sizeof(*c->pfns));
	if (!c->pfns)
		return -ENOMEM;
	return sys_pagemap_pfns(c->addr, CHUNK_PAGES, c->pfns);
}

/* Give back pages [first, first + n) of @c. */
static void chunk_release_range(struct fill_chunk *c, size_t first, size_t n)
{
	if (c->fd >= 0)
		fallocate(c->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
			  first * sys_page_size(), n * sys_page_size());
	madvise(c->addr + first * sys_page_size(), n * sys_page_size(), MADV_DONTNEED);
	memset(&c->pfns[first], 0, n * sizeof(*c->pfns));
}

static void chunk_unmap(struct fill_chunk *c)
{
	if (c->addr)
		munmap(c->addr, c->nr_pages * sys_page_size());
	if (c->fd >= 0)
		close(c->fd);
	free(c->pfns);
	memset(c, 0, sizeof(*c));
	c->fd = -1;
}

/*
 * Release the pages of @c whose pfn @drop(pfn, @ctx) picks, in runs (one
 * madvise per run); returns how many.
 */
static size_t chunk_release_if(struct fill_chunk *c, bool (*drop)(uint64_t pfn, const void *ctx),
			       const void *ctx)
{
	size_t dropped = 0, i = 0;

	while (i < c->nr_pages) {
		size_t j = i;

		while (j < c->nr_pages && c->pfns[j] && drop(c->pfns[j], ctx))
			j++;
		if (j > i) {
			chunk_release_range(c, i, j - i);
			dropped += j - i;
			i = j;
		} else {
			i++;
		}
	}
	return dropped;
}

static bool outside_area(uint64_t pfn, const void *area)
{
	return !cma_area__contains(area, pfn);
}

/* Release the pages of @c outside the area; returns how many. */
static size_t chunk_drop_outside(const struct cma_area *a, struct fill_chunk *c)
{
	return chunk_release_if(c, outside_area, a);
}

static size_t chunk_count_inside(const struct cma_area *a, const struct fill_chunk *c)
{
	size_t n = 0;

	for (size_t i = 0; i < c->nr_pages; i++)
		n += c->pfns[i] && cma_area__contains(a, c->pfns[i]);
	return n;
}

static double occupancy_pct(void)
{
	long total = sys_meminfo_kb("CmaTotal"), free_kb = sys_meminfo_kb("CmaFree");

	return total > 0 ? 100.0 * (1.0 - (double)free_kb / total) : 0;
}

/* A new, zeroed chunk at the end of the fill's list, or NULL. */
static struct fill_chunk *fill_next_chunk(struct load_fill *f)
{
	struct fill_chunk *c;

	if (f->nr_chunks == f->cap_chunks) {
		size_t cap = f->cap_chunks ? 2 * f->cap_chunks : 256;
		void *p = realloc(f->chunks, cap * sizeof(*f->chunks));

		if (!p)
			return NULL;
		f->chunks = p;
		f->cap_chunks = cap;
	}
	c = &f->chunks[f->nr_chunks++];
	memset(c, 0, sizeof(*c));
	return c;
}

/*
 * Map chunks until our own pages in CMA reach @own_target_kb, or pages
 * stop landing in CMA (*stalled). 0 or a load_fail() error.
 */
static int fill_pass(struct load *l, enum fill_kind kind, long own_target_kb, long margin_kb,
		     bool *stalled)
{
	struct load_fill *f = &l->fill;
	int stall = 0, err;

	*stalled = false;
	while (!load_interrupted && load_pages_kb(f->cma_pages) < own_target_kb) {
		struct fill_chunk *c = fill_next_chunk(f);
		long non_cma_free;
		size_t inside;

		if (!c)
			return load_fail(l, -ENOMEM, "fill: out of memory for bookkeeping");
		err = chunk_map(l, c, kind);
		if (err)
			return load_fail(l, err, "fill: cannot map %s memory: %s",
					 fill_kind_names[kind], strerror(-err));
		inside = chunk_count_inside(&l->area, c);
		f->cma_pages += inside;
		/*
		 * Ballast protects nothing once non-CMA memory is down to the
		 * margin: from there on, give back what lands outside at once
		 * so the kernel keeps room for its own allocations.
		 */
		non_cma_free = load_non_cma_free_kb();
		/* Only near the margin should pages land in CMA: count stalls there. */
		if (non_cma_free < 2 * margin_kb)
			stall = inside ? 0 : stall + 1;
		if (non_cma_free < margin_kb) {
			f->ballast_pages += chunk_drop_outside(&l->area, c);
			if (!inside) {
				chunk_unmap(c);
				f->nr_chunks--;
			}
		}
		if (stall >= STALL_CHUNKS) {
			*stalled = true;
			break;
		}
		if (l->verbose && f->nr_chunks % 64 == 0)
			fprintf(stderr, "fill: %.1f%% of CMA occupied, %zu MiB mapped\n",
				occupancy_pct(), (size_t)pages_to_mib(f->nr_chunks * CHUNK_PAGES));
	}
	/* Target reached (or not): the ballast goes, CMA pages stay. */
	for (size_t i = 0; i < f->nr_chunks; i++)
		f->ballast_pages += chunk_drop_outside(&l->area, &f->chunks[i]);
	sys_stat_refresh();
	return 0;
}

int load__fill(struct load *l, enum fill_kind kind, double pct)
{
	struct load_fill *f = &l->fill;
	long target_free_kb, total_kb = sys_meminfo_kb("CmaTotal"), others_kb;
	long margin_kb = load_margin_kb(), slack_kb = load_pages_kb(l->area.pageblock_pages);
	double t0 = now_s();
	bool stalled = false;
	int err;

	if (load__check_pct(pct, "fill: PERCENT", l->error, sizeof(l->error)))
		return -EINVAL;
	if (kind == FILL_FILE && !load_is_mountpoint(LOAD_SCRATCH_DIR))
		return load_fail(l, -ENOENT, "fill --kind file needs a disk mounted at " LOAD_SCRATCH_DIR);
	if (f->nr_chunks)
		return load_fail(l, -EBUSY, "fill: already filled");
	f->kind = kind;
	f->target_pct = pct;
	target_free_kb = (long)(total_kb * (1.0 - pct / 100.0));
	/*
	 * Count our own pages rather than watch CmaFree alone: the fill's
	 * bookkeeping (and anything else that comes and goes) lands in CMA
	 * too, and would leave the area short once it is freed. But what others
	 * held in CMA at the start may go away while we fill, or compaction
	 * move some of our pages out (under a debug kernel the area once came
	 * out 8 MiB short): then count again from CmaFree and top up.
	 */
	sys_stat_refresh();
	others_kb = total_kb - sys_meminfo_kb("CmaFree");
	for (int pass = 0; pass < FILL_PASSES && !stalled && !load_interrupted; pass++) {
		err = fill_pass(l, kind, total_kb - target_free_kb - others_kb, margin_kb, &stalled);
		if (err)
			return err;
		/* Top up to the target itself; only the error below allows a pageblock of slack. */
		if (sys_meminfo_kb("CmaFree") <= target_free_kb)
			break;
		others_kb = total_kb - sys_meminfo_kb("CmaFree") - load_pages_kb(f->cma_pages);
	}
	f->achieved_pct = occupancy_pct();
	f->seconds = now_s() - t0;
	if (load_interrupted)
		return load_fail(l, -EINTR, "fill: interrupted");
	if (sys_meminfo_kb("CmaFree") > target_free_kb + slack_kb)
		return load_fail(l, -ENOSPC,
				 "fill: CMA occupancy reached %.1f%%, not %.1f%%: movable pages stopped landing in CMA (%ld kB of non-CMA memory left free)",
				 f->achieved_pct, pct, load_non_cma_free_kb());
	return 0;
}

/* The area and which of its pageblocks to empty. */
struct clear_marks {
	const struct cma_area *area;
	const bool *clear;
};

static bool in_marked_block(uint64_t pfn, const void *ctx)
{
	const struct clear_marks *m = ctx;

	return cma_area__contains(m->area, pfn) &&
	       m->clear[(pfn - m->area->base_pfn) / m->area->pageblock_pages];
}

int load__fill_clear(struct load *l, double pct)
{
	struct load_fill *f = &l->fill;
	size_t nr_blocks = cma_area__nr_blocks(&l->area), want;
	uint64_t *order;
	bool *clear;

	if (load__check_pct(pct, "fill clear: PERCENT", l->error, sizeof(l->error)))
		return -EINVAL;
	if (!f->nr_chunks)
		return load_fail(l, -EINVAL, "fill clear: nothing filled to clear");
	if (!l->area.pageblock_pages || !nr_blocks)
		return load_fail(l, -ENODATA, "fill clear: the area's pageblocks are unknown");
	want = (size_t)(nr_blocks * pct / 100.0 + 0.5);
	order = calloc(nr_blocks, sizeof(*order));
	clear = calloc(nr_blocks, sizeof(*clear));
	if (!order || !clear) {
		free(order);
		free(clear);
		return load_fail(l, -ENOMEM, "fill clear: out of memory");
	}
	/* Another stream than the pins' (seed + 1): the same seed, other blocks. */
	load_shuffle(order, nr_blocks, l->seed + 1);
	for (size_t i = 0; i < want; i++)
		clear[order[i]] = true;
	for (size_t i = 0; i < f->nr_chunks; i++)
		f->cleared_pages += chunk_release_if(&f->chunks[i], in_marked_block,
						     &(struct clear_marks){ &l->area, clear });
	free(order);
	free(clear);
	f->cma_pages -= f->cleared_pages;
	f->clear_pct = pct;
	f->cleared_blocks = want;
	/*
	 * The pages wait in per-cpu lists (6.12 lets them grow large), where
	 * CmaFree does not count them and FAST would find them: drain them
	 * with the test driver where there is one, as a trial's release does.
	 */
	if (cma_test__available())
		cma_test__write("release", "1");
	sys_stat_refresh();
	f->achieved_pct = occupancy_pct();
	return 0;
}

void fill_release(struct load *l)
{
	struct load_fill *f = &l->fill;

	for (size_t i = 0; i < f->nr_chunks; i++)
		chunk_unmap(&f->chunks[i]);
	free(f->chunks);
	f->chunks = NULL;
	f->nr_chunks = f->cap_chunks = 0;
}
