// SPDX-License-Identifier: GPL-2.0
/*
 * loader/timeline.c and loader/pftrace.c on synthetic records: what a
 * session writes (counts), and what a failing file does. With a path as
 * argument it only writes the session there, for pftrace_check.py to
 * decode on its own and check track by track (tests/unit/timeline_decode.py).
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/unit/check.h"
#include "loader/culprits.h"
#include "loader/pftrace.h"
#include "loader/timeline.h"

static struct kernel_names names = {
	.mode = { [ALLOC_CONTIG_NORMAL] = "normal", [ALLOC_CONTIG_FAST] = "fast" },
	.nr_modes = 2,
	.fail = { [ALLOC_CONTIG_FAIL_NONE] = "none", [ALLOC_CONTIG_FAIL_PINNED] = "pinned",
		  [ALLOC_CONTIG_FAIL_MIGRATE] = "migrate" },
	.nr_fails = NR_ALLOC_CONTIG_FAIL,
};

static char fixture[256];

/* A /proc with two processes' names and a CMA debugfs with one area. */
static void make_fixture(void)
{
	char dir[300];

	snprintf(fixture, sizeof(fixture), "%s/cmabulk-timeline-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(fixture)) {
		perror("mkdtemp");
		exit(1);
	}
	static const char *const dirs[] = { "proc", "proc/100", "proc/101", "proc/102",
					    "cma", "cma/reserved" };
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(dir, sizeof(dir), "%s/%s", fixture, dirs[i]);
		mkdir(dir, 0755);
	}
	snprintf(dir, sizeof(dir), "%s/proc", fixture);
	check_put_file(dir, "100/comm", "camera-hal\n");
	check_put_file(dir, "101/comm", "alloc-thread\n");
	check_put_file(dir, "102/comm", "dma-thread\n");
	snprintf(dir, sizeof(dir), "%s/cma/reserved", fixture);
	check_put_file(dir, "count", "65536\n");
	check_put_file(dir, "used", "1024\n");
}

static void remove_fixture(void)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fixture);
	if (system(cmd))
		fprintf(stderr, "  cannot remove %s\n", fixture);
}

static void put(struct timeline *tl, const void *rec, size_t len)
{
	CHECK_EQ_INT(timeline__record(tl, rec, len), 0);
}

static void range(struct timeline *tl, __u64 s, __u64 e, int fail, __u64 migrated)
{
	struct range_event ev = { .type = RECORD_RANGE, .pid = 100, .tid = 101,
				  .mode = ALLOC_CONTIG_FAST, .fail = fail, .start_ns = s,
				  .end_ns = e, .start_pfn = 0x40000, .end_pfn = 0x40200,
				  .nr_migrated = migrated, .area = "reserved" };

	put(tl, &ev, sizeof(ev));
}

static void phase(struct timeline *tl, __u32 tid, enum cmabulk_phase p, __u64 s, __u64 e)
{
	struct phase_event ev = { .type = RECORD_PHASE, .pid = 100, .tid = tid, .phase = p,
				  .start_ns = s, .end_ns = e, .area = "reserved" };

	put(tl, &ev, sizeof(ev));
}

/*
 * The session pftrace_check.py knows by heart, in ring buffer order (a
 * call's phases and skips before the call):
 *  - tid 101 (pid 100): a FAST bulk call [1000, 5000]: a pinned window
 *    [1050, 4250] with four phases, its skip, a fallback to normal, a
 *    window that worked [4450, 4900]; 37 pages migrated;
 *  - tid 102 (pid 100): a cma_alloc() [2000, 3000], 16 pages;
 *  - tid 103 (pid 200, gone from /proc): a NORMAL bulk call on "other"
 *    [6000, 9000] that failed with -ENOMEM;
 *  - samples at 5500 (used 1024) and 9500 (used 2048, 3 records dropped).
 */
