// SPDX-License-Identifier: GPL-2.0
/*
 * Rendering a device tracing session on the host (trace_session_md.h):
 * meta.json, report.md, plots and the text summary, from what
 * bench/core/trace_session.c read.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "bench/core/trace_session.h"
#include "bench/report/plot.h"
#include "bench/report/trace_session_md.h"
#include "lib/hist.h"
#include "lib/json_doc.h"
#include "lib/tool.h"
#include "lib/version.h"

/* The per-call table in report.md; plots and counts take every call. */
#define REPORT_MAX_CALLS 200

/* The text summary: one line and one histogram per row. */
static void session_print_text(const struct trace_session *s, FILE *out)
{
	struct json_object *rows = trace_session__rows(s);
	__u64 slots[TRACE_SESSION_HIST_SLOTS];
	char label[160];

	fprintf(out, "%zu per-call record(s), %zu interval report(s)%s\n", s->nr_calls,
		s->nr_intervals, s->truncated ? "; the last line was cut off" : "");
	if (!rows) {
		fprintf(out, "no final report: the tracer did not reach its summary (see trace.err)\n");
		return;
	}
	if (!json_object_array_length(rows))
		fprintf(out, "no CMA allocation calls were traced\n");
	for (size_t i = 0; i < json_object_array_length(rows); i++) {
		struct json_object *row = json_object_array_get_idx(rows, i);

		trace_session__row_label(row, label, sizeof(label));
		fprintf(out, "\n%s: %.0f call(s), %.0f failed, %.0f of %.0f pages, skipped %.0f, mean %.1f %s\n",
			label, json_doc__num(row, "calls", 0), json_doc__num(row, "failed", 0),
			json_doc__num(row, "allocated", 0), json_doc__num(row, "requested", 0),
			json_doc__num(row, "skipped_total", 0), trace_session__row_mean(row), s->unit ?: "");
		trace_session__row_slots(row, slots);
		hist_print_log2(out, slots, TRACE_SESSION_HIST_SLOTS, s->unit ?: "usecs");
	}
}

/* "command_rc=0 command_s=12" from command.status, when the session ran one. */
static void command_status(const char *dir, char *buf, size_t len)
{
	char path[4096];
	FILE *in;

	buf[0] = '\0';
	snprintf(path, sizeof(path), "%s/command.status", dir);
	in = fopen(path, "r");
	if (!in)
		return;
	if (fgets(buf, len, in))
		buf[strcspn(buf, "\r\n")] = '\0';
	fclose(in);
}

static void put_str(struct json_object *o, const char *key, const char *v)
{
	json_object_object_add(o, key, json_object_new_string(v));
}

/*
 * meta.json, built with json-c (this file reads with it, and its names
 * clash with lib/json.h's writer): the first two members are "schema" and
 * "version", as in every document of ours.
 */
static int session_write_meta(const char *dir, const struct trace_session *s,
			      const struct device_facts *f, const struct trace_session_opts *o)
{
	struct json_object *m = json_object_new_object(), *dev, *tr;
	char path[4096], cmd[128];
	int ret = 0;

	put_str(m, "schema", "cmabulk-device-session");
	json_object_object_add(m, "version", json_object_new_int(1));
	put_str(m, "kind", "trace");
	put_str(m, "status", o->interrupted ? "interrupted" : s->final ? "complete" : "partial");
	json_object_object_add(m, "tracer_exit_status", json_object_new_int(o->status));
	put_str(m, "transport", o->transport ?: "unknown");
	put_str(m, "machine", device_facts__get(f, "arch"));
	put_str(m, "kernel", device_facts__get(f, "kernel"));
	put_str(m, "model", device_facts__get(f, "model"));
	put_str(m, "fingerprint", device_facts__get(f, "fingerprint"));
	put_str(m, "host_tools", cmabulk_version);
	command_status(dir, cmd, sizeof(cmd));
	if (cmd[0])
		put_str(m, "command", cmd);
	dev = json_object_new_object();
	for (int i = 0; i < f->nr; i++)
		put_str(dev, f->key[i], f->value[i]);
	json_object_object_add(m, "device", dev);
	tr = json_object_new_object();
	json_object_object_add(tr, "final_report", json_object_new_boolean(s->final != NULL));
	json_object_object_add(tr, "calls", json_object_new_int64((int64_t)s->nr_calls));
	json_object_object_add(tr, "intervals", json_object_new_int64((int64_t)s->nr_intervals));
	json_object_object_add(tr, "truncated", json_object_new_boolean(s->truncated));
	json_object_object_add(m, "trace", tr);
	snprintf(path, sizeof(path), "%s/meta.json", dir);
	if (json_object_to_file_ext(path, m, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
				    JSON_C_TO_STRING_NOSLASHESCAPE))
		ret = tool_error(-EIO, "cannot write %s: %s", path, strerror(errno));
	json_object_put(m);
	return ret;
}

