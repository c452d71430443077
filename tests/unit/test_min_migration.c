// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for load__min_migration(): the least a perfect allocator has
 * to migrate, on a constructed area whose occupancy is known page by page.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bench/load/load.h"
#include "tests/unit/check.h"

/*
 * An area of 64 pages at pfn 1000 in pageblocks of 16; order-2 chunks (4
 * pages), 16 of them. Chunk i holds i % 5 fill pages: 0 1 2 3 4 0 1 2 3 4
 * 0 1 2 3 4 0, so the emptiest chunks first cost 0 0 0 0 1 1 1 2 2 2 ...
 */
static uint64_t pfns[64];

static void area(struct load *l)
{
	size_t n = 0;

	memset(l, 0, sizeof(*l));
	l->area.base_pfn = 1000;
	l->area.nr_pages = 64;
	l->area.pageblock_pages = 16;
	for (int c = 0; c < 16; c++)
		for (int p = 0; p < c % 5; p++)
			pfns[n++] = 1000 + 4 * c + p;
	pfns[n++] = 5;		/* outside the area: not counted */
	static struct fill_chunk fc;
	fc = (struct fill_chunk){ .nr_pages = n, .fd = -1, .pfns = pfns };
	l->fill.chunks = &fc;
	l->fill.nr_chunks = 1;
}

static void test_emptiest_first(void)
{
	struct load l;
	uint64_t pages = 99;

	area(&l);
	/* Four empty chunks, then three with one page, then 2 2 2 3 3 3 4 4 4. */
	CHECK_EQ_INT(load__min_migration(&l, 2, 4, &pages), 0);
	CHECK_EQ_U64(pages, 0);
	CHECK_EQ_INT(load__min_migration(&l, 2, 7, &pages), 0);
	CHECK_EQ_U64(pages, 3);
	CHECK_EQ_INT(load__min_migration(&l, 2, 16, &pages), 0);
	CHECK_EQ_U64(pages, 3 * (1 + 2 + 3 + 4));
	CHECK_EQ_INT(load__min_migration(&l, 2, 17, &pages), -ENOSPC);
	/* Order 4 (one chunk per pageblock): the blocks hold 6, 7, 8 and 9 pages. */
	CHECK_EQ_INT(load__min_migration(&l, 4, 4, &pages), 0);
	CHECK_EQ_U64(pages, 30);
}

static void test_pins(void)
{
	uint64_t blocks[1] = { 0 }, pinned_pfn[1] = { 1000 + 4 * 1 };	/* chunk 1 (1 page) */
	struct load l;
	uint64_t pages;

	area(&l);
	l.pin.blocks = blocks;
	l.pin.pfns = pinned_pfn;
	l.pin.nr_blocks = 1;
	/* Chunk 1 (one page) is out: the other 15 cost 30 - 1, the emptiest 7 0 0 0 0 1 1 2. */
	CHECK_EQ_INT(load__min_migration(&l, 2, 15, &pages), 0);
	CHECK_EQ_U64(pages, 29);
	CHECK_EQ_INT(load__min_migration(&l, 2, 7, &pages), 0);
	CHECK_EQ_U64(pages, 4);
	CHECK_EQ_INT(load__min_migration(&l, 2, 16, &pages), -ENOSPC);
	/* A pin whose page is not known takes its whole pageblock (chunks 0-3) out. */
	pinned_pfn[0] = 0;
	CHECK_EQ_INT(load__min_migration(&l, 2, 12, &pages), 0);
	CHECK_EQ_U64(pages, 3 * (1 + 2 + 3 + 4) - (0 + 1 + 2 + 3));
	CHECK_EQ_INT(load__min_migration(&l, 2, 13, &pages), -ENOSPC);
}

/* Satisfiable: every chunk but the pinned page's; its whole pageblock when the page is unknown. */
static void test_satisfiable(void)
{
	uint64_t blocks[2] = { 0, 2 }, pinned_pfn[2] = { 1000 + 4 * 1, 1000 + 32 + 5 };
	struct load l;
	uint64_t n;

	area(&l);
	CHECK_EQ_INT(load__satisfiable_chunks(&l, 2, &n), 0);
	CHECK_EQ_U64(n, 16);
	l.pin.blocks = blocks;
	l.pin.pfns = pinned_pfn;
	l.pin.nr_blocks = 2;
	CHECK_EQ_INT(load__satisfiable_chunks(&l, 2, &n), 0);
	CHECK_EQ_U64(n, 14);
	/* Order 5 (32 pages, two pageblocks a chunk): both pins in different chunks. */
	CHECK_EQ_INT(load__satisfiable_chunks(&l, 5, &n), 0);
	CHECK_EQ_U64(n, 0);
	/* The same chunk twice counts once: both pins in chunk 0 of order 6. */
	CHECK_EQ_INT(load__satisfiable_chunks(&l, 6, &n), 0);
	CHECK_EQ_U64(n, 0);
	pinned_pfn[1] = 1000 + 16 + 3;	/* block 2's pin reported in block 1: still one chunk of order 5 */
	CHECK_EQ_INT(load__satisfiable_chunks(&l, 5, &n), 0);
	CHECK_EQ_U64(n, 1);
	/* Unknown page: its whole pageblock (4 chunks of order 2). */
	pinned_pfn[0] = 0;
	pinned_pfn[1] = 0;
	CHECK_EQ_INT(load__satisfiable_chunks(&l, 2, &n), 0);
	CHECK_EQ_U64(n, 8);
}

int main(void)
{
	RUN(test_emptiest_first);
	RUN(test_pins);
	RUN(test_satisfiable);
	return CHECK_DONE();
}
