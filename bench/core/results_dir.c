// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench/core/results_dir.h"
#include "bench/core/trials.h"
#include "lib/json_doc.h"
#include "lib/sysfacts.h"

/* Copy string member @key of the metadata; refuse one of another type. */
static int meta_string(struct results_dir *r, const char *key, char *buf, size_t len,
		       char *err, size_t err_len)
{
	bool wrong;
	struct json_object *m = json_doc__member(r->meta, key, json_type_string, &wrong);

	if (wrong) {
		snprintf(err, err_len, "%s/meta.json: %s is not a string", r->dir, key);
		return -EINVAL;
	}
	snprintf(buf, len, "%s", m ? json_object_get_string(m) : "?");
	return 0;
}

/* meta.json: JSON, an object, our schema, the members the readers use typed right. */
static int results_dir__load_meta(struct results_dir *r, char *err, size_t err_len)
{
	char path[1024];
	const char *schema;
	size_t page_size;

	snprintf(path, sizeof(path), "%s/meta.json", r->dir);
	if (access(path, F_OK)) {
		snprintf(err, err_len, "%s is not a cmabulk-bench results folder (no meta.json)", r->dir);
		return -ENOENT;
	}
	r->meta = json_doc__load(path, err, err_len);
	if (!r->meta)
		return -EINVAL;
	schema = json_doc__str(r->meta, "schema");
	if (!schema || strcmp(schema, "cmabulk-bench-meta")) {
		snprintf(err, err_len, "%s is not cmabulk-bench metadata (schema %s%s%s)", path,
			 schema ? "'" : "", schema ?: "missing", schema ? "'" : "");
		return -EINVAL;
	}
	if (meta_string(r, "status", r->status, sizeof(r->status), err, err_len) ||
	    meta_string(r, "kernel_release", r->kernel, sizeof(r->kernel), err, err_len) ||
	    meta_string(r, "date", r->date, sizeof(r->date), err, err_len))
		return -EINVAL;
	/* Pages are 4 KiB to 256 KiB on every arch Linux has; a bogus size is not trusted. */
	page_size = json_doc__size(r->meta, "page_size", 1 << 20, 0);
	r->page_size = page_size >= 512 ? page_size : sys_page_size();
	return 0;
}

int results_dir__load(struct results_dir *r, const char *dir, bool allow_partial,
		   char *err, size_t err_len)
{
	char path[1024], why[512];
	struct stat st;

	memset(r, 0, sizeof(*r));
	snprintf(r->dir, sizeof(r->dir), "%s", dir);
	if (stat(dir, &st) || !S_ISDIR(st.st_mode)) {
		snprintf(err, err_len, "%s: not a folder", dir);
		return -ENOENT;
	}
	if (results_dir__load_meta(r, err, err_len))
		goto bad;
	/*
	 * "running" is what a run says until its last line: left so, the run
	 * was killed (the guest with it) or is still going. Nothing in it is
	 * a result, partial or not.
	 */
	if (!strcmp(r->status, "running")) {
		snprintf(err, err_len, "%s never finished (status running: killed mid-run, or still going)",
			 dir);
		goto bad;
	}
	if (strcmp(r->status, "complete") && !allow_partial) {
		snprintf(err, err_len, "%s is a %s run, not a complete one (--allow-partial to use it anyway)",
			 dir, r->status);
		goto bad;
	}
	snprintf(path, sizeof(path), "%s/scenario", dir);
	if (scenario__read_file(&r->scenario, path, NULL, err, err_len))
		goto bad;
	snprintf(path, sizeof(path), "%s/trials.csv", dir);
	if (table__read_csv(&r->trials, path, err, err_len))
		goto bad;
	if (trials_schema__check(&r->trials, why, sizeof(why))) {
		snprintf(err, err_len, "%s: %s", path, why);
		goto bad;
	}
	/* A run stopped before its first trial ended has no rows, and may lack columns. */
	if (r->trials.nrows &&
	    (table__col(&r->trials, TRIALS_COL(STRATEGY)) < 0 ||
	     table__col(&r->trials, TRIALS_COL(WALL_NS)) < 0)) {
		snprintf(err, err_len, "%s: no %s or %s column", path, TRIALS_COL(STRATEGY),
			 TRIALS_COL(WALL_NS));
		goto bad;
	}
	return 0;
bad:
	results_dir__free(r);
	return -EINVAL;
}

void results_dir__free(struct results_dir *r)
{
	table__free(&r->trials);
	json_object_put(r->meta);
	r->meta = NULL;
}

const char *results_dir__meta_str(const struct results_dir *r, const char *key)
{
	return r->meta ? json_doc__str(r->meta, key) : NULL;
}

const char *results_dir__host_str(const struct results_dir *r, const char *key)
{
	struct json_object *host = r->meta ? json_doc__member(r->meta, "host", json_type_object, NULL) : NULL;

	return host ? json_doc__str(host, key) : NULL;
}

double results_dir__meta_num(const struct results_dir *r, const char *key, double dflt)
{
	return r->meta ? json_doc__num(r->meta, key, dflt) : dflt;
}
