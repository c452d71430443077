// SPDX-License-Identifier: GPL-2.0
/* A results folder as a farm's test cases; see farm_cases.h. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench/export/farm_cases.h"
#include "bench/export/lava_name.h"
#include "bench/core/summary.h"
#include "bench/core/verdicts.h"
#include "lib/json.h"

const char *const case_result_names[] = { "pass", "fail", "skip" };

int farm_gate__parse(const char *spec, struct farm_gate *g, char *err, size_t err_len)
{
	const char *lt = strchr(spec, '<');
	char s[32];
	int a, b;

	if (!lt || lt == spec || (size_t)(lt - spec) >= sizeof(s)) {
		snprintf(err, err_len, "gate '%s': want S<A (S faster than A) or S<=A (not slower)", spec);
		return -EINVAL;
	}
	memcpy(s, spec, lt - spec);
	s[lt - spec] = '\0';
	g->or_same = lt[1] == '=';
	a = strategy__parse(s);
	b = strategy__parse(lt + 1 + g->or_same);
	if (a < 0 || b < 0 || a == b) {
		snprintf(err, err_len, "gate '%s': %s", spec,
			 a == b && a >= 0 ? "a strategy against itself" : "unknown strategy (cmabulk-bench run --help lists them)");
		return -EINVAL;
	}
	g->s = a;
	g->against = b;
	return 0;
}

/*
 * A new case @subject-@what, named as LAVA keeps names (lava_name.h). NULL
 * with *@err -E2BIG when the cases are full, -EEXIST when a case has the
 * name already: two numbers under one name would be one in the farm.
 */
static struct farm_case *add_case(struct farm_cases *fc, const char *subject, const char *what,
				  int *err)
{
	char full[sizeof(fc->c[0].subject) + sizeof(fc->c[0].what) + 8];
	struct farm_case *c;

	*err = -E2BIG;
	if (fc->n == FARM_MAX_CASES)
		return NULL;
	c = &fc->c[fc->n];
	memset(c, 0, sizeof(*c));
	snprintf(c->subject, sizeof(c->subject), "%s", subject);
	snprintf(c->what, sizeof(c->what), "%s", what);
	snprintf(full, sizeof(full), "%s-%s", subject, what);
	lava_name(full, c->name);
	*err = -EEXIST;
	if (farm_cases__find(fc, c->name))
		return NULL;
	fc->n++;
	return c;
}

const struct farm_case *farm_cases__find(const struct farm_cases *fc, const char *name)
{
	for (int i = 0; i < fc->n; i++)
		if (!strcmp(fc->c[i].name, name))
			return &fc->c[i];
	return NULL;
}

int farm_cases__add_number(struct farm_cases *fc, const char *subject, const char *what, double v,
			   const char *units)
{
	int err;
	struct farm_case *c = add_case(fc, subject, what, &err);

	if (!c)
		return err;
	snprintf(c->units, sizeof(c->units), "%s", units);
	c->has_measurement = isfinite(v);
	c->measurement = v;
	c->result = c->has_measurement ? CASE_PASS : CASE_SKIP;
	return 0;
}

int farm_cases__add_verdict(struct farm_cases *fc, const char *subject, const char *what,
			    enum case_result result, const char *detail)
{
	int err;
	struct farm_case *c = add_case(fc, subject, what, &err);

	if (!c)
		return err;
	c->result = result;
	snprintf(c->detail, sizeof(c->detail), "%s", detail ?: "");
	return 0;
}

static int add_strategy(struct farm_cases *fc, enum strategy s, const struct strategy_summary *st)
{
	const char *name = strategy_names[s];
	int err = 0;

	err = err ?: farm_cases__add_number(fc, name, "median-ms", st->latency_ms.median, "ms");
	err = err ?: farm_cases__add_number(fc, name, "p90-ms", st->latency_ms.p90, "ms");
	err = err ?: farm_cases__add_number(fc, name, "cv", st->latency_ms.cv, "");
	err = err ?: farm_cases__add_number(fc, name, "kernel-median-ms", st->kernel_ms.median, "ms");
	err = err ?: farm_cases__add_number(fc, name, "success", st->success.mean, "");
	err = err ?: farm_cases__add_number(fc, name, "trials", (double)st->n, "");
	err = err ?: farm_cases__add_number(fc, name, "failed-trials", (double)st->failed, "");
	err = err ?: farm_cases__add_number(fc, name, "skipped-mean", st->skipped, "pageblocks");
	err = err ?: farm_cases__add_number(fc, name, "retries-mean", st->retries, "");
	err = err ?: farm_cases__add_number(fc, name, "migrated-mean", st->migrated, "pages");
	return err;
}

