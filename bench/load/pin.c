// SPDX-License-Identifier: GPL-2.0
/*
 * Make chosen CMA pageblocks unmovable, the ways it happens on devices:
 * a page spliced into a pipe nobody reads (a plain page reference), a page
 * that is the source of O_DIRECT writes in flight (FOLL_PIN, not
 * FOLL_LONGTERM, so it stays in CMA), page cache kept under writeback on
 * a slow disk, and the test driver's exact pins. Long-term pins are not
 * offered: the kernel migrates those pages out of CMA before pinning.
 *
 * The pageblocks are a seeded shuffle of the area's blocks, so the same
 * seed picks the same blocks; user-page methods take, in that order, the
 * blocks where the fill holds a page.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "lib/cma_test.h"
#include "bench/load/load.h"
#include "bench/load/load_internal.h"
#include "lib/tool.h"

/* Bytes written ahead of the pinned pages in each O_DIRECT/writeback round. */
#define IO_FILLER (1UL << 20)
#define PAGES_PER_PIPE 16	/* the default pipe ring */

void load_shuffle(uint64_t *idx, size_t n, uint64_t seed)
{
	uint64_t state = seed * 2654435761ULL + 1;

	for (size_t i = 0; i < n; i++)
		idx[i] = i;
	for (size_t i = n; i > 1; i--) {
		size_t j = load__rand(&state) % i;
		uint64_t t = idx[i - 1];

		idx[i - 1] = idx[j];
		idx[j] = t;
	}
}

bool load_is_mountpoint(const char *dir)
{
	struct stat a, b;
	char parent[256];

	snprintf(parent, sizeof(parent), "%s/..", dir);
	return stat(dir, &a) == 0 && stat(parent, &b) == 0 && S_ISDIR(a.st_mode) &&
	       a.st_dev != b.st_dev;
}

/* The fill page (chunk, index) of every area pageblock that has one. */
struct candidate {
	struct fill_chunk *chunk;
	size_t page;
};

static struct candidate *fill_candidates(struct load *l)
{
	uint64_t nr_blocks = cma_area__nr_blocks(&l->area);
	struct candidate *cand = calloc(nr_blocks, sizeof(*cand));

	if (!cand)
		return NULL;
	for (size_t i = 0; i < l->fill.nr_chunks; i++) {
		struct fill_chunk *c = &l->fill.chunks[i];

		for (size_t p = 0; p < c->nr_pages; p++) {
			uint64_t b;

			if (!c->pfns[p] || !cma_area__contains(&l->area, c->pfns[p]))
				continue;
			b = cma_area__block(&l->area, c->pfns[p]);
			if (b < nr_blocks && !cand[b].chunk)
				cand[b] = (struct candidate){ c, p };
		}
	}
	return cand;
}

static int pin_vmsplice(struct load *l, char *page)
{
	struct load_pin *p = &l->pin;
	struct iovec iov = { page, sys_page_size() };

	if (p->nr_blocks % PAGES_PER_PIPE == 0) {
		int fds[2];

		if (pipe2(fds, O_CLOEXEC))
			return -errno;
		p->pipes[p->nr_pipes++] = fds[0];
		p->pipes[p->nr_pipes++] = fds[1];
	}
	if (vmsplice(p->pipes[p->nr_pipes - 1], &iov, 1, 0) != (ssize_t)sys_page_size())
		return -errno;
	return 0;
}

struct io_job {
	struct load *l;
	struct iovec *iov;
	size_t nr_iov;
	struct fill_chunk **chunks;	/* writeback: the files to flush */
	size_t *pages;
};

/*
 * O_DIRECT: write the filler and then the pinned pages, again and again.
 * The pages are pinned while their part of the write is in flight, and
 * the filler ahead of them keeps it in flight on the throttled disk.
 */
static void *odirect_loop(void *arg)
{
	struct io_job *j = arg;
	struct load_pin *p = &j->l->pin;

	while (!p->io_stop) {
		if (pwritev(p->io_fd, j->iov, j->nr_iov, 0) < 0)
			break;
		p->io_rounds++;
	}
	return NULL;
}

