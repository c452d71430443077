// SPDX-License-Identifier: GPL-2.0
/* The load's life cycle: init, teardown, names, the seeded PRNG, reports. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/cma_test.h"
#include "lib/json.h"
#include "bench/load/load.h"
#include "bench/load/load_internal.h"

volatile sig_atomic_t load_interrupted;

const char *const fill_kind_names[NR_FILL_KINDS] = { "anon", "shmem", "file" };
const char *const pin_method_names[NR_PIN_METHODS] = {
	"none", "vmsplice", "odirect", "writeback", "module", "module-ref", "module-short",
};

static int name_index(const char *s, const char *const *names, int n)
{
	for (int i = 0; i < n; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -EINVAL;
}

int load__parse_fill_kind(const char *s)
{
	return name_index(s, fill_kind_names, NR_FILL_KINDS);
}

int load__parse_pin_method(const char *s)
{
	return name_index(s, pin_method_names, NR_PIN_METHODS);
}

static int check_range(double v, bool min_ok, double max, const char *unit,
		       const char *what, char *err, size_t len)
{
	/* Written so that NaN is out of every range. */
	if ((min_ok ? v >= 0 : v > 0) && v <= max)
		return 0;
	snprintf(err, len, "%s must be in %c0, %g]%s, got %g", what, min_ok ? '[' : '(', max,
		 unit, v);
	return -EINVAL;
}

int load__check_pct(double pct, const char *what, char *err, size_t len)
{
	return check_range(pct, false, LOAD_PCT_MAX, "", what, err, len);
}

int load__check_fraction(double fraction, const char *what, char *err, size_t len)
{
	return check_range(fraction, false, LOAD_FRACTION_MAX, "", what, err, len);
}

int load__check_rate(double mb_s, const char *what, char *err, size_t len)
{
	return check_range(mb_s, true, LOAD_RATE_MAX, " MiB/s", what, err, len);
}

uint64_t load__rand(uint64_t *state)
{
	uint64_t x = *state ? *state : 0x9e3779b97f4a7c15ULL;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545f4914f6cdd1dULL;
}

int load_fail(struct load *l, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(l->error, sizeof(l->error), fmt, ap);
	va_end(ap);
	return err;
}

long load_cma_free_kb(void)
{
	sys_stat_refresh();
	return sys_meminfo_kb("CmaFree");
}

long load_non_cma_free_kb(void)
{
	static const char *const keys[] = { "MemFree", "CmaFree", NULL };
	long long v[2];

	sys_read_fields("/proc/meminfo", keys, v);
	return (long)(v[0] - v[1]);
}

int load__init(struct load *l, const char *area, uint64_t seed)
{
	int err;

	memset(l, 0, sizeof(*l));
	l->pin.io_fd = -1;
	l->churn.report_fd = -1;
	l->seed = seed;
	if (geteuid() != 0)
		return load_fail(l, -EPERM, "must be run as root (it reads PFNs and pins CMA pages)");
	err = cma_area__find(&l->area, area);
	if (err)
		return load_fail(l, err, "%s", cma_area__why(err, area ?: l->area.name[0] ? l->area.name : NULL));
	l->cma_free_kb_before = load_cma_free_kb();
	return 0;
}

int load__teardown(struct load *l)
{
	long slack_kb;

	pcp_churn_stop(l);
	churn_stop(l);
	pin_release(l);
	fragment_release(l);
	fill_release(l);
	/*
	 * Freed pages sit on per-cpu lists, where CmaFree does not count them,
	 * until those are drained. The test driver can drain them; without
	 * it, everything on per-cpu lists is allowed as slack.
	 */
	/*
	 * Others may have moved into CMA while the load held normal memory
	 * (ext4 metadata buffers are movable, for one): one pageblock of that
	 * is tolerated, and reported in the numbers.
	 */
	slack_kb = load_pages_kb(l->area.pageblock_pages);
	if (!cma_test__available() || cma_test__write("release", "1"))
		slack_kb += load_pages_kb(sys_pcp_pages());
	l->cma_free_kb_after = load_cma_free_kb();
	if (l->cma_free_kb_after + slack_kb < l->cma_free_kb_before)
		return load_fail(l, -EBUSY, "CmaFree did not come back: %ld kB before, %ld kB after%s",
				 l->cma_free_kb_before, l->cma_free_kb_after,
				 slack_kb ? " (per-cpu lists included)" : "");
	return 0;
}

