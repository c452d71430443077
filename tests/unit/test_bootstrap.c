// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for lib/bootstrap.c: exact answers where resampling cannot
 * move (constant series), and seeded simulations of what the verdicts are
 * for: two samples from one distribution must come out "same" or
 * "unknown", a real 10% shift must be found. The rates measured are
 * printed, so a change that weakens them shows before it fails.
 */
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "tests/unit/check.h"
#include "lib/bootstrap.h"

#define CHECK_NEAR(got, want, tol)					\
	CHECK(fabs((got) - (want)) <= (tol), "%s = %.17g, want %.17g", #got, \
	      (double)(got), (double)(want))

/* The same seed gives the same stream; another seed another one. */
static void test_rng(void)
{
	struct boot_rng a, b, c;
	bool differs = false;
	double lo = 1, hi = 0, sum = 0;

	boot_rng_seed(&a, 42);
	boot_rng_seed(&b, 42);
	boot_rng_seed(&c, 43);
	for (int i = 0; i < 1000; i++) {
		uint64_t x = boot_rng_next(&a);

		CHECK(x == boot_rng_next(&b), "same seed, draw %d differs", i);
		differs |= x != boot_rng_next(&c);
	}
	CHECK(differs, "seeds 42 and 43 gave the same stream");
	for (int i = 0; i < 100000; i++) {
		double u = boot_rng_uniform(&a);

		lo = fmin(lo, u);
		hi = fmax(hi, u);
		sum += u;
	}
	CHECK(lo >= 0 && hi < 1, "uniform out of [0, 1): %g %g", lo, hi);
	CHECK_NEAR(sum / 100000, 0.5, 0.005);
}

/* Nothing to resample in a constant series: the interval is the value. */
static void test_constant(void)
{
	const double ten[] = { 10, 10, 10, 10 }, twenty[] = { 20, 20, 20 };
	struct boot_ci ci;

	CHECK_EQ_INT(boot_quantile_ci(ten, 4, 50, NULL, &ci), 0);
	CHECK(ci.estimate == 10 && ci.lo == 10 && ci.hi == 10, "%g [%g, %g]", ci.estimate,
	      ci.lo, ci.hi);
	CHECK_EQ_INT(ci.reps, BOOT_DEFAULT_REPS);
	CHECK_NEAR(ci.level, 0.95, 0);
	CHECK_EQ_INT(boot_ratio_ci(ten, 4, twenty, 3, 50, NULL, &ci), 0);
	CHECK(ci.estimate == 2 && ci.lo == 2 && ci.hi == 2, "%g [%g, %g]", ci.estimate,
	      ci.lo, ci.hi);
	CHECK_EQ_INT(boot_verdict_of(&ci, 1, 0.05), BOOT_HIGHER);
	CHECK_EQ_INT(boot_mean_diff_ci(twenty, 3, ten, 4, NULL, &ci), 0);
	CHECK(ci.estimate == -10 && ci.lo == -10 && ci.hi == -10, "%g", ci.estimate);
	CHECK_EQ_INT(boot_verdict_of(&ci, 0, 0.05), BOOT_LOWER);
}

/* The interval is a function of the data and the seed only. */
static void test_seeded(void)
{
	const double v[] = { 3, 9, 4, 12, 5, 7, 30, 6 };
	struct boot_opts o = { .reps = 500, .seed = 7 };
	struct boot_ci x, y, z;

	boot_quantile_ci(v, 8, 50, &o, &x);
	boot_quantile_ci(v, 8, 50, &o, &y);
	o.seed = 8;
	boot_quantile_ci(v, 8, 50, &o, &z);
	CHECK(x.lo == y.lo && x.hi == y.hi, "one seed, two intervals");
	CHECK(x.lo != z.lo || x.hi != z.hi, "seeds 7 and 8 gave the same interval");
	/* Type 7 median of the sorted 3 4 5 6 7 9 12 30: (6 + 7) / 2. */
	CHECK_NEAR(x.estimate, 6.5, 0);
	CHECK(x.lo <= x.estimate && x.estimate <= x.hi, "[%g, %g]", x.lo, x.hi);
	/* The interval of a median stays within the data. */
	CHECK(x.lo >= 3 && x.hi <= 30, "[%g, %g]", x.lo, x.hi);
	/* p99 of 8 values lies between the two largest. */
	boot_quantile_ci(v, 8, 99, &o, &x);
	CHECK(x.estimate > 12 && x.estimate <= 30, "%g", x.estimate);
}

