// SPDX-License-Identifier: GPL-2.0
/* Sweeps of one scenario key; see sweep.h. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "bench/plot.h"
#include "bench/report_md.h"
#include "bench/results_dir.h"
#include "bench/summary.h"
#include "bench/sweep.h"
#include "bench/table.h"
#include "bench/trials.h"
#include "bench/verdicts.h"
#include "lib/bootstrap.h"
#include "lib/json_doc.h"
#include "lib/sysfacts.h"
#include "lib/tool.h"
#include "lib/version.h"

#define SWEEP_SCHEMA "cmabulk-bench-sweep"
#define SWEEP_META_SCHEMA "cmabulk-sweep-meta"
#define SUCCESS_BAR 0.99	/* "falls below 99% of satisfiable" */

int sweep__point_scenario(const struct scenario *base, const char *key, const char *value,
			  struct scenario *out, char *err, size_t err_len)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f;
	int ret;

	*out = *base;
	if (!strcmp(key, SWEEP_SMP_KEY))
		return 0;
	if (scenario__set(out, key, value, err, err_len))
		return -EINVAL;
	if (!strcmp(key, "order")) {
		uint64_t pages = (uint64_t)base->chunks << base->order;

		out->chunks = (unsigned int)(pages >> out->order);
		if (!out->chunks || ((uint64_t)out->chunks << out->order) != pages) {
			snprintf(err, err_len, "order = %s: %llu pages are not a whole number of chunks",
				 value, (unsigned long long)pages);
			return -EINVAL;
		}
	}
	if (!strcmp(key, "pin_fraction") && out->pin_fraction == 0)
		snprintf(out->pin_method, sizeof(out->pin_method), "none");
	/* A bigger request needs a bigger area: the point says so (the area decides). */
	if (!strcmp(key, "chunks")) {
		double mib = ceil(pages_to_mib((uint64_t)out->chunks << out->order));

		if (mib > out->min_cma_mb)
			out->min_cma_mb = (unsigned int)mib;
	}
	f = open_memstream(&text, &len);
	if (!f)
		return -ENOMEM;
	scenario__write(out, f);
	fclose(f);
	ret = scenario__parse(out, text, NULL, err, err_len);
	free(text);
	return ret;
}

int sweep__parse_spec(struct sweep_opts *o, const char *spec, char *err, size_t err_len)
{
	const char *eq = strchr(spec, '=');
	char list[512], *save = NULL, *v;
	size_t klen;

	o->nr_values = 0;
	klen = eq ? (size_t)(eq - spec) : 0;
	if (!eq || !klen || klen >= sizeof(o->key) || !eq[1]) {
		snprintf(err, err_len, "want KEY=V1,V2,... (e.g. pin_fraction=0,0.02,0.05), got '%s'", spec);
		return -EINVAL;
	}
	memcpy(o->key, spec, klen);
	o->key[klen] = 0;
	snprintf(list, sizeof(list), "%s", eq + 1);
	for (v = strtok_r(list, ",", &save); v; v = strtok_r(NULL, ",", &save)) {
		struct scenario scratch;
		char why[256];

		if (o->nr_values == SWEEP_MAX_POINTS || strlen(v) >= SWEEP_VALUE_LEN) {
			snprintf(err, err_len, "%s: at most %d values of at most %d characters", o->key,
				 SWEEP_MAX_POINTS, SWEEP_VALUE_LEN - 1);
			return -EINVAL;
		}
		if (strchr(v, '/')) {	/* it names the point's folder */
			snprintf(err, err_len, "%s: value '%s' has a '/'", o->key, v);
			return -EINVAL;
		}
		for (int i = 0; i < o->nr_values; i++)
			if (!strcmp(o->values[i], v)) {
				snprintf(err, err_len, "%s: value '%s' given twice", o->key, v);
				return -EINVAL;
			}
		if (!strcmp(o->key, SWEEP_SMP_KEY)) {
			char *end;
			long n = strtol(v, &end, 10);

			if (*end || n < 1 || n > 64) {
				snprintf(err, err_len, "%s: '%s' is not a CPU count from 1 to 64", o->key, v);
				return -EINVAL;
			}
		} else if (sweep__point_scenario(&o->run.scenario, o->key, v, &scratch, why, sizeof(why))) {
			snprintf(err, err_len, "%s=%s: %s", o->key, v, why);
			return -EINVAL;
		}
		snprintf(o->values[o->nr_values++], SWEEP_VALUE_LEN, "%s", v);
	}
	if (o->nr_values < 2) {
		snprintf(err, err_len, "%s: a sweep needs at least two values", o->key);
		return -EINVAL;
	}
	if (o->point) {
		for (int i = 0; i < o->nr_values; i++)
			if (!strcmp(o->values[i], o->point))
				return 0;
		snprintf(err, err_len, "--point %s is not one of the values of %s", o->point, o->key);
		return -EINVAL;
	}
	return 0;
}

