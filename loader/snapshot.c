// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "lib/hist.h"
#include "lib/json.h"
#include "loader/snapshot.h"

/* The tool's own phase list (enum cmabulk_phase in cmabulk_trace.h). */
static const char *const phase_names[NR_PHASES] = {
	[PHASE_ISOLATE] = "isolate",
	[PHASE_PCP_DRAIN] = "pcp_drain",
	[PHASE_LRU_DRAIN] = "lru_drain",
	[PHASE_MIGRATE] = "migrate",
	[PHASE_TEST_ISOLATED] = "test_isolated",
};

static const char *const kind_names[NR_CALL_KINDS] = {
	[CALL_CMA_ALLOC] = "cma_alloc",
	[CALL_BULK] = "bulk",
};

const char *snapshot__phase_name(unsigned int phase)
{
	return phase < NR_PHASES ? phase_names[phase] : "phase?";
}

const char *snapshot__kind_name(unsigned int kind)
{
	return kind_names[kind < NR_CALL_KINDS ? kind : 0];
}

/* Every stats struct is made of __u64 counters only. */
_Static_assert(sizeof(struct call_stats) % 8 == 0, "call_stats: u64 only");
_Static_assert(sizeof(struct range_stats) % 8 == 0, "range_stats: u64 only");
_Static_assert(sizeof(struct global_stats) % 8 == 0, "global_stats: u64 only");

static void sub_u64s(void *cur, const void *prev, size_t size)
{
	__u64 *c = cur;
	const __u64 *p = prev;

	for (size_t i = 0; i < size / 8; i++)
		c[i] = c[i] >= p[i] ? c[i] - p[i] : 0;
}

static int key_cmp(const struct call_key *a, const struct call_key *b)
{
	int c = strncmp(a->area, b->area, sizeof(a->area));

	if (c)
		return c;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->order != b->order)
		return a->order < b->order ? -1 : 1;
	if (a->mode != b->mode)
		return a->mode < b->mode ? -1 : 1;
	if (a->fallback != b->fallback)
		return a->fallback < b->fallback ? -1 : 1;
	return 0;
}

static int row_cmp(const void *a, const void *b)
{
	return key_cmp(&((const struct snapshot_row *)a)->key,
		       &((const struct snapshot_row *)b)->key);
}

/*
 * Look up @key in a per-CPU map and sum the CPUs' copies into @out (all
 * __u64 counters, so each copy is exactly @size bytes, no padding).
 */
static int lookup_percpu_sum(int fd, const void *key, void *out, size_t size,
			     void *buf, int ncpus)
{
	__u64 *sum = out;

	if (bpf_map_lookup_elem(fd, key, buf))
		return -1;
	memset(out, 0, size);
	for (int c = 0; c < ncpus; c++) {
		const __u64 *v = (const __u64 *)((char *)buf + c * size);

		for (size_t i = 0; i < size / 8; i++)
			sum[i] += v[i];
	}
	return 0;
}

static bool all_zero(const void *p, size_t size)
{
	const __u64 *v = p;

	for (size_t i = 0; i < size / 8; i++)
		if (v[i])
			return false;
	return true;
}

/* Per-program run count and time, enabled by BPF_ENABLE_STATS. */
void snapshot__collect_costs(struct snapshot *r, struct bpf_object *obj)
{
	struct bpf_program *prog;

	r->nr_progs = 0;
	bpf_object__for_each_program(prog, obj) {
		struct bpf_prog_info info = {};
		__u32 len = sizeof(info);
		int fd = bpf_program__fd(prog);

		if (fd < 0 || r->nr_progs == SNAPSHOT_MAX_PROGS)
			continue;
		if (bpf_obj_get_info_by_fd(fd, &info, &len))
			continue;
		snprintf(r->progs[r->nr_progs].name, sizeof(r->progs[0].name), "%s",
			 bpf_program__name(prog));
		r->progs[r->nr_progs].run_cnt = info.run_cnt;
		r->progs[r->nr_progs].run_time_ns = info.run_time_ns;
		r->nr_progs++;
	}
}

