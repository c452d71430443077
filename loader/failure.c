// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>

#include "lib/json.h"
#include "loader/failure.h"
#include "loader/kernel_names.h"
#include "loader/snapshot.h"

static const char *const class_names[NR_FAILURE_CLASSES] = {
	[FAILURE_SIZE] = "size",
	[FAILURE_FRAGMENTATION] = "fragmentation",
	[FAILURE_BLOCKED] = "blocked",
	[FAILURE_OTHER] = "other",
};

static const char *const area_sources[] = {
	[AREA_UNKNOWN] = "none",
	[AREA_BITMAP] = "bitmap",
	[AREA_START_EVENT] = "cma_alloc_start",
};

const char *failure_class__name(enum failure_class c)
{
	return c < NR_FAILURE_CLASSES ? class_names[c] : "?";
}

static const char *area_source(const struct failure_event *e)
{
	return e->area_source <= AREA_START_EVENT ? area_sources[e->area_source] : "?";
}

/* Pages the call still needed, and the longest one range it needed. */
static unsigned long long pages_short(const struct failure_event *e)
{
	unsigned long long left = e->requested > e->allocated ? e->requested - e->allocated : 0;

	return left * e->chunk_pages;
}

static unsigned long long range_needed(const struct failure_event *e)
{
	return e->kind == CALL_BULK ? e->chunk_pages : e->requested;
}

static unsigned long long windows_failed(const struct failure_event *e)
{
	unsigned long long n = 0;

	for (int i = 0; i < NR_ALLOC_CONTIG_FAIL; i++)
		n += e->windows_failed[i];
	return n;
}

/* Ranges the call tried and could not take: busy ones, the series' windows. */
static bool something_in_the_way(const struct failure_event *e)
{
	return e->busy_retries || windows_failed(e);
}

/* An errno that says no free range was found, on this kernel. */
static bool no_range_errno(const struct failure_event *e, const struct failure_kernel *k)
{
	return e->ret == -ENOMEM || (e->ret == -EBUSY && k->busy_means_no_range);
}

enum failure_class failure__classify(const struct failure_event *e,
				     const struct failure_kernel *k)
{
	if (e->ret == -EINTR)
		return FAILURE_OTHER;
	/* Also a request larger than the area (6.12 returns it -EINVAL-like). */
	if (e->area_source != AREA_UNKNOWN && e->free_pages < pages_short(e))
		return FAILURE_SIZE;
	if (e->ret == -EINVAL)
		return FAILURE_OTHER;
	if (something_in_the_way(e))
		return FAILURE_BLOCKED;
	if (e->area_source == AREA_BITMAP)
		return FAILURE_FRAGMENTATION;	/* no range, or none at the alignment */
	if (e->area_source == AREA_START_EVENT && no_range_errno(e, k))
		return FAILURE_FRAGMENTATION;
	return FAILURE_OTHER;
}

/* " pinned=3 migrate=1": the windows that failed, by reason. */
static void windows_text(const struct failure_event *e, const struct kernel_names *names,
			 char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = 0;
	for (int i = 0; i < NR_ALLOC_CONTIG_FAIL && n < len; i++)
		if (e->windows_failed[i])
			n += snprintf(buf + n, len - n, " %s=%llu", kernel_names__fail(names, i),
				      (unsigned long long)e->windows_failed[i]);
}

/* "4096 pages free of 65536, the largest free range 2048 (bitmap)" */
static int area_text(const struct failure_event *e, char *buf, size_t len)
{
	if (e->area_source == AREA_BITMAP)
		return snprintf(buf, len, "%llu pages free of %llu, the largest free range %llu (the area's bitmap)",
				(unsigned long long)e->free_pages,
				(unsigned long long)e->area_pages,
				(unsigned long long)e->largest_free);
	if (e->area_source == AREA_START_EVENT)
		return snprintf(buf, len, "%llu pages free (cma_alloc_start's available_count)",
				(unsigned long long)e->free_pages);
	return snprintf(buf, len, "the area's free pages unknown (its bitmap not readable here)");
}

