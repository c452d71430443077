// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for lib/stats.c. Every expected value comes from outside the
 * code under test: worked by hand in the comments, closed forms of the t
 * distribution for small df, printed statistical tables, Wikipedia's
 * published Welch examples, or plain Python 3 (no scipy) computing means
 * and variances with exact fractions.Fraction arithmetic and t tails by
 * Simpson integration of the t density (200000 panels):
 *
 *	def tdens(x, v):
 *	    c = exp(lgamma((v + 1) / 2) - lgamma(v / 2)) / sqrt(v * pi)
 *	    return c * (1 + x * x / v) ** (-(v + 1) / 2)
 *	p = 1 - 2 * simpson(tdens, 0, |t|)
 *
 * which shares nothing with the incomplete beta continued fraction used
 * by stats_t_sf2().
 */
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/check.h"
#include "lib/stats.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* |got - want| <= tol, so a NaN never passes. */
static bool near(double got, double want, double tol)
{
	return fabs(got - want) <= tol;
}

#define CHECK_NEAR(got, want, tol)					\
	do {								\
		double got_ = (got), want_ = (want), tol_ = (tol);	\
		CHECK(near(got_, want_, tol_),				\
		      "%s = %.17g, want %.17g +- %g", #got, got_, want_, \
		      tol_);						\
	} while (0)

/* Relative tolerance, for tails where the absolute size varies a lot. */
#define CHECK_REL(got, want, rel)					\
	do {								\
		double got_ = (got), want_ = (want), rel_ = (rel);	\
		CHECK(near(got_, want_, rel_ * fabs(want_)),		\
		      "%s = %.17g, want %.17g (rel %g)", #got, got_,	\
		      want_, rel_);					\
	} while (0)

