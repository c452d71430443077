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

#include "bench/core/results_dir.h"
#include "bench/core/summary.h"
#include "bench/core/sweep_dir.h"
#include "bench/measure/sweep.h"
#include "bench/core/table.h"
#include "bench/core/trials.h"
#include "bench/core/verdicts.h"
#include "lib/atomic_file.h"
#include "lib/bootstrap.h"
#include "lib/json_doc.h"
#include "lib/sysfacts.h"
#include "lib/tool.h"
#include "lib/version.h"


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
		if (o->report_point)
			o->report_point(pdir);
	}
	if (write_sweep_meta(dir, o, false, now))
		return 1;

	/* 3. Across the points (a host-driven sweep renders it at the end). */
	if (!o->point && o->report_sweep && o->report_sweep(dir))
		failed = 1;
	return failed;
}