/* Writeback: dirty the pinned pages and start their writeback, behind a filler. */
static void *writeback_loop(void *arg)
{
	struct io_job *j = arg;
	struct load_pin *p = &j->l->pin;
	char *filler = j->iov[0].iov_base;

	while (!p->io_stop) {
		memset(filler, (int)p->io_rounds, IO_FILLER);
		if (pwrite(p->io_fd, filler, IO_FILLER, 0) < 0)
			break;
		sync_file_range(p->io_fd, 0, IO_FILLER, SYNC_FILE_RANGE_WRITE);
		for (size_t i = 0; i < p->nr_blocks; i++) {
			struct fill_chunk *c = j->chunks[i];

			c->addr[j->pages[i] * sys_page_size()] ^= 1;
			sync_file_range(c->fd, j->pages[i] * sys_page_size(), sys_page_size(),
					SYNC_FILE_RANGE_WRITE);
		}
		sync_file_range(p->io_fd, 0, IO_FILLER, SYNC_FILE_RANGE_WAIT_AFTER);
		p->io_rounds++;
	}
	return NULL;
}

static struct io_job job;

static int start_io(struct load *l, struct candidate *picked)
{
	struct load_pin *p = &l->pin;
	char path[128];
	void *filler;
	int flags = O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC;

	if (!load_is_mountpoint(LOAD_SCRATCH_DIR))
		return load_fail(l, -ENOENT, "pin --method %s needs a (slow) disk mounted at " LOAD_SCRATCH_DIR,
				 pin_method_names[p->method]);
	if (p->method == PIN_ODIRECT)
		flags |= O_DIRECT;
	snprintf(path, sizeof(path), LOAD_SCRATCH_DIR "/.cmabulk-pin-%d", getpid());
	p->io_fd = open(path, flags, 0600);
	if (p->io_fd < 0)
		return load_fail(l, -errno, "pin: cannot open %s: %s", path, strerror(errno));
	unlink(path);
	if (posix_memalign(&filler, sys_page_size(), IO_FILLER))
		return load_fail(l, -ENOMEM, "pin: out of memory");
	memset(filler, 0x5a, IO_FILLER);
	job.l = l;
	job.nr_iov = 1 + p->nr_blocks;
	job.iov = calloc(job.nr_iov, sizeof(*job.iov));
	job.chunks = calloc(p->nr_blocks, sizeof(*job.chunks));
	job.pages = calloc(p->nr_blocks, sizeof(*job.pages));
	if (!job.iov || !job.chunks || !job.pages)
		return load_fail(l, -ENOMEM, "pin: out of memory");
	job.iov[0] = (struct iovec){ filler, IO_FILLER };
	for (size_t i = 0; i < p->nr_blocks; i++) {
		job.iov[1 + i] = (struct iovec){ picked[i].chunk->addr + picked[i].page * sys_page_size(), sys_page_size() };
		job.chunks[i] = picked[i].chunk;
		job.pages[i] = picked[i].page;
	}
	p->io_stop = false;
	if (pthread_create(&p->io_thread, NULL,
			   p->method == PIN_ODIRECT ? odirect_loop : writeback_loop, &job))
		return load_fail(l, -EAGAIN, "pin: cannot start the I/O thread");
	p->io_running = true;
	/* Wait for the first round: only then are the pages in flight for sure. */
	for (int i = 0; i < 3000 && !p->io_rounds && !load_interrupted; i++)
		usleep(10000);
	if (!p->io_rounds)
		return load_fail(l, -EIO, "pin: no %s write completed in 30 s", pin_method_names[p->method]);
	return 0;
}

static int pin_module(struct load *l)
{
	struct load_pin *p = &l->pin;
	unsigned long long block, pfn;
	char method[16];
	FILE *f;
	int err;

	if (!cma_test__available())
		return load_fail(l, -ENOENT, "pin --method %s needs the test driver (" CMA_TEST_DIR ", CONFIG_CMA_BULK_TEST)",
				 pin_method_names[p->method]);
	if (p->method == PIN_MODULE_SHORT)
		err = cma_test__write("pin", "area=%s fraction=%.6f seed=%llu method=ref hold_ms=%d",
				      l->area.name, p->fraction, (unsigned long long)l->seed,
				      PIN_SHORT_HOLD_MS);
	else
		err = cma_test__write("pin", "area=%s fraction=%.6f seed=%llu method=%s", l->area.name,
				      p->fraction, (unsigned long long)l->seed,
				      p->method == PIN_MODULE ? "alloc" : "ref");
	if (err)
		return load_fail(l, err, "pin: the test driver refused: %s%s", strerror(-err),
				 err == -EBUSY ? " (pins or chunks are already held)" : "");
	f = fopen(CMA_TEST_DIR "/pinned", "r");
	if (!f)
		return load_fail(l, -errno, "pin: cannot read the pins back");
	while (p->nr_blocks < p->want_blocks &&
	       fscanf(f, "%llu %llx %15s", &block, &pfn, method) == 3) {
		p->pfns[p->nr_blocks] = pfn;	/* moving pins: where it started */
		p->blocks[p->nr_blocks++] = block;
	}
	fclose(f);
	if (p->nr_blocks < p->want_blocks)
		return load_fail(l, -ENOSPC, "pin: the test driver pinned %zu of %zu pageblocks%s",
				 p->nr_blocks, p->want_blocks, p->method != PIN_MODULE ?
				 " (this method needs LRU pages there: fill first)" : "");
	return 0;
}

