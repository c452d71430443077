// SPDX-License-Identifier: GPL-2.0
/*
 * Records to tracks (loader/timeline.h). Tracks are described the first
 * time an event needs them; their uuids are the ids that make them unique
 * above a kind in the low three bits (small numbers: every event carries
 * one, as a varint), so nothing maps a record to a track but arithmetic
 * and one set of the uuids already described.
 *
 * A call's record comes last, at its finish, after those of its phases,
 * skips and fallback: those wait per thread for it, and go out with it in
 * time order, nested by a stack. So each call track's events rise in the
 * file, as a reader that does not sort (and the tests) expect.
 */
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "loader/culprits.h"
#include "loader/failure.h"
#include "loader/pftrace.h"
#include "loader/snapshot.h"
#include "loader/timeline.h"

enum track_kind {
	TRACK_PROCESS = 1,	/* id: pid */
	TRACK_THREAD,		/* id: tid */
	TRACK_AREA_THREAD,	/* id: tid << 6 | area: the calls */
	TRACK_AREA,		/* id: area << 2 | what */
	TRACK_SESSION,		/* id: what */
};

enum { AREA_GROUP, AREA_FREE, AREA_USED, AREA_MIGRATED };
enum { SESSION_GROUP, SESSION_DROPS };

#define TL_MAX_AREAS	64	/* 6 bits of TRACK_AREA_THREAD */
#define TL_MAX_THREADS	1024	/* threads with events waiting; more: unsorted */
#define TL_MAX_PENDING	65536	/* events waiting on one thread; more: written */
#define TL_SEEN_SLOTS	16384	/* described tracks; a power of 2 */

struct tl_area {
	char name[CMABULK_NAME_LEN];
	uint64_t migrated;		/* pages, so far */
	int64_t free, used;		/* last written; -1: none yet */
};

/* A window, phase, skip or fallback waiting for its call's record. */
struct tl_event {
	uint64_t start, end;		/* equal for an instant */
	union {
		__u32 type;
		struct range_event range;
		struct phase_event phase;
		struct skip_event skip;
		struct fallback_event fallback;
		struct tl_culprit {
			struct culprit_event e;
			struct culprit r;
		} culprit;
		struct tl_failure {
			struct failure_event e;
			char class_name[16];
			char why[640];
		} failure;
	};
};

struct tl_thread {
	__u32 tid;
	struct tl_event *ev;
	size_t nr, cap;
};

struct timeline {
	struct pftrace *pt;
	const struct kernel_names *names;
	char proc[256];
	struct tl_area areas[TL_MAX_AREAS];
	int nr_areas;
	uint64_t seen[TL_SEEN_SLOTS];
	struct tl_thread threads[TL_MAX_THREADS];
	int nr_threads;
	uint64_t salt;			/* of every track uuid */
	uint64_t last_drops;
	bool sampled;			/* the drops counter has a value */
	struct timeline_counts n;
};

/*
 * A track's uuid: its kind and id, mixed with this trace's salt, so two
 * traces concatenated (A and B, two devices) keep their own tracks. XOR
 * with one salt keeps the uuids of one trace distinct.
 */
static uint64_t uuid_of(const struct timeline *tl, enum track_kind kind, uint64_t id)
{
	return (id << 3 | kind) ^ tl->salt;
}

/* A random salt; a clock and the pid where getrandom() has nothing. */
static uint64_t trace_salt(void)
{
	struct timespec ts;
	uint64_t salt = 0;

	if (getrandom(&salt, sizeof(salt), GRND_NONBLOCK) == sizeof(salt) && salt)
		return salt;
	clock_gettime(CLOCK_REALTIME, &ts);
	return ((uint64_t)ts.tv_sec << 32 ^ (uint64_t)ts.tv_nsec ^ (uint64_t)getpid() << 16) |
	       1ULL << 63;
}

