// SPDX-License-Identifier: GPL-2.0
/*
 * The overhead run's files: passes.csv's partner progs.csv, meta.json,
 * summary.json and report.md (overhead_internal.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lib/atomic_file.h"
#include "lib/machine_meta.h"
#include "bench/overhead/overhead.h"
#include "bench/overhead/overhead_internal.h"
#include "lib/bootstrap.h"
#include "lib/cma_test.h"
#include "lib/json.h"
#include "lib/progstats.h"
#include "lib/stats.h"
#include "lib/sysfacts.h"
#include "lib/tool.h"

/* The events the report names; bpftrace and ours attach to them alike. */
static const char *const headline_events[] = {
	"mm_alloc_contig_range_finish", "cma_bulk_skip_pageblock", "mm_migrate_pages",
	"cma_bulk_start", "cma_bulk_finish",
};
#define NR_HEADLINE (sizeof(headline_events) / sizeof(headline_events[0]))

double untraced_median_ns(const struct run *r)
{
	double *v = calloc(r->nr_passes + 1, sizeof(*v)), m;
	size_t n = 0;

	if (!v)
		return NAN;
	for (size_t i = 0; i < r->nr_passes; i++)
		if (r->passes[i].contender < 0)
			v[n++] = r->passes[i].median_ns;
	qsort(v, n, sizeof(*v), stats_compare_doubles);
	m = n ? stats_percentile_sorted(v, n, 50) : NAN;
	free(v);
	return m;
}

double per_run(const struct prog_stat *p)
{
	return p && p->run_cnt ? (double)p->run_time_ns / p->run_cnt : NAN;
}

double contender_ns_per_event(const struct contender_result *res)
{
	uint64_t runs = prog_set__runs(&res->progs);

	return runs ? (double)prog_set__run_time_ns(&res->progs) / runs : NAN;
}

int find_contender(const struct overhead_opts *o, const char *name)
{
	for (int a = 0; a < o->nr_contenders; a++)
		if (!strcmp(o->contenders[a].name, name))
			return a;
	return -1;
}

void write_progs_csv(const struct run *r)
{
	char path[700];
	FILE *f;

	snprintf(path, sizeof(path), "%s/progs.csv", r->dir);
	f = atomic_open(path);
	if (!f)
		return;
	fprintf(f, "tracer,prog_id,attach,name,run_cnt,run_time_ns,bulk_calls\n");
	for (int a = 0; a < r->o->nr_contenders; a++) {
		const struct prog_set *s = &r->res[a].progs;

		for (size_t i = 0; i < s->n; i++)
			fprintf(f, "%s,%u,\"%s\",%s,%llu,%llu,%u\n", r->o->contenders[a].name, s->v[i].id,
				s->v[i].attach, s->v[i].name, (unsigned long long)s->v[i].run_cnt,
				(unsigned long long)s->v[i].run_time_ns, r->res[a].stats_calls);
	}
	if (atomic_close(f, path))
		tool_error(0, "cannot write %s", path);
}

void write_meta(const struct run *r, const char *status)
{
	const struct overhead_opts *o = r->o;
	char path[700], date[64];
	struct json_writer w;
	time_t now = time(NULL);
	FILE *f;

	snprintf(path, sizeof(path), "%s/meta.json", r->dir);
	f = atomic_open(path);
	if (!f)
		return;
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	json_document_begin(&w, f, true, "cmabulk-bench-overhead-meta", 1);
	json_key_string(&w, "status", status);
	json_key_string(&w, "date", date);
	json_key_double(&w, "elapsed_s", now_s() - r->started);
	machine_meta__write(&w);
	json_key_string(&w, "cma_area", r->area);
	json_key_string(&w, "mode", o->mode);
	json_key_u64(&w, "count", o->count);
	json_key_u64(&w, "order", o->order);
	json_key_double(&w, "pin_fraction", o->pin_fraction);
	json_key_u64(&w, "rounds", o->rounds);
	json_key_u64(&w, "calls_per_pass", o->calls);
	json_key_u64(&w, "warmup_calls", o->warmup_calls);
	json_key_u64(&w, "stats_calls", o->stats_calls);
	json_key_u64(&w, "seed", o->seed);
	json_key(&w, "tracers");
	json_array_begin(&w);
	for (int a = 0; a < o->nr_contenders; a++) {
		json_object_begin(&w);
		json_key_string(&w, "name", o->contenders[a].name);
		json_key_string(&w, "command", o->contenders[a].cmd);
		json_object_end(&w);
	}
	json_array_end(&w);
	machine_meta__host(&w, o->nr_meta, o->meta);
	json_object_end(&w);
	json_finish(&w);
	if (atomic_close(f, path))
		tool_error(0, "cannot write %s", path);
}