static void point_dir(char *buf, size_t len, const char *dir, const char *key, const char *value)
{
	snprintf(buf, len, "%s/%s-%s", dir, key, value);
}

/* @doc written whole to @path (then released): 0, or -EIO after one line. */
static int write_doc(struct json_object *doc, const char *path)
{
	FILE *f = atomic_open(path);
	int err = 0;

	if (!f || fprintf(f, "%s\n", json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PRETTY)) < 0 ||
	    atomic_close(f, path))
		err = tool_error(-EIO, "cannot write %s: %s", path, strerror(errno));
	json_object_put(doc);
	return err;
}

/* sweep.json, written with json-c: this file reads it back with json-c too. */
static int write_sweep_json(const char *dir, const struct sweep_opts *o)
{
	struct json_object *doc = json_object_new_object(), *vals = json_object_new_array();
	char path[1100];

	json_object_object_add(doc, "schema", json_object_new_string(SWEEP_SCHEMA));
	json_object_object_add(doc, "version", json_object_new_int(1));
	json_object_object_add(doc, "scenario", json_object_new_string(o->run.scenario.name));
	json_object_object_add(doc, "key", json_object_new_string(o->key));
	for (int i = 0; i < o->nr_values; i++)
		json_object_array_add(vals, json_object_new_string(o->values[i]));
	json_object_object_add(doc, "values", vals);
	snprintf(path, sizeof(path), "%s/sweep.json", dir);
	return write_doc(doc, path);
}

/* A point's status from its meta.json: "complete", "partial", ...; NULL when not run. */
static const char *point_status(const char *dir, const char *key, const char *value,
				char *buf, size_t len)
{
	char path[1300], err[256];
	struct json_object *doc;
	const char *st;

	snprintf(path, sizeof(path), "%s/%s-%s/meta.json", dir, key, value);
	if (access(path, F_OK))
		return NULL;
	doc = json_doc__load(path, err, sizeof(err));
	st = doc ? json_doc__str(doc, "status") : NULL;
	snprintf(buf, len, "%s", st ? st : "unreadable");
	json_object_put(doc);
	return buf;
}

/*
 * meta.json of the sweep, rewritten after each point: a sweep that one
 * guest boot per point makes (guest_smp) is complete once the last boot
 * has found every other point on disk. The host's facts are those of the
 * run options (--meta), as in each point's own meta.json.
 */
static int write_sweep_meta(const char *dir, const struct sweep_opts *o, bool running,
			    time_t started)
{
	struct json_object *doc = json_object_new_object(), *pts = json_object_new_array();
	struct json_object *host = json_object_new_object();
	char path[1100], date[32], status[32], buf[32];
	bool complete = true;
	time_t now = time(NULL);

	for (int i = 0; i < o->nr_values; i++) {
		const char *st = point_status(dir, o->key, o->values[i], buf, sizeof(buf));
		struct json_object *pt = json_object_new_object();
		char rel[128];

		snprintf(rel, sizeof(rel), "%s-%s", o->key, o->values[i]);
		json_object_object_add(pt, "value", json_object_new_string(o->values[i]));
		json_object_object_add(pt, "dir", json_object_new_string(rel));
		json_object_object_add(pt, "status", json_object_new_string(st ? st : "not run"));
		json_object_array_add(pts, pt);
		complete &= st && !strcmp(st, "complete");
	}
	snprintf(status, sizeof(status), "%s", running ? "running" : complete ? "complete" : "partial");
	json_object_object_add(doc, "schema", json_object_new_string(SWEEP_META_SCHEMA));
	json_object_object_add(doc, "version", json_object_new_int(1));
	json_object_object_add(doc, "status", json_object_new_string(status));
	json_object_object_add(doc, "scenario", json_object_new_string(o->run.scenario.name));
	json_object_object_add(doc, "key", json_object_new_string(o->key));
	if (o->command)
		json_object_object_add(doc, "command", json_object_new_string(o->command));
	json_object_object_add(doc, "tool_version", json_object_new_string(cmabulk_version));
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", gmtime(&started));
	json_object_object_add(doc, "started", json_object_new_string(date));
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	json_object_object_add(doc, "date", json_object_new_string(date));
	for (int i = 0; i < o->run.nr_meta; i++) {
		const char *eq = strchr(o->run.meta[i], '=');
		char key[64];

		if (!eq || eq == o->run.meta[i])
			continue;
		snprintf(key, sizeof(key), "%.*s", (int)(eq - o->run.meta[i]), o->run.meta[i]);
		json_object_object_add(host, key, json_object_new_string(eq + 1));
	}
	json_object_object_add(doc, "host", host);
	json_object_object_add(doc, "points", pts);
	snprintf(path, sizeof(path), "%s/meta.json", dir);
	return write_doc(doc, path);
}