/* Mark @uuid described; false if it already was (or the set is full). */
static bool first_sight(struct timeline *tl, uint64_t uuid)
{
	uint64_t h = uuid * 0x9e3779b97f4a7c15ULL;

	for (unsigned int i = 0; i < TL_SEEN_SLOTS; i++) {
		uint64_t *slot = &tl->seen[(h + i) & (TL_SEEN_SLOTS - 1)];

		if (*slot == uuid)
			return false;
		if (!*slot) {
			*slot = uuid;
			return true;
		}
	}
	return false;	/* full: events still go out, on an unnamed track */
}

/* /proc/<id>/comm without its newline, or "" when it cannot be read. */
static void read_comm(const struct timeline *tl, unsigned int id, char *buf, size_t size)
{
	char path[300];
	FILE *f;

	buf[0] = 0;
	snprintf(path, sizeof(path), "%s/%u/comm", tl->proc, id);
	f = fopen(path, "re");
	if (!f)
		return;
	if (fgets(buf, (int)size, f))
		buf[strcspn(buf, "\n")] = 0;
	fclose(f);
}

static int area_index(struct timeline *tl, const char *name, size_t len)
{
	char n[CMABULK_NAME_LEN];

	snprintf(n, sizeof(n), "%.*s", (int)strnlen(name, len), name);
	for (int i = 0; i < tl->nr_areas; i++)
		if (!strcmp(tl->areas[i].name, n))
			return i;
	if (tl->nr_areas == TL_MAX_AREAS)
		return TL_MAX_AREAS - 1;	/* the last one takes the rest */
	snprintf(tl->areas[tl->nr_areas].name, CMABULK_NAME_LEN, "%s", n);
	tl->areas[tl->nr_areas].free = tl->areas[tl->nr_areas].used = -1;
	return tl->nr_areas++;
}

/* The area's group track, and one of its counters (described once). */
static uint64_t area_track(struct timeline *tl, uint64_t ts, int area, int what)
{
	static const char *const suffix[] = {
		[AREA_FREE] = "free pages", [AREA_USED] = "used pages",
		[AREA_MIGRATED] = "pages migrated",
	};
	uint64_t group = uuid_of(tl, TRACK_AREA, (uint64_t)area << 2 | AREA_GROUP);
	uint64_t uuid = uuid_of(tl, TRACK_AREA, (uint64_t)area << 2 | what);
	char name[96];

	if (first_sight(tl, group)) {
		snprintf(name, sizeof(name), "CMA area %s", tl->areas[area].name);
		pftrace__track(tl->pt, ts, group, 0, name);
	}
	if (what != AREA_GROUP && first_sight(tl, uuid)) {
		snprintf(name, sizeof(name), "%s %s", tl->areas[area].name, suffix[what]);
		pftrace__counter_track(tl->pt, ts, uuid, group, name, "pages");
	}
	return uuid;
}

/*
 * The track a thread's calls on @area go on, described with its thread
 * and process the first time: "cma <area>" under the thread.
 */
static uint64_t call_track(struct timeline *tl, uint64_t ts, unsigned int pid,
			   unsigned int tid, const char *comm, const char *area_name)
{
	int area = area_index(tl, area_name, CMABULK_NAME_LEN);
	uint64_t process = uuid_of(tl, TRACK_PROCESS, pid);
	uint64_t thread = uuid_of(tl, TRACK_THREAD, tid);
	uint64_t uuid = uuid_of(tl, TRACK_AREA_THREAD, (uint64_t)tid << 6 | area);
	char name[64];

	if (first_sight(tl, process)) {
		read_comm(tl, pid, name, sizeof(name));
		if (!name[0])	/* gone already: the thread's name will do */
			snprintf(name, sizeof(name), "%s", comm && comm[0] ? comm : "?");
		pftrace__process_track(tl->pt, ts, process, (int)pid, name);
	}
	if (first_sight(tl, thread)) {
		if (comm && comm[0])
			snprintf(name, sizeof(name), "%.16s", comm);
		else
			read_comm(tl, tid, name, sizeof(name));
		pftrace__thread_track(tl->pt, ts, thread, (int)pid, (int)tid, name);
	}
	if (first_sight(tl, uuid)) {
		snprintf(name, sizeof(name), "cma %s", tl->areas[area].name);
		pftrace__track(tl->pt, ts, uuid, thread, name);
	}
	return uuid;
}