void write_summary(const struct run *r)
{
	const struct overhead_opts *o = r->o;
	char path[700];
	struct json_writer w;
	FILE *f;

	snprintf(path, sizeof(path), "%s/summary.json", r->dir);
	f = atomic_open(path);
	if (!f)
		return;
	json_document_begin(&w, f, true, "cmabulk-bench-overhead", 1);
	json_key_double(&w, "untraced_median_ns", untraced_median_ns(r));
	json_key(&w, "tracers");
	json_array_begin(&w);
	for (int a = 0; a < o->nr_contenders; a++) {
		const struct contender_result *res = &r->res[a];
		const struct prog_set *s = &res->progs;

		json_object_begin(&w);
		json_key_string(&w, "name", o->contenders[a].name);
		if (res->failed)
			json_key_string(&w, "failed", res->why);
		json_key(&w, "delta_pct");
		json_array_begin(&w);
		for (size_t i = 0; i < res->nr_delta; i++)
			json_double(&w, res->delta_pct[i]);
		json_array_end(&w);
		if (res->has_ci) {
			json_key(&w, "median_delta_pct");
			json_object_begin(&w);
			json_key_double(&w, "estimate", res->ci.estimate);
			json_key_double(&w, "lo", res->ci.lo);
			json_key_double(&w, "hi", res->ci.hi);
			json_key_double(&w, "level", res->ci.level);
			json_object_end(&w);
		}
		json_key_u64(&w, "programs", s->n);
		json_key_u64(&w, "stats_calls", res->stats_calls);
		json_key_u64(&w, "runs", prog_set__runs(s));
		json_key_u64(&w, "run_time_ns", prog_set__run_time_ns(s));
		json_key_double(&w, "ns_per_event", contender_ns_per_event(res));
		json_key(&w, "programs_detail");
		json_array_begin(&w);
		for (size_t i = 0; i < s->n; i++) {
			json_object_begin(&w);
			json_key_string(&w, "attach", s->v[i].attach);
			json_key_string(&w, "name", s->v[i].name);
			json_key_u64(&w, "run_cnt", s->v[i].run_cnt);
			json_key_u64(&w, "run_time_ns", s->v[i].run_time_ns);
			json_object_end(&w);
		}
		json_array_end(&w);
		json_object_end(&w);
	}
	json_array_end(&w);
	json_object_end(&w);
	json_finish(&w);
	if (atomic_close(f, path))
		tool_error(0, "cannot write %s", path);
}

/* "+4.2% [+3.1, +5.0]" or "n/a". */
void fmt_delta(const struct contender_result *res, char *out, size_t len)
{
	if (!res->has_ci)
		snprintf(out, len, "n/a");
	else
		snprintf(out, len, "%+.1f%% [%+.1f, %+.1f] (%zu)", res->ci.estimate, res->ci.lo,
			 res->ci.hi, res->nr_delta);
}

/* One goal: met when the whole interval is at most @max_pct. */
void goal_line(FILE *f, const struct run *r, const char *contender, double max_pct)
{
	int a = find_contender(r->o, contender);
	const struct contender_result *res;

	if (a < 0)
		return;
	res = &r->res[a];
	if (!res->has_ci) {
		fprintf(f, "- `%s` adds at most %.0f%%: unknown (no paired passes)\n", contender, max_pct);
		return;
	}
	fprintf(f, "- `%s` adds at most %.0f%%: %s (median %+.2f%%, 95%% CI [%+.2f, %+.2f])\n", contender,
		max_pct, res->ci.hi <= max_pct ? "**met**" : res->ci.lo > max_pct ? "**not met**" :
		"undecided (the interval straddles it)", res->ci.estimate, res->ci.lo, res->ci.hi);
}

/* The head of the report: what was run, on what. */
void report_head(FILE *f, const struct run *r)
{
	const struct overhead_opts *o = r->o;

	fprintf(f, "# What the tracers cost a %s bulk call\n\n", o->mode);
	fprintf(f, "%u order-%u chunks per call on `%s`, %.1f%% of pageblocks pinned; "
		"%u rounds of passes of %u calls (after %u warm-up calls each), each traced pass "
		"between two untraced ones; untraced median %.2f ms. Statistics "
		"(BPF_ENABLE_STATS) on only in a separate pass of %u calls per tracer.\n\n",
		o->count, o->order, r->area, o->pin_fraction * 100, o->rounds, o->calls,
		o->warmup_calls, untraced_median_ns(r) / 1e6, o->stats_calls);
	for (int i = 0; i < o->nr_meta; i++)
		if (!strncmp(o->meta[i], "accelerator=", 12))
			fprintf(f, "Guest: %s%s.\n\n", o->meta[i] + 12,
				strcmp(o->meta[i] + 12, "icount") ? "" :
				" (TCG with the guest clock counting instructions, 1 ns each: latencies "
				"are instructions executed, free of host noise)");
}