int bench_sweep(const struct sweep_opts *o, char *dir, size_t dir_len)
{
	char id[256], date[32];
	time_t now = time(NULL);
	int failed = 0;

	/* 1. The sweep's folder; a host-driven point may find it made already. */
	strftime(date, sizeof(date), "%Y%m%d-%H%M%S", gmtime(&now));
	if (o->run.run_id)
		snprintf(id, sizeof(id), "%s", o->run.run_id);
	else
		snprintf(id, sizeof(id), "%s-sweep-%s-%s", date, o->run.scenario.name, o->key);
	snprintf(dir, dir_len, "%s/%s", o->run.results_dir, id);
	mkdir(o->run.results_dir, 0755);
	if (mkdir(dir, 0755) && !(errno == EEXIST && o->point))
		return tool_error(1, "cannot create %s: %s", dir, strerror(errno));

	/* 2. The points, each a complete run of its own. */
	for (int i = 0; i < o->nr_values; i++) {
		struct run_opts ro = o->run;
		char run_id[128], pdir[1200] = "", err[256];
		const char *v = o->values[i];

		if (o->point && strcmp(o->point, v))
			continue;
		if (!strcmp(o->key, SWEEP_SMP_KEY)) {
			if (atol(v) != sysconf(_SC_NPROCESSORS_ONLN))
				return tool_error(1, "point %s=%s, but %ld CPUs are online (make sweep boots one guest per value)",
						  o->key, v, sysconf(_SC_NPROCESSORS_ONLN));
		} else if (sweep__point_scenario(&o->run.scenario, o->key, v, &ro.scenario, err, sizeof(err))) {
			return tool_error(1, "%s", err);
		}
		snprintf(run_id, sizeof(run_id), "%s-%s", o->key, v);
		ro.results_dir = dir;
		ro.run_id = run_id;
		if (!o->run.quiet)
			tool_error(0, "sweep %s: point %d of %d, %s = %s", id, i + 1, o->nr_values, o->key, v);
		failed |= bench_run(&ro, pdir, sizeof(pdir)) != 0;
		/* No run folder: the run refused to start (no driver, no area), as would the next. */
		if (!pdir[0] || access(pdir, F_OK)) {
			rmdir(dir);	/* when no point came before */
			return 1;
		}
		/* sweep.json once a point exists: a sweep folder always has one. */
		if (write_sweep_json(dir, o) || write_sweep_meta(dir, o, true, now))
			return 1;
		report_md__write(pdir, false, false);
	}
	if (write_sweep_meta(dir, o, false, now))
		return 1;

	/* 3. Across the points (a host-driven sweep renders it at the end). */
	if (!o->point && sweep__report(dir, false))
		failed = 1;
	return failed;
}

bool sweep__is_sweep(const char *dir)
{
	char path[1100];

	snprintf(path, sizeof(path), "%s/sweep.json", dir);
	return access(path, F_OK) == 0;
}

/* One point as the report reads it. */
struct point {
	const char *value;
	bool present;
	char status[32];
	struct results_dir r;
	struct run_summary sum;
	struct verdict_set vs;
	struct boot_ci median[NR_STRATEGIES];	/* of latency, ms */
	bool has_median[NR_STRATEGIES];
};