static void write_phase(struct timeline *tl, const struct phase_event *e)
{
	uint64_t track = call_track(tl, e->start_ns, e->pid, e->tid, NULL, e->area);

	pftrace__slice_begin(tl->pt, track, e->start_ns, snapshot__phase_name(e->phase), NULL, 0);
}

/* A window: "range ok", "range pinned", ...: Perfetto colours by name. */
static void write_range(struct timeline *tl, const struct range_event *e)
{
	uint64_t track = call_track(tl, e->start_ns, e->pid, e->tid, NULL, e->area);
	struct pf_arg a[8];
	char name[48];
	size_t n = 0;

	a[n++] = PF_UINT("pfn", e->start_pfn);
	a[n++] = PF_UINT("nr_pages", e->end_pfn - e->start_pfn);
	a[n++] = PF_STR("mode", kernel_names__mode(tl->names, e->mode));
	a[n++] = PF_INT("ret", e->ret);
	if (e->nr_retries)
		a[n++] = PF_UINT("retries", e->nr_retries);
	if (e->nr_migrated || e->nr_migrate_failed) {
		a[n++] = PF_UINT("migrated", e->nr_migrated);
		a[n++] = PF_UINT("migrate_failed", e->nr_migrate_failed);
	}
	snprintf(name, sizeof(name), "range %s",
		 e->fail == ALLOC_CONTIG_FAIL_NONE ? "ok" : kernel_names__fail(tl->names, e->fail));
	pftrace__slice_begin(tl->pt, track, e->start_ns, name, a, n);
}

static void write_skip(struct timeline *tl, const struct skip_event *e)
{
	uint64_t track = call_track(tl, e->ts_ns, e->pid, e->tid, e->comm, e->area);
	const char *reason = kernel_names__fail(tl->names, e->reason);
	struct pf_arg a[9];
	char name[48];
	size_t n = 0;

	a[n++] = PF_STR("reason", reason);
	a[n++] = PF_STR("mode", kernel_names__mode(tl->names, e->mode));
	a[n++] = PF_UINT("pfn", e->pfn);
	a[n++] = PF_UINT("nr_pages", e->nr_pages);
	a[n++] = PF_INT("error", e->error);
	if (e->has_details) {
		a[n++] = PF_UINT("failed_pfn", e->failed_pfn);
		a[n++] = PF_UINT("nr_migrated", e->nr_migrated);
		a[n++] = PF_UINT("nr_rescued", e->nr_rescued);
	}
	snprintf(name, sizeof(name), "skip %s", reason);
	pftrace__instant(tl->pt, track, e->ts_ns, name, a, n);
}

static void write_culprit(struct timeline *tl, const struct tl_culprit *c)
{
	uint64_t track = call_track(tl, c->e.ts_ns, c->e.pid, c->e.tid, NULL,
				    c->e.area[0] ? c->e.area : "?");
	struct pf_arg a[9];
	char name[48], flags[96];
	size_t n = 0;

	a[n++] = PF_UINT("pfn", c->r.pfn);
	a[n++] = PF_STR("kind", culprit_kind__name(c->r.kind));
	a[n++] = PF_STR("flags", culprit_flags__str(c->r.flags, flags, sizeof(flags)));
	a[n++] = PF_INT("mapcount", c->r.mapcount);
	if (c->r.has_refs) {
		a[n++] = PF_INT("refcount", c->r.refcount);
		a[n++] = PF_INT("extra_refs", c->r.extra_refs);
		a[n++] = PF_UINT("pinned", c->r.pinned);
	}
	if (c->r.what[0])
		a[n++] = PF_STR("what", c->r.what);
	if (c->r.stack[0])
		a[n++] = PF_STR("stack", c->r.stack);
	snprintf(name, sizeof(name), "culprit %s", culprit_kind__name(c->r.kind));
	pftrace__instant(tl->pt, track, c->e.ts_ns, name, a, n);
}