static void blocked_text(const struct failure_event *e, const struct kernel_names *names,
			 char *buf, size_t len)
{
	char windows[256];
	size_t n;

	n = snprintf(buf, len, "free ranges existed and could not be taken: ");
	if (e->busy_retries && n < len)
		n += snprintf(buf + n, len - n, "%llu busy (cma_alloc_busy_retry)",
			      (unsigned long long)e->busy_retries);
	windows_text(e, names, windows, sizeof(windows));
	if (windows[0] && n < len)
		n += snprintf(buf + n, len - n, "%swindows failed:%s (mm_alloc_contig_range_finish)",
			      e->busy_retries ? "; " : "", windows);
	if (e->migrate_failed && n < len)
		n += snprintf(buf + n, len - n, ", %llu pages did not migrate",
			      (unsigned long long)e->migrate_failed);
	if (n < len)
		n += snprintf(buf + n, len - n, "; ");
	if (n < len)
		area_text(e, buf + n, len - n);
}

const char *failure__explain(const struct failure_event *e, const struct failure_kernel *k,
			     const struct kernel_names *names, const char *in_the_way,
			     char *buf, size_t len)
{
	enum failure_class c = failure__classify(e, k);
	unsigned long long need = range_needed(e);
	char area[160];
	int n;

	n = snprintf(buf, len, "%s: ", failure_class__name(c));
	if (n < 0 || (size_t)n >= len)
		return buf;
	buf += n;
	len -= n;
	area_text(e, area, sizeof(area));
	switch (c) {
	case FAILURE_SIZE:
		snprintf(buf, len, "%llu pages asked, more than the area had free: %s",
			 pages_short(e), area);
		break;
	case FAILURE_FRAGMENTATION:
		if (e->area_source == AREA_BITMAP && e->largest_free >= need)
			snprintf(buf, len, "no free range of %llu pages at the alignment asked; %s",
				 need, area);
		else
			snprintf(buf, len, "no free range of %llu pages; %s", need, area);
		break;
	case FAILURE_BLOCKED:
		blocked_text(e, names, buf, len);
		if (in_the_way && in_the_way[0] && strlen(buf) < len)
			snprintf(buf + strlen(buf), len - strlen(buf), "; %s", in_the_way);
		break;
	default:
		if (e->ret == -EINTR)
			snprintf(buf, len, "-EINTR: a fatal signal stopped it");
		else if (e->ret == -EINVAL)
			snprintf(buf, len, "-EINVAL: a request the area cannot hold (count, alignment)");
		else if (no_range_errno(e, k))
			snprintf(buf, len, "errno %d: no free range of %llu pages, size or fragmentation; %s",
				 e->ret, need, area);
		else
			snprintf(buf, len, "errno %d; %s", e->ret, area);
	}
	return buf - n;
}

static const char *kind_name(const struct failure_event *e)
{
	return e->kind == CALL_BULK ? "cma_alloc_bulk" : "cma_alloc";
}

void failure__print(const struct failure_event *e, const struct failure_kernel *k,
		    const struct kernel_names *names, const char *in_the_way, bool json,
		    FILE *out)
{
	char why[1024];
	struct json_writer w;

	failure__explain(e, k, names, in_the_way, why, sizeof(why));
	if (!json) {
		fprintf(out, "FAILED %s %u area=%s %s %llu/%llu %s: %s\n", e->comm, e->pid, e->area,
			kind_name(e), (unsigned long long)e->allocated,
			(unsigned long long)e->requested,
			e->kind == CALL_BULK ? "chunks" : "pages", why);
		fflush(out);
		return;
	}
	json_document_begin(&w, out, false, "cmabulk-trace", SNAPSHOT_SCHEMA_VERSION);
	json_key_string(&w, "type", "failure");
	json_key_u64(&w, "ts_ns", e->ts_ns);
	json_key_string(&w, "comm", e->comm);
	json_key_u64(&w, "pid", e->pid);
	json_key_string(&w, "area", e->area);
	json_key_string(&w, "kind", kind_name(e));
	json_key_string(&w, "class", failure_class__name(failure__classify(e, k)));
	json_key_u64(&w, "requested", e->requested);
	json_key_u64(&w, "allocated", e->allocated);
	json_key_u64(&w, "chunk_pages", e->chunk_pages);
	json_key_i64(&w, "ret", e->ret);
	json_key_string(&w, "area_source", area_source(e));
	if (e->area_source == AREA_BITMAP) {
		json_key_u64(&w, "area_pages", e->area_pages);
		json_key_u64(&w, "largest_free", e->largest_free);
	}
	if (e->area_source != AREA_UNKNOWN)
		json_key_u64(&w, "free_pages", e->free_pages);
	json_key_u64(&w, "busy_ranges", e->busy_retries);
	json_key(&w, "windows_failed");
	json_object_begin(&w);
	for (int i = 0; i < NR_ALLOC_CONTIG_FAIL; i++)
		if (e->windows_failed[i])
			json_key_u64(&w, kernel_names__fail(names, i), e->windows_failed[i]);
	json_object_end(&w);
	json_key_u64(&w, "migrate_failed", e->migrate_failed);
	json_key_string(&w, "why", why);
	json_object_end(&w);
	json_finish(&w);
}