/* The headline table: one column per tracer. */
void report_table(FILE *f, const struct run *r)
{
	const struct overhead_opts *o = r->o;
	int bt = find_contender(o, "bpftrace");
	char cell[96];

	fprintf(f, "| |");
	for (int a = 0; a < o->nr_contenders; a++)
		fprintf(f, " %s |", o->contenders[a].name);
	fprintf(f, "\n|---|");
	for (int a = 0; a < o->nr_contenders; a++)
		fprintf(f, "---|");
	fprintf(f, "\n| added latency per call, median paired delta [95%% CI] (pairs) |");
	for (int a = 0; a < o->nr_contenders; a++) {
		fmt_delta(&r->res[a], cell, sizeof(cell));
		fprintf(f, " %s |", cell);
	}
	fprintf(f, "\n| BPF programs attached |");
	for (int a = 0; a < o->nr_contenders; a++)
		fprintf(f, " %zu |", r->res[a].progs.n);
	fprintf(f, "\n| program runs per bulk call |");
	for (int a = 0; a < o->nr_contenders; a++)
		fprintf(f, " %.1f |", r->res[a].stats_calls ?
			(double)prog_set__runs(&r->res[a].progs) / r->res[a].stats_calls : NAN);
	fprintf(f, "\n| BPF time per bulk call, us |");
	for (int a = 0; a < o->nr_contenders; a++)
		fprintf(f, " %.1f |", r->res[a].stats_calls ?
			prog_set__run_time_ns(&r->res[a].progs) / 1e3 / r->res[a].stats_calls : NAN);
	fprintf(f, "\n| ns per event, overall |");
	for (int a = 0; a < o->nr_contenders; a++)
		fprintf(f, " %.0f |", contender_ns_per_event(&r->res[a]));
	if (bt >= 0) {
		fprintf(f, "\n| ... against bpftrace's |");
		for (int a = 0; a < o->nr_contenders; a++)
			fprintf(f, " %.2fx |", contender_ns_per_event(&r->res[a]) /
				contender_ns_per_event(&r->res[bt]));
	}
	for (size_t e = 0; e < NR_HEADLINE; e++) {
		fprintf(f, "\n| `%s`, ns per run (runs per call) |", headline_events[e]);
		for (int a = 0; a < o->nr_contenders; a++) {
			char suffix[80];
			const struct prog_stat *p;

			snprintf(suffix, sizeof(suffix), ":%s", headline_events[e]);
			p = prog_set__find(&r->res[a].progs, suffix);
			if (!p)
				fprintf(f, " - |");
			else
				fprintf(f, " %.0f (%.1f) |", per_run(p),
					(double)p->run_cnt / (r->res[a].stats_calls ?: 1));
		}
	}
	fprintf(f, "\n");
}

/* The goals the tracers are held to, and what failed. */
void report_goals(FILE *f, const struct run *r)
{
	const struct overhead_opts *o = r->o;
	int bt = find_contender(o, "bpftrace"), tr = find_contender(o, "trace");

	fprintf(f, "\n## Goals\n\n");
	goal_line(f, r, "trace", 1);
	goal_line(f, r, "phases", 5);
	if (bt >= 0 && tr >= 0) {
		double ratio = contender_ns_per_event(&r->res[tr]) / contender_ns_per_event(&r->res[bt]);

		fprintf(f, "- `trace` costs at most 0.3x bpftrace per event: %s (%.2fx)\n",
			isnan(ratio) ? "unknown" : ratio <= 0.3 ? "**met**" : "**not met**", ratio);
	}
	for (int a = 0; a < o->nr_contenders; a++)
		if (r->res[a].failed)
			fprintf(f, "- `%s` failed: %s\n", o->contenders[a].name, r->res[a].why);
}

void write_report(const struct run *r)
{
	const struct overhead_opts *o = r->o;
	char path[700];
	FILE *f;

	snprintf(path, sizeof(path), "%s/report.md", r->dir);
	f = atomic_open(path);
	if (!f)
		return;
	report_head(f, r);
	report_table(f, r);
	report_goals(f, r);
	fprintf(f, "\n## The tracers\n\n");
	for (int a = 0; a < o->nr_contenders; a++)
		fprintf(f, "- `%s`: `%s`\n", o->contenders[a].name, o->contenders[a].cmd);
	fprintf(f, "\n## Per program (statistics pass)\n\n| tracer | attach | runs per call | ns per run |\n|---|---|---|---|\n");
	for (int a = 0; a < o->nr_contenders; a++) {
		const struct prog_set *s = &r->res[a].progs;

		for (size_t i = 0; i < s->n; i++)
			fprintf(f, "| %s | `%s` | %.1f | %.0f |\n", o->contenders[a].name, s->v[i].attach,
				(double)s->v[i].run_cnt / (r->res[a].stats_calls ?: 1),
				per_run(&s->v[i]));
	}
	fprintf(f, "\nData: passes.csv (every call), progs.csv, summary.json; how: meta.json.\n");
	if (atomic_close(f, path))
		tool_error(0, "cannot write %s", path);
}