static void write_failure(struct timeline *tl, const struct tl_failure *f)
{
	uint64_t track = call_track(tl, f->e.ts_ns, f->e.pid, f->e.tid, f->e.comm, f->e.area);
	struct pf_arg a[6];
	char name[48];
	size_t n = 0;

	a[n++] = PF_STR("class", f->class_name);
	a[n++] = PF_STR("why", f->why);
	a[n++] = PF_INT("ret", f->e.ret);
	if (f->e.area_source != AREA_UNKNOWN)
		a[n++] = PF_UINT("free_pages", f->e.free_pages);
	if (f->e.area_source == AREA_BITMAP)
		a[n++] = PF_UINT("largest_free", f->e.largest_free);
	snprintf(name, sizeof(name), "failure %s", f->class_name);
	pftrace__instant(tl->pt, track, f->e.ts_ns, name, a, n);
}

static void write_fallback(struct timeline *tl, const struct fallback_event *e)
{
	uint64_t track = call_track(tl, e->ts_ns, e->pid, e->tid, NULL, e->area);
	struct pf_arg a[4];

	a[0] = PF_STR("from", kernel_names__mode(tl->names, e->from));
	a[1] = PF_STR("to", kernel_names__mode(tl->names, e->to));
	a[2] = PF_UINT("nr_allocated", e->nr_allocated);
	a[3] = PF_UINT("nr_remaining", e->nr_remaining);
	pftrace__instant(tl->pt, track, e->ts_ns, "fallback", a, 4);
}

/* The track a slice's end goes on (windows and phases have an end). */
static uint64_t event_track(struct timeline *tl, const struct tl_event *ev)
{
	if (ev->type == RECORD_RANGE)
		return call_track(tl, ev->start, ev->range.pid, ev->range.tid, NULL, ev->range.area);
	return call_track(tl, ev->start, ev->phase.pid, ev->phase.tid, NULL, ev->phase.area);
}

/* Earlier first; at the same start, the longer (the outer) first. */
static int event_order(const void *a, const void *b)
{
	const struct tl_event *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end > y->end ? -1 : 1;
	return 0;
}

/*
 * A thread's waiting events in time order, each phase's end written when
 * the next event starts after it: a stack of open phases, so that nested
 * phases (the LRU drain inside migration) nest in the trace too.
 */
static void write_events(struct timeline *tl, struct tl_event *ev, size_t nr)
{
	const struct tl_event *open[NR_PHASES * 2 + 2];
	int depth = 0;

	qsort(ev, nr, sizeof(*ev), event_order);
	for (size_t i = 0; i <= nr; i++) {
		/* Close what ended before this event starts (everything at the end). */
		while (depth && (i == nr || open[depth - 1]->end <= ev[i].start)) {
			depth--;
			pftrace__slice_end(tl->pt, event_track(tl, open[depth]), open[depth]->end);
		}
		if (i == nr)
			break;
		switch (ev[i].type) {
		case RECORD_RANGE:
		case RECORD_PHASE:
			if (ev[i].type == RECORD_RANGE)
				write_range(tl, &ev[i].range);
			else
				write_phase(tl, &ev[i].phase);
			if (depth < (int)(sizeof(open) / sizeof(open[0])))
				open[depth++] = &ev[i];
			else	/* deeper than phases nest: not a real session */
				pftrace__slice_end(tl->pt, event_track(tl, &ev[i]), ev[i].end);
			break;
		case RECORD_SKIP:
			write_skip(tl, &ev[i].skip);
			break;
		case RECORD_FALLBACK:
			write_fallback(tl, &ev[i].fallback);
			break;
		case RECORD_CULPRIT:
			write_culprit(tl, &ev[i].culprit);
			break;
		case RECORD_FAILURE:
			write_failure(tl, &ev[i].failure);
			break;
		}
	}
}

