// SPDX-License-Identifier: GPL-2.0
/*
 * Fragment memory outside CMA with unmovable kernel allocations: pipe
 * buffers and the page tables of a sparsely touched mapping, made while
 * movable ballast holds nearly all free memory, so that they spread over
 * many pageblocks instead of filling one. The ballast is released at the
 * end; the unmovable pages stay until teardown. Measured through /proc/pagetypeinfo (how
 * many pageblocks are Unmovable) and the unusable free space index.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include "bench/load/load.h"
#include "bench/load/load_internal.h"
#include "lib/tool.h"

#define SPARSE_STRIDE (2UL << 20)	/* one page table per touched page */
/* Non-CMA memory left free while the unmovable pages are allocated. */
#define FRAGMENT_FREE_KB (24 * 1024)

static char *sparse;
static size_t sparse_len;
static char **ballast;
static size_t nr_ballast;

/* Sum of the Unmovable column of "Number of blocks type" in pagetypeinfo. */
static long unmovable_blocks(void)
{
	char line[512];
	bool in_table = false;
	long total = -1;
	FILE *f = fopen("/proc/pagetypeinfo", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		long v;
		char zone[32];

		if (strncmp(line, "Number of blocks type", 21) == 0) {
			in_table = true;
			total = 0;
			continue;
		}
		if (in_table && sscanf(line, "Node %*d, zone %31s %ld", zone, &v) == 2)
			total += v;
	}
	fclose(f);
	return total;
}

/*
 * The unusable free space index at pageblock order for the biggest zone
 * ("Normal" if there is one, else the last listed, DMA32 in a small guest).
 */
static double unusable_index(unsigned int order)
{
	char line[512], zone[32], best_zone[32] = "";
	double best = -1;
	FILE *f = fopen("/sys/kernel/debug/extfrag/unusable_index", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		char *p;
		int n;

		if (sscanf(line, "Node %*d, zone %31s%n", zone, &n) != 1)
			continue;
		if (strcmp(best_zone, "Normal") == 0)
			break;
		p = line + n;
		for (unsigned int o = 0; o <= order && p; o++) {
			double v = strtod(p, &p);

			if (o == order) {
				best = v;
				snprintf(best_zone, sizeof(best_zone), "%s", zone);
			}
		}
	}
	fclose(f);
	return best;
}

static unsigned int pageblock_order(const struct load *l)
{
	return (unsigned int)log2(l->area.pageblock_pages);
}

static int unmovable_pipe_page(struct load_fragment *fr)
{
	int fds[2];

	if (pipe2(fds, O_CLOEXEC))
		return -errno;
	/* The buffer page stays while the read end is open. */
	if (write(fds[1], "x", 1) != 1) {
		close(fds[0]);
		close(fds[1]);
		return -EIO;
	}
	close(fds[1]);
	fr->pipes[fr->nr_pipes++] = fds[0];
	return 0;
}

/*
 * Movable ballast until little non-CMA memory is free, so that the
 * unmovable allocations after it have to take what is left, wherever it
 * is. (The allocator's anti-fragmentation still groups most of them into
 * a few pageblocks: the report's before/after numbers say how much this
 * achieved.)
 */
static int ballast_fill(long free_kb, size_t block_bytes)
{
	size_t ballast_max = (size_t)(free_kb * 1024.0 / block_bytes) + 1;

	ballast = calloc(ballast_max, sizeof(*ballast));
	if (!ballast)
		return -ENOMEM;
	while (nr_ballast < ballast_max && !load_interrupted) {
		if (load_non_cma_free_kb() < FRAGMENT_FREE_KB)
			break;
		ballast[nr_ballast] = mmap(NULL, block_bytes, PROT_READ | PROT_WRITE,
					   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
		if (ballast[nr_ballast] == MAP_FAILED)
			break;
		nr_ballast++;
	}
	return 0;
}

static void ballast_release(size_t block_bytes)
{
	for (size_t b = 0; b < nr_ballast; b++)
		munmap(ballast[b], block_bytes);
	free(ballast);
	ballast = NULL;
	nr_ballast = 0;
}

int load__fragment(struct load *l, double pct)
{
	struct load_fragment *fr = &l->frag;
	size_t block_bytes = l->area.pageblock_pages * sys_page_size();
	long free_kb = load_non_cma_free_kb();
	size_t want, i;
	struct rlimit rl;
	double t0 = now_s();
	int err = 0;

	if (load__check_pct(pct, "fragment: PERCENT", l->error, sizeof(l->error)))
		return -EINVAL;
	if (fr->target_pct > 0)
		return load_fail(l, -EBUSY, "fragment: already fragmented");
	fr->target_pct = pct;
	fr->unmovable_blocks_before = unmovable_blocks();
	fr->unusable_before = unusable_index(pageblock_order(l));
	/* One unmovable page for each of pct% of the free non-CMA pageblocks. */
	want = (size_t)(pct / 100.0 * (free_kb * 1024.0 / block_bytes));
	if (!want)
		want = 1;
	/* Half of them are pipes: one descriptor each. */
	rl.rlim_cur = rl.rlim_max = want + 256;
	if (setrlimit(RLIMIT_NOFILE, &rl) && getrlimit(RLIMIT_NOFILE, &rl) == 0 &&
	    rl.rlim_cur < want / 2 + 64)
		return load_fail(l, -EMFILE, "fragment: needs %zu descriptors, the limit is %llu",
				 want / 2 + 64, (unsigned long long)rl.rlim_cur);
	fr->pipes = calloc(want / 2 + 1, sizeof(*fr->pipes));
	sparse_len = (want / 2 + 1) * SPARSE_STRIDE;
	sparse = mmap(NULL, sparse_len, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (!fr->pipes || sparse == MAP_FAILED) {
		sparse = NULL;
		return load_fail(l, -ENOMEM, "fragment: out of memory");
	}
	/* 1. Movable ballast, so that what follows takes what is left. */
	if (ballast_fill(free_kb, block_bytes))
		return load_fail(l, -ENOMEM, "fragment: out of memory");
	/* 2. The unmovable pages: pipe buffers and page tables, alternately. */
	for (i = 0; i < want && !load_interrupted; i++) {
		if (i % 2 == 0) {
			err = unmovable_pipe_page(fr);
			if (err) {
				load_fail(l, err, "fragment: pipe: %s", strerror(-err));
				break;
			}
			fr->pipe_pages++;
		} else {
			sparse[(i / 2) * SPARSE_STRIDE] = 1;
			fr->pagetable_pages++;
		}
	}
	/* 3. The ballast goes; the unmovable pages stay where they landed. */
	ballast_release(block_bytes);
	fr->unmovable_blocks_after = unmovable_blocks();
	fr->unusable_after = unusable_index(pageblock_order(l));
	fr->seconds = now_s() - t0;
	if (load_interrupted)
		return load_fail(l, -EINTR, "fragment: interrupted");
	return err;
}

void fragment_release(struct load *l)
{
	struct load_fragment *fr = &l->frag;

	for (size_t i = 0; i < fr->nr_pipes; i++)
		close(fr->pipes[i]);
	free(fr->pipes);
	fr->pipes = NULL;
	fr->nr_pipes = 0;
	fr->pipe_pages = fr->pagetable_pages = 0;
	if (sparse)
		munmap(sparse, sparse_len);
	sparse = NULL;
}
