// SPDX-License-Identifier: GPL-2.0
/* Headline comparisons and their verdicts; see verdicts.h. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "bench/core/summary.h"
#include "bench/core/trials.h"
#include "bench/core/verdicts.h"
#include "lib/stats.h"

/* The questions the series is asked, first against second. */
static const enum strategy pairs[][2] = {
	{ STRAT_FAST, STRAT_NORMAL }, { STRAT_FAST_NORMAL, STRAT_NORMAL },
	{ STRAT_HARD, STRAT_NORMAL }, /* runs of series v3 */
	{ STRAT_NORMAL, STRAT_CHUNKS2M },
	{ STRAT_FAST, STRAT_CHUNKS2M }, { STRAT_FAST, STRAT_CHUNKS },
	{ STRAT_NORMAL, STRAT_WHOLE }, { STRAT_FAST, STRAT_WHOLE },
	{ STRAT_FAST, STRAT_NORMAL_ONCE }, { STRAT_FAST, STRAT_FAST_SYNC },
	{ STRAT_NORMAL_ONCE, STRAT_NORMAL },
	{ STRAT_FAST, STRAT_FAST_LINEAR }, /* series v5: emptiest windows first */
};

const char *verdict__word(enum boot_verdict v)
{
	static const char *const words[] = { "same", "faster", "slower", "unknown" };

	return v <= BOOT_UNKNOWN ? words[v] : "unknown";
}

static void judge(struct verdict *v, const double *a, const double *b)
{
	struct stats_welch w;
	struct stats_mwu m;

	v->welch_p = v->mwu_p = NAN;
	v->v = BOOT_UNKNOWN;
	v->ratio = (struct boot_ci){ NAN, NAN, NAN, 0, 0 };
	if (v->n >= 2 && v->n_against >= 2 && stats_welch_test(a, v->n, b, v->n_against, &w) == 0)
		v->welch_p = w.p;
	if (stats_mann_whitney(a, v->n, b, v->n_against, &m) == 0)
		v->mwu_p = m.p;
	if (boot_ratio_ci(b, v->n_against, a, v->n, 50, NULL, &v->ratio))
		return;
	v->v = boot_verdict_n(&v->ratio, v->n, v->n_against, 1, VERDICT_THRESHOLD);
}

/* Judge @v's pair on their latencies in ms; @a and @b hold a table's rows each. */
static int judge_pair(const struct table *t, struct verdict *v, double *a, double *b)
{
	v->n = summary__values(t, v->s, TRIALS_COL(WALL_NS), 1e-6, a);
	v->n_against = summary__values(t, v->against, TRIALS_COL(WALL_NS), 1e-6, b);
	if (!v->n || !v->n_against)
		return -ENOENT;
	judge(v, a, b);
	return 0;
}

int verdicts__pair(const struct table *t, enum strategy s, enum strategy against,
		   struct verdict *v)
{
	double *a = calloc(t->nrows + 1, sizeof(double));
	double *b = calloc(t->nrows + 1, sizeof(double));
	int err = -ENOMEM;

	v->s = s;
	v->against = against;
	if (a && b)
		err = judge_pair(t, v, a, b);
	free(a);
	free(b);
	return err;
}

int verdicts__compute(const struct table *t, struct verdict_set *out)
{
	double *a = calloc(t->nrows + 1, sizeof(double));
	double *b = calloc(t->nrows + 1, sizeof(double));

	out->n = out->unknown = 0;
	if (!a || !b) {
		free(a);
		free(b);
		return -ENOMEM;
	}
	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		struct verdict *v = &out->v[out->n];

		v->s = pairs[i][0];
		v->against = pairs[i][1];
		if (judge_pair(t, v, a, b))
			continue;
		out->unknown += v->v == BOOT_UNKNOWN;
		out->n++;
	}
	free(a);
	free(b);
	return 0;
}