static void test_verdicts(void)
{
	struct boot_ci ci = { .lo = 0.90, .hi = 0.94 };

	CHECK_EQ_INT(boot_verdict_of(&ci, 1, 0.05), BOOT_LOWER);
	ci = (struct boot_ci){ .lo = 1.06, .hi = 1.30 };
	CHECK_EQ_INT(boot_verdict_of(&ci, 1, 0.05), BOOT_HIGHER);
	ci = (struct boot_ci){ .lo = 0.97, .hi = 1.04 };
	CHECK_EQ_INT(boot_verdict_of(&ci, 1, 0.05), BOOT_SAME);
	ci = (struct boot_ci){ .lo = 0.97, .hi = 1.08 };	/* straddles 1.05 */
	CHECK_EQ_INT(boot_verdict_of(&ci, 1, 0.05), BOOT_UNKNOWN);
	ci = (struct boot_ci){ .lo = 0.90, .hi = 1.10 };	/* wider than both */
	CHECK_EQ_INT(boot_verdict_of(&ci, 1, 0.05), BOOT_UNKNOWN);
	ci = (struct boot_ci){ .lo = NAN, .hi = 1 };
	CHECK_EQ_INT(boot_verdict_of(&ci, 1, 0.05), BOOT_UNKNOWN);
	CHECK_EQ_INT(boot_verdict_of(NULL, 1, 0.05), BOOT_UNKNOWN);
	/* Threshold 0: "same" only for a point interval at the center. */
	ci = (struct boot_ci){ .lo = 1, .hi = 1 };
	CHECK_EQ_INT(boot_verdict_of(&ci, 1, 0), BOOT_SAME);
}

static void test_rejects(void)
{
	const double ok[] = { 1, 2, 3 }, zero[] = { 0, 2, 3 }, bad[] = { 1, NAN, 3 };
	struct boot_ci ci = { .estimate = 123 };

	CHECK_EQ_INT(boot_quantile_ci(ok, 0, 50, NULL, &ci), -EINVAL);
	CHECK_EQ_INT(boot_quantile_ci(bad, 3, 50, NULL, &ci), -EINVAL);
	CHECK_EQ_INT(boot_quantile_ci(ok, 3, 101, NULL, &ci), -EINVAL);
	CHECK_EQ_INT(boot_quantile_ci(ok, 3, 50, NULL, NULL), -EINVAL);
	CHECK_EQ_INT(boot_ratio_ci(zero, 3, ok, 3, 50, NULL, &ci), -EDOM);
	CHECK_EQ_INT(boot_ratio_ci(ok, 3, bad, 3, 50, NULL, &ci), -EINVAL);
	CHECK_EQ_INT(boot_mean_diff_ci(ok, 3, ok, 0, NULL, &ci), -EINVAL);
	CHECK_NEAR(ci.estimate, 123, 0);	/* untouched on error */
}

/* n normal values, mean @mean, coefficient of variation @cv. */
static void draw(struct boot_rng *r, double *v, int n, double mean, double cv)
{
	for (int i = 0; i < n; i++)
		v[i] = mean * (1 + cv * boot_rng_normal(r));
}

/*
 * Verdicts of 200 seeded repetitions of B against A, n = 30 each, 5% CV,
 * threshold 5%, on the ratio of medians: counts[verdict].
 */
static void simulate(double shift, int counts[4])
{
	struct boot_opts o = { .reps = 1000 };
	double a[30], b[30];
	struct boot_rng r;
	struct boot_ci ci;

	boot_rng_seed(&r, 2026);
	for (int rep = 0; rep < 200; rep++) {
		draw(&r, a, 30, 100, 0.05);
		draw(&r, b, 30, 100 * shift, 0.05);
		o.seed = rep + 1;
		if (boot_ratio_ci(a, 30, b, 30, 50, &o, &ci))
			continue;
		counts[boot_verdict_of(&ci, 1, 0.05)]++;
	}
}

static void test_false_positives(void)
{
	int c[4] = { 0 };

	simulate(1.0, c);
	printf("  one distribution: same %d, unknown %d, faster %d, slower %d of 200\n",
	       c[BOOT_SAME], c[BOOT_UNKNOWN], c[BOOT_LOWER], c[BOOT_HIGHER]);
	CHECK(c[BOOT_SAME] + c[BOOT_UNKNOWN] >= 190, "false verdicts %d of 200",
	      c[BOOT_LOWER] + c[BOOT_HIGHER]);
}