static int add_gate(struct farm_cases *fc, const struct table *t, const struct farm_gate *g)
{
	char what[sizeof(fc->c[0].what)];
	struct farm_case *c;
	struct verdict v;
	int err;

	snprintf(what, sizeof(what), "vs-%s-gate", strategy_names[g->against]);
	c = add_case(fc, strategy_names[g->s], what, &err);
	if (!c)
		return err;
	snprintf(c->what, sizeof(c->what), "gate");
	err = verdicts__pair(t, g->s, g->against, &v);
	if (err == -ENOENT) {
		c->result = CASE_SKIP;
		snprintf(c->detail, sizeof(c->detail), "no measured trials of %s",
			 v.n ? strategy_names[g->against] : strategy_names[g->s]);
		return 0;
	}
	if (err)
		return err;
	if (v.v == BOOT_UNKNOWN)
		c->result = CASE_SKIP;
	else if (v.v == BOOT_LOWER || (g->or_same && v.v == BOOT_SAME))
		c->result = CASE_PASS;
	else
		c->result = CASE_FAIL;
	snprintf(c->detail, sizeof(c->detail), "%s %s %s: %s, median ratio %.3f [%.3f, %.3f]",
		 strategy_names[g->s], g->or_same ? "<=" : "<", strategy_names[g->against],
		 verdict__word(v.v), v.ratio.estimate, v.ratio.lo, v.ratio.hi);
	return 0;
}

int farm_cases__build(const struct results_dir *r, const struct farm_gate *gates, int nr_gates,
		      struct farm_cases *out)
{
	struct run_summary *sum = calloc(1, sizeof(*sum));
	char detail[64], path[1024], why[1024];
	const char *base;
	int err = 0;

	if (!sum)
		return -ENOMEM;
	memset(out, 0, offsetof(struct farm_cases, c));
	lava_name(r->scenario.name, out->set);
	/* meta.json's run id: the folder may be a link such as results/latest. */
	base = results_dir__meta_str(r, "run_id");
	if (!base)
		base = strrchr(r->dir, '/') ? strrchr(r->dir, '/') + 1 : r->dir;
	snprintf(out->run_id, sizeof(out->run_id), "%.*s", (int)sizeof(out->run_id) - 1, base);
	out->complete = !strcmp(r->status, "complete");
	/* The numbers as the run recorded them; recomputed when it did not. */
	snprintf(path, sizeof(path), "%s/summary.json", r->dir);
	if (access(path, F_OK) || summary__read_json(path, sum, why, sizeof(why)))
		err = summary__compute(&r->trials, r->page_size, sum);
	for (int s = 0; !err && s < NR_STRATEGIES; s++)
		if (sum->st[s].present && sum->st[s].n)
			err = add_strategy(out, s, &sum->st[s]);
	free(sum);
	if (err)
		return err;
	snprintf(detail, sizeof(detail), "status %s", r->status);
	err = farm_cases__add_verdict(out, "run", "complete", out->complete ? CASE_PASS : CASE_FAIL, detail);
	for (int i = 0; !err && i < nr_gates; i++)
		err = add_gate(out, &r->trials, &gates[i]);
	return err;
}

int farm_cases__write_result_txt(const struct farm_cases *fc, FILE *out)
{
	for (int i = 0; i < fc->n; i++) {
		const struct farm_case *c = &fc->c[i];
		char num[JSON_NUMBER_LEN];

		fprintf(out, "%s %s", c->name, case_result_names[c->result]);
		if (c->has_measurement)
			fprintf(out, " %s%s%s", json_number_text(c->measurement, num),
				*c->units ? " " : "", c->units);
		fputc('\n', out);
	}
	return ferror(out) ? -EIO : 0;
}