static void write_session(struct timeline *tl)
{
	struct skip_event skip = { .type = RECORD_SKIP, .pid = 100, .tid = 101, .ts_ns = 4300,
				   .area = "reserved", .comm = "alloc-thread",
				   .mode = ALLOC_CONTIG_FAST, .reason = ALLOC_CONTIG_FAIL_PINNED,
				   .error = -EBUSY, .has_details = 1, .pfn = 0x40000,
				   .nr_pages = 512, .failed_pfn = 0x40123, .nr_migrated = 5 };
	struct fallback_event fb = { .type = RECORD_FALLBACK, .pid = 100, .tid = 101,
				     .ts_ns = 4400, .from = ALLOC_CONTIG_FAST,
				     .to = ALLOC_CONTIG_NORMAL, .nr_allocated = 30,
				     .nr_remaining = 2, .area = "reserved" };
	struct call_event bulk = { .type = RECORD_CALL, .ts_ns = 5000, .latency_ns = 4000,
				   .key = { .area = "reserved", .kind = CALL_BULK,
					    .mode = ALLOC_CONTIG_FAST, .fallback = ALLOC_CONTIG_NORMAL,
					    .order = 4 },
				   .pid = 100, .tid = 101, .comm = "alloc-thread", .ret = 0,
				   .requested = 32, .allocated = 32, .migrated = 37,
				   .retries = 2, .fell_back = 1 };
	struct call_event single = { .type = RECORD_CALL, .ts_ns = 3000, .latency_ns = 1000,
				     .key = { .area = "reserved", .kind = CALL_CMA_ALLOC,
					      .mode = CMABULK_MODE_ANY,
					      .fallback = CMABULK_MODE_ANY, .order = 4 },
				     .pid = 100, .tid = 102, .comm = "dma-thread",
				     .requested = 16, .allocated = 16 };
	struct call_event failed = { .type = RECORD_CALL, .ts_ns = 9000, .latency_ns = 3000,
				     .key = { .area = "other", .kind = CALL_BULK,
					      .mode = ALLOC_CONTIG_NORMAL,
					      .fallback = ALLOC_CONTIG_NORMAL, .order = 0 },
				     .pid = 200, .tid = 103, .comm = "gone", .ret = -ENOMEM,
				     .requested = 8, .allocated = 3 };
	struct culprit_event culprit = { .type = RECORD_CULPRIT, .pid = 100, .tid = 101,
					 .ts_ns = 4310, .pfn = 0x40123, .area = "reserved" };
	struct culprit resolved = { .pfn = 0x40123, .kind = CK_ANON, .flags = CF_LRU,
				    .has_refs = true, .refcount = 2, .mapcount = 1,
				    .extra_refs = 1, .what = "mapped by pid 7 (loadgen)" };
	/* Why the failed call failed: it goes out inside that call. */
	struct failure_event why = { .type = RECORD_FAILURE, .pid = 200, .tid = 103,
				     .kind = CALL_BULK, .ret = -ENOMEM, .ts_ns = 9000,
				     .requested = 8, .allocated = 3, .chunk_pages = 1,
				     .area_source = AREA_BITMAP, .area_pages = 4096,
				     .free_pages = 2, .largest_free = 2, .area = "other",
				     .comm = "gone" };
	char cma[300], used[300];
	__u32 unknown = 99;

	bulk.skipped[ALLOC_CONTIG_FAIL_PINNED] = 1;
	snprintf(cma, sizeof(cma), "%s/cma", fixture);
	snprintf(used, sizeof(used), "%s/cma/reserved", fixture);

	phase(tl, 101, PHASE_ISOLATE, 1100, 1300);
	put(tl, &single, sizeof(single));
	phase(tl, 101, PHASE_LRU_DRAIN, 1450, 1500);
	phase(tl, 101, PHASE_MIGRATE, 1400, 4000);
	phase(tl, 101, PHASE_TEST_ISOLATED, 4100, 4200);
	range(tl, 1050, 4250, ALLOC_CONTIG_FAIL_PINNED, 5);
	put(tl, &skip, sizeof(skip));
	CHECK_EQ_INT(timeline__culprit(tl, &culprit, &resolved), 0);
	put(tl, &fb, sizeof(fb));
	range(tl, 4450, 4900, ALLOC_CONTIG_FAIL_NONE, 32);
	put(tl, &bulk, sizeof(bulk));
	CHECK_EQ_INT(timeline__sample(tl, 5500, cma, 0), 0);
	CHECK_EQ_INT(timeline__failure(tl, &why, "size", "size: 5 pages asked"), 0);
	put(tl, &failed, sizeof(failed));
	put(tl, &unknown, sizeof(unknown));	/* a record type from a newer BPF side */
	put(tl, &bulk, 3);			/* too short: ignored */
	check_put_file(used, "used", "2048\n");
	CHECK_EQ_INT(timeline__sample(tl, 9500, cma, 3), 0);
}

