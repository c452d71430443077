// SPDX-License-Identifier: GPL-2.0
/*
 * A live per-CPU state at the request: on every CPU but the requester's,
 * a thread bound to it gives back a few of the fill's pages and faults
 * them in again, over and over, until the load is torn down.
 *
 * A page freed on a CPU waits in that CPU's per-cpu list; a fault on the
 * same CPU takes it back from there first. So each thread keeps a small
 * set of the fill's CMA pages cycling through its CPU's list, and at any
 * moment some of them are free there, in the windows a bulk request is
 * about to try: what FAST, which drains nothing, meets at its final check
 * on a busy device, and what every scenario before this one had drained.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "bench/load/load.h"
#include "bench/load/load_internal.h"
#include "lib/tool.h"

#define CYCLE_PAGES 64		/* pages freed and faulted back per cycle, one per chunk */
#define FREE_HOLD_US 2000	/* how long they stay free, in the list */

struct pcp_thread {
	struct load *l;
	pthread_t tid;
	int cpu;
	size_t first_chunk;	/* the fill chunks this thread cycles */
	size_t nr_chunks;
	unsigned long long cycles;
};

static volatile bool pcp_stop_flag;

/*
 * One cycle: free one page in each of up to CYCLE_PAGES chunks of the
 * thread's share (page @page of each, chunks from @c on), leave them in
 * this CPU's list a while, then fault them in again (written). One page
 * per chunk: the free pages lie in as many windows as there are pages,
 * as on a busy system, where every CPU's list holds pages from all over.
 */
static void cycle(struct pcp_thread *t, size_t c, size_t page)
{
	struct load_fill *f = &t->l->fill;
	size_t psz = sys_page_size();
	char *addr[CYCLE_PAGES];
	int n = 0;

	for (size_t k = 0; k < t->nr_chunks && n < CYCLE_PAGES; k++) {
		struct fill_chunk *ch = &f->chunks[t->first_chunk + (c + k) % t->nr_chunks];

		if (!ch->addr || page >= ch->nr_pages)
			continue;
		addr[n] = ch->addr + page * psz;
		madvise(addr[n++], psz, MADV_DONTNEED);
	}
	usleep(FREE_HOLD_US);
	for (int i = 0; i < n; i++)
		*addr[i] = 1;
	t->cycles++;
}

static void *pcp_thread_main(void *arg)
{
	struct pcp_thread *t = arg;
	size_t c = 0, page = 0;
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(t->cpu, &set);
	pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
	while (!pcp_stop_flag) {
		cycle(t, c, page);
		c = (c + CYCLE_PAGES) % t->nr_chunks;
		/* Round the share, then the next page of each chunk. */
		if (c < CYCLE_PAGES)
			page = (page + 1) % t->l->fill.chunks[t->first_chunk].nr_pages;
	}
	/*
	 * The pages faulted here sit in this CPU's LRU batches, which hold a
	 * reference until the CPU drains them: an idle CPU never does, and
	 * the teardown would find them missing from CmaFree. MADV_COLD drains
	 * the calling CPU's batches first.
	 */
	madvise(t->l->fill.chunks[t->first_chunk].addr, sys_page_size(), MADV_COLD);
	return NULL;
}

/* The calling thread to CPU 0, where no churn runs. 0 or -1 (errno). */
static int pin_requester(void)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(0, &set);
	return sched_setaffinity(0, sizeof(set), &set);
}

int load__pcp_churn_start(struct load *l)
{
	struct load_pcp *p = &l->pcp;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	size_t per;

	if (!l->fill.nr_chunks || l->fill.kind != FILL_ANON)
		return load_fail(l, -EINVAL, "pcp churn: cycles the fill's pages: needs fill_pct with fill_kind = anon");
	if (ncpu < 2)
		return load_fail(l, -EINVAL, "pcp churn: needs a CPU besides the requester's (this system has 1)");
	if (pin_requester())
		return load_fail(l, -errno, "pcp churn: cannot move the requester to CPU 0: %s", strerror(errno));
	p->threads = calloc((size_t)ncpu - 1, sizeof(*p->threads));
	if (!p->threads)
		return load_fail(l, -ENOMEM, "pcp churn: out of memory");
	/* The requester runs on CPU 0; the others churn. */
	per = l->fill.nr_chunks / (size_t)(ncpu - 1);
	if (!per)
		return load_fail(l, -EINVAL, "pcp churn: %zu fill chunks for %ld CPUs", l->fill.nr_chunks, ncpu - 1);
	pcp_stop_flag = false;
	p->cycle_pages = CYCLE_PAGES;
	for (long i = 0; i < ncpu - 1; i++) {
		struct pcp_thread *t = &p->threads[i];

		t->l = l;
		t->cpu = (int)i + 1;
		t->first_chunk = (size_t)i * per;
		t->nr_chunks = per;
		if (pthread_create(&t->tid, NULL, pcp_thread_main, t)) {
			pcp_churn_stop(l);
			return load_fail(l, -EAGAIN, "pcp churn: cannot start a thread");
		}
		p->nr_threads++;
	}
	p->started = now_s();
	return 0;
}

void pcp_churn_stop(struct load *l)
{
	struct load_pcp *p = &l->pcp;

	if (!p->threads)
		return;
	pcp_stop_flag = true;
	for (size_t i = 0; i < p->nr_threads; i++) {
		pthread_join(p->threads[i].tid, NULL);
		p->cycles += p->threads[i].cycles;
	}
	p->seconds = now_s() - p->started;
	free(p->threads);
	p->threads = NULL;
}