static struct tl_thread *thread_of(struct timeline *tl, __u32 tid, bool add)
{
	for (int i = 0; i < tl->nr_threads; i++)
		if (tl->threads[i].tid == tid)
			return &tl->threads[i];
	if (!add || tl->nr_threads == TL_MAX_THREADS)
		return NULL;
	tl->threads[tl->nr_threads].tid = tid;
	return &tl->threads[tl->nr_threads++];
}

/* Write out what a thread has waiting, before @until (all: UINT64_MAX). */
static void write_waiting(struct timeline *tl, struct tl_thread *th, uint64_t until)
{
	size_t keep = 0, nr = th->nr;

	qsort(th->ev, nr, sizeof(*th->ev), event_order);
	while (keep < nr && th->ev[keep].start < until)
		keep++;
	write_events(tl, th->ev, keep);
	memmove(th->ev, th->ev + keep, (nr - keep) * sizeof(*th->ev));
	th->nr = nr - keep;
}

static void wait_for_call(struct timeline *tl, const struct tl_event *ev, __u32 tid)
{
	struct tl_thread *th = thread_of(tl, tid, true);

	if (th && th->nr == th->cap && th->cap < TL_MAX_PENDING) {
		size_t cap = th->cap ? th->cap * 2 : 64;
		struct tl_event *n = realloc(th->ev, cap * sizeof(*n));

		if (n) {
			th->ev = n;
			th->cap = cap;
		}
	}
	if (th && th->nr == th->cap)	/* no room: what waits goes out as it is */
		write_waiting(tl, th, UINT64_MAX);
	if (!th || th->nr == th->cap) {
		struct tl_event one = *ev;

		write_events(tl, &one, 1);
		return;
	}
	th->ev[th->nr++] = *ev;
}

static int on_call(struct timeline *tl, const struct call_event *e)
{
	const struct kernel_names *kn = tl->names;
	uint64_t start = e->ts_ns - e->latency_ns, track;
	char skip_names[NR_ALLOC_CONTIG_FAIL][40];
	struct pf_arg a[12 + NR_ALLOC_CONTIG_FAIL];
	struct tl_thread *th = thread_of(tl, e->tid, false);
	size_t n = 0;
	int area;
	bool bulk = e->key.kind == CALL_BULK;

	/* What came before this call (of one begun before the tracer). */
	if (th)
		write_waiting(tl, th, start);
	track = call_track(tl, start, e->pid, e->tid, e->comm, e->key.area);
	if (bulk) {
		a[n++] = PF_STR("mode", kernel_names__mode(kn, e->key.mode));
		if (e->key.fallback != e->key.mode)
			a[n++] = PF_STR("fallback", kernel_names__mode(kn, e->key.fallback));
		a[n++] = PF_UINT("order", e->key.order);
	}
	a[n++] = PF_UINT("requested", e->requested);
	a[n++] = PF_UINT("allocated", e->allocated);
	a[n++] = PF_INT("ret", e->ret);
	for (int i = 1; i < NR_ALLOC_CONTIG_FAIL; i++) {
		if (!e->skipped[i])
			continue;
		snprintf(skip_names[i], sizeof(skip_names[i]), "skipped_%s",
			 kernel_names__fail(kn, i));
		a[n++] = PF_UINT(skip_names[i], e->skipped[i]);
	}
	if (e->migrated || e->migrate_failed) {
		a[n++] = PF_UINT("migrated", e->migrated);
		a[n++] = PF_UINT("migrate_failed", e->migrate_failed);
	}
	if (e->retries)
		a[n++] = PF_UINT("retries", e->retries);
	if (e->busy_retries)
		a[n++] = PF_UINT("busy_retries", e->busy_retries);
	a[n++] = PF_STR("area", e->key.area);
	pftrace__slice_begin(tl->pt, track, start, bulk ? "cma_alloc_bulk" : "cma_alloc", a, n);
	if (th)		/* its phases, skips and fallback, inside it */
		write_waiting(tl, th, e->ts_ns + 1);
	pftrace__slice_end(tl->pt, track, e->ts_ns);

	area = area_index(tl, e->key.area, sizeof(e->key.area));
	if (e->migrated) {
		tl->areas[area].migrated += e->migrated;
		pftrace__counter(tl->pt, area_track(tl, e->ts_ns, area, AREA_MIGRATED), e->ts_ns,
				 (int64_t)tl->areas[area].migrated);
	}
	tl->n.calls[e->key.kind < NR_CALL_KINDS ? e->key.kind : 0]++;
	return pftrace__error(tl->pt);
}

