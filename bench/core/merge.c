// SPDX-License-Identifier: GPL-2.0
/* Several runs of one scenario and kernel as one; see merge.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <json-c/json.h>

#include "bench/core/merge.h"
#include "bench/core/results_dir.h"
#include "bench/core/summary.h"
#include "lib/atomic_file.h"

/* Every row of @from appended to @to, cell by cell, by column name. */
static int append_rows(struct table *to, const struct table *from)
{
	for (size_t i = 0; i < from->nrows; i++) {
		long r = table__add_row(to);

		if (r < 0)
			return -ENOMEM;
		for (int c = 0; c < from->ncols; c++)
			if (from->rows[i][c] &&
			    table__set(to, r, from->cols[c], "%s", from->rows[i][c]))
				return -ENOMEM;
	}
	return 0;
}

/* The first run's meta.json, renamed, with the runs it is made of. */
static int write_meta(const char *out, struct results_dir *runs, size_t n, bool complete)
{
	struct json_object *meta = json_object_get(runs[0].meta);
	struct json_object *from = json_object_new_array();
	const char *id = strrchr(out, '/') ? strrchr(out, '/') + 1 : out;
	char path[1024];
	double elapsed = 0;
	int err;

	for (size_t i = 0; i < n; i++) {
		const char *rid = results_dir__meta_str(&runs[i], "run_id");

		json_object_array_add(from, json_object_new_string(rid ? rid : runs[i].dir));
		elapsed += results_dir__meta_num(&runs[i], "elapsed_s", 0);
	}
	json_object_object_add(meta, "run_id", json_object_new_string(id));
	json_object_object_add(meta, "status", json_object_new_string(complete ? "complete" : "partial"));
	json_object_object_add(meta, "elapsed_s", json_object_new_double(elapsed));
	json_object_object_add(meta, "merged_from", from);
	snprintf(path, sizeof(path), "%s/meta.json", out);
	err = json_object_to_file_ext(path, meta, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);
	json_object_put(meta);
	return err ? -EIO : 0;
}

static int write_data(const char *out, const struct results_dir *first, const struct table *t)
{
	struct run_summary *sum = calloc(1, sizeof(*sum));
	char path[1024];
	FILE *f;
	int err = -EIO;

	if (!sum)
		return -ENOMEM;
	snprintf(path, sizeof(path), "%s/scenario", out);
	if ((f = atomic_open(path))) {
		scenario__write(&first->scenario, f);
		err = atomic_close(f, path) ? -EIO : 0;
	}
	snprintf(path, sizeof(path), "%s/trials.csv", out);
	if (!err && (f = atomic_open(path)))
		err = (table__write_csv(t, f) | atomic_close(f, path)) ? -EIO : 0;
	if (!err)
		err = summary__compute(t, first->page_size, sum);
	snprintf(path, sizeof(path), "%s/summary.json", out);
	if (!err && (f = atomic_open(path)))
		err = (summary__write_json(sum, f) | atomic_close(f, path)) ? -EIO : 0;
	free(sum);
	return err;
}

/*
 * Runs of two kernels: another release, or (kernels of one release, as
 * make ab's two are) another series or config where both runs record one.
 */
static bool other_kernel(const struct results_dir *a, const struct results_dir *b)
{
	static const char *const keys[] = { "series_hash", "config_hash" };

	if (strcmp(a->kernel, b->kernel))
		return true;
	for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		const char *x = results_dir__host_str(a, keys[k]), *y = results_dir__host_str(b, keys[k]);

		if (x && y && strcmp(x, y))
			return true;
	}
	return false;
}

/* Load @dirs and check they are one scenario on one kernel. */
static int load_runs(struct results_dir *runs, const char *const *dirs, size_t n, bool *complete,
		     char *err, size_t err_len)
{
	char why[256];

	*complete = true;
	for (size_t i = 0; i < n; i++) {
		if (results_dir__load(&runs[i], dirs[i], true, err, err_len))
			return -EINVAL;
		*complete &= !strcmp(runs[i].status, "complete");
		if (i && !scenario__comparable(&runs[0].scenario, &runs[i].scenario, why, sizeof(why))) {
			snprintf(err, err_len, "%s and %s are not one scenario: %s", dirs[0], dirs[i], why);
			return -EINVAL;
		}
		if (i && other_kernel(&runs[0], &runs[i])) {
			snprintf(err, err_len, "%s and %s ran on two kernels (%s, %s; or their series or config differ): one kernel's runs only",
				 dirs[0], dirs[i], runs[0].kernel, runs[i].kernel);
			return -EINVAL;
		}
	}
	return 0;
}

int bench_merge(const char *out, const char *const *dirs, size_t n, char *err, size_t err_len)
{
	struct results_dir *runs = calloc(n, sizeof(*runs));
	struct table t;
	bool complete;
	int ret = -ENOMEM;

	table__init(&t);
	if (!runs)
		goto out;
	ret = load_runs(runs, dirs, n, &complete, err, err_len);
	for (size_t i = 0; !ret && i < n; i++)
		ret = append_rows(&t, &runs[i].trials);
	if (!ret && mkdir(out, 0755)) {
		/* The folder asked for: there already, or no parent. */
		snprintf(err, err_len, "cannot create %s: %s", out, strerror(errno));
		ret = -EINVAL;
	} else if (!ret) {
		ret = write_data(out, &runs[0], &t) ?: write_meta(out, runs, n, complete);
		if (ret)
			snprintf(err, err_len, "writing %s failed: %s", out, strerror(-ret));
	} else if (ret == -ENOMEM) {
		snprintf(err, err_len, "out of memory");
	}
	for (size_t i = 0; runs && i < n; i++)
		results_dir__free(&runs[i]);
out:
	free(runs);
	table__free(&t);
	return ret;
}