struct sweep {
	char scenario[64], key[64];
	int nr;
	char values[SWEEP_MAX_POINTS][SWEEP_VALUE_LEN];
	struct point pts[SWEEP_MAX_POINTS];
	bool strategy[NR_STRATEGIES];	/* present at some point */
};

static int sweep_load(struct sweep *sw, const char *dir)
{
	char path[1100], err[600];
	struct json_object *doc, *vals;
	const char *schema, *s;

	snprintf(path, sizeof(path), "%s/sweep.json", dir);
	doc = json_doc__load(path, err, sizeof(err));
	if (!doc)
		return tool_error(-EINVAL, "%s", err);
	schema = json_doc__str(doc, "schema");
	if (!schema || strcmp(schema, SWEEP_SCHEMA) ||
	    !json_object_object_get_ex(doc, "values", &vals) ||
	    !json_object_is_type(vals, json_type_array) || !json_doc__str(doc, "key")) {
		json_object_put(doc);
		return tool_error(-EINVAL, "%s: not a cmabulk-bench sweep (schema, key, values)", path);
	}
	snprintf(sw->key, sizeof(sw->key), "%s", json_doc__str(doc, "key"));
	s = json_doc__str(doc, "scenario");
	snprintf(sw->scenario, sizeof(sw->scenario), "%s", s ? s : "?");
	sw->nr = 0;
	for (size_t i = 0; i < json_object_array_length(vals) && sw->nr < SWEEP_MAX_POINTS; i++) {
		struct json_object *v = json_object_array_get_idx(vals, i);

		if (json_object_is_type(v, json_type_string))
			snprintf(sw->values[sw->nr++], SWEEP_VALUE_LEN, "%s", json_object_get_string(v));
	}
	json_object_put(doc);
	return sw->nr ? 0 : tool_error(-EINVAL, "%s: no values", path);
}

/* Load and summarize one point; a point not run (yet) is absent, not an error. */
static void point_load(struct sweep *sw, struct point *p, const char *dir, bool plot)
{
	char pdir[1200], err[600];
	double *v;

	point_dir(pdir, sizeof(pdir), dir, sw->key, p->value);
	if (access(pdir, F_OK))
		return;
	report_md__write(pdir, plot, false);
	if (results_dir__load(&p->r, pdir, true, err, sizeof(err))) {
		tool_error(0, "%s", err);
		return;
	}
	if (summary__compute(&p->r.trials, p->r.page_size, &p->sum) ||
	    verdicts__compute(&p->r.trials, &p->vs)) {
		results_dir__free(&p->r);
		return;
	}
	p->present = true;
	snprintf(p->status, sizeof(p->status), "%s", p->r.status);
	v = calloc(p->r.trials.nrows + 1, sizeof(double));
	for (int s = 0; v && s < NR_STRATEGIES; s++) {
		size_t n = summary__values(&p->r.trials, s, TRIALS_COL(WALL_NS), 1e-6, v);

		if (!n)
			continue;
		sw->strategy[s] = true;
		p->has_median[s] = boot_quantile_ci(v, n, 50, NULL, &p->median[s]) == 0;
	}
	free(v);
}

static void table_head(FILE *f, const struct sweep *sw, const char *title)
{
	fprintf(f, "\n## %s\n\n| %s |", title, sw->key);
	for (int s = 0; s < NR_STRATEGIES; s++)
		if (sw->strategy[s])
			fprintf(f, " %s |", strategy_names[s]);
	fprintf(f, "\n| ---: |");
	for (int s = 0; s < NR_STRATEGIES; s++)
		if (sw->strategy[s])
			fprintf(f, " ---: |");
	fprintf(f, "\n");
}

enum sweep_metric { SW_MEDIAN, SW_SUCCESS, SW_FLOOR, SW_DRAIN };

/*
 * The drains' share of a strategy's mean latency: every phase the kernel
 * names a drain (the PCP and LRU drains of the series), so no list of
 * phases is kept here. Negative when the point has no phase data.
 */
static double drain_share(const struct strategy_summary *st)
{
	double ms = 0;
	bool any = false;

	for (int i = 0; i < st->phases_ms.n; i++) {
		if (!strstr(st->phases_ms.name[i], "drain"))
			continue;
		ms += st->phases_ms.mean[i];
		any = true;
	}
	return any && st->latency_ms.mean > 0 ? ms / st->latency_ms.mean : -1;
}