static void test_detects_shift(void)
{
	int c[4] = { 0 };

	simulate(1.10, c);
	printf("  10%% slower: slower %d, unknown %d, same %d, faster %d of 200\n",
	       c[BOOT_HIGHER], c[BOOT_UNKNOWN], c[BOOT_SAME], c[BOOT_LOWER]);
	CHECK(c[BOOT_HIGHER] >= 160, "found the shift in %d of 200", c[BOOT_HIGHER]);
	CHECK(c[BOOT_LOWER] == 0 && c[BOOT_SAME] == 0, "called it faster or same");
}

/*
 * The verdict floor holds what BOOT_MIN_VERDICT_N's comment says: at the
 * floor, with a loaded host's 15% CV, two samples of one distribution are
 * called faster or slower in at most 2% of 400 seeded repetitions, and
 * the interval of the ratio covers 1 in at least 94%. Below the floor
 * (3 a side, where the floor used to be) more than 3% go wrong: the
 * reason for the floor, kept so that lowering it fails here.
 */
static int wrong_verdicts(int n, int *covered)
{
	struct boot_opts o = { .reps = 1000 };
	double a[BOOT_MIN_VERDICT_N], b[BOOT_MIN_VERDICT_N];
	struct boot_rng r;
	struct boot_ci ci;
	int wrong = 0;

	*covered = 0;
	boot_rng_seed(&r, 2027);
	for (int rep = 0; rep < 400; rep++) {
		draw(&r, a, n, 100, 0.15);
		draw(&r, b, n, 100, 0.15);
		o.seed = rep + 1;
		if (boot_ratio_ci(a, n, b, n, 50, &o, &ci))
			continue;
		*covered += ci.lo <= 1 && 1 <= ci.hi;
		wrong += boot_verdict_of(&ci, 1, 0.05) == BOOT_LOWER ||
			 boot_verdict_of(&ci, 1, 0.05) == BOOT_HIGHER;
	}
	return wrong;
}

static void test_verdict_floor(void)
{
	int covered, below, at = wrong_verdicts(BOOT_MIN_VERDICT_N, &covered), cov_below;
	struct boot_ci ci = { .estimate = 0.5, .lo = 0.4, .hi = 0.6 };

	below = wrong_verdicts(3, &cov_below);
	printf("  15%% CV, one distribution: %d a side %d wrong, covered %d; 3 a side %d wrong, covered %d (of 400)\n",
	       BOOT_MIN_VERDICT_N, at, covered, below, cov_below);
	CHECK(at <= 8, "%d wrong verdicts of 400 at the floor", at);
	CHECK(covered >= 376, "coverage %d of 400 at the floor", covered);
	CHECK(below > 12, "3 a side went wrong only %d times: the floor is not needed", below);
	/* Below the floor, even a decisive interval is no verdict. */
	CHECK_EQ_INT(boot_verdict_n(&ci, BOOT_MIN_VERDICT_N, BOOT_MIN_VERDICT_N, 1, 0.05), BOOT_LOWER);
	CHECK_EQ_INT(boot_verdict_n(&ci, BOOT_MIN_VERDICT_N - 1, 30, 1, 0.05), BOOT_UNKNOWN);
	CHECK_EQ_INT(boot_verdict_n(&ci, 30, BOOT_MIN_VERDICT_N - 1, 1, 0.05), BOOT_UNKNOWN);
}

/* A 95% interval of the median covers the true median about 95% of the time. */
static void test_coverage(void)
{
	struct boot_opts o = { .reps = 1000 };
	struct boot_rng r;
	struct boot_ci ci;
	double v[30];
	int covered = 0;

	boot_rng_seed(&r, 99);
	for (int rep = 0; rep < 200; rep++) {
		draw(&r, v, 30, 100, 0.1);
		o.seed = rep + 1;
		boot_quantile_ci(v, 30, 50, &o, &ci);
		covered += ci.lo <= 100 && 100 <= ci.hi;
	}
	printf("  median interval covered the true median in %d of 200\n", covered);
	CHECK(covered >= 176 && covered <= 200, "coverage %d of 200", covered);
}

int main(void)
{
	RUN(test_rng);
	RUN(test_constant);
	RUN(test_seeded);
	RUN(test_verdicts);
	RUN(test_rejects);
	RUN(test_false_positives);
	RUN(test_detects_shift);
	RUN(test_coverage);
	RUN(test_verdict_floor);
	return CHECK_DONE();
}