int snapshot__collect(struct snapshot *r, int call_stats_fd, int range_stats_fd,
		    int global_stats_fd)
{
	int ncpus = libbpf_num_possible_cpus();
	struct call_key key, next, *prev = NULL;
	size_t biggest = sizeof(struct call_stats);
	__u32 zero = 0;
	void *buf;

	if (sizeof(struct range_stats) > biggest)
		biggest = sizeof(struct range_stats);
	if (sizeof(struct global_stats) > biggest)
		biggest = sizeof(struct global_stats);
	if (ncpus <= 0 || !(buf = calloc(ncpus, biggest)))
		return -1;

	r->nr_rows = 0;
	while (!bpf_map_get_next_key(call_stats_fd, prev, &next) &&
	       r->nr_rows < SNAPSHOT_MAX_ROWS) {
		key = next;
		prev = &key;
		if (lookup_percpu_sum(call_stats_fd, &key, &r->rows[r->nr_rows].st,
				      sizeof(struct call_stats), buf, ncpus))
			continue;
		r->rows[r->nr_rows++].key = key;
	}
	qsort(r->rows, r->nr_rows, sizeof(r->rows[0]), row_cmp);

	r->nr_ranges = 0;
	for (__u32 mode = 0; mode < CMABULK_MAX_MODES; mode++) {
		struct snapshot_range *rr = &r->ranges[r->nr_ranges];

		if (lookup_percpu_sum(range_stats_fd, &mode, &rr->st,
				      sizeof(rr->st), buf, ncpus) ||
		    all_zero(&rr->st, sizeof(rr->st)))
			continue;
		rr->mode = mode;
		r->nr_ranges++;
	}

	if (lookup_percpu_sum(global_stats_fd, &zero, &r->sys, sizeof(r->sys),
			      buf, ncpus))
		memset(&r->sys, 0, sizeof(r->sys));
	if (r->contig_from_ranges) {
		r->sys.contig_migrated = r->sys.contig_migrate_failed = 0;
		for (int i = 0; i < r->nr_ranges; i++) {
			r->sys.contig_migrated += r->ranges[i].st.migrated;
			r->sys.contig_migrate_failed += r->ranges[i].st.migrate_failed;
		}
	}
	free(buf);
	return 0;
}

void snapshot__subtract(struct snapshot *cur, const struct snapshot *prev)
{
	for (int i = 0; i < cur->nr_rows; i++)
		for (int j = 0; j < prev->nr_rows; j++)
			if (!key_cmp(&cur->rows[i].key, &prev->rows[j].key))
				sub_u64s(&cur->rows[i].st, &prev->rows[j].st,
					 sizeof(cur->rows[i].st));
	for (int i = 0; i < cur->nr_ranges; i++)
		for (int j = 0; j < prev->nr_ranges; j++)
			if (cur->ranges[i].mode == prev->ranges[j].mode)
				sub_u64s(&cur->ranges[i].st, &prev->ranges[j].st,
					 sizeof(cur->ranges[i].st));
	sub_u64s(&cur->sys, &prev->sys, sizeof(cur->sys));
	for (int i = 0; i < cur->nr_progs; i++)
		for (int j = 0; j < prev->nr_progs; j++)
			if (!strcmp(cur->progs[i].name, prev->progs[j].name)) {
				cur->progs[i].run_cnt -= prev->progs[j].run_cnt;
				cur->progs[i].run_time_ns -= prev->progs[j].run_time_ns;
			}
}

const char *snapshot__mode_label(const struct kernel_names *names,
			      const struct call_key *k, char *buf, size_t len)
{
	char first[24];

	if (k->kind != CALL_BULK)
		return "cma_alloc";
	snprintf(first, sizeof(first), "%s", kernel_names__mode(names, k->mode));
	if (k->fallback == k->mode)
		snprintf(buf, len, "%s", first);
	else
		snprintf(buf, len, "%s>%s", first,
			 kernel_names__mode(names, k->fallback));
	return buf;
}

static __u64 skipped_total(const struct call_stats *st)
{
	__u64 n = 0;

	for (int i = 0; i < NR_ALLOC_CONTIG_FAIL; i++)
		n += st->skipped[i];
	return n;
}

static bool same_group(const struct call_key *a, const struct call_key *b)
{
	return !strncmp(a->area, b->area, sizeof(a->area)) &&
	       a->kind == b->kind && a->order == b->order;
}

/*
 * The series' emptiest-first order (v5): what ranking cost, and how many
 * pages the windows it chose held when chosen (what it expected to move).
 */