int timeline__culprit(struct timeline *tl, const struct culprit_event *e,
		      const struct culprit *r)
{
	struct tl_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.culprit.e = *e;
	ev.culprit.r = *r;
	ev.start = ev.end = e->ts_ns;
	wait_for_call(tl, &ev, e->tid);
	tl->n.culprits++;
	return pftrace__error(tl->pt);
}

int timeline__failure(struct timeline *tl, const struct failure_event *e,
		      const char *class_name, const char *why)
{
	struct tl_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.failure.e = *e;
	ev.type = RECORD_FAILURE;
	snprintf(ev.failure.class_name, sizeof(ev.failure.class_name), "%s", class_name);
	snprintf(ev.failure.why, sizeof(ev.failure.why), "%s", why);
	ev.start = ev.end = e->ts_ns;
	wait_for_call(tl, &ev, e->tid);
	tl->n.failures++;
	return pftrace__error(tl->pt);
}

int timeline__record(struct timeline *tl, const void *data, size_t len)
{
	const __u32 *type = data;
	struct tl_event ev;

	if (len < sizeof(*type))
		return 0;
	memset(&ev, 0, sizeof(ev));
	switch (*type) {
	case RECORD_CALL:
		return len < sizeof(struct call_event) ? 0 : on_call(tl, data);
	case RECORD_PHASE:
		if (len < sizeof(ev.phase))
			return 0;
		memcpy(&ev.phase, data, sizeof(ev.phase));
		ev.start = ev.phase.start_ns;
		ev.end = ev.phase.end_ns < ev.start ? ev.start : ev.phase.end_ns;
		wait_for_call(tl, &ev, ev.phase.tid);
		tl->n.phases++;
		break;
	case RECORD_RANGE:
		if (len < sizeof(ev.range))
			return 0;
		memcpy(&ev.range, data, sizeof(ev.range));
		ev.start = ev.range.start_ns;
		ev.end = ev.range.end_ns < ev.start ? ev.start : ev.range.end_ns;
		wait_for_call(tl, &ev, ev.range.tid);
		tl->n.ranges++;
		break;
	case RECORD_SKIP:
		if (len < sizeof(ev.skip))
			return 0;
		memcpy(&ev.skip, data, sizeof(ev.skip));
		ev.start = ev.end = ev.skip.ts_ns;
		wait_for_call(tl, &ev, ev.skip.tid);
		tl->n.skips++;
		break;
	case RECORD_FALLBACK:
		if (len < sizeof(ev.fallback))
			return 0;
		memcpy(&ev.fallback, data, sizeof(ev.fallback));
		ev.start = ev.end = ev.fallback.ts_ns;
		wait_for_call(tl, &ev, ev.fallback.tid);
		tl->n.fallbacks++;
		break;
	}
	return pftrace__error(tl->pt);
}

