// SPDX-License-Identifier: GPL-2.0
/*
 * Timeline plot (bench/report/timeline_plot.h). The trace is read packet by
 * packet (a Trace is a sequence of field 1: tag, length, TracePacket) and
 * unpacked with the same protobuf-c code the tracer writes with; a stack
 * per track pairs each slice's begin with its end, and a window ("range
 * <outcome>") that began inside a median trial's request becomes a bar.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "gen/perfetto_trace.pb-c.h"	/* generated: build/gen/ */
#include "bench/report/plot.h"
#include "bench/report/timeline_plot.h"
#include "bench/core/trials.h"
#include "lib/json_doc.h"
#include "lib/tool.h"

#define TP_MAX_TRACKS	1024
#define TP_MAX_DEPTH	16
#define TP_MAX_OUTCOMES	16
#define TP_MAX_PACKET	(1U << 20)

struct tp_open {			/* a slice begun, not yet ended */
	uint64_t start, pfn;
	int outcome;			/* -1: not a window */
};

struct tp_track {
	uint64_t uuid;
	struct tp_open stack[TP_MAX_DEPTH];
	int depth;
};

struct tp_bar {
	double x, dx;			/* ms since the request */
	uint64_t pfn;
	int outcome;
};

/* One strategy's median trial, and the windows found in it. */
struct tp_window {
	enum strategy s;
	uint64_t from, to;		/* CLOCK_BOOTTIME ns */
	struct tp_bar *bars;
	size_t nr, cap;
};

struct tp_state {
	struct tp_track tracks[TP_MAX_TRACKS];
	int nr_tracks;
	char outcome[TP_MAX_OUTCOMES][32];
	int nr_outcomes;
	struct tp_window w[NR_STRATEGIES];
	int nr_w;
};

static int outcome_of(struct tp_state *st, const char *name)
{
	for (int i = 0; i < st->nr_outcomes; i++)
		if (!strcmp(st->outcome[i], name))
			return i;
	if (st->nr_outcomes == TP_MAX_OUTCOMES)
		return TP_MAX_OUTCOMES - 1;
	snprintf(st->outcome[st->nr_outcomes], sizeof(st->outcome[0]), "%s", name);
	return st->nr_outcomes++;
}

static struct tp_track *track_of(struct tp_state *st, uint64_t uuid)
{
	for (int i = 0; i < st->nr_tracks; i++)
		if (st->tracks[i].uuid == uuid)
			return &st->tracks[i];
	if (st->nr_tracks == TP_MAX_TRACKS)
		return NULL;
	st->tracks[st->nr_tracks].uuid = uuid;
	return &st->tracks[st->nr_tracks++];
}

/* The median trial (by wall_ns) of each strategy that has boot_start_ns. */
static void find_windows(struct tp_state *st, const struct table *t)
{
	int c_strat = table__col(t, TRIALS_COL(STRATEGY)), c_warm = table__col(t, TRIALS_COL(WARMUP));
	int c_wall = table__col(t, TRIALS_COL(WALL_NS)), c_boot = table__col(t, TRIALS_COL(BOOT_START_NS));

	if (c_strat < 0 || c_wall < 0 || c_boot < 0)
		return;
	for (int s = 0; s < NR_STRATEGIES; s++) {
		size_t n = 0, *rows = calloc(t->nrows + 1, sizeof(*rows));

		for (size_t r = 0; rows && r < t->nrows; r++)
			if (!strcmp(table__str(t, r, c_strat), strategy_names[s]) &&
			    !(c_warm >= 0 && table__num(t, r, c_warm) > 0) &&
			    table__num(t, r, c_boot) > 0 && !isnan(table__num(t, r, c_wall)))
				rows[n++] = r;
		/* Insertion sort by latency: a strategy has tens of trials. */
		for (size_t i = 1; i < n; i++)
			for (size_t j = i; j > 0 && table__num(t, rows[j - 1], c_wall) >
						     table__num(t, rows[j], c_wall); j--) {
				size_t x = rows[j];

				rows[j] = rows[j - 1];
				rows[j - 1] = x;
			}
		if (n) {
			size_t m = rows[(n - 1) / 2];
			uint64_t from, wall;

			/* The file's numbers, range-checked before they become integers. */
			if (double_to_u64(table__num(t, m, c_boot), UINT64_MAX / 2, &from) &&
			    double_to_u64(table__num(t, m, c_wall), UINT64_MAX / 2, &wall)) {
				struct tp_window *w = &st->w[st->nr_w++];

				w->s = s;
				w->from = from;
				w->to = from + wall;
			}
		}
		free(rows);
	}
}