static bool has_drain_data(const struct sweep *sw)
{
	for (int i = 0; i < sw->nr; i++)
		for (int s = 0; sw->pts[i].present && s < NR_STRATEGIES; s++)
			if (sw->pts[i].sum.st[s].present && drain_share(&sw->pts[i].sum.st[s]) >= 0)
				return true;
	return false;
}

static void metric_table(FILE *f, const struct sweep *sw, enum sweep_metric m)
{
	static const char *const titles[] = {
		"Median latency, ms [95% bootstrap interval]",
		"Success: chunks allocated / satisfiable (mean)",
		"Latency / migration floor (median)",
		"Drains' share of mean latency (PCP and LRU drains, from --phases)",
	};

	table_head(f, sw, titles[m]);
	for (int i = 0; i < sw->nr; i++) {
		const struct point *p = &sw->pts[i];

		fprintf(f, "| %s |", p->value);
		for (int s = 0; s < NR_STRATEGIES; s++) {
			const struct strategy_summary *st = &p->sum.st[s];

			if (!sw->strategy[s])
				continue;
			if (!p->present || !st->present)
				fprintf(f, " - |");
			else if (m == SW_MEDIAN && p->has_median[s])
				fprintf(f, " %.1f [%.1f, %.1f] |", p->median[s].estimate, p->median[s].lo,
					p->median[s].hi);
			else if (m == SW_SUCCESS)
				fprintf(f, " %.4f |", st->success_satisfiable.mean);
			else if (m == SW_FLOOR && st->floor_ratio.n)
				fprintf(f, " %.1f |", st->floor_ratio.median);
			else if (m == SW_DRAIN && drain_share(st) >= 0)
				fprintf(f, " %.1f%% |", 100 * drain_share(st));
			else
				fprintf(f, " - |");
		}
		fprintf(f, "\n");
	}
}

/* The headline pairs any point has, in verdicts.c's order. */
static int pair_columns(const struct sweep *sw, struct verdict *cols, int max)
{
	int n = 0;

	for (int i = 0; i < sw->nr; i++) {
		const struct point *p = &sw->pts[i];

		for (int j = 0; p->present && j < p->vs.n; j++) {
			bool seen = false;

			for (int k = 0; k < n; k++)
				seen |= cols[k].s == p->vs.v[j].s && cols[k].against == p->vs.v[j].against;
			if (!seen && n < max)
				cols[n++] = p->vs.v[j];
		}
	}
	return n;
}

static const struct verdict *verdict_at(const struct point *p, const struct verdict *col)
{
	for (int j = 0; p->present && j < p->vs.n; j++)
		if (p->vs.v[j].s == col->s && p->vs.v[j].against == col->against)
			return &p->vs.v[j];
	return NULL;
}

static void verdict_table(FILE *f, const struct sweep *sw)
{
	struct verdict cols[VERDICT_MAX_PAIRS];
	int n = pair_columns(sw, cols, VERDICT_MAX_PAIRS);

	if (!n)
		return;
	fprintf(f, "\n## Verdicts: latency, strategy against strategy\n\n| %s |", sw->key);
	for (int c = 0; c < n; c++)
		fprintf(f, " %s vs %s |", strategy_names[cols[c].s], strategy_names[cols[c].against]);
	fprintf(f, "\n| ---: |");
	for (int c = 0; c < n; c++)
		fprintf(f, " --- |");
	fprintf(f, "\n");
	for (int i = 0; i < sw->nr; i++) {
		fprintf(f, "| %s |", sw->pts[i].value);
		for (int c = 0; c < n; c++) {
			const struct verdict *v = verdict_at(&sw->pts[i], &cols[c]);

			if (v && !isnan(v->ratio.estimate))
				fprintf(f, " %s %.2f |", verdict__word(v->v), v->ratio.estimate);
			else
				fprintf(f, " - |");
		}
		fprintf(f, "\n");
	}
	fprintf(f, "\nEach cell: the verdict and median(strategy) / median(against) at that point (bench/verdicts.c: a 95%% percentile bootstrap interval beyond or within %.0f%%).\n",
		100 * VERDICT_THRESHOLD);
}