static void print_row_ordering(const struct call_stats *st, FILE *out)
{
	if (!st->ordered_calls && !st->picked)
		return;
	fprintf(out, "  ordering: %llu calls ranked %llu windows, mean %.1f us and %.0f struct pages read per call; %llu windows picked, %llu pages in use in them when picked\n",
		(unsigned long long)st->ordered_calls, (unsigned long long)st->ordered,
		st->ordered_calls ? st->order_ns / 1e3 / st->ordered_calls : 0.0,
		st->ordered_calls ? (double)st->order_read / st->ordered_calls : 0.0,
		(unsigned long long)st->picked, (unsigned long long)st->picked_used);
}

void snapshot__json_ordering(struct json_writer *w, const struct call_stats *st,
			     const struct call_event *e)
{
	json_key(w, "ordering");
	json_object_begin(w);
	if (st)
		json_key_u64(w, "calls", st->ordered_calls);
	json_key_u64(w, "ns", st ? st->order_ns : e->order_ns);
	json_key_u64(w, "windows", st ? st->ordered : e->ordered);
	json_key_u64(w, "struct_pages_read", st ? st->order_read : e->order_read);
	json_key_u64(w, "picked", st ? st->picked : e->picked);
	json_key_u64(w, "picked_used", st ? st->picked_used : e->picked_used);
	json_object_end(w);
}

static void print_row_summary(const struct snapshot *r,
			      const struct snapshot_row *row, FILE *out)
{
	const struct call_stats *st = &row->st;
	const struct call_key *k = &row->key;
	char label[48];

	if (k->kind == CALL_BULK)
		fprintf(out, "bulk area=%s order=%u mode=%s", k->area, k->order,
			snapshot__mode_label(r->names, k, label, sizeof(label)));
	else
		fprintf(out, "cma_alloc area=%s log2(pages)=%u", k->area, k->order);
	fprintf(out, ": %llu calls, %llu failed, ",
		(unsigned long long)st->calls, (unsigned long long)st->failed);
	fprintf(out, "%llu/%llu %s allocated (%.1f%%)",
		(unsigned long long)st->allocated,
		(unsigned long long)st->requested,
		k->kind == CALL_BULK ? "chunks" : "pages",
		st->requested ? 100.0 * st->allocated / st->requested : 0.0);
	if (st->calls)
		fprintf(out, ", mean %.1f %s", (double)st->latency_sum / st->calls,
			r->unit);
	fputc('\n', out);
	if (k->kind == CALL_BULK) {
		fprintf(out, "  skipped pageblocks: %llu",
			(unsigned long long)skipped_total(st));
		for (int i = 0; i < NR_ALLOC_CONTIG_FAIL; i++)
			if (st->skipped[i])
				fprintf(out, " %s=%llu",
					kernel_names__fail(r->names, i),
					(unsigned long long)st->skipped[i]);
		fprintf(out, ", fallbacks %llu\n", (unsigned long long)st->fallbacks);
		print_row_ordering(st, out);
	} else if (st->busy_retries) {
		fprintf(out, "  busy retries: %llu\n",
			(unsigned long long)st->busy_retries);
	}
	if (st->calls) {
		bool any = false;

		for (int p = 0; p < NR_PHASES; p++)
			any |= st->phase_count[p] != 0;
		if (any) {
			fprintf(out, "  phases, mean ms per call (migrate includes lru_drain):");
			for (int p = 0; p < NR_PHASES; p++)
				fprintf(out, " %s %.3f", phase_names[p],
					st->phase_ns[p] / 1e6 / st->calls);
			fputc('\n', out);
		}
	}
}

/* Per-call time in each phase that ran, side by side (--phases). */
static void print_phase_hists(const struct snapshot *r,
			      const struct snapshot_row *row, FILE *out)
{
	const __u64 *cols[NR_PHASES];
	const char *labels[NR_PHASES];
	char label[48];
	int n = 0;

	for (int p = 0; p < NR_PHASES; p++) {
		if (!row->st.phase_count[p])
			continue;
		cols[n] = row->st.phase_slots[p];
		labels[n++] = phase_names[p];
	}
	if (!n)
		return;
	fprintf(out, "  phases per call, %s:\n",
		snapshot__mode_label(r->names, &row->key, label, sizeof(label)));
	hist_print_log2_columns(out, cols, labels, n, CMABULK_LAT_SLOTS, r->unit);
}