static void add_bar(struct tp_window *w, const struct tp_open *o, uint64_t end)
{
	if (w->nr == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 256;
		struct tp_bar *b = realloc(w->bars, cap * sizeof(*b));

		if (!b)
			return;
		w->bars = b;
		w->cap = cap;
	}
	w->bars[w->nr++] = (struct tp_bar){ .x = (o->start - w->from) / 1e6,
					   .dx = (end - o->start) / 1e6,
					   .pfn = o->pfn, .outcome = o->outcome };
}

static uint64_t arg_pfn(const Perfetto__Protos__TrackEvent *ev)
{
	for (size_t i = 0; i < ev->n_debug_annotations; i++)
		if (ev->debug_annotations[i]->name && !strcmp(ev->debug_annotations[i]->name, "pfn"))
			return ev->debug_annotations[i]->uint_value;
	return 0;
}

static void on_event(struct tp_state *st, uint64_t ts, const Perfetto__Protos__TrackEvent *ev)
{
	struct tp_track *tr = track_of(st, ev->track_uuid);
	struct tp_open o;

	if (!tr)
		return;
	if (ev->type == PERFETTO__PROTOS__TRACK_EVENT__TYPE__TYPE_SLICE_BEGIN) {
		bool window = ev->name && !strncmp(ev->name, "range ", 6);

		o = (struct tp_open){ .start = ts, .outcome = -1 };
		if (window) {
			o.outcome = outcome_of(st, ev->name + 6);
			o.pfn = arg_pfn(ev);
		}
		if (tr->depth < TP_MAX_DEPTH)
			tr->stack[tr->depth] = o;
		tr->depth++;
	} else if (ev->type == PERFETTO__PROTOS__TRACK_EVENT__TYPE__TYPE_SLICE_END && tr->depth) {
		tr->depth--;
		if (tr->depth >= TP_MAX_DEPTH)
			return;
		o = tr->stack[tr->depth];
		for (int i = 0; o.outcome >= 0 && i < st->nr_w; i++)
			if (o.start >= st->w[i].from && o.start < st->w[i].to)
				add_bar(&st->w[i], &o, ts);
	}
}

/* A varint from @f: 0 with *v set, -1 at the end or on a bad one. */
static int read_varint(gzFile f, uint64_t *v)
{
	*v = 0;
	for (int shift = 0; shift < 64; shift += 7) {
		int c = gzgetc(f);

		if (c < 0)
			return -1;
		*v |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80))
			return 0;
	}
	return -1;
}

/* Every packet of the trace through on_event(). 0, or -1 with @why set. */
static int read_trace(struct tp_state *st, const char *path, char *why, size_t len)
{
	gzFile f = gzopen(path, "rb");	/* plain or gzip: zlib tells them apart */
	uint8_t *buf = malloc(TP_MAX_PACKET);
	uint64_t tag, n;
	int ret = 0;

	if (!f || !buf) {
		snprintf(why, len, "%s", strerror(errno ? errno : ENOMEM));
		ret = -1;
	}
	while (!ret && read_varint(f, &tag) == 0) {
		Perfetto__Protos__TracePacket *p;

		if (tag != ((1 << 3) | 2) || read_varint(f, &n) || n > TP_MAX_PACKET ||
		    gzread(f, buf, (unsigned int)n) != (int)n) {
			snprintf(why, len, "not a Perfetto trace, or cut short");
			ret = -1;
			break;
		}
		p = perfetto__protos__trace_packet__unpack(NULL, n, buf);
		if (!p) {
			snprintf(why, len, "a packet that does not decode");
			ret = -1;
			break;
		}
		if (p->data_case == PERFETTO__PROTOS__TRACE_PACKET__DATA_TRACK_EVENT)
			on_event(st, p->timestamp, p->track_event);
		perfetto__protos__trace_packet__free_unpacked(p, NULL);
	}
	if (f)
		gzclose(f);
	free(buf);
	return ret;
}