static void timeline_counts(void)
{
	struct timeline_counts c;
	char path[300], proc[300];
	struct timeline *tl;
	struct stat st;

	snprintf(path, sizeof(path), "%s/session.pftrace", fixture);
	snprintf(proc, sizeof(proc), "%s/proc", fixture);
	tl = timeline__open(path, &names, proc);
	CHECK(tl != NULL, "%s", strerror(errno));
	if (!tl)
		return;
	write_session(tl);
	timeline__counts(tl, &c);
	CHECK_EQ_U64(c.calls[CALL_BULK], 2);
	CHECK_EQ_U64(c.calls[CALL_CMA_ALLOC], 1);
	CHECK_EQ_U64(c.ranges, 2);
	CHECK_EQ_U64(c.failures, 1);
	CHECK_EQ_U64(c.phases, 4);
	CHECK_EQ_U64(c.skips, 1);
	CHECK_EQ_U64(c.fallbacks, 1);
	CHECK_EQ_U64(c.culprits, 1);
	CHECK_EQ_U64(c.samples, 4);	/* used and free, twice */
	CHECK_EQ_U64(c.drops, 3);
	CHECK(c.bytes > 0 && c.packets > 20, "%llu bytes, %llu packets",
	      (unsigned long long)c.bytes, (unsigned long long)c.packets);
	CHECK_EQ_INT(timeline__close(tl), 0);
	CHECK(stat(path, &st) == 0 && (uint64_t)st.st_size == c.bytes,
	      "the file has all %llu bytes", (unsigned long long)c.bytes);
}

/* Before the first flush nothing is on disk; after it, every byte. */
static void flush_writes_whole_packets(void)
{
	char path[300];
	struct pftrace *pt;
	struct stat st;

	snprintf(path, sizeof(path), "%s/flush.pftrace", fixture);
	pt = pftrace__open(path);
	CHECK(pt != NULL, "%s", strerror(errno));
	if (!pt)
		return;
	pftrace__track(pt, 1, 7, 0, "t");
	for (int i = 0; i < 100; i++)
		pftrace__counter(pt, 7, 10 + i, i);
	CHECK(stat(path, &st) == 0 && st.st_size == 0, "%lld bytes before a flush",
	      (long long)st.st_size);
	CHECK_EQ_INT(pftrace__flush(pt), 0);
	CHECK(stat(path, &st) == 0 && (uint64_t)st.st_size == pftrace__bytes(pt),
	      "%lld bytes on disk", (long long)st.st_size);
	CHECK_EQ_INT(pftrace__close(pt), 0);
}

/* A full disk: the error sticks, is returned by every call and by close. */
static void full_disk_is_sticky(void)
{
	struct pftrace *pt = pftrace__open("/dev/full");

	CHECK(pt != NULL, "%s", strerror(errno));
	if (!pt)
		return;
	CHECK_EQ_INT(pftrace__flush(pt), -ENOSPC);
	CHECK_EQ_INT(pftrace__counter(pt, 7, 1, 1), -ENOSPC);
	CHECK_EQ_INT(pftrace__error(pt), -ENOSPC);
	CHECK_EQ_INT(pftrace__close(pt), -ENOSPC);
}

static void unwritable_path(void)
{
	errno = 0;
	CHECK(timeline__open("/nonexistent-dir/x.pftrace", &names, NULL) == NULL, "opened");
	CHECK_EQ_INT(errno, ENOENT);
	CHECK_EQ_INT(timeline__close(NULL), 0);
	CHECK_EQ_INT(timeline__error(NULL), 0);
}

int main(int argc, char **argv)
{
	make_fixture();
	if (argc == 2) {
		char proc[300];
		struct timeline *tl;

		snprintf(proc, sizeof(proc), "%s/proc", fixture);
		tl = timeline__open(argv[1], &names, proc);
		if (!tl) {
			perror(argv[1]);
			return 1;
		}
		write_session(tl);
		remove_fixture();
		return timeline__close(tl) || check_case_failed ? 1 : 0;
	}
	RUN(timeline_counts);
	RUN(flush_writes_whole_packets);
	RUN(full_disk_is_sticky);
	RUN(unwritable_path);
	remove_fixture();
	return CHECK_DONE();
}