/*
 * Skipped pageblocks per call, all reasons (every call: slot 0 is 0 or 1)
 * beside each reason that skipped (the calls it skipped in: slot 0 is 1).
 */
static void print_skip_hists(const struct snapshot *r,
			     const struct snapshot_row *row, FILE *out)
{
	const __u64 *cols[1 + NR_ALLOC_CONTIG_FAIL];
	const char *labels[1 + NR_ALLOC_CONTIG_FAIL];
	char label[48];
	int n = 0;

	if (row->key.kind != CALL_BULK || !skipped_total(&row->st))
		return;
	cols[n] = row->st.skips_slots;
	labels[n++] = "all";
	for (int i = 1; i < NR_ALLOC_CONTIG_FAIL; i++) {
		if (!row->st.skipped[i])
			continue;
		cols[n] = row->st.reason_skips_slots[i];
		labels[n++] = kernel_names__fail(r->names, i);
	}
	fprintf(out, "  skipped pageblocks per call, %s (a reason: calls it skipped in):\n",
		snapshot__mode_label(r->names, &row->key, label, sizeof(label)));
	hist_print_log2_columns(out, cols, labels, n, CMABULK_SKIP_SLOTS, "blocks");
}

/* Rows of one (area, kind, order) group share one histogram block. */
static void text_calls(const struct snapshot *r, FILE *out)
{
	for (int i = 0; i < r->nr_rows;) {
		const __u64 *cols[8];
		const char *labels[8];
		char label_buf[8][48];
		int j, n = 0;

		for (j = i; j < r->nr_rows && same_group(&r->rows[i].key, &r->rows[j].key); j++) {
			if (!r->rows[j].st.calls)
				continue;
			print_row_summary(r, &r->rows[j], out);
			if (n < 8) {
				cols[n] = r->rows[j].st.latency_slots;
				labels[n] = snapshot__mode_label(r->names, &r->rows[j].key,
						       label_buf[n], sizeof(label_buf[n]));
				n++;
			}
		}
		if (n == 1)
			hist_print_log2(out, cols[0], CMABULK_LAT_SLOTS, r->unit);
		else if (n > 1)
			hist_print_log2_columns(out, cols, labels, n,
						CMABULK_LAT_SLOTS, r->unit);
		for (j = i; j < r->nr_rows && same_group(&r->rows[i].key, &r->rows[j].key); j++) {
			print_skip_hists(r, &r->rows[j], out);
			print_phase_hists(r, &r->rows[j], out);
		}
		if (n)
			fputc('\n', out);
		i = j;
	}
}

static void text_ranges(const struct snapshot *r, FILE *out)
{
	for (int i = 0; i < r->nr_ranges; i++) {
		const struct range_stats *rs = &r->ranges[i].st;

		if (!rs->ranges)
			continue;
		fprintf(out, "alloc_contig_range mode=%s: %llu ranges, %llu allocated",
			kernel_names__mode(r->names, r->ranges[i].mode),
			(unsigned long long)rs->ranges,
			(unsigned long long)rs->fail[ALLOC_CONTIG_FAIL_NONE]);
		for (int f = 1; f < NR_ALLOC_CONTIG_FAIL; f++)
			if (rs->fail[f])
				fprintf(out, ", %s=%llu", kernel_names__fail(r->names, f),
					(unsigned long long)rs->fail[f]);
		fprintf(out, "; %llu migration retries, %llu pages migrated, %llu failed\n",
			(unsigned long long)rs->retries,
			(unsigned long long)rs->migrated,
			(unsigned long long)rs->migrate_failed);
		hist_print_linear(out, rs->retry_slots, CMABULK_RETRY_SLOTS,
				  "retries");
		fputc('\n', out);
	}
}