/* The points where something changes, named. */
static void crossovers(FILE *f, const struct sweep *sw)
{
	struct verdict cols[VERDICT_MAX_PAIRS];
	int n = pair_columns(sw, cols, VERDICT_MAX_PAIRS);

	fprintf(f, "\n## Crossovers\n\n");
	for (int s = STRAT_NORMAL; s < NR_STRATEGIES; s++) {
		int below = -1, seen = 0;

		if (!sw->strategy[s])
			continue;
		for (int i = 0; i < sw->nr; i++) {
			const struct strategy_summary *st = &sw->pts[i].sum.st[s];

			if (!sw->pts[i].present || !st->present)
				continue;
			seen++;
			if (below < 0 && st->success_satisfiable.mean < SUCCESS_BAR)
				below = i;
		}
		if (!seen)
			continue;
		if (below >= 0)
			fprintf(f, "- %s: success falls below %.0f%% of satisfiable at %s = %s (%.4f).\n",
				strategy_names[s], 100 * SUCCESS_BAR, sw->key, sw->pts[below].value,
				sw->pts[below].sum.st[s].success_satisfiable.mean);
		else
			fprintf(f, "- %s: at or above %.0f%% of satisfiable at every point.\n",
				strategy_names[s], 100 * SUCCESS_BAR);
	}
	for (int c = 0; c < n; c++) {
		const char *first = NULL, *prev = NULL;
		int changed = -1;

		for (int i = 0; i < sw->nr; i++) {
			const struct verdict *v = verdict_at(&sw->pts[i], &cols[c]);
			const char *w = v ? verdict__word(v->v) : NULL;

			if (!w)
				continue;
			if (!first)
				first = w;
			if (prev && strcmp(prev, w) && changed < 0)
				changed = i;
			prev = w;
		}
		if (!first)
			continue;
		fprintf(f, "- %s vs %s: ", strategy_names[cols[c].s], strategy_names[cols[c].against]);
		if (changed < 0)
			fprintf(f, "%s at every point.\n", first);
		else
			fprintf(f, "%s up to %s = %s, %s from %s.\n", first, sw->key,
				sw->pts[changed - 1].value,
				verdict__word(verdict_at(&sw->pts[changed], &cols[c])->v),
				sw->pts[changed].value);
	}
}

static const char sweep_plot_script[] =
"# gnuplot script written by cmabulk-bench report; run from this folder.\n"
"set terminal svg size 820,480 dynamic noenhanced font 'sans,11' background '#ffffff'\n"
"set grid\n"
"set key outside right\n"
"set offsets 0.2, 0.2, 0, 0\n"
"set output 'sweep_latency.svg'\n"
"set title 'Median latency with its 95% interval, against the parameter'\n"
"set ylabel 'ms'\n"
"load 'sweep_latency.plot'\n"
"set output 'sweep_success.svg'\n"
"set title 'Success: allocated / satisfiable (mean)'\n"
"set ylabel 'ratio'\n"
"load 'sweep_success.plot'\n"
"set output 'sweep_floor.svg'\n"
"set title 'Latency / migration floor (median)'\n"
"set ylabel 'ratio'\n"
"load 'sweep_floor.plot'\n";

/* Data blocks per strategy, "index value y [lo hi]", and the plot command. */
static void sweep_plot_data(const char *dir, const struct sweep *sw, enum sweep_metric m)
{
	static const char *const names[] = { "sweep_latency", "sweep_success", "sweep_floor" };
	const char *spec = m == SW_MEDIAN ? "using 1:3:4:5:xtic(2) with yerrorlines lw 2" :
					    "using 1:3:xtic(2) with linespoints lw 2";
	struct plot_files p;
	int points = 0;

	if (plot__open(&p, dir, names[m]))
		return;
	for (int s = 0; s < NR_STRATEGIES; s++) {
		if (!sw->strategy[s])
			continue;
		fprintf(p.dat, "# %s\n", strategy_names[s]);
		for (int i = 0; i < sw->nr; i++) {
			const struct point *pt = &sw->pts[i];
			const struct strategy_summary *st = &pt->sum.st[s];

			if (!pt->present || !st->present)
				continue;
			if (m == SW_MEDIAN && pt->has_median[s])
				points += fprintf(p.dat, "%d %s %.4f %.4f %.4f\n", i, pt->value,
						  pt->median[s].estimate, pt->median[s].lo,
						  pt->median[s].hi) > 0;
			else if (m == SW_SUCCESS)
				points += fprintf(p.dat, "%d %s %.6f\n", i, pt->value,
						  st->success_satisfiable.mean) > 0;
			else if (m == SW_FLOOR && st->floor_ratio.n)
				points += fprintf(p.dat, "%d %s %.4f\n", i, pt->value,
						  st->floor_ratio.median) > 0;
		}
		plot__add(&p, spec, strategy_names[s]);
	}
	plot__close(&p);
	/* No point at all (no trial migrated enough for a floor): an empty frame that says so. */
	if (!points) {
		char path[1200];
		FILE *f;

		snprintf(path, sizeof(path), "%s/plots/%s.plot", dir, names[m]);
		f = fopen(path, "w");
		if (f) {
			fputs("set label 1 'no data at any point' at graph 0.5, graph 0.5 center\n"
			      "plot [0:1] [0:1] NaN notitle\nunset label 1\n", f);
			fclose(f);
		}
	}
}