#define CHECK_NAN(got)							\
	do {								\
		double got_ = (got);					\
		CHECK(isnan(got_), "%s = %.17g, want NaN", #got, got_); \
	} while (0)

/*
 * The textbook example {2,4,4,4,5,5,7,9}: mean 5, squared deviations
 * 9+1+1+1+0+0+4+16 = 32, so the population standard deviation is exactly
 * 2 and the sample one sqrt(32/7) = 2.1380899352993950. Given shuffled,
 * to see the sort happen on a copy. Type 7 by hand on the sorted values:
 * p90: h = 7 * 0.9 = 6.3, 7 + 0.3 * (9 - 7) = 7.6;
 * p99: h = 6.93, 7 + 0.93 * 2 = 8.86.
 */
static void test_summary_textbook(void)
{
	const double orig[] = { 9, 4, 5, 2, 4, 7, 4, 5 };
	double v[ARRAY_SIZE(orig)];
	struct stats_summary s;

	memcpy(v, orig, sizeof(v));
	CHECK(stats_summarize(v, ARRAY_SIZE(v), &s) == 0, "summarize failed");
	CHECK_EQ_U64(s.n, 8);
	CHECK_NEAR(s.min, 2, 0);
	CHECK_NEAR(s.max, 9, 0);
	CHECK_NEAR(s.mean, 5, 1e-15);
	CHECK_NEAR(s.median, 4.5, 1e-15);
	CHECK_NEAR(s.p90, 7.6, 1e-12);
	CHECK_NEAR(s.p99, 8.86, 1e-12);
	CHECK_NEAR(s.stddev, 2.1380899352993950, 1e-13);
	CHECK_NEAR(s.cv, 2.1380899352993950 / 5, 1e-13);
	CHECK(memcmp(v, orig, sizeof(v)) == 0, "input array was modified");
}

/* 1..10 handed over in descending order: type 7 percentiles, input kept. */
static void test_summary_reversed_1_to_10(void)
{
	double v[10];
	struct stats_summary s;

	for (int i = 0; i < 10; i++)
		v[i] = 10 - i;
	CHECK(stats_summarize(v, 10, &s) == 0, "summarize failed");
	CHECK_NEAR(s.median, 5.5, 1e-12);
	CHECK_NEAR(s.p90, 9.1, 1e-12);
	CHECK_NEAR(s.p99, 9.91, 1e-12);
	CHECK_NEAR(s.min, 1, 0);
	CHECK_NEAR(s.max, 10, 0);
	/* Sum of squared deviations from 5.5 is 82.5; 82.5 / 9 = 55 / 6. */
	CHECK_NEAR(s.stddev, sqrt(55.0 / 6), 1e-13);
	for (int i = 0; i < 10; i++)
		CHECK(v[i] == 10 - i, "v[%d] = %g was reordered", i, v[i]);
}

static void test_summary_small_n(void)
{
	const double one[] = { 3.5 }, two[] = { 3, 1 }, sym[] = { -1, 1 };
	struct stats_summary s;

	/* One sample: no spread to estimate, every percentile is the value. */
	CHECK(stats_summarize(one, 1, &s) == 0, "n=1 failed");
	CHECK_EQ_U64(s.n, 1);
	CHECK_NEAR(s.mean, 3.5, 0);
	CHECK_NEAR(s.median, 3.5, 0);
	CHECK_NEAR(s.p90, 3.5, 0);
	CHECK_NEAR(s.p99, 3.5, 0);
	CHECK_NEAR(s.stddev, 0, 0);
	CHECK_NEAR(s.cv, 0, 0);

	/* {1, 3}: deviations +-1, sample variance 2 / 1. */
	CHECK(stats_summarize(two, 2, &s) == 0, "n=2 failed");
	CHECK_NEAR(s.median, 2, 0);
	CHECK_NEAR(s.stddev, sqrt(2), 1e-15);
	CHECK_NEAR(s.cv, sqrt(2) / 2, 1e-15);

	/* Mean 0: cv is defined as 0 rather than a division by zero. */
	CHECK(stats_summarize(sym, 2, &s) == 0, "mean 0 failed");
	CHECK_NEAR(s.mean, 0, 0);
	CHECK_NEAR(s.stddev, sqrt(2), 1e-15);
	CHECK_NEAR(s.cv, 0, 0);
}

/* A constant series has exactly zero spread, not rounding noise. */
static void test_summary_constant(void)
{
	double v[10];
	struct stats_summary s;

	for (int i = 0; i < 10; i++)
		v[i] = 0.1;
	CHECK(stats_summarize(v, 10, &s) == 0, "summarize failed");
	CHECK(s.mean == 0.1, "mean %.17g", s.mean);
	CHECK(s.stddev == 0, "stddev %.17g", s.stddev);
	CHECK(s.cv == 0, "cv %.17g", s.cv);
}

static void test_summary_rejects(void)
{
	const double ok[] = { 1, 2, 3 };
	const double with_nan[] = { 1, NAN, 3 };
	const double with_inf[] = { 1, 2, -INFINITY };
	struct stats_summary s = { .n = 12345 };

	CHECK(stats_summarize(NULL, 3, &s) == -EINVAL, "NULL v");
	CHECK(stats_summarize(ok, 3, NULL) == -EINVAL, "NULL out");
	CHECK(stats_summarize(ok, 0, &s) == -EINVAL, "n = 0");
	CHECK(stats_summarize(with_nan, 3, &s) == -EINVAL, "NaN");
	CHECK(stats_summarize(with_inf, 3, &s) == -EINVAL, "inf");
	CHECK_EQ_U64(s.n, 12345);	/* untouched on failure */
}

/*
 * Type 7 on 1..10 (h = 9p/100, R's quantile() and numpy's percentile()
 * defaults; Python's statistics.quantiles(method="inclusive") gives the
 * same 1.9, 2.8, ..., 9.1 deciles): p90 h = 8.1 -> 9.1, p50 h = 4.5 ->
 * 5.5, p99 h = 8.91 -> 9.91, p25 h = 2.25 -> 3.25, p10 h = 0.9 -> 1.9.
 */
static void test_percentile_type7(void)
{
	const double v[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
	/*
	 * Uneven gaps, where the percentile definitions disagree (nearest
	 * rank 20, type 6 26): p40 h = 4 * 0.4 = 1.6 -> 20 + 0.6 * 15 = 29.
	 */
	const double w[] = { 15, 20, 35, 40, 50 };
	const double one[] = { 42 };

	CHECK_NEAR(stats_percentile_sorted(v, 10, 0), 1, 0);
	CHECK_NEAR(stats_percentile_sorted(v, 10, 10), 1.9, 1e-12);
	CHECK_NEAR(stats_percentile_sorted(v, 10, 25), 3.25, 1e-12);
	CHECK_NEAR(stats_percentile_sorted(v, 10, 50), 5.5, 1e-12);
	CHECK_NEAR(stats_percentile_sorted(v, 10, 90), 9.1, 1e-12);
	CHECK_NEAR(stats_percentile_sorted(v, 10, 99), 9.91, 1e-12);
	CHECK_NEAR(stats_percentile_sorted(v, 10, 100), 10, 0);
	CHECK_NEAR(stats_percentile_sorted(w, 5, 40), 29, 1e-12);
	CHECK_NEAR(stats_percentile_sorted(w, 5, 75), 40, 1e-12);
	CHECK_NEAR(stats_percentile_sorted(one, 1, 0), 42, 0);
	CHECK_NEAR(stats_percentile_sorted(one, 1, 50), 42, 0);
	CHECK_NEAR(stats_percentile_sorted(one, 1, 100), 42, 0);
}

static void test_percentile_bad_args(void)
{
	const double v[] = { 1, 2, 3 };

	CHECK_NAN(stats_percentile_sorted(v, 0, 50));
	CHECK_NAN(stats_percentile_sorted(NULL, 3, 50));
	CHECK_NAN(stats_percentile_sorted(v, 3, -0.5));
	CHECK_NAN(stats_percentile_sorted(v, 3, 100.5));
	CHECK_NAN(stats_percentile_sorted(v, 3, NAN));
}

/*
 * Two-sided critical values as printed in any table of Student's t
 * (quantile, df): t(0.975, 10) = 2.228, t(0.95, 10) =
 * 1.812, t(0.975, 4) = 2.776, t(0.95, 1) = 6.314 (6.313752 to 7 digits);
 * the tables round t, hence the loose tolerance. The tight second check
 * uses the Python integration described at the top of the file.
 */
static void test_t_table(void)
{
	CHECK_NEAR(stats_t_sf2(2.228, 10), 0.05, 5e-4);
	CHECK_NEAR(stats_t_sf2(2.228, 10), 0.050011771817, 1e-9);
	CHECK_NEAR(stats_t_sf2(1.812, 10), 0.10, 5e-4);
	CHECK_NEAR(stats_t_sf2(1.812, 10), 0.100075262066, 1e-9);
	CHECK_NEAR(stats_t_sf2(2.776, 4), 0.05, 5e-4);
	CHECK_NEAR(stats_t_sf2(2.776, 4), 0.050022778320, 1e-9);
	CHECK_NEAR(stats_t_sf2(6.313752, 1), 0.1, 1e-6);
	CHECK_NEAR(stats_t_sf2(6.313752, 1), 0.099999992439, 1e-9);
	/* Two-sided: the sign of t does not matter. */
	CHECK_NEAR(stats_t_sf2(-2.228, 10), 0.050011771817, 1e-9);
	CHECK_NEAR(stats_t_sf2(0, 10), 1, 0);
	CHECK_NEAR(stats_t_sf2(0, 1), 1, 0);
}

/*
 * Large df tends to the normal: 1.959964 is its 97.5% quantile, so 0.05.
 * The exact value for df = 1e6, from the expansion of the t tail in 1/df,
 * 2 (1 - Phi(t)) + phi(t) (t^3 + t) / (2 df) = 0.0500002754880 (the next
 * term is ~1e-12), agrees with the Python integration 0.050000276007.
 */
static void test_t_large_df(void)
{
	CHECK_NEAR(stats_t_sf2(1.959964, 1e6), 0.05, 1e-4);
	CHECK_NEAR(stats_t_sf2(1.959964, 1e6), 0.0500002754880, 1e-10);
	CHECK_NEAR(stats_t_sf2(1.959964, INFINITY), 0.05, 1e-7);
	CHECK_NEAR(stats_t_sf2(1, INFINITY), 0.31731050786291410, 1e-14);
}

/*
 * Past df = 200 the beta function's log comes from Stirling's series
 * rather than a difference of lgamma() values, which would cost ~1e-8 at
 * df = 1e8. Python integration for df = 201 and 1000; at df = 1e8 the
 * 1/df expansion of the previous test, whose next term is ~1e-17.
 */
static void test_t_stirling_range(void)
{
	CHECK_NEAR(stats_t_sf2(2, 201), 0.046846439927, 1e-12);
	CHECK_NEAR(stats_t_sf2(1, 201), 0.318512843767, 1e-12);
	CHECK_NEAR(stats_t_sf2(3, 1000), 0.002766709044, 1e-12);
	CHECK_NEAR(stats_t_sf2(0.5, 1e8), 0.6170750785521779, 1e-12);
	CHECK_NEAR(stats_t_sf2(1, 1e8), 0.3173105102826214, 1e-12);
	CHECK_REL(stats_t_sf2(3, 1e8), 0.002699796728037453, 1e-8);
}

/*
 * Closed forms of the two-sided tail P(|T| >= t) for small df (see e.g.
 * the "Student's t-distribution" article), arranged without cancellation
 * where the tail gets small:
 *   df = 1 (Cauchy): 1 - 2 atan(t) / pi = 2 atan(1 / t) / pi
 *   df = 2:          1 - t / s = 2 / (s (s + t)),  s = sqrt(t^2 + 2)
 *   df = 3:          1 - 2 (atan(u) + u / (1 + u^2)) / pi,  u = t / sqrt 3
 *   df = 4:          1 - 3/4 w (1 - t^2 / (12 (1 + t^2 / 4))),
 *                    w = t / sqrt(1 + t^2 / 4)
 */
static void test_t_closed_forms(void)
{
	const double ts[] = { 1e-3, 0.1, 0.5, 1, 1.5, 2, 3, 5, 10, 30, 100 };

	/* t = 1, df = 1: 2 (1 - (1/2 + atan(1) / pi)) = 1/2 exactly. */
	CHECK_NEAR(stats_t_sf2(1, 1), 0.5, 1e-14);
	for (unsigned int i = 0; i < ARRAY_SIZE(ts); i++) {
		double t = ts[i], s = sqrt(t * t + 2), u = t / sqrt(3);
		double w = t / sqrt(1 + t * t / 4);

		CHECK_REL(stats_t_sf2(t, 1), 2 * atan(1 / t) / M_PI, 1e-12);
		CHECK_REL(stats_t_sf2(t, 2), 2 / (s * (s + t)), 1e-12);
		if (t <= 10) {
			CHECK_REL(stats_t_sf2(t, 3),
				  1 - 2 * (atan(u) + u / (1 + u * u)) / M_PI, 1e-10);
			CHECK_REL(stats_t_sf2(t, 4),
				  1 - 0.75 * w * (1 - t * t / (12 * (1 + t * t / 4))),
				  1e-10);
		}
	}
	/* Far tail, df = 2: 2 / (s (s + t)) ~ 1 / t^2. */
	CHECK_REL(stats_t_sf2(1e6, 2), 2 / (sqrt(1e12 + 2) * (sqrt(1e12 + 2) + 1e6)),
		  1e-12);
}

static void test_t_bad_args(void)
{
	CHECK_NAN(stats_t_sf2(NAN, 10));
	CHECK_NAN(stats_t_sf2(1, NAN));
	CHECK_NAN(stats_t_sf2(1, 0));
	CHECK_NAN(stats_t_sf2(1, -3));
	CHECK_NEAR(stats_t_sf2(INFINITY, 10), 0, 0);
	CHECK_NEAR(stats_t_sf2(-INFINITY, 1), 0, 0);
}

/*
 * Worked by hand: a = {1, 2, 3, 4}, b = {2, 4, 6, 8, 10, 12}.
 *   mean_a = 2.5, squared deviations 2.25 + 0.25 + 0.25 + 2.25 = 5,
 *   var_a = 5/3;  mean_b = 7, squared deviations 2 (25 + 9 + 1) = 70,
 *   var_b = 70/5 = 14.
 *   se_a^2 = var_a / 4 = 5/12,  se_b^2 = 14 / 6 = 28/12,  sum = 11/4.
 *   t = (2.5 - 7) / sqrt(11/4) = -9 / sqrt(11) = -2.7136021011998722.
 *   df = (11/4)^2 / ((5/12)^2 / 3 + (7/3)^2 / 5)
 *      = (121/16) / (125/2160 + 2352/2160) = 121 * 135 / 2477
 *      = 16335 / 2477 = 6.5946709729511...
 *   p (Python Simpson integration at that df) = 0.031824443781.
 */
static void test_welch_by_hand(void)
{
	const double a[] = { 1, 2, 3, 4 }, b[] = { 2, 4, 6, 8, 10, 12 };
	struct stats_welch w;

	CHECK(stats_welch_test(a, 4, b, 6, &w) == 0, "welch failed");
	CHECK_NEAR(w.mean_a, 2.5, 1e-15);
	CHECK_NEAR(w.mean_b, 7, 1e-15);
	CHECK_NEAR(w.t, -9 / sqrt(11), 1e-13);
	CHECK_NEAR(w.df, 16335.0 / 2477, 1e-12);
	CHECK_NEAR(w.p, 0.031824443781, 1e-9);

	/* Swapping the samples flips t and nothing else. */
	CHECK(stats_welch_test(b, 6, a, 4, &w) == 0, "welch failed");
	CHECK_NEAR(w.t, 9 / sqrt(11), 1e-13);
	CHECK_NEAR(w.df, 16335.0 / 2477, 1e-12);
	CHECK_NEAR(w.p, 0.031824443781, 1e-9);
}

/*
 * The three examples of Wikipedia's "Welch's t-test" article, which
 * publishes t, df and p rounded to 2-3 digits, and a variant of example 3
 * whose B ends in 23.9, 13.3 instead of 24.0, 13.2 (circulating in other
 * test suites; no published figures, so only the Python ones). The
 * precise values are from the Python computation at the top of this
 * file; each agrees with the published rounding.
 */
static const double wp1_a[] = { 27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1,
				 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4 };
static const double wp1_b[] = { 27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0,
				 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4 };
static const double wp2_a[] = { 17.2, 20.9, 22.6, 18.1, 21.7, 21.4, 23.5, 24.2,
				 14.7, 21.8 };
static const double wp2_b[] = { 21.5, 22.8, 21.0, 23.0, 21.6, 23.6, 22.5, 20.7,
				 23.4, 21.8, 20.7, 21.7, 21.5, 22.5, 23.6, 21.5,
				 22.5, 23.5, 21.5, 21.8 };
static const double wp3_a[] = { 19.8, 20.4, 19.6, 17.8, 18.5, 18.9, 18.3, 18.9,
				 19.5, 22.0 };
static const double wp3_b[] = { 28.2, 26.6, 20.1, 23.3, 25.2, 22.1, 17.7, 27.6,
				 20.6, 13.7, 23.2, 17.5, 20.6, 18.0, 23.9, 21.6,
				 24.3, 20.4, 24.0, 13.2 };
static const double wp3v_b[] = { 28.2, 26.6, 20.1, 23.3, 25.2, 22.1, 17.7, 27.6,
				  20.6, 13.7, 23.2, 17.5, 20.6, 18.0, 23.9, 21.6,
				  24.3, 20.4, 23.9, 13.3 };

static void test_welch_wikipedia(void)
{
	static const struct {
		const char *name;
		const double *a, *b;
		size_t na, nb;
		double t, df, p;		/* Python, 12 digits */
		double pub_t, pub_df, pub_p;	/* as published */
	} cases[] = {
		{ "example 1", wp1_a, wp1_b, ARRAY_SIZE(wp1_a), ARRAY_SIZE(wp1_b),
		  -2.455356398286, 24.988529290231, 0.021378001463,
		  -2.46, 25.0, 0.021 },
		{ "example 2", wp2_a, wp2_b, ARRAY_SIZE(wp2_a), ARRAY_SIZE(wp2_b),
		  -1.565433523599, 9.904741248651, 0.148841696605,
		  -1.57, 9.9, 0.149 },
		{ "example 3", wp3_a, wp3_b, ARRAY_SIZE(wp3_a), ARRAY_SIZE(wp3_b),
		  -2.219240915824, 24.496223124201, 0.035972271030,
		  -2.22, 24.5, 0.036 },
		{ "example 3 variant", wp3_a, wp3v_b, ARRAY_SIZE(wp3_a),
		  ARRAY_SIZE(wp3v_b),
		  -2.225512039970, 24.524634944257, 0.035484530830,
		  NAN, NAN, NAN },
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(cases); i++) {
		int failed_before = check_case_failed;
		struct stats_welch w;

		CHECK(stats_welch_test(cases[i].a, cases[i].na, cases[i].b,
				       cases[i].nb, &w) == 0, "welch failed");
		CHECK_NEAR(w.t, cases[i].t, 1e-11);
		CHECK_NEAR(w.df, cases[i].df, 1e-9);
		CHECK_NEAR(w.p, cases[i].p, 1e-9);
		if (!isnan(cases[i].pub_t)) {
			CHECK_NEAR(w.t, cases[i].pub_t, 0.005);
			CHECK_NEAR(w.df, cases[i].pub_df, 0.05);
			CHECK_NEAR(w.p, cases[i].pub_p, 0.0005);
		}
		if (check_case_failed != failed_before)
			fprintf(stderr, "  ^ in %s\n", cases[i].name);
	}
}

static void test_welch_degenerate(void)
{
	const double a[] = { 1, 2, 3, 4 };
	const double fives[] = { 5, 5, 5, 5 }, sevens[] = { 7, 7 };
	const double one_to_five[] = { 1, 2, 3, 4, 5 };
	double tenths[10];
	struct stats_welch w;

	/* Identical samples: no difference at all. */
	CHECK(stats_welch_test(a, 4, a, 4, &w) == 0, "identical failed");
	CHECK_NEAR(w.t, 0, 0);
	CHECK_NEAR(w.p, 1, 0);
	CHECK_NEAR(w.df, 6, 1e-12);	/* equal n and variance: 2n - 2 */

	/* No variance anywhere, equal means. */
	CHECK(stats_welch_test(fives, 4, fives, 2, &w) == 0, "equal const failed");
	CHECK_NEAR(w.t, 0, 0);
	CHECK_NEAR(w.p, 1, 0);
	CHECK_NAN(w.df);

	/*
	 * The same for a value with no exact binary form: the means must
	 * come out exactly 0.1 both times, with exactly zero variance.
	 */
	for (int i = 0; i < 10; i++)
		tenths[i] = 0.1;
	CHECK(stats_welch_test(tenths, 10, tenths, 3, &w) == 0, "0.1 failed");
	CHECK_NEAR(w.t, 0, 0);
	CHECK_NEAR(w.p, 1, 0);

	/* No variance, different means: certainly different. */
	CHECK(stats_welch_test(fives, 4, sevens, 2, &w) == 0, "unequal const failed");
	CHECK(w.t == -INFINITY, "t = %g", w.t);
	CHECK_NEAR(w.p, 0, 0);
	CHECK_NEAR(w.mean_a, 5, 0);
	CHECK_NEAR(w.mean_b, 7, 0);
	CHECK(stats_welch_test(sevens, 2, fives, 4, &w) == 0, "unequal const failed");
	CHECK(w.t == INFINITY, "t = %g", w.t);
	CHECK_NEAR(w.p, 0, 0);

	/*
	 * One side constant: all the noise is b's. var_b = 10/4 = 2.5,
	 * se^2 = 2.5 / 5 = 0.5, t = (5 - 3) / sqrt(0.5) = 2 sqrt 2, and
	 * Welch-Satterthwaite reduces to nb - 1 = 4. By the df = 4 closed
	 * form above with t^2 = 8: 1 - 3/4 (2 sqrt(2/3)) (7/9)
	 * = 1 - 7 sqrt(6) / 18 = 0.04742065558432 (Python integration:
	 * 0.047420655584).
	 */
	CHECK(stats_welch_test(fives, 4, one_to_five, 5, &w) == 0, "one const failed");
	CHECK_NEAR(w.t, 2 * sqrt(2), 1e-14);
	CHECK_NEAR(w.df, 4, 1e-12);
	CHECK_NEAR(w.p, 1 - 7 * sqrt(6) / 18, 1e-12);
}

static void test_welch_rejects(void)
{
	const double a[] = { 1, 2, 3 }, nan3[] = { 1, NAN, 3 };
	const double inf3[] = { 1, INFINITY, 3 };
	struct stats_welch w = { .p = 42 };

	CHECK(stats_welch_test(a, 1, a, 3, &w) == -EINVAL, "na = 1");
	CHECK(stats_welch_test(a, 3, a, 1, &w) == -EINVAL, "nb = 1");
	CHECK(stats_welch_test(a, 0, a, 3, &w) == -EINVAL, "na = 0");
	CHECK(stats_welch_test(NULL, 3, a, 3, &w) == -EINVAL, "NULL a");
	CHECK(stats_welch_test(a, 3, NULL, 3, &w) == -EINVAL, "NULL b");
	CHECK(stats_welch_test(a, 3, a, 3, NULL) == -EINVAL, "NULL out");
	CHECK(stats_welch_test(nan3, 3, a, 3, &w) == -EINVAL, "NaN in a");
	CHECK(stats_welch_test(a, 3, nan3, 3, &w) == -EINVAL, "NaN in b");
	CHECK(stats_welch_test(a, 3, inf3, 3, &w) == -EINVAL, "inf in b");
	CHECK_NEAR(w.p, 42, 0);	/* untouched on failure */
}

static void test_pct_delta(void)
{
	CHECK_NEAR(stats_pct_delta(10, 12), 20, 1e-12);
	CHECK_NEAR(stats_pct_delta(10, 8), -20, 1e-12);
	CHECK_NEAR(stats_pct_delta(200, 100), -50, 1e-12);
	CHECK_NEAR(stats_pct_delta(3, 3), 0, 0);
	CHECK_NAN(stats_pct_delta(0, 5));
	CHECK_NAN(stats_pct_delta(0, 0));
}

static void test_compare_doubles(void)
{
	double v[] = { 3, -1, 2.5, 1e300, -1e-300, 0, 2.5 };
	const double want[] = { -1, -1e-300, 0, 2.5, 2.5, 3, 1e300 };
	double x = 1, y = 2;

	CHECK(stats_compare_doubles(&x, &y) < 0, "1 < 2");
	CHECK(stats_compare_doubles(&y, &x) > 0, "2 > 1");
	CHECK(stats_compare_doubles(&x, &x) == 0, "1 == 1");
	qsort(v, ARRAY_SIZE(v), sizeof(v[0]), stats_compare_doubles);
	CHECK(memcmp(v, want, sizeof(v)) == 0, "qsort order");
}

/*
 * Mann-Whitney U. Exact cases by counting: with 3 and 3 values there are
 * C(6,3) = 20 rank orders, and the number with U = 0..9 is
 * 1 1 2 3 3 3 3 2 1 1 (the coefficients of the Gaussian binomial [6 3]).
 */
static void test_mann_whitney_exact(void)
{
	const double lo[] = { 1, 2, 3 }, hi[] = { 4, 5, 6 };
	const double odd[] = { 1, 3, 5 }, even[] = { 2, 4, 6 };
	struct stats_mwu m;

	CHECK_EQ_INT(stats_mann_whitney(lo, 3, hi, 3, &m), 0);
	CHECK_NEAR(m.u, 0, 0);
	CHECK_EQ_INT(m.exact, 1);
	CHECK_NEAR(m.p, 2.0 / 20, 1e-12);	/* P(U <= 0) = 1/20, both tails */
	CHECK_EQ_INT(stats_mann_whitney(hi, 3, lo, 3, &m), 0);
	CHECK_NEAR(m.u, 9, 0);
	CHECK_NEAR(m.auc, 1, 0);
	CHECK_NEAR(m.p, 0.1, 1e-12);
	/* 3>2, 5>2, 5>4: U = 3; P(U <= 3) = 7/20 is the smaller tail. */
	CHECK_EQ_INT(stats_mann_whitney(odd, 3, even, 3, &m), 0);
	CHECK_NEAR(m.u, 3, 0);
	CHECK_NEAR(m.p, 0.7, 1e-12);
}

/*
 * Ties take the normal approximation. {1,1,2} against {1,2,2}: mid-ranks
 * 2,2,5 for a, U = 9 - 6 = 3, mean 4.5, tie term 24 + 24, so
 * sigma = sqrt(9/12 * (7 - 48/30)) and p = erfc((|3 - 4.5| - 0.5) /
 * sigma / sqrt 2) (Python: 0.6192567541768621). 25 values wholly below 25
 * others: U = 0, sigma = sqrt(625 * 51 / 12), p = 1.4156562248495634e-09.
 */
static void test_mann_whitney_normal(void)
{
	const double a[] = { 1, 1, 2 }, b[] = { 1, 2, 2 }, same[] = { 5, 5 };
	double low[25], high[25];
	struct stats_mwu m;

	CHECK_EQ_INT(stats_mann_whitney(a, 3, b, 3, &m), 0);
	CHECK_EQ_INT(m.exact, 0);
	CHECK_NEAR(m.u, 3, 1e-12);
	CHECK_NEAR(m.p, 0.6192567541768621, 1e-12);
	for (int i = 0; i < 25; i++) {
		low[i] = i;
		high[i] = 25 + i;
	}
	CHECK_EQ_INT(stats_mann_whitney(low, 25, high, 25, &m), 0);
	CHECK_EQ_INT(m.exact, 0);
	CHECK_NEAR(m.p / 1.4156562248495634e-09, 1, 1e-9);
	CHECK_EQ_INT(stats_mann_whitney(same, 2, same, 2, &m), 0);
	CHECK_NEAR(m.p, 1, 0);
	/* Bad input. */
	CHECK_EQ_INT(stats_mann_whitney(a, 0, b, 3, &m), -EINVAL);
	low[3] = NAN;
	CHECK_EQ_INT(stats_mann_whitney(low, 25, high, 25, &m), -EINVAL);
}

int main(void)
{
	RUN(test_summary_textbook);
	RUN(test_summary_reversed_1_to_10);
	RUN(test_summary_small_n);
	RUN(test_summary_constant);
	RUN(test_summary_rejects);
	RUN(test_percentile_type7);
	RUN(test_percentile_bad_args);
	RUN(test_t_table);
	RUN(test_t_large_df);
	RUN(test_t_stirling_range);
	RUN(test_t_closed_forms);
	RUN(test_t_bad_args);
	RUN(test_welch_by_hand);
	RUN(test_welch_wikipedia);
	RUN(test_welch_degenerate);
	RUN(test_welch_rejects);
	RUN(test_mann_whitney_exact);
	RUN(test_mann_whitney_normal);
	RUN(test_pct_delta);
	RUN(test_compare_doubles);
	return CHECK_DONE();
}