/* System-wide counters, the tracer's own health and (at exit) its cost. */
static void text_system(const struct snapshot *r, FILE *out)
{
	fprintf(out, "system: pcp drains %llu (%.3f ms), lru drains %llu (%.3f ms)",
		(unsigned long long)r->sys.pcp_drains, r->sys.pcp_drain_ns / 1e6,
		(unsigned long long)r->sys.lru_drains, r->sys.lru_drain_ns / 1e6);
	fprintf(out, ", contig migration %llu pages migrated, %llu failed\n",
		(unsigned long long)r->sys.contig_migrated,
		(unsigned long long)r->sys.contig_migrate_failed);
	fprintf(out, "tracer: %llu ring buffer drops, %llu unpaired finishes, %llu calls filtered out, %llu untracked\n",
		(unsigned long long)r->sys.ringbuf_drops,
		(unsigned long long)r->sys.unpaired_finish,
		(unsigned long long)r->sys.filtered,
		(unsigned long long)r->sys.untracked);
	if (r->final && r->nr_progs) {
		fprintf(out, "BPF cost (BPF_ENABLE_STATS):\n  %-36s %10s %10s\n",
			"PROGRAM", "RUNS", "AVG NS");
		for (int i = 0; i < r->nr_progs; i++)
			fprintf(out, "  %-36s %10llu %10.0f\n", r->progs[i].name,
				(unsigned long long)r->progs[i].run_cnt,
				r->progs[i].run_cnt ?
				(double)r->progs[i].run_time_ns / r->progs[i].run_cnt : 0.0);
	}
}

void snapshot__print_text(const struct snapshot *r, FILE *out, bool timestamp)
{
	if (timestamp) {
		char buf[32];

		strftime(buf, sizeof(buf), "%H:%M:%S", localtime(&r->time));
		fprintf(out, "%s\n", buf);
	}
	if (!r->nr_rows)
		fprintf(out, "no CMA allocations seen\n");
	text_calls(r, out);
	text_ranges(r, out);
	text_system(r, out);
	fflush(out);
}

void snapshot__json_mode(struct json_writer *w, const char *key,
			 const struct kernel_names *names, __s32 mode)
{
	if (mode == CMABULK_MODE_ANY) {
		json_key(w, key);
		json_null(w);
	} else {
		json_key_string(w, key, kernel_names__mode(names, mode));
	}
}

void snapshot__json_fail_counts(struct json_writer *w,
				const struct kernel_names *names,
				const __u64 *counts, int from)
{
	json_object_begin(w);
	for (int i = from; i < NR_ALLOC_CONTIG_FAIL; i++)
		json_key_u64(w, kernel_names__fail(names, i), counts[i]);
	json_object_end(w);
}

static void json_phases(struct json_writer *w, const struct snapshot *r,
			const struct call_stats *st)
{
	json_key(w, "phases");
	json_object_begin(w);
	for (int p = 0; p < NR_PHASES; p++) {
		json_key(w, phase_names[p]);
		json_object_begin(w);
		json_key_u64(w, "ns", st->phase_ns[p]);
		json_key_u64(w, "calls", st->phase_count[p]);
		json_key(w, "latency");
		hist_json_log2(w, st->phase_slots[p], CMABULK_LAT_SLOTS, r->unit);
		json_object_end(w);
	}
	json_object_end(w);
}

/* One object per (area, kind, mode, fallback, order) row. */
static void json_calls(struct json_writer *w, const struct snapshot *r)
{
	json_key(w, "calls");
	json_array_begin(w);
	for (int i = 0; i < r->nr_rows; i++) {
		const struct call_stats *st = &r->rows[i].st;
		const struct call_key *k = &r->rows[i].key;

		json_object_begin(w);
		json_key_string(w, "area", k->area);
		json_key_string(w, "kind", kind_names[k->kind < NR_CALL_KINDS ? k->kind : 0]);
		snapshot__json_mode(w, "mode", r->names, k->mode);
		snapshot__json_mode(w, "fallback", r->names, k->fallback);
		json_key_u64(w, "order", k->order);
		json_key_u64(w, "calls", st->calls);
		json_key_u64(w, "failed", st->failed);
		json_key_u64(w, "requested", st->requested);
		json_key_u64(w, "allocated", st->allocated);
		json_key_double(w, "success_ratio", st->requested ?
				(double)st->allocated / st->requested : 0.0);
		json_key_u64(w, "fallbacks", st->fallbacks);
		json_key_u64(w, "busy_retries", st->busy_retries);
		if (st->ordered_calls || st->picked)
			snapshot__json_ordering(w, st, NULL);
		json_key_u64(w, "skipped_total", skipped_total(st));
		json_key(w, "skipped");
		snapshot__json_fail_counts(w, r->names, st->skipped, 1);
		json_key_u64(w, "latency_sum", st->latency_sum);
		json_key(w, "latency");
		hist_json_log2(w, st->latency_slots, CMABULK_LAT_SLOTS, r->unit);
		json_key(w, "skips_per_call");
		hist_json_log2(w, st->skips_slots, CMABULK_SKIP_SLOTS, "pageblocks");
		json_key(w, "skips_per_call_by_reason");
		json_object_begin(w);
		for (int f = 1; f < NR_ALLOC_CONTIG_FAIL; f++) {
			json_key(w, kernel_names__fail(r->names, f));
			hist_json_log2(w, st->reason_skips_slots[f], CMABULK_SKIP_SLOTS,
				       "pageblocks");
		}
		json_object_end(w);
		json_phases(w, r, st);
		json_object_end(w);
	}
	json_array_end(w);
}