void failure_summary__add(struct failure_summary *s, const struct failure_event *e,
			  enum failure_class c)
{
	int i;

	for (i = 0; i < s->nr_areas; i++)
		if (!strncmp(s->area[i].name, e->area, CMABULK_NAME_LEN))
			break;
	if (i == s->nr_areas) {
		if (s->nr_areas == FAILURE_MAX_AREAS)
			i = FAILURE_MAX_AREAS - 1;
		else
			snprintf(s->area[s->nr_areas++].name, CMABULK_NAME_LEN, "%.*s",
				 CMABULK_NAME_LEN - 1, e->area);
	}
	if (c < NR_FAILURE_CLASSES)
		s->area[i].count[c]++;
}

void failure_summary__print_text(const struct failure_summary *s, FILE *out)
{
	for (int i = 0; i < s->nr_areas; i++) {
		unsigned long long total = 0;

		for (int c = 0; c < NR_FAILURE_CLASSES; c++)
			total += s->area[i].count[c];
		fprintf(out, "failures area=%s: %llu (", s->area[i].name, total);
		for (int c = 0; c < NR_FAILURE_CLASSES; c++)
			fprintf(out, "%s%s %llu", c ? ", " : "", class_names[c], s->area[i].count[c]);
		fprintf(out, ")\n");
	}
}

int failure_summary__print_json(const struct failure_summary *s, FILE *out)
{
	struct json_writer w;

	json_document_begin(&w, out, false, "cmabulk-trace", SNAPSHOT_SCHEMA_VERSION);
	json_key_string(&w, "type", "failures");
	json_key(&w, "areas");
	json_array_begin(&w);
	for (int i = 0; i < s->nr_areas; i++) {
		json_object_begin(&w);
		json_key_string(&w, "area", s->area[i].name);
		for (int c = 0; c < NR_FAILURE_CLASSES; c++)
			json_key_u64(&w, class_names[c], s->area[i].count[c]);
		json_object_end(&w);
	}
	json_array_end(&w);
	json_object_end(&w);
	return json_finish(&w);
}

void failure_tally__add(struct failure_tally *t, __u32 tid, unsigned int kind)
{
	int i;

	for (i = 0; i < FAILURE_TALLY_THREADS; i++)
		if (t->t[i].tid == tid)
			break;
	if (i == FAILURE_TALLY_THREADS) {	/* the oldest thread makes room */
		i = t->next++ % FAILURE_TALLY_THREADS;
		memset(&t->t[i], 0, sizeof(t->t[i]));
		t->t[i].tid = tid;
	}
	if (kind < FAILURE_TALLY_KINDS)
		t->t[i].n[kind]++;
}

void failure_tally__take(struct failure_tally *t, __u32 tid,
			 const char *(*kind_name)(unsigned int kind), char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = 0;
	for (int i = 0; i < FAILURE_TALLY_THREADS; i++) {
		if (t->t[i].tid != tid)
			continue;
		for (unsigned int k = 0; k < FAILURE_TALLY_KINDS && n < len; k++)
			if (t->t[i].n[k])
				n += snprintf(buf + n, len - n, "%s%u %s",
					      n ? ", " : "in the way (--culprits): ", t->t[i].n[k],
					      kind_name(k));
		memset(t->t[i].n, 0, sizeof(t->t[i].n));
	}
}