int load__pin(struct load *l, enum pin_method method, double fraction)
{
	struct load_pin *p = &l->pin;
	uint64_t nr_blocks = cma_area__nr_blocks(&l->area), *order = NULL;
	struct candidate *cand = NULL, *picked = NULL;
	double t0 = now_s();
	int err = 0;

	if (method <= PIN_NONE || method >= NR_PIN_METHODS)
		return load_fail(l, -EINVAL, "pin: unknown method");
	if (load__check_fraction(fraction, "pin: --fraction", l->error, sizeof(l->error)))
		return -EINVAL;
	if (p->method != PIN_NONE)
		return load_fail(l, -EBUSY, "pin: already pinned");
	p->method = method;
	p->fraction = fraction;
	p->want_blocks = (size_t)(fraction * nr_blocks + 0.5);
	if (!p->want_blocks)
		p->want_blocks = 1;
	p->blocks = calloc(p->want_blocks, sizeof(*p->blocks));
	p->pfns = calloc(p->want_blocks, sizeof(*p->pfns));
	if (!p->blocks || !p->pfns)
		return load_fail(l, -ENOMEM, "pin: out of memory");
	if (method == PIN_MODULE || method == PIN_MODULE_REF || method == PIN_MODULE_SHORT) {
		err = pin_module(l);
		goto out;
	}
	if (!l->fill.nr_chunks)
		return load_fail(l, -EINVAL, "pin --method %s pins fill pages: fill CMA first (e.g. --fill 50)",
				 pin_method_names[method]);
	if (method == PIN_WRITEBACK && l->fill.kind != FILL_FILE)
		return load_fail(l, -EINVAL, "pin --method writeback needs page cache: fill with --kind file");
	cand = fill_candidates(l);
	order = calloc(nr_blocks, sizeof(*order));
	picked = calloc(p->want_blocks, sizeof(*picked));
	p->pipes = calloc(2 * (p->want_blocks / PAGES_PER_PIPE + 1), sizeof(*p->pipes));
	if (!cand || !order || !picked || !p->pipes) {
		err = load_fail(l, -ENOMEM, "pin: out of memory");
		goto out;
	}
	load_shuffle(order, nr_blocks, l->seed);
	for (uint64_t i = 0; i < nr_blocks && p->nr_blocks < p->want_blocks; i++) {
		struct candidate *c = &cand[order[i]];

		if (!c->chunk)
			continue;
		if (method == PIN_VMSPLICE) {
			err = pin_vmsplice(l, c->chunk->addr + c->page * sys_page_size());
			if (err) {
				err = load_fail(l, err, "pin: vmsplice: %s", strerror(-err));
				goto out;
			}
		}
		picked[p->nr_blocks] = *c;
		p->pfns[p->nr_blocks] = c->chunk->pfns[c->page];
		p->blocks[p->nr_blocks++] = order[i];
	}
	if (p->nr_blocks < p->want_blocks) {
		err = load_fail(l, -ENOSPC, "pin: only %zu of the %zu pageblocks wanted hold fill pages: fill more",
				p->nr_blocks, p->want_blocks);
		goto out;
	}
	if (method == PIN_ODIRECT || method == PIN_WRITEBACK)
		err = start_io(l, picked);
out:
	p->seconds = now_s() - t0;
	free(cand);
	free(order);
	free(picked);
	return err;
}

void pin_release(struct load *l)
{
	struct load_pin *p = &l->pin;

	if (p->io_running) {
		p->io_stop = true;
		pthread_join(p->io_thread, NULL);
		p->io_running = false;
	}
	if (p->io_fd >= 0)
		close(p->io_fd);
	p->io_fd = -1;
	if (job.iov)
		free(job.iov[0].iov_base);	/* the filler */
	free(job.iov);
	free(job.chunks);
	free(job.pages);
	memset(&job, 0, sizeof(job));
	for (size_t i = 0; i < p->nr_pipes; i++)
		close(p->pipes[i]);
	free(p->pipes);
	p->pipes = NULL;
	p->nr_pipes = 0;
	if (p->method == PIN_MODULE || p->method == PIN_MODULE_REF || p->method == PIN_MODULE_SHORT)
		cma_test__write("unpin", "1");
	/* Keep the report (blocks, counts); the pins themselves are gone. */
}