/* The rows as a markdown table. */
static void report_rows(FILE *f, const struct trace_session *s)
{
	struct json_object *rows = trace_session__rows(s);
	char label[160];

	if (!rows || !json_object_array_length(rows)) {
		fprintf(f, "%s\n\n", rows ? "No CMA allocation calls were traced." :
			"No final report: the tracer did not reach its summary (see trace.err).");
		return;
	}
	fprintf(f, "| calls of | calls | failed | requested | allocated | success | skipped | fallbacks | mean (%s) |\n",
		s->unit ?: "");
	fprintf(f, "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
	for (size_t i = 0; i < json_object_array_length(rows); i++) {
		struct json_object *row = json_object_array_get_idx(rows, i);

		trace_session__row_label(row, label, sizeof(label));
		fprintf(f, "| %s | %.0f | %.0f | %.0f | %.0f | %.3f | %.0f | %.0f | %.1f |\n", label,
			json_doc__num(row, "calls", 0), json_doc__num(row, "failed", 0),
			json_doc__num(row, "requested", 0), json_doc__num(row, "allocated", 0),
			json_doc__num(row, "success_ratio", 0), json_doc__num(row, "skipped_total", 0),
			json_doc__num(row, "fallbacks", 0), trace_session__row_mean(row));
	}
	fprintf(f, "\n");
}

static void report_calls(FILE *f, const struct trace_session *s)
{
	size_t n = s->nr_calls < REPORT_MAX_CALLS ? s->nr_calls : REPORT_MAX_CALLS;

	if (!s->nr_calls) {
		fprintf(f, "No per-call records (the session ran without --calls).\n\n");
		return;
	}
	fprintf(f, "%zu call(s)%s.\n\n", s->nr_calls, n < s->nr_calls ? ", the first 200 here" : "");
	fprintf(f, "| # | comm | pid | area | kind | mode | order | requested | allocated | ret | latency (us) | migrated |\n");
	fprintf(f, "|---:|---|---:|---|---|---|---:|---:|---:|---:|---:|---:|\n");
	for (size_t i = 0; i < n; i++) {
		struct json_object *c = s->calls[i];

		fprintf(f, "| %zu | %s | %.0f | %s | %s | %s | %.0f | %.0f | %.0f | %.0f | %.1f | %.0f |\n",
			i + 1, json_doc__str(c, "comm") ?: "", json_doc__num(c, "pid", 0),
			json_doc__str(c, "area") ?: "", json_doc__str(c, "kind") ?: "",
			json_doc__str(c, "mode") ?: "-", json_doc__num(c, "order", 0),
			json_doc__num(c, "requested", 0), json_doc__num(c, "allocated", 0),
			json_doc__num(c, "ret", 0), json_doc__num(c, "latency_ns", 0) / 1e3,
			json_doc__num(c, "migrated", 0));
	}
	fprintf(f, "\n");
}

/* What the tracer said on stderr: what this kernel lacks, what it turned off. */
static void report_tracer_notes(FILE *md, const char *dir)
{
	char path[4096], line[512];
	FILE *in;

	snprintf(path, sizeof(path), "%s/trace.err", dir);
	in = fopen(path, "r");
	if (!in)
		return;
	fprintf(md, "## What the tracer said\n\n```\n");
	while (fgets(line, sizeof(line), in))
		fputs(line, md);
	fprintf(md, "```\n\n");
	fclose(in);
}

static const char plot_script[] =
"# gnuplot script written by cmabulk-bench session; run from this folder.\n"
"set terminal svg size 800,400 dynamic background rgb 'white'\n"
"set output 'latency.svg'\n"
"set title 'Latency histogram per area, kind, mode and order'\n"
"set logscale x 2\n"
"set xlabel 'latency (%s, bucket low end)'\n"
"set ylabel 'calls'\n"
"set key outside right\n"
"plot for [i=0:%zu] 'latency.dat' index i using 1:2 with linespoints title columnheader(1)\n";

static const char calls_script[] =
"unset logscale x\n"
"set output 'calls.svg'\n"
"set title 'Latency of each call, in order'\n"
"set xlabel 'call'\n"
"set ylabel 'latency (us)'\n"
"set logscale y\n"
"plot 'calls.dat' using 1:2 with points pt 7 ps 0.5 title 'per call'\n";

/* plots/latency.dat (one block per row), plots/calls.dat, plots.gp; SVGs when gnuplot is here. */
static bool session_plots(const char *dir, const struct trace_session *s, bool plot)
{
	struct json_object *rows = trace_session__rows(s);
	char path[4096], label[160];
	__u64 slots[TRACE_SESSION_HIST_SLOTS];
	FILE *f;

	if (!rows || !json_object_array_length(rows))
		return false;
	snprintf(path, sizeof(path), "%s/plots", dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/plots/latency.dat", dir);
	f = fopen(path, "w");
	if (!f)
		return false;
	for (size_t i = 0; i < json_object_array_length(rows); i++) {
		trace_session__row_label(json_object_array_get_idx(rows, i), label, sizeof(label));
		fprintf(f, "%s\"%s\" calls\n", i ? "\n\n" : "", label);
		trace_session__row_slots(json_object_array_get_idx(rows, i), slots);
		for (unsigned int k = 0; k < TRACE_SESSION_HIST_SLOTS; k++)
			if (slots[k])
				fprintf(f, "%llu %llu\n", (unsigned long long)hist_slot_low(k),
					(unsigned long long)slots[k]);
	}
	fclose(f);
	snprintf(path, sizeof(path), "%s/plots/calls.dat", dir);
	f = fopen(path, "w");
	for (size_t i = 0; f && i < s->nr_calls; i++)
		fprintf(f, "%zu %.3f\n", i + 1, json_doc__num(s->calls[i], "latency_ns", 0) / 1e3);
	if (f)
		fclose(f);
	snprintf(path, sizeof(path), "%s/plots/plots.gp", dir);
	f = fopen(path, "w");
	if (!f)
		return false;
	fprintf(f, plot_script, s->unit ?: "usecs", json_object_array_length(rows) - 1);
	if (s->nr_calls)
		fputs(calls_script, f);
	fclose(f);
	if (!plot || system("command -v gnuplot >/dev/null 2>&1"))
		return false;
	snprintf(path, sizeof(path), "cd '%s/plots' && gnuplot plots.gp 2>gnuplot.log", dir);
	return system(path) == 0;
}

static const char *or_none(const char *s)
{
	return *s ? s : "none";
}

static int session_write_report(const char *dir, const struct trace_session *s,
				const struct device_facts *f, const struct trace_session_opts *o)
{
	const char *model = device_facts__get(f, "model");
	bool plotted = session_plots(dir, s, o->plot);
	char path[4096];
	FILE *md;

	snprintf(path, sizeof(path), "%s/report.md", dir);
	md = fopen(path, "w");
	if (!md)
		return tool_error(-errno, "cannot write %s: %s", path, strerror(errno));
	fprintf(md, "# Tracing session on %s, Linux %s\n\n", *model ? model : device_facts__get(f, "arch"),
		device_facts__get(f, "kernel"));
	fprintf(md, "| | |\n|---|---|\n| machine | %s |\n| transport | %s |\n| CMA | %s kB in all; sysfs areas: %s |\n"
		"| cma events | %s |\n| series test driver | %s |\n| status | %s (tracer exit %d) |\n",
		device_facts__get(f, "arch"), o->transport ?: "?", device_facts__get(f, "cma_total_kb"),
		or_none(device_facts__get(f, "cma_sysfs_areas")), or_none(device_facts__get(f, "cma_events")),
		device_facts__get(f, "test_driver"),
		o->interrupted ? "stopped with Ctrl-C" : s->final ? "complete" : "partial", o->status);
	if (*model)
		fprintf(md, "| build | %s |\n", device_facts__get(f, "fingerprint"));
	fprintf(md, "\n## Calls\n\n");
	report_rows(md, s);
	fprintf(md, "## Latency histograms\n\n```\n");
	session_print_text(s, md);
	fprintf(md, "```\n\n## Each call\n\n");
	report_calls(md, s);
	if (plotted)
		fprintf(md, "## Plots\n\n![latency](plots/latency.svg)\n%s\n",
			s->nr_calls ? "![calls](plots/calls.svg)\n" : "");
	report_tracer_notes(md, dir);
	snprintf(path, sizeof(path), "%s/trace.perfetto", dir);
	if (!access(path, F_OK))
		fprintf(md, "## Timeline\n\n[trace.perfetto](trace.perfetto): every call as a slice on its thread, its windows and phases nested, skips and fallbacks as instants (CLOCK_BOOTTIME). Open it at https://ui.perfetto.dev, or with a Perfetto trace taken on the device at the same time: `cat device.pftrace trace.perfetto > both.pftrace`.\n\n");
	fprintf(md, "The tracer's own output is trace.out (JSON lines) and trace.err; device.facts is what the device said of itself.\n");
	if (fclose(md))
		return tool_error(-EIO, "cannot write %s", path);
	return 0;
}

int trace_session__render(const char *dir, const struct trace_session_opts *o, FILE *out)
{
	struct device_facts facts;
	struct trace_session s;
	char path[4096];
	int ret;

	/* 1. The device's facts and the tracer's JSON lines. */
	snprintf(path, sizeof(path), "%s/device.facts", dir);
	if (device_facts__read(&facts, path))
		return tool_error(-ENOENT, "%s: no device.facts (not a device session folder?)", dir);
	ret = trace_session__load(&s, dir);
	if (ret) {
		trace_session__free(&s);	/* the lines before the bad one (found by fuzz_session) */
		return ret;
	}
	/* 2. meta.json, report.md and plots beside them. */
	ret = session_write_meta(dir, &s, &facts, o);
	if (!ret)
		ret = session_write_report(dir, &s, &facts, o);
	/* 3. The summary, as text or as the tracer's final JSON line. */
	if (!ret && o->json && s.final)
		fprintf(out, "%s\n", json_object_to_json_string_ext(s.final, JSON_C_TO_STRING_PLAIN));
	else if (!ret)
		session_print_text(&s, out);
	trace_session__free(&s);
	return ret;
}
