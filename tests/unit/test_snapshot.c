// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for loader/report.c on synthetic snapshots: interval
 * arithmetic, the text layout (modes side by side), and JSON that
 * snapshot_schema.py validates against docs/cmabulk-trace.schema.json.
 */
#include <stdlib.h>

#include "tests/unit/check.h"
#include "lib/hist.h"
#include "loader/records.h"
#include "loader/snapshot.h"

/* As the loader reads them from BTF: indexed by the series' own enums. */
static struct kernel_names names = {
	.mode = { [ALLOC_CONTIG_NORMAL] = "normal", [ALLOC_CONTIG_FAST] = "fast",
		  [ALLOC_CONTIG_FAST_SYNC] = "fast_sync",
		  [ALLOC_CONTIG_NORMAL_ONCE] = "normal_once" },
	.nr_modes = NR_ALLOC_CONTIG_MODES,
	.fail = { [ALLOC_CONTIG_FAIL_NONE] = "none", [ALLOC_CONTIG_FAIL_ISOLATE] = "isolate",
		  [ALLOC_CONTIG_FAIL_PINNED] = "pinned", [ALLOC_CONTIG_FAIL_UNMOVABLE] = "unmovable",
		  [ALLOC_CONTIG_FAIL_MIGRATE] = "migrate", [ALLOC_CONTIG_FAIL_NOT_FREE] = "not_free",
		  [ALLOC_CONTIG_FAIL_GRAB] = "grab", [ALLOC_CONTIG_FAIL_NOMEM] = "nomem",
		  [ALLOC_CONTIG_FAIL_BUSY] = "busy", [ALLOC_CONTIG_FAIL_OTHER] = "other" },
	.nr_fails = NR_ALLOC_CONTIG_FAIL,
};

static void fill(struct snapshot *r, __u64 scale)
{
	memset(r, 0, sizeof(*r));
	r->names = &names;
	r->unit = "usecs";
	r->time = 1700000000;
	r->interval_s = 1.5;
	r->nr_rows = 3;
	for (int i = 0; i < 2; i++) {
		struct snapshot_row *row = &r->rows[i];

		snprintf(row->key.area, sizeof(row->key.area), "reserved");
		row->key.kind = CALL_BULK;
		row->key.mode = row->key.fallback = i;	/* normal, fast */
		row->key.order = 4;
		row->st.calls = 2 * scale;
		row->st.requested = 100 * scale;
		row->st.allocated = (i ? 90 : 100) * scale;
		row->st.skipped[ALLOC_CONTIG_FAIL_NOT_FREE] = (i ? 3 : 0) * scale;
		row->st.latency_sum = 600 * scale;
		row->st.latency_slots[8 + i] = 2 * scale;
		row->st.skips_slots[i ? 1 : 0] = 2 * scale;
		/* FAST: one call skipped 1 block not_free, the other 2. */
		row->st.reason_skips_slots[ALLOC_CONTIG_FAIL_NOT_FREE][0] = (i ? 1 : 0) * scale;
		row->st.reason_skips_slots[ALLOC_CONTIG_FAIL_NOT_FREE][1] = (i ? 1 : 0) * scale;
		row->st.phase_ns[PHASE_MIGRATE] = 1000 * scale;
		row->st.phase_count[PHASE_MIGRATE] = 2 * scale;
		row->st.phase_slots[PHASE_MIGRATE][2] = 2 * scale;
		/* FAST ranked windows (the series' order, v5); NORMAL's row did not. */
		row->st.ordered_calls = (i ? 2 : 0) * scale;
		row->st.ordered = (i ? 192 : 0) * scale;
		row->st.order_read = (i ? 150 : 0) * scale;
		row->st.order_ns = (i ? 8000 : 0) * scale;
		row->st.picked = (i ? 6 : 0) * scale;
		row->st.picked_used = (i ? 40 : 0) * scale;
	}
	snprintf(r->rows[2].key.area, sizeof(r->rows[2].key.area), "reserved");
	r->rows[2].key.kind = CALL_CMA_ALLOC;
	r->rows[2].key.mode = r->rows[2].key.fallback = CMABULK_MODE_ANY;
	r->rows[2].key.order = 9;
	r->rows[2].st.calls = scale;
	r->rows[2].st.requested = 512 * scale;
	r->rows[2].st.latency_slots[3] = scale;
	r->nr_ranges = 1;
	r->ranges[0].mode = 1;
	r->ranges[0].st.ranges = 10 * scale;
	r->ranges[0].st.fail[ALLOC_CONTIG_FAIL_NONE] = 7 * scale;
	r->ranges[0].st.fail[ALLOC_CONTIG_FAIL_NOT_FREE] = 3 * scale;
	r->ranges[0].st.retry_slots[0] = 10 * scale;
	r->sys.pcp_drains = 4 * scale;
	r->nr_progs = 1;
	snprintf(r->progs[0].name, sizeof(r->progs[0].name), "tp_btf_cma_bulk_finish");
	r->progs[0].run_cnt = 4 * scale;
	r->progs[0].run_time_ns = 4000 * scale;
}

