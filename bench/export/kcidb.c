// SPDX-License-Identifier: GPL-2.0
/* A results folder as a KCIDB v5.3 submission; see kcidb.h. */
#define _XOPEN_SOURCE 700	/* strptime() */
#include <ctype.h>
#include <errno.h>
#include <string.h>
#include <time.h>

#include "bench/export/kcidb.h"
#include "lib/json.h"

#define KCIDB_MAJOR 5
#define KCIDB_MINOR 3
/* A kernel or config id's length in the ids: the buffers below hold it whole. */
#define KCIDB_ID_PART_MAX 100

static bool all_of(const char *s, const char *set, size_t min_len)
{
	size_t n = strspn(s, set);

	return n >= min_len && !s[n];
}

static bool hex_hash(const char *s, size_t len)
{
	return strlen(s) == len && all_of(s, "0123456789abcdef", len);
}

int kcidb_opts__check(const struct kcidb_opts *o, char *err, size_t err_len)
{
	if (o->origin && !all_of(o->origin, "abcdefghijklmnopqrstuvwxyz0123456789_", 1)) {
		snprintf(err, err_len, "--origin '%s': KCIDB wants lower-case letters, digits and _", o->origin);
		return -EINVAL;
	}
	if (o->git_url && (strncmp(o->git_url, "https://", 8) || strpbrk(o->git_url, " \t\n"))) {
		snprintf(err, err_len, "--git-url '%s': KCIDB wants an https:// URL", o->git_url);
		return -EINVAL;
	}
	if (o->git_commit && !hex_hash(o->git_commit, 40)) {
		snprintf(err, err_len, "--git-commit '%s': want the full 40-digit lower-case hash", o->git_commit);
		return -EINVAL;
	}
	if (o->patchset_hash && *o->patchset_hash && !hex_hash(o->patchset_hash, 64)) {
		snprintf(err, err_len, "--patchset-hash '%s': want KCIDB's 64-digit lower-case sha256 (scripts/patchset-hash.sh), or '' for no patches",
			 o->patchset_hash);
		return -EINVAL;
	}
	if ((o->kernel_id && strlen(o->kernel_id) > KCIDB_ID_PART_MAX) ||
	    (o->config_id && strlen(o->config_id) > KCIDB_ID_PART_MAX)) {
		snprintf(err, err_len, "--kernel-id or --config-id '%.40s...': at most %d characters",
			 o->kernel_id && strlen(o->kernel_id) > KCIDB_ID_PART_MAX ? o->kernel_id : o->config_id,
			 KCIDB_ID_PART_MAX);
		return -EINVAL;
	}
	if (o->tree_name && !*o->tree_name) {
		snprintf(err, err_len, "--tree '': want the kernel tree's name (mainline, stable, ...)");
		return -EINVAL;
	}
	return 0;
}

/* The run's fact @key: meta.json's host block (what the host recorded), else its top level. */
static const char *fact(const struct results_dir *r, const char *key)
{
	return results_dir__host_str(r, key) ?: results_dir__meta_str(r, key);
}

/* A required value: the option's, else the run's fact; else the one line saying what gives it. */
static int required(const char **v, const struct results_dir *r, const char *key, const char *why,
		    char *err, size_t err_len)
{
	if (!*v)
		*v = fact(r, key);
	if (*v)
		return 0;
	snprintf(err, err_len, "%s records no %s: %s", r->dir, key, why);
	return -EINVAL;
}

int kcidb_opts__resolve(const struct kcidb_opts *o, const struct results_dir *r,
			struct kcidb_opts *out, char *err, size_t err_len)
{
	char why[256];
	int ret = 0;

	*out = *o;
	out->origin = o->origin ?: "cmabulk";
	if (!out->git_commit)
		out->git_commit = fact(r, "kernel_git_commit");
	snprintf(why, sizeof(why), "give --kernel-id ID, what tells this kernel from others of release %s",
		 r->kernel);
	ret = ret ?: required(&out->tree_name, r, "tree_name",
			      "give --tree NAME, the kernel tree the checkout came from (mainline, stable, ...)",
			      err, err_len);
	ret = ret ?: required(&out->patchset_hash, r, "patchset_hash",
			      "give --patchset-hash HASH (scripts/patchset-hash.sh DIR prints its series'), or --patchset-hash '' for a kernel without patches",
			      err, err_len);
	ret = ret ?: required(&out->kernel_id, r, "series_hash", why, err, err_len);
	ret = ret ?: required(&out->config_id, r, "config_hash",
			      "give --config-id ID, what tells this build's config from others", err, err_len);
	if (ret || !kcidb_opts__check(out, why, sizeof(why)))
		return ret;
	/* An option was checked when it was given: a wrong value here is the run's. */
	snprintf(err, err_len, "%s: meta.json's facts: %s", r->dir, why);
	return -EINVAL;
}

