// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/json_read.h"
#include "bench/results_dir.h"

int results_dir__load(struct results_dir *r, const char *dir, bool allow_partial,
		   char *err, size_t err_len)
{
	char path[1024], why[512];
	struct jnode *meta;
	struct stat st;
	size_t len;
	char *text;

	memset(r, 0, sizeof(*r));
	snprintf(r->dir, sizeof(r->dir), "%s", dir);
	if (stat(dir, &st) || !S_ISDIR(st.st_mode)) {
		snprintf(err, err_len, "%s: not a folder", dir);
		return -ENOENT;
	}
	snprintf(path, sizeof(path), "%s/meta.json", dir);
	text = jread_file(path, &len);
	if (!text) {
		snprintf(err, err_len, "%s is not a cmabulk-bench results folder (no meta.json)", dir);
		return -ENOENT;
	}
	meta = jread_parse(text, len, why, sizeof(why));
	free(text);
	if (!meta || strcmp(jread_str(jread_get(meta, "schema")) ?: "", "cmabulk-bench-meta")) {
		snprintf(err, err_len, "%s/meta.json is not cmabulk-bench metadata%s%s", dir,
			 meta ? "" : ": ", meta ? "" : why);
		jread_free(meta);
		return -EINVAL;
	}
	snprintf(r->status, sizeof(r->status), "%s", jread_str(jread_get(meta, "status")) ?: "?");
	snprintf(r->kernel, sizeof(r->kernel), "%s", jread_str(jread_get(meta, "kernel_release")) ?: "?");
	snprintf(r->date, sizeof(r->date), "%s", jread_str(jread_get(meta, "date")) ?: "?");
	jread_free(meta);
	if (strcmp(r->status, "complete") && !allow_partial) {
		snprintf(err, err_len, "%s is a %s run, not a complete one (--allow-partial to use it anyway)",
			 dir, r->status);
		return -EINVAL;
	}
	snprintf(path, sizeof(path), "%s/scenario", dir);
	if (scenario__load(&r->scenario, path, NULL, err, err_len))
		return -EINVAL;
	snprintf(path, sizeof(path), "%s/trials.csv", dir);
	if (table__read_csv(&r->trials, path, err, err_len))
		return -EINVAL;
	/* A run stopped before its first trial ended has no rows, and may lack columns. */
	if (r->trials.nrows &&
	    (table__col(&r->trials, "strategy") < 0 || table__col(&r->trials, "wall_ns") < 0)) {
		snprintf(err, err_len, "%s: no strategy or wall_ns column", path);
		return -EINVAL;
	}
	return 0;
}

void results_dir__free(struct results_dir *r)
{
	table__free(&r->trials);
}