static char *capture(const struct snapshot *r, bool json)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (json)
		snapshot__print_json(r, f);
	else
		snapshot__print_text(r, f, false);
	fclose(f);
	return buf;
}

/* An interval is the later snapshot minus the earlier, field by field. */
static void test_subtract(void)
{
	static struct snapshot a, b;

	fill(&a, 3);
	fill(&b, 1);
	snapshot__subtract(&a, &b);
	CHECK_EQ_U64(a.rows[0].st.calls, 4);
	CHECK_EQ_U64(a.rows[1].st.skipped[ALLOC_CONTIG_FAIL_NOT_FREE], 6);
	CHECK_EQ_U64(a.rows[1].st.latency_slots[9], 4);
	CHECK_EQ_U64(a.ranges[0].st.ranges, 20);
	CHECK_EQ_U64(a.sys.pcp_drains, 8);
	CHECK_EQ_U64(a.progs[0].run_cnt, 8);
	/* A row that is new in the later snapshot keeps its values. */
	b.rows[2].key.order = 10;
	fill(&a, 3);
	snapshot__subtract(&a, &b);
	CHECK_EQ_U64(a.rows[2].st.calls, 3);
}

static void test_text_side_by_side(void)
{
	static struct snapshot r;
	char *out;

	fill(&r, 1);
	out = capture(&r, false);
	CHECK(strstr(out, "bulk area=reserved order=4 mode=fast: 2 calls, 0 failed, 90/100 chunks allocated (90.0%), mean 300.0 usecs") != NULL,
	      "%s", out);
	CHECK(strstr(out, "skipped pageblocks: 3 not_free=3") != NULL, "%s", out);
	/* FAST and NORMAL share one histogram block, in two columns. */
	CHECK(strstr(out, ": normal ") != NULL && strstr(out, " fast ") != NULL, "%s", out);
	CHECK(strstr(out, "256 -> 511        : 2        |********************| 0 ") != NULL, "%s", out);
	CHECK(strstr(out, "cma_alloc area=reserved log2(pages)=9: 1 calls") != NULL, "%s", out);
	/* Skips per call: FAST only (NORMAL skipped nothing), by reason. */
	CHECK(strstr(out, "skipped pageblocks per call, fast") != NULL, "%s", out);
	CHECK(strstr(out, "skipped pageblocks per call, normal") == NULL, "%s", out);
	CHECK(strstr(out, "all") != NULL && strstr(out, "not_free") != NULL, "%s", out);
	CHECK(strstr(out, "2 -> 3          : 2        |********************| 1 ") != NULL, "%s", out);
	CHECK(strstr(out, "alloc_contig_range mode=fast: 10 ranges, 7 allocated, not_free=3") != NULL, "%s", out);
	free(out);
}

/* Without any calls there is a clear line, not an empty report. */
static void test_text_empty(void)
{
	static struct snapshot r;
	char *out;

	memset(&r, 0, sizeof(r));
	r.names = &names;
	r.unit = "usecs";
	out = capture(&r, false);
	CHECK(strstr(out, "no CMA allocations seen") != NULL, "%s", out);
	free(out);
}

/*
 * The BPF side's histogram slots (bpf/cmabulk_trace.h) are lib/hist.c's:
 * every power of two and its neighbours, a spread of other values, and
 * the clamp to the last slot.
 */
