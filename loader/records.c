// SPDX-License-Identifier: GPL-2.0
/* One record per event as it comes (--calls, --skips); see records.h. */
#include <string.h>

#include "lib/json.h"
#include "loader/records.h"
#include "loader/snapshot.h"

void records__print_call(const struct call_event *e,
			const struct kernel_names *names, const char *unit,
			bool json, FILE *out)
{
	double div = strcmp(unit, "msecs") ? 1e3 : 1e6;
	__u64 skipped = 0;
	struct json_writer w;
	const char *label;
	char buf[48];

	for (int i = 0; i < NR_ALLOC_CONTIG_FAIL; i++)
		skipped += e->skipped[i];
	/* The label is not always in buf: a cma_alloc() row's is a constant. */
	label = snapshot__mode_label(names, &e->key, buf, sizeof(buf));
	if (!json) {
		fprintf(out, "%-16s %7u %-10s %-9s %-13s %5u %8llu %8llu %6llu %5d %12.1f\n",
			e->comm, e->pid, e->key.area,
			snapshot__kind_name(e->key.kind),
			label, e->key.order, (unsigned long long)e->requested,
			(unsigned long long)e->allocated,
			(unsigned long long)skipped, e->ret, e->latency_ns / div);
		fflush(out);
		return;
	}
	json_document_begin(&w, out, false, "cmabulk-trace", SNAPSHOT_SCHEMA_VERSION);
	json_key_string(&w, "type", "call");
	json_key_string(&w, "comm", e->comm);
	json_key_u64(&w, "pid", e->pid);
	json_key_string(&w, "area", e->key.area);
	json_key_string(&w, "kind", snapshot__kind_name(e->key.kind));
	snapshot__json_mode(&w, "mode", names, e->key.mode);
	snapshot__json_mode(&w, "fallback", names, e->key.fallback);
	json_key_u64(&w, "order", e->key.order);
	json_key_u64(&w, "requested", e->requested);
	json_key_u64(&w, "allocated", e->allocated);
	json_key_i64(&w, "ret", e->ret);
	json_key_u64(&w, "latency_ns", e->latency_ns);
	json_key(&w, "skipped");
	snapshot__json_fail_counts(&w, names, e->skipped, 1);
	json_key_u64(&w, "retries", e->retries);
	json_key_u64(&w, "migrated", e->migrated);
	json_key_u64(&w, "migrate_failed", e->migrate_failed);
	json_key_u64(&w, "busy_retries", e->busy_retries);
	json_key_bool(&w, "fell_back", e->fell_back);
	json_key(&w, "phases_ns");
	json_object_begin(&w);
	for (int p = 0; p < NR_PHASES; p++)
		json_key_u64(&w, snapshot__phase_name(p), e->phase_ns[p]);
	json_object_end(&w);
	if (e->ordered || e->picked)
		snapshot__json_ordering(&w, NULL, e);
	json_object_end(&w);
	json_finish(&w);
}

void records__print_skip(const struct skip_event *e,
			 const struct kernel_names *names, bool json, FILE *out)
{
	const char *reason = kernel_names__fail(names, e->reason);
	struct json_writer w;

	if (!json) {
		fprintf(out, "SKIP %-16s %7u %-10s mode=%s pfn=0x%llx+%llu reason=%s error=%d",
			e->comm, e->pid, e->area, kernel_names__mode(names, e->mode),
			(unsigned long long)e->pfn, (unsigned long long)e->nr_pages,
			reason, e->error);
		if (e->has_details)
			fprintf(out, " failed_pfn=0x%llx migrated=%llu rescued=%llu",
				(unsigned long long)e->failed_pfn,
				(unsigned long long)e->nr_migrated,
				(unsigned long long)e->nr_rescued);
		fputc('\n', out);
		fflush(out);
		return;
	}
	json_document_begin(&w, out, false, "cmabulk-trace", SNAPSHOT_SCHEMA_VERSION);
	json_key_string(&w, "type", "skip");
	json_key_u64(&w, "ts_ns", e->ts_ns);
	json_key_string(&w, "comm", e->comm);
	json_key_u64(&w, "pid", e->pid);
	json_key_string(&w, "area", e->area);
	json_key_string(&w, "mode", kernel_names__mode(names, e->mode));
	json_key_u64(&w, "pfn", e->pfn);
	json_key_u64(&w, "nr_pages", e->nr_pages);
	json_key_string(&w, "reason", reason);
	json_key_i64(&w, "error", e->error);
	if (e->has_details) {
		json_key_u64(&w, "failed_pfn", e->failed_pfn);
		json_key_u64(&w, "migrated", e->nr_migrated);
		json_key_u64(&w, "rescued", e->nr_rescued);
	}
	json_object_end(&w);
	json_finish(&w);
}
