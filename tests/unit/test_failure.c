// SPDX-License-Identifier: GPL-2.0
/*
 * loader/failure.c on constructed failure records: each class from the
 * facts a kernel gives (the area's bitmap, 7.0's available_count, the
 * errno alone), its one line, and a session's summary by area.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "loader/failure.h"
#include "loader/kernel_names.h"
#include "tests/unit/check.h"

static const struct kernel_names names = {
	.fail = { [ALLOC_CONTIG_FAIL_PINNED] = "pinned", [ALLOC_CONTIG_FAIL_MIGRATE] = "migrate" },
	.nr_fails = NR_ALLOC_CONTIG_FAIL,
};
static const struct failure_kernel v612 = { .busy_means_no_range = false };
static const struct failure_kernel v70 = { .busy_means_no_range = true };

/* A cma_alloc() of @count pages on a 65536-page area whose bitmap was read. */
static struct failure_event cma_alloc_failed(unsigned long long count, int ret,
					     unsigned long long free_pages,
					     unsigned long long largest)
{
	struct failure_event e = { .type = RECORD_FAILURE, .kind = CALL_CMA_ALLOC, .ret = ret,
				   .requested = count, .chunk_pages = 1,
				   .area_source = AREA_BITMAP, .area_pages = 65536,
				   .free_pages = free_pages, .largest_free = largest, .pid = 7 };

	snprintf(e.area, sizeof(e.area), "reserved");
	snprintf(e.comm, sizeof(e.comm), "camera");
	return e;
}

static const char *why(const struct failure_event *e, const struct failure_kernel *k)
{
	static char buf[768];

	return failure__explain(e, k, &names, NULL, buf, sizeof(buf));
}

static void test_size(void)
{
	struct failure_event e = cma_alloc_failed(4096, -ENOMEM, 1024, 1024);

	CHECK_EQ_INT(failure__classify(&e, &v612), FAILURE_SIZE);
	CHECK_STREQ(why(&e, &v612), "size: 4096 pages asked, more than the area had free: 1024 pages free of 65536, the largest free range 1024 (the area's bitmap)");
	/* A bulk call short of 3 chunks of 512 pages with 1000 free: size too. */
	e.kind = CALL_BULK;
	e.requested = 10;
	e.allocated = 7;
	e.chunk_pages = 512;
	e.free_pages = 1000;
	e.largest_free = 1000;
	CHECK_EQ_INT(failure__classify(&e, &v612), FAILURE_SIZE);
}

static void test_fragmentation(void)
{
	struct failure_event e = cma_alloc_failed(4096, -ENOMEM, 30000, 2048);

	CHECK_EQ_INT(failure__classify(&e, &v612), FAILURE_FRAGMENTATION);
	CHECK_STREQ(why(&e, &v612), "fragmentation: no free range of 4096 pages; 30000 pages free of 65536, the largest free range 2048 (the area's bitmap)");
	/* A range long enough, but not where the alignment wants it. */
	e.largest_free = 5000;
	CHECK_EQ_INT(failure__classify(&e, &v612), FAILURE_FRAGMENTATION);
	CHECK(strstr(why(&e, &v612), "at the alignment asked") != NULL, "%s", why(&e, &v612));
}

static void test_blocked(void)
{
	struct failure_event e = cma_alloc_failed(4096, -EBUSY, 40000, 16384);

	e.busy_retries = 3;
	CHECK_EQ_INT(failure__classify(&e, &v612), FAILURE_BLOCKED);
	CHECK_STREQ(why(&e, &v612), "blocked: free ranges existed and could not be taken: 3 busy (cma_alloc_busy_retry); 40000 pages free of 65536, the largest free range 16384 (the area's bitmap)");
	/* The series names each window's reason. */
	e.busy_retries = 0;
	e.windows_failed[ALLOC_CONTIG_FAIL_PINNED] = 2;
	e.windows_failed[ALLOC_CONTIG_FAIL_MIGRATE] = 1;
	e.migrate_failed = 5;
	CHECK_EQ_INT(failure__classify(&e, &v612), FAILURE_BLOCKED);
	CHECK(strstr(why(&e, &v612), "windows failed: pinned=2 migrate=1 (mm_alloc_contig_range_finish), 5 pages did not migrate") != NULL,
	      "%s", why(&e, &v612));
}

