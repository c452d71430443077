/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The headline comparisons of a run, strategy against strategy, with the
 * verdict each gets from the trials so far: what report.md's pairs table
 * shows and what `run --until-decided` runs more trials for.
 */
#ifndef CMABULK_VERDICTS_H
#define CMABULK_VERDICTS_H

#include "bench/core/scenario.h"
#include "bench/core/table.h"
#include "lib/bootstrap.h"

#define VERDICT_MAX_PAIRS	16
#define VERDICT_THRESHOLD	0.05	/* a change of latency that matters */

struct verdict {
	enum strategy s, against;
	size_t n, n_against;
	struct boot_ci ratio;		/* median(s) / median(against), ms */
	enum boot_verdict v;		/* BOOT_LOWER: s is faster */
	double welch_p, mwu_p;		/* NaN when they cannot be taken */
};

struct verdict_set {
	int n, unknown;
	struct verdict v[VERDICT_MAX_PAIRS];
};

/* "same", "faster", "slower", "unknown": the latency reading of @v. */
const char *verdict__word(enum boot_verdict v);

/*
 * The verdict of every headline pair (FAST against NORMAL, ...) whose two
 * strategies have measured trials in @t, in a fixed order. A pair with
 * fewer than BOOT_MIN_VERDICT_N trials on a side is unknown. 0 or -ENOMEM.
 */
int verdicts__compute(const struct table *t, struct verdict_set *out);

/*
 * The verdict of @s against @against alone, judged as the headline pairs
 * are. 0, -ENOENT when a side has no measured trials, or -ENOMEM.
 */
int verdicts__pair(const struct table *t, enum strategy s, enum strategy against,
		   struct verdict *v);

#endif