static void test_bpf_log2_slot(void)
{
	__u64 v = 0x9e3779b97f4a7c15ULL;

	for (unsigned int k = 0; k < 64; k++)
		for (int d = -1; d <= 1; d++) {
			__u64 x = (1ULL << k) + d;

			CHECK(cmabulk_log2_slot(x, 64) == hist_log2_slot(x), "2^%u%+d", k, d);
		}
	for (int i = 0; i < 100000; i++) {
		v ^= v << 13;
		v ^= v >> 7;
		v ^= v << 17;
		CHECK(cmabulk_log2_slot(v >> (i % 64), 64) == hist_log2_slot(v >> (i % 64)),
		      "%llx", (unsigned long long)(v >> (i % 64)));
	}
	CHECK_EQ_U64(cmabulk_log2_slot(0, 40), 0);
	CHECK_EQ_U64(cmabulk_log2_slot(1ULL << 39, 40), 39);
	CHECK_EQ_U64(cmabulk_log2_slot(1ULL << 50, 40), 39);
	CHECK_EQ_U64(cmabulk_log2_slot(~0ULL, 24), 23);
}

/*
 * A --calls row prints only what was written: a cma_alloc() row's MODE is
 * "cma_alloc" (a stock kernel has no mode names at all), a bulk row on a
 * kernel without names says the value.
 */
static void test_call_row_mode(void)
{
	static const struct kernel_names stock;
	struct call_event e = { .latency_ns = 2000, .pid = 9, .requested = 16,
				.allocated = 16 };
	char *buf = NULL, comm[17], area[17], kind[10], mode[14];
	size_t len = 0;
	FILE *f;

	snprintf(e.key.area, sizeof(e.key.area), "reserved");
	snprintf(e.comm, sizeof(e.comm), "modprobe");
	for (int kind_i = CALL_CMA_ALLOC; kind_i < NR_CALL_KINDS; kind_i++) {
		e.key.kind = kind_i;
		e.key.mode = e.key.fallback = kind_i == CALL_BULK ? 1 : CMABULK_MODE_ANY;
		f = open_memstream(&buf, &len);
		records__print_call(&e, &stock, "usecs", false, f);
		fclose(f);
		CHECK(sscanf(buf, "%16s %*u %16s %9s %13s", comm, area, kind, mode) == 4, "%s", buf);
		CHECK_STREQ(mode, kind_i == CALL_BULK ? "mode1" : "cma_alloc");
		free(buf);
		buf = NULL;
	}
}

int main(int argc, char **argv)
{
	static struct snapshot r;

	/* --sample [final]: one JSON report for the schema check. */
	if (argc > 1 && !strcmp(argv[1], "--sample")) {
		fill(&r, 1);
		r.final = argc > 2;
		return snapshot__print_json(&r, stdout) ? 1 : 0;
	}
	if (argc > 1 && !strcmp(argv[1], "--sample-call")) {
		struct call_event e = { .latency_ns = 1234, .pid = 42, .ret = -16,
					.requested = 10, .allocated = 8 };

		snprintf(e.key.area, sizeof(e.key.area), "reserved");
		snprintf(e.comm, sizeof(e.comm), "sh");
		e.key.kind = CALL_BULK;
		e.key.mode = 1;
		e.key.fallback = 0;
		e.skipped[ALLOC_CONTIG_FAIL_MIGRATE] = 2;
		/* The series' order (v5): 3 windows picked, 17 pages in use in them. */
		e.ordered = 96;
		e.order_read = 97;
		e.order_ns = 5000;
		e.picked = 3;
		e.picked_used = 17;
		records__print_call(&e, &names, "usecs", true, stdout);
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "--sample-skip")) {
		/* With series v3's details, or (any second argument) without. */
		struct skip_event e = { .type = RECORD_SKIP, .pid = 7, .ts_ns = 99,
					.mode = ALLOC_CONTIG_FAST, .reason = ALLOC_CONTIG_FAIL_PINNED,
					.error = -16, .pfn = 0x40000, .nr_pages = 512,
					.has_details = argc < 3, .failed_pfn = 0x40123,
					.nr_migrated = 5, .nr_rescued = 31 };

		snprintf(e.area, sizeof(e.area), "reserved");
		snprintf(e.comm, sizeof(e.comm), "sh");
		records__print_skip(&e, &names, true, stdout);
		return 0;
	}
	RUN(test_subtract);
	RUN(test_bpf_log2_slot);
	RUN(test_text_side_by_side);
	RUN(test_text_empty);
	RUN(test_call_row_mode);
	return CHECK_DONE();
}