/* alloc_contig_range() per mode. */
static void json_ranges(struct json_writer *w, const struct snapshot *r)
{
	json_key(w, "ranges");
	json_array_begin(w);
	for (int i = 0; i < r->nr_ranges; i++) {
		const struct range_stats *rs = &r->ranges[i].st;

		json_object_begin(w);
		snapshot__json_mode(w, "mode", r->names, r->ranges[i].mode);
		json_key_u64(w, "ranges", rs->ranges);
		json_key(w, "result");
		snapshot__json_fail_counts(w, r->names, rs->fail, 0);
		json_key_u64(w, "retries", rs->retries);
		json_key(w, "retries_per_range");
		hist_json_linear(w, rs->retry_slots, CMABULK_RETRY_SLOTS);
		json_key_u64(w, "migrated", rs->migrated);
		json_key_u64(w, "migrate_failed", rs->migrate_failed);
		json_object_end(w);
	}
	json_array_end(w);
}

static void json_system(struct json_writer *w, const struct global_stats *g,
			bool contig_from_ranges)
{
	json_key(w, "system");
	json_object_begin(w);
	json_key_u64(w, "pcp_drains", g->pcp_drains);
	json_key_u64(w, "pcp_drain_ns", g->pcp_drain_ns);
	json_key_u64(w, "lru_drains", g->lru_drains);
	json_key_u64(w, "lru_drain_ns", g->lru_drain_ns);
	json_key(w, "contig_migrate_events");
	if (contig_from_ranges)
		json_null(w);	/* migrate_pages() calls: not traced (snapshot.h) */
	else
		json_u64(w, g->contig_migrate_events);
	json_key_u64(w, "contig_migrated", g->contig_migrated);
	json_key_u64(w, "contig_migrate_failed", g->contig_migrate_failed);
	json_key_u64(w, "unpaired_finish", g->unpaired_finish);
	json_key_u64(w, "ringbuf_drops", g->ringbuf_drops);
	json_key_u64(w, "filtered", g->filtered);
	json_key_u64(w, "untracked", g->untracked);
	json_object_end(w);
}

/* The tracer's own cost, per program. */
static void json_costs(struct json_writer *w, const struct snapshot *r)
{
	json_key(w, "bpf");
	json_array_begin(w);
	for (int i = 0; i < r->nr_progs; i++) {
		json_object_begin(w);
		json_key_string(w, "prog", r->progs[i].name);
		json_key_u64(w, "run_cnt", r->progs[i].run_cnt);
		json_key_u64(w, "run_time_ns", r->progs[i].run_time_ns);
		json_object_end(w);
	}
	json_array_end(w);
}

int snapshot__print_json(const struct snapshot *r, FILE *out)
{
	struct json_writer w;

	json_document_begin(&w, out, false, "cmabulk-trace", SNAPSHOT_SCHEMA_VERSION);
	json_key_string(&w, "type", r->final ? "final" : "interval");
	json_key_i64(&w, "time", (int64_t)r->time);
	json_key_double(&w, "interval_s", r->interval_s);
	json_key_string(&w, "unit", r->unit);
	json_calls(&w, r);
	json_ranges(&w, r);
	json_system(&w, &r->sys, r->contig_from_ranges);
	json_costs(&w, r);
	json_object_end(&w);
	return json_finish(&w);
}