/* A number from a one-line debugfs file, or -1. */
static int64_t read_number(const char *dir, const char *area, const char *file)
{
	char path[512];
	long long v;
	FILE *f;
	int ok;

	snprintf(path, sizeof(path), "%s/%s/%s", dir, area, file);
	f = fopen(path, "re");
	if (!f)
		return -1;
	ok = fscanf(f, "%lld", &v) == 1;
	fclose(f);
	return ok && v >= 0 ? v : -1;
}

static void sample_area(struct timeline *tl, uint64_t ts, const char *dir, const char *name)
{
	int64_t count = read_number(dir, name, "count"), used = read_number(dir, name, "used");
	int area;

	if (count < 0 || used < 0 || used > count)
		return;
	area = area_index(tl, name, strlen(name));
	if (used != tl->areas[area].used) {
		pftrace__counter(tl->pt, area_track(tl, ts, area, AREA_USED), ts, used);
		tl->areas[area].used = used;
		tl->n.samples++;
	}
	if (count - used != tl->areas[area].free) {
		pftrace__counter(tl->pt, area_track(tl, ts, area, AREA_FREE), ts, count - used);
		tl->areas[area].free = count - used;
		tl->n.samples++;
	}
}

int timeline__sample(struct timeline *tl, uint64_t ts, const char *cma_debugfs,
		     uint64_t drops)
{
	uint64_t group = uuid_of(tl, TRACK_SESSION, SESSION_GROUP);
	uint64_t track = uuid_of(tl, TRACK_SESSION, SESSION_DROPS);
	DIR *d = cma_debugfs ? opendir(cma_debugfs) : NULL;
	struct dirent *de;

	while (d && (de = readdir(d)))
		if (de->d_name[0] != '.')
			sample_area(tl, ts, cma_debugfs, de->d_name);
	if (d)
		closedir(d);
	if (drops != tl->last_drops || !tl->sampled) {
		if (first_sight(tl, group))
			pftrace__track(tl->pt, ts, group, 0, "cmabulk-trace");
		if (first_sight(tl, track))
			pftrace__counter_track(tl->pt, ts, track, group, "ring buffer drops",
					       "records");
		pftrace__counter(tl->pt, track, ts, (int64_t)drops);
		tl->last_drops = drops;
		tl->sampled = true;
	}
	tl->n.drops = drops;
	return pftrace__error(tl->pt);
}

struct timeline *timeline__open(const char *path, const struct kernel_names *names,
				const char *proc)
{
	struct timeline *tl = calloc(1, sizeof(*tl));

	if (!tl)
		return NULL;
	tl->pt = pftrace__open(path);
	if (!tl->pt) {
		int err = errno;

		free(tl);
		errno = err;
		return NULL;
	}
	tl->names = names;
	tl->salt = trace_salt();
	snprintf(tl->proc, sizeof(tl->proc), "%s", proc ? proc : "/proc");
	return tl;
}

int timeline__flush(struct timeline *tl)
{
	return pftrace__flush(tl->pt);
}

int timeline__error(const struct timeline *tl)
{
	return tl ? pftrace__error(tl->pt) : 0;
}

void timeline__counts(const struct timeline *tl, struct timeline_counts *c)
{
	*c = tl->n;
	c->bytes = pftrace__bytes(tl->pt);
	c->packets = pftrace__packets(tl->pt);
}

int timeline__close(struct timeline *tl)
{
	int err;

	if (!tl)
		return 0;
	/* Calls still in flight, or begun before the tracer: their parts alone. */
	for (int i = 0; i < tl->nr_threads; i++) {
		write_waiting(tl, &tl->threads[i], UINT64_MAX);
		free(tl->threads[i].ev);
	}
	err = pftrace__close(tl->pt);
	free(tl);
	return err;
}