void load__fini(struct load *l)
{
	free(l->pin.blocks);
	free(l->pin.pfns);
	l->pin.blocks = NULL;
	l->pin.pfns = NULL;
	l->pin.nr_blocks = 0;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/* Mark in @pinned (@nr chunks of @order) the chunk of each pinned page; a whole pageblock when the page is unknown. */
static void pinned_chunks(const struct load *l, unsigned int order, bool *pinned, uint64_t nr)
{
	const struct cma_area *a = &l->area;

	for (size_t i = 0; i < l->pin.nr_blocks; i++) {
		uint64_t pfn = l->pin.pfns ? l->pin.pfns[i] : 0, b = l->pin.blocks[i];

		if (pfn >= a->base_pfn && pfn < a->base_pfn + (nr << order))
			pinned[(pfn - a->base_pfn) >> order] = true;
		else
			for (uint64_t c = (b * a->pageblock_pages) >> order;
			     c < nr && (c << order) < (b + 1) * a->pageblock_pages; c++)
				pinned[c] = true;
	}
}

int load__satisfiable_chunks(const struct load *l, unsigned int order, uint64_t *chunks)
{
	uint64_t nr = l->area.nr_pages >> order, n = 0;
	bool *pinned = calloc(nr ? nr : 1, sizeof(*pinned));

	if (!pinned)
		return -ENOMEM;
	pinned_chunks(l, order, pinned, nr);
	for (uint64_t i = 0; i < nr; i++)
		n += !pinned[i];
	free(pinned);
	*chunks = n;
	return 0;
}

int load__min_migration(const struct load *l, unsigned int order, uint64_t nr_chunks,
			uint64_t *pages)
{
	const struct cma_area *a = &l->area;
	uint64_t nr = a->nr_pages >> order, usable = 0, sum = 0;
	uint32_t *used = calloc(nr ? nr : 1, sizeof(*used));
	bool *pinned = calloc(nr ? nr : 1, sizeof(*pinned));

	if (!used || !pinned) {
		free(used);
		free(pinned);
		return -ENOMEM;
	}
	pinned_chunks(l, order, pinned, nr);
	/* Fill pages per chunk. */
	for (size_t c = 0; c < l->fill.nr_chunks; c++) {
		const struct fill_chunk *fc = &l->fill.chunks[c];

		for (size_t i = 0; fc->pfns && i < fc->nr_pages; i++) {
			uint64_t pfn = fc->pfns[i];

			if (pfn >= a->base_pfn && pfn < a->base_pfn + (nr << order))
				used[(pfn - a->base_pfn) >> order]++;
		}
	}
	/* Chunks without a pin, packed to the front. */
	for (uint64_t i = 0; i < nr; i++)
		if (!pinned[i])
			used[usable++] = used[i];
	free(pinned);
	if (usable < nr_chunks) {
		free(used);
		return -ENOSPC;
	}
	qsort(used, usable, sizeof(*used), cmp_u32);
	for (uint64_t i = 0; i < nr_chunks; i++)
		sum += used[i];
	free(used);
	*pages = sum;
	return 0;
}

void load__print_text(const struct load *l, FILE *out)
{
	fprintf(out, "area %s: %llu pages (%llu MiB) at pfn 0x%llx, %llu pageblocks of %u pages, seed %llu\n",
		l->area.name, (unsigned long long)l->area.nr_pages,
		(unsigned long long)pages_to_mib(l->area.nr_pages),
		(unsigned long long)l->area.base_pfn,
		(unsigned long long)cma_area__nr_blocks(&l->area),
		l->area.pageblock_pages, (unsigned long long)l->seed);
	if (l->fill.target_pct > 0)
		fprintf(out, "fill      %-9s target %5.1f%%  achieved %5.1f%%  (%llu pages held in CMA, %llu released outside)  %.1f s\n",
			fill_kind_names[l->fill.kind], l->fill.target_pct, l->fill.achieved_pct,
			(unsigned long long)l->fill.cma_pages,
			(unsigned long long)l->fill.ballast_pages, l->fill.seconds);
	if (l->fill.clear_pct > 0)
		fprintf(out, "clear     %zu pageblocks (%.1f%%) emptied of the fill: %llu pages given back\n",
			l->fill.cleared_blocks, l->fill.clear_pct,
			(unsigned long long)l->fill.cleared_pages);
	if (l->pin.method != PIN_NONE)
		fprintf(out, "pin       %-9s target %zu pageblocks (%.4g)  achieved %zu  %.1f s\n",
			pin_method_names[l->pin.method], l->pin.want_blocks, l->pin.fraction,
			l->pin.nr_blocks, l->pin.seconds);
	if (l->frag.target_pct > 0)
		fprintf(out, "fragment  target %.1f%% of free pageblocks: %zu pipe pages, %zu page tables  unmovable pageblocks %ld -> %ld  unusable index (order 9) %.3f -> %.3f  %.1f s\n",
			l->frag.target_pct, l->frag.pipe_pages, l->frag.pagetable_pages,
			l->frag.unmovable_blocks_before,
			l->frag.unmovable_blocks_after, l->frag.unusable_before,
			l->frag.unusable_after, l->frag.seconds);
	if (l->churn.pid > 0 || l->churn.seconds > 0)
		fprintf(out, l->churn.pid > 0 ? "churn     alloc %.1f MiB/s write %.1f MiB/s  running\n" :
			"churn     alloc %.1f MiB/s write %.1f MiB/s  done %llu MiB allocated, %llu MiB written in %.1f s\n",
			l->churn.alloc_mb_s, l->churn.write_mb_s, l->churn.alloc_mb_done,
			l->churn.write_mb_done, l->churn.seconds);
	if (l->pcp.nr_threads)
		fprintf(out, l->pcp.threads ? "pcp churn %zu CPUs cycling fill pages  running\n" :
			"pcp churn %zu CPUs cycling fill pages  done %llu cycles of %d pages in %.1f s\n",
			l->pcp.nr_threads, l->pcp.cycles, l->pcp.cycle_pages, l->pcp.seconds);
	if (l->cma_free_kb_after)
		fprintf(out, "teardown  CmaFree %ld kB before, %ld kB after\n",
			l->cma_free_kb_before, l->cma_free_kb_after);
}

static void write_fill_json(const struct load_fill *f, struct json_writer *w)
{
	json_key(w, "fill");
	json_object_begin(w);
	json_key_string(w, "kind", fill_kind_names[f->kind]);
	json_key_double(w, "target_pct", f->target_pct);
	json_key_double(w, "achieved_pct", f->achieved_pct);
	json_key_u64(w, "cma_pages", f->cma_pages);
	json_key_u64(w, "released_outside_pages", f->ballast_pages);
	json_key_double(w, "seconds", f->seconds);
	if (f->clear_pct > 0) {
		json_key_double(w, "clear_pct", f->clear_pct);
		json_key_u64(w, "cleared_blocks", f->cleared_blocks);
		json_key_u64(w, "cleared_pages", f->cleared_pages);
	}
	json_object_end(w);
}

void load__write_json(const struct load *l, struct json_writer *w)
{
	json_object_begin(w);
	json_key(w, "area");
	json_object_begin(w);
	json_key_string(w, "name", l->area.name);
	json_key_u64(w, "base_pfn", l->area.base_pfn);
	json_key_u64(w, "pages", l->area.nr_pages);
	json_key_u64(w, "pageblock_pages", l->area.pageblock_pages);
	json_key_u64(w, "pageblocks", cma_area__nr_blocks(&l->area));
	json_object_end(w);
	json_key_u64(w, "seed", l->seed);
	json_key_i64(w, "cma_free_kb_before", l->cma_free_kb_before);
	if (l->fill.target_pct > 0)
		write_fill_json(&l->fill, w);
	if (l->pin.method != PIN_NONE) {
		json_key(w, "pin");
		json_object_begin(w);
		json_key_string(w, "method", pin_method_names[l->pin.method]);
		json_key_double(w, "fraction", l->pin.fraction);
		json_key_u64(w, "target_pageblocks", l->pin.want_blocks);
		json_key_u64(w, "pinned_pageblocks", l->pin.nr_blocks);
		json_key(w, "blocks");
		json_array_begin(w);
		for (size_t i = 0; i < l->pin.nr_blocks; i++)
			json_u64(w, l->pin.blocks[i]);
		json_array_end(w);
		json_key_u64(w, "io_rounds", l->pin.io_rounds);
		json_key_double(w, "seconds", l->pin.seconds);
		json_object_end(w);
	}
	if (l->frag.target_pct > 0) {
		json_key(w, "fragment");
		json_object_begin(w);
		json_key_double(w, "target_pct", l->frag.target_pct);
		json_key_u64(w, "pipe_pages", l->frag.pipe_pages);
		json_key_u64(w, "pagetable_pages", l->frag.pagetable_pages);
		json_key_i64(w, "unmovable_pageblocks_before", l->frag.unmovable_blocks_before);
		json_key_i64(w, "unmovable_pageblocks_after", l->frag.unmovable_blocks_after);
		json_key_double(w, "unusable_index_before", l->frag.unusable_before);
		json_key_double(w, "unusable_index_after", l->frag.unusable_after);
		json_key_double(w, "seconds", l->frag.seconds);
		json_object_end(w);
	}
	if (l->pcp.nr_threads) {
		json_key(w, "pcp_churn");
		json_object_begin(w);
		json_key_u64(w, "cpus", l->pcp.nr_threads);
		json_key_u64(w, "cycle_pages", l->pcp.cycle_pages);
		json_key_u64(w, "cycles", l->pcp.cycles);
		json_key_double(w, "seconds", l->pcp.seconds);
		json_object_end(w);
	}
	if (l->churn.pid > 0 || l->churn.seconds > 0) {
		json_key(w, "churn");
		json_object_begin(w);
		json_key_double(w, "alloc_mb_s", l->churn.alloc_mb_s);
		json_key_double(w, "write_mb_s", l->churn.write_mb_s);
		json_key_u64(w, "alloc_mb_done", l->churn.alloc_mb_done);
		json_key_u64(w, "write_mb_done", l->churn.write_mb_done);
		json_key_double(w, "seconds", l->churn.seconds);
		json_object_end(w);
	}
	if (l->cma_free_kb_after)
		json_key_i64(w, "cma_free_kb_after", l->cma_free_kb_after);
	json_object_end(w);
}
