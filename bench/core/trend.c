// SPDX-License-Identifier: GPL-2.0
/* Many runs of one scenario, each step judged; see trend.h. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/core/summary.h"
#include "bench/core/trend.h"
#include "lib/sysfacts.h"

/* Run @i loaded, of the first run's scenario. 0 or -EINVAL with the line in @err. */
static int load_run(struct trend *t, int i, const char *dir, char *err, size_t err_len)
{
	char why[256];
	int ret = results_dir__load(&t->run[i], dir, t->o.allow_partial, err, err_len);

	if (ret)
		return -EINVAL;
	t->n = i + 1;
	if (i && !scenario__comparable(&t->run[0].scenario, &t->run[i].scenario, why, sizeof(why))) {
		snprintf(err, err_len, "refusing to compare runs of different scenarios: %s and %s: %s",
			 t->run[0].dir, t->run[i].dir, why);
		return -EINVAL;
	}
	return 0;
}

/* Each strategy's numbers in run @i: the summary's, as report.md has them. */
static int fill_cells(struct trend *t, int i)
{
	struct run_summary *sum = calloc(1, sizeof(*sum));
	const struct results_dir *r = &t->run[i];

	if (!sum || summary__compute(&r->trials, r->page_size, sum)) {
		free(sum);
		return -ENOMEM;
	}
	for (int s = 0; s < NR_STRATEGIES; s++) {
		const struct strategy_summary *st = &sum->st[s];
		struct trend_cell *c = &t->cell[i][s];

		if ((t->o.strategies && !(t->o.strategies & (1u << s))) || !st->present || !st->n)
			continue;
		c->present = true;
		c->n = st->n;
		c->median_ms = st->latency_ms.median;
		c->p90_ms = st->latency_ms.p90;
		c->migrated_mib = pages_to_mib_at(st->migrated, sum->page_size);
		c->success = st->success.mean;
		t->shown |= 1u << s;
	}
	free(sum);
	return 0;
}

/* Run @b against run @a for strategy @s: compare's verdict on the gated metric. */
static int judge(struct trend *t, int a, int b, enum strategy s, struct trend_step *step,
		 double *va, double *vb)
{
	size_t na = compare__values(&t->run[a].trials, t->o.metric, s, va);
	size_t nb = compare__values(&t->run[b].trials, t->o.metric, s, vb);

	memset(step, 0, sizeof(*step));
	step->c.v = BOOT_UNKNOWN;
	if (!na || !nb)
		return 0;
	step->judged = true;
	/* No interval (a value of A not above 0): undecided, as compare says. */
	if (compare__change(&t->o, va, na, vb, nb, &step->c) == -ENOMEM)
		return -ENOMEM;
	return 0;
}

/* Every step of every strategy, and the counts the exit status comes from. */
static int judge_all(struct trend *t)
{
	size_t most = 0;
	double *va, *vb;
	int err = 0;

	for (int i = 0; i < t->n; i++)
		most = t->run[i].trials.nrows > most ? t->run[i].trials.nrows : most;
	va = calloc(most + 1, sizeof(double));
	vb = calloc(most + 1, sizeof(double));
	for (int i = 1; va && vb && !err && i < t->n; i++) {
		for (int s = 0; !err && s < NR_STRATEGIES; s++) {
			struct trend_cell *c = &t->cell[i][s];

			if (!c->present)
				continue;
			err = judge(t, 0, i, s, &c->vs_first, va, vb) ?:
			      judge(t, i - 1, i, s, &c->vs_prev, va, vb);
			if (!c->vs_first.judged)
				continue;
			t->steps++;
			t->regressions += c->vs_first.c.worse;
			t->unknown += c->vs_first.c.v == BOOT_UNKNOWN;
		}
	}
	if (!va || !vb)
		err = -ENOMEM;
	free(va);
	free(vb);
	return err;
}

int trend__load(struct trend *t, const struct compare_opts *o, const char *const *dirs, int n,
		char *err, size_t err_len)
{
	int ret = 0;

	memset(t, 0, sizeof(*t));
	t->o = *o;
	if (n < 2 || n > TREND_MAX_RUNS) {
		snprintf(err, err_len, "compare takes 2 to %d results folders, not %d", TREND_MAX_RUNS, n);
		return -EINVAL;
	}
	t->run = calloc(n, sizeof(*t->run));
	if (!t->run)
		return -ENOMEM;
	for (int i = 0; !ret && i < n; i++)
		ret = load_run(t, i, dirs[i], err, err_len);
	for (int i = 0; !ret && i < n; i++)
		ret = fill_cells(t, i);
	ret = ret ?: judge_all(t);
	if (ret == -ENOMEM)
		snprintf(err, err_len, "out of memory");
	if (!ret && !t->steps) {
		snprintf(err, err_len, "the runs have no strategy in common with the first with measured trials");
		ret = -ENOENT;
	}
	return ret;
}

void trend__free(struct trend *t)
{
	for (int i = 0; t->run && i < t->n; i++)
		results_dir__free(&t->run[i]);
	free(t->run);
	t->run = NULL;
	t->n = 0;
}

int trend__status(const struct trend *t)
{
	if (t->regressions)
		return 1;
	return t->unknown ? 3 : 0;
}