/* Without the bitmap: 7.0's available_count, or the errno alone. */
static void test_other_kernels(void)
{
	struct failure_event e = cma_alloc_failed(4096, -EBUSY, 8192, 0);

	e.area_source = AREA_START_EVENT;
	CHECK_EQ_INT(failure__classify(&e, &v70), FAILURE_FRAGMENTATION);
	CHECK(strstr(why(&e, &v70), "8192 pages free (cma_alloc_start's available_count)") != NULL,
	      "%s", why(&e, &v70));
	/* On 6.12 the same -EBUSY is ranges that were busy, not none found. */
	CHECK_EQ_INT(failure__classify(&e, &v612), FAILURE_OTHER);
	e.free_pages = 100;
	CHECK_EQ_INT(failure__classify(&e, &v70), FAILURE_SIZE);
	e.area_source = AREA_UNKNOWN;
	e.ret = -ENOMEM;
	CHECK_EQ_INT(failure__classify(&e, &v612), FAILURE_OTHER);
	CHECK(strstr(why(&e, &v612), "errno -12: no free range of 4096 pages, size or fragmentation") != NULL,
	      "%s", why(&e, &v612));
	e.busy_retries = 1;
	CHECK_EQ_INT(failure__classify(&e, &v612), FAILURE_BLOCKED);
	e.ret = -EINTR;
	CHECK_EQ_INT(failure__classify(&e, &v612), FAILURE_OTHER);
	CHECK_STREQ(why(&e, &v612), "other: -EINTR: a fatal signal stopped it");
}

static const char *kind_name(unsigned int kind)
{
	return kind == 1 ? "anon" : kind == 9 ? "driver pin" : "other kind";
}

/* What --culprits resolved on a thread ends its next blocked line, once. */
static void test_in_the_way(void)
{
	struct failure_event e = cma_alloc_failed(512, -EBUSY, 40000, 16384);
	static struct failure_tally t;
	char way[128], buf[1024];

	e.busy_retries = 2;
	failure_tally__add(&t, 7, 9);
	failure_tally__add(&t, 7, 9);
	failure_tally__add(&t, 7, 1);
	failure_tally__add(&t, 8, 1);
	failure_tally__take(&t, 7, kind_name, way, sizeof(way));
	CHECK_STREQ(way, "in the way (--culprits): 1 anon, 2 driver pin");
	failure__explain(&e, &v612, &names, way, buf, sizeof(buf));
	CHECK(strstr(buf, "(the area's bitmap); in the way (--culprits): 1 anon, 2 driver pin") != NULL,
	      "%s", buf);
	failure_tally__take(&t, 7, kind_name, way, sizeof(way));
	CHECK_STREQ(way, "");
	failure_tally__take(&t, 8, kind_name, way, sizeof(way));
	CHECK_STREQ(way, "in the way (--culprits): 1 anon");
	/* More threads than slots: the oldest makes room, nothing overflows. */
	for (__u32 tid = 100; tid < 100 + 3 * FAILURE_TALLY_THREADS; tid++)
		failure_tally__add(&t, tid, 1);
	failure_tally__take(&t, 100 + 3 * FAILURE_TALLY_THREADS - 1, kind_name, way, sizeof(way));
	CHECK_STREQ(way, "in the way (--culprits): 1 anon");
}

static char *captured(struct failure_summary *s, bool json)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (json)
		failure_summary__print_json(s, f);
	else
		failure_summary__print_text(s, f);
	fclose(f);
	return buf;
}

static void test_summary(void)
{
	struct failure_summary s = {};
	struct failure_event e = cma_alloc_failed(4096, -ENOMEM, 1024, 1024);
	char *out;

	failure_summary__add(&s, &e, failure__classify(&e, &v612));
	failure_summary__add(&s, &e, FAILURE_BLOCKED);
	snprintf(e.area, sizeof(e.area), "video");
	failure_summary__add(&s, &e, FAILURE_SIZE);
	out = captured(&s, false);
	CHECK_STREQ(out, "failures area=reserved: 2 (size 1, fragmentation 0, blocked 1, other 0)\n"
		    "failures area=video: 1 (size 1, fragmentation 0, blocked 0, other 0)\n");
	free(out);
	out = captured(&s, true);
	CHECK(strstr(out, "\"type\":\"failures\",\"areas\":[{\"area\":\"reserved\",\"size\":1,\"fragmentation\":0,\"blocked\":1,\"other\":0},") != NULL,
	      "%s", out);
	free(out);
}

int main(int argc, char **argv)
{
	/* --sample: one failure record and a summary, for the schema check. */
	if (argc > 1 && !strcmp(argv[1], "--sample")) {
		struct failure_event e = cma_alloc_failed(4096, -EBUSY, 40000, 16384);
		struct failure_summary s = {};

		e.busy_retries = 2;
		e.windows_failed[ALLOC_CONTIG_FAIL_PINNED] = 1;
		failure__print(&e, &v612, &names, NULL, true, stdout);
		failure_summary__add(&s, &e, failure__classify(&e, &v612));
		return failure_summary__print_json(&s, stdout) ? 1 : 0;
	}
	RUN(test_size);
	RUN(test_fragmentation);
	RUN(test_blocked);
	RUN(test_other_kernels);
	RUN(test_summary);
	RUN(test_in_the_way);
	return CHECK_DONE();
}