static bool sweep_plots(const char *dir, const struct sweep *sw, bool plot)
{
	char path[1200];
	FILE *f;

	snprintf(path, sizeof(path), "%s/plots", dir);
	mkdir(path, 0755);
	for (int m = SW_MEDIAN; m <= SW_FLOOR; m++)
		sweep_plot_data(dir, sw, m);
	snprintf(path, sizeof(path), "%s/plots/sweep.gp", dir);
	f = fopen(path, "w");
	if (f) {
		fputs(sweep_plot_script, f);
		fclose(f);
	}
	if (!plot || system("command -v gnuplot >/dev/null 2>&1"))
		return false;
	snprintf(path, sizeof(path), "cd '%s/plots' && gnuplot sweep.gp 2>gnuplot.log", dir);
	if (system(path)) {
		tool_error(0, "gnuplot failed, see %s/plots/gnuplot.log", dir);
		return false;
	}
	return true;
}

int sweep__report(const char *dir, bool plot)
{
	static struct sweep sw;
	char path[1100];
	int present = 0;
	bool plotted;
	FILE *f;

	memset(&sw, 0, sizeof(sw));
	if (sweep_load(&sw, dir))
		return 1;
	for (int i = 0; i < sw.nr; i++) {
		sw.pts[i].value = sw.values[i];
		point_load(&sw, &sw.pts[i], dir, plot);
		present += sw.pts[i].present;
	}
	if (!present) {
		tool_error(0, "%s: none of the %d points of the sweep has results", dir, sw.nr);
		return 1;
	}
	plotted = sweep_plots(dir, &sw, plot);
	snprintf(path, sizeof(path), "%s/sweep.md", dir);
	f = atomic_open(path);
	if (!f)
		return tool_error(1, "cannot write %s: %s", path, strerror(errno));
	fprintf(f, "# cmabulk-bench sweep: %s over %s\n\n", sw.scenario, sw.key);
	for (int i = 0; i < sw.nr; i++) {
		const struct point *p = &sw.pts[i];

		if (p->present)
			fprintf(f, "- %s = %s: [`%s-%s`](%s-%s/report.md), %s, %zu measured trials of %s\n",
				sw.key, p->value, sw.key, p->value, sw.key, p->value, p->status,
				p->sum.rows - p->sum.warmup_rows, p->r.kernel);
		else
			fprintf(f, "- %s = %s: not run\n", sw.key, p->value);
	}
	metric_table(f, &sw, SW_MEDIAN);
	metric_table(f, &sw, SW_SUCCESS);
	metric_table(f, &sw, SW_FLOOR);
	if (has_drain_data(&sw))
		metric_table(f, &sw, SW_DRAIN);
	verdict_table(f, &sw);
	crossovers(f, &sw);
	fprintf(f, "\n## Plots\n\n");
	if (plotted)
		fprintf(f, "![median latency](plots/sweep_latency.svg)\n\n![success](plots/sweep_success.svg)\n\n![latency / floor](plots/sweep_floor.svg)\n");
	else
		fprintf(f, "Not rendered here (no gnuplot); `cmabulk-bench report %s` on a machine with gnuplot draws them from plots/*.dat.\n", dir);
	for (int i = 0; i < sw.nr; i++)
		if (sw.pts[i].present)
			results_dir__free(&sw.pts[i].r);
	if (atomic_close(f, path))
		return tool_error(1, "cannot write %s", path);
	return 0;
}