/*
 * When the run started, as RFC 3339. The guest has no real-time clock
 * (meta.json's "started" is 1970 there), but the host names the folder
 * <yyyymmdd>-<hhmmss>-...: that is the time when the name has it.
 */
static void start_time(const struct results_dir *r, const char *run_id, char *buf, size_t len)
{
	const char *started = results_dir__meta_str(r, "started");
	struct tm tm = { 0 };
	const char *end = strptime(run_id, "%Y%m%d-%H%M%S", &tm);

	if (end && (!*end || *end == '-') && tm.tm_year >= 100) {
		strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
		return;
	}
	/* meta.json's, when it is one; the epoch else. */
	memset(&tm, 0, sizeof(tm));
	end = started ? strptime(started, "%Y-%m-%dT%H:%M:%S", &tm) : NULL;
	if (!end || (*end && strcmp(end, "Z")))
		tm = (struct tm){ .tm_year = 70, .tm_mday = 1 };
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/*
 * @s with every character an id part (@dots) or a test path's component
 * (no dots: they separate components) does not take made '_'.
 */
static void id_part(const char *s, bool dots, char *buf, size_t len)
{
	size_t i;

	for (i = 0; s[i] && i + 1 < len; i++)
		buf[i] = isalnum((unsigned char)s[i]) || s[i] == '-' || (dots && s[i] == '.') ||
			 s[i] == '_' ? s[i] : '_';
	buf[i] = '\0';
}

static void misc_string(struct json_writer *w, const char *key, const char *v)
{
	if (v)
		json_key_string(w, key, v);
}

static void write_checkout(struct json_writer *w, const struct results_dir *r,
			   const struct kcidb_opts *o, const char *checkout_id, const char *when)
{
	json_object_begin(w);
	json_key_string(w, "id", checkout_id);
	json_key_string(w, "origin", o->origin);
	json_key_string(w, "tree_name", o->tree_name);
	if (o->git_url)
		json_key_string(w, "git_repository_url", o->git_url);
	if (o->git_commit)
		json_key_string(w, "git_commit_hash", o->git_commit);
	json_key_string(w, "patchset_hash", o->patchset_hash);
	json_key_string(w, "start_time", when);
	json_key_bool(w, "valid", true);
	json_key(w, "misc");
	json_object_begin(w);
	json_key_string(w, "kernel_release", r->kernel);
	misc_string(w, "kernel_version", results_dir__meta_str(r, "kernel_version"));
	misc_string(w, "series_hash", results_dir__host_str(r, "series_hash"));
	misc_string(w, "suite_git", results_dir__host_str(r, "git"));
	json_object_end(w);
	json_object_end(w);
}

static void write_build(struct json_writer *w, const struct results_dir *r,
			const struct kcidb_opts *o, const char *checkout_id, const char *build_id,
			const char *when)
{
	const char *machine = results_dir__meta_str(r, "machine");
	char arch[32];

	id_part(machine && !strcmp(machine, "aarch64") ? "arm64" : machine ?: "", false, arch,
		sizeof(arch));
	for (char *p = arch; *p; p++)
		*p = *p == '-' || *p == '.' ? '_' : (char)tolower((unsigned char)*p);
	json_object_begin(w);
	json_key_string(w, "id", build_id);
	json_key_string(w, "checkout_id", checkout_id);
	json_key_string(w, "origin", o->origin);
	if (machine)
		json_key_string(w, "architecture", arch);
	json_key_string(w, "config_name", "cmabulk");
	misc_string(w, "compiler", results_dir__host_str(r, "toolchain"));
	json_key_string(w, "start_time", when);
	/* The kernel booted and ran the scenario: its build worked. */
	json_key_string(w, "status", "PASS");
	json_key(w, "misc");
	json_object_begin(w);
	misc_string(w, "config_hash", results_dir__host_str(r, "config_hash"));
	json_object_end(w);
	json_object_end(w);
}

static void write_environment(struct json_writer *w, const struct results_dir *r)
{
	json_key(w, "environment");
	json_object_begin(w);
	misc_string(w, "comment", results_dir__meta_str(r, "cpu_model"));
	json_key(w, "misc");
	json_object_begin(w);
	misc_string(w, "machine", results_dir__meta_str(r, "machine"));
	misc_string(w, "accelerator", results_dir__host_str(r, "accelerator"));
	misc_string(w, "host_cpu", results_dir__host_str(r, "host_cpu"));
	misc_string(w, "guest_mem", results_dir__host_str(r, "guest_mem"));
	misc_string(w, "guest_cma", results_dir__host_str(r, "guest_cma"));
	json_key_double(w, "cpus", results_dir__meta_num(r, "cpus", 0));
	json_object_end(w);
	json_object_end(w);
}

static void write_test(struct json_writer *w, const struct results_dir *r,
		       const struct farm_cases *fc, const struct farm_case *c,
		       const struct kcidb_opts *o, const char *build_id, const char *run,
		       const char *when)
{
	static const char *const status[] = { "PASS", "FAIL", "SKIP" };
	char id[1400], set[LAVA_NAME_MAX + 1], subject[192], what[LAVA_NAME_MAX + 1];

	id_part(fc->set, false, set, sizeof(set));
	id_part(c->subject, false, subject, sizeof(subject));
	id_part(!strcmp(c->what, "gate") ? c->name : c->what, false, what, sizeof(what));
	json_object_begin(w);
	snprintf(id, sizeof(id), "%s.%s.%s", build_id, run, c->name);
	json_key_string(w, "id", id);
	json_key_string(w, "build_id", build_id);
	json_key_string(w, "origin", o->origin);
	snprintf(id, sizeof(id), "cmabulk.%s.%s.%s", set, subject, what);
	json_key_string(w, "path", id);
	json_key_string(w, "start_time", when);
	json_key_string(w, "status", c->has_measurement ? "DONE" : status[c->result]);
	if (c->has_measurement) {
		json_key(w, "number");
		json_object_begin(w);
		json_key_number(w, "value", c->measurement);
		if (*c->units)
			json_key_string(w, "unit", c->units);
		json_object_end(w);
	}
	if (*c->detail)
		json_key_string(w, "comment", c->detail);
	write_environment(w, r);
	json_key(w, "misc");
	json_object_begin(w);
	json_key_string(w, "run_id", fc->run_id);
	json_key_string(w, "case", c->name);
	json_object_end(w);
	json_object_end(w);
}

int kcidb__write(const struct results_dir *r, const struct farm_cases *fc,
		 const struct kcidb_opts *o, FILE *out)
{
	char checkout_id[400], build_id[512], when[64], part[128], run[192];
	char kid[KCIDB_ID_PART_MAX + 1], cid[KCIDB_ID_PART_MAX + 1];
	struct json_writer w;

	start_time(r, fc->run_id, when, sizeof(when));
	/* The kernel is its release and id; the build adds the config. */
	id_part(r->kernel, true, part, sizeof(part));
	id_part(o->kernel_id, true, kid, sizeof(kid));
	id_part(o->config_id, true, cid, sizeof(cid));
	snprintf(checkout_id, sizeof(checkout_id), "%s:%s-%s", o->origin, part, kid);
	snprintf(build_id, sizeof(build_id), "%s-%s", checkout_id, cid);
	/* A test is this run's: its id and start (20261203T140632Z). */
	snprintf(run, sizeof(run), "%s.%.*s%.*s%.*sT%.*s%.*s%.*sZ", fc->run_id, 4, when, 2, when + 5,
		 2, when + 8, 2, when + 11, 2, when + 14, 2, when + 17);
	json_init(&w, out, true);
	json_object_begin(&w);
	json_key(&w, "version");
	json_object_begin(&w);
	json_key_u64(&w, "major", KCIDB_MAJOR);
	json_key_u64(&w, "minor", KCIDB_MINOR);
	json_object_end(&w);
	json_key(&w, "checkouts");
	json_array_begin(&w);
	write_checkout(&w, r, o, checkout_id, when);
	json_array_end(&w);
	json_key(&w, "builds");
	json_array_begin(&w);
	write_build(&w, r, o, checkout_id, build_id, when);
	json_array_end(&w);
	json_key(&w, "tests");
	json_array_begin(&w);
	for (int i = 0; i < fc->n; i++)
		write_test(&w, r, fc, &fc->c[i], o, build_id, run, when);
	json_array_end(&w);
	json_object_end(&w);
	return json_finish(&w) ? -EIO : 0;
}