/* Outcome colours: a window that worked green, each reason its own. */
static const char *colour_of(const char *outcome)
{
	static const struct { const char *name, *rgb; } known[] = {
		{ "ok", "#2ca02c" }, { "pinned", "#d62728" }, { "unmovable", "#ff7f0e" },
		{ "migrate", "#9467bd" }, { "busy", "#7f7f7f" }, { "isolate", "#8c564b" },
		{ "not_free", "#e377c2" }, { "nomem", "#17becf" },
	};

	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (!strcmp(known[i].name, outcome))
			return known[i].rgb;
	return "#000000";
}

static int write_window(const char *dir, const struct tp_state *st, const struct tp_window *w,
			size_t page_size, FILE *gp)
{
	struct plot_files p;
	char name[64], spec[128];
	uint64_t base = UINT64_MAX;

	if (!w->nr)
		return 0;
	for (size_t i = 0; i < w->nr; i++)
		if (w->bars[i].pfn < base)
			base = w->bars[i].pfn;
	snprintf(name, sizeof(name), "timeline_%s", strategy_names[w->s]);
	if (plot__open(&p, dir, name))
		return 0;
	for (int o = 0; o < st->nr_outcomes; o++) {
		size_t n = 0;

		for (size_t i = 0; i < w->nr; i++) {
			if (w->bars[i].outcome != o)
				continue;
			fprintf(p.dat, "%.6f %.3f %.6f\n", w->bars[i].x,
				(w->bars[i].pfn - base) * (double)page_size / (1 << 20), w->bars[i].dx);
			n++;
		}
		if (!n)
			continue;
		/* A failed window is often too short to see as a bar: a dot. */
		if (!strcmp(st->outcome[o], "ok"))
			snprintf(spec, sizeof(spec), "using 1:2:3:(0) with vectors nohead lw 3 lc rgb '%s'",
				 colour_of(st->outcome[o]));
		else
			snprintf(spec, sizeof(spec), "using ($1+$3/2):2 with points pt 7 ps 1 lc rgb '%s'",
				 colour_of(st->outcome[o]));
		plot__add(&p, spec, st->outcome[o]);
	}
	plot__close(&p);
	fprintf(gp, "\nset output '%s.svg'\n"
		"set title '%s, median trial: each window tried, over time (%zu windows)'\n"
		"unset logscale\nset autoscale\nset xtics norotate\n"
		"set xlabel 'ms since the request'\nset ylabel 'MiB into the area (from the lowest window)'\n"
		"load '%s.plot'\n", name, strategy_names[w->s], w->nr, name);
	return 1;
}

int timeline_plot__write(const char *dir, const struct results_dir *r, FILE *gp)
{
	static struct tp_state st;
	char path[1100], why[128];
	int plotted = 0;

	memset(&st, 0, sizeof(st));
	find_windows(&st, &r->trials);
	if (!st.nr_w)
		return 0;
	snprintf(path, sizeof(path), "%s/" RUN_TIMELINE_FILE ".gz", dir);
	if (access(path, R_OK))
		snprintf(path, sizeof(path), "%s/" RUN_TIMELINE_FILE, dir);
	if (access(path, R_OK))
		return 0;
	if (read_trace(&st, path, why, sizeof(why)))
		tool_error(0, "%s: %s: the timeline plot shows what came before", path, why);
	for (int i = 0; i < st.nr_w; i++) {
		plotted += write_window(dir, &st, &st.w[i], r->page_size, gp);
		free(st.w[i].bars);
	}
	return plotted;
}
