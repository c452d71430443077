// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/stats.h"

int stats_compare_doubles(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static bool all_finite(const double *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isfinite(v[i]))
			return false;
	return true;
}

/*
 * Mean as v[0] + mean(v[i] - v[0]): the shift keeps the sum small when
 * the values sit far from zero (timestamps, large byte counts), and a
 * constant series gets exactly its value back, so its variance below is
 * exactly 0 rather than rounding noise. The zero-variance cases of the
 * t-test depend on that.
 */
static double mean_of(const double *v, size_t n)
{
	double sum = 0;

	for (size_t i = 1; i < n; i++)
		sum += v[i] - v[0];
	return v[0] + sum / n;
}

/* Sample variance (n - 1), two passes: no E[x^2] - E[x]^2 cancellation. */
static double variance_of(const double *v, size_t n, double mean)
{
	double ss = 0;

	if (n < 2)
		return 0;
	for (size_t i = 0; i < n; i++)
		ss += (v[i] - mean) * (v[i] - mean);
	return ss / (n - 1);
}

double stats_percentile_sorted(const double *sorted, size_t n, double p)
{
	double h, frac;
	size_t lo;

	if (!sorted || !n || !(p >= 0 && p <= 100))
		return NAN;
	h = (n - 1) * p / 100;
	lo = (size_t)h;
	if (lo >= n - 1)
		return sorted[n - 1];
	frac = h - lo;
	/* lo + frac * (hi - lo) returns sorted[lo] exactly when frac is 0. */
	return sorted[lo] + frac * (sorted[lo + 1] - sorted[lo]);
}

int stats_summarize(const double *v, size_t n, struct stats_summary *out)
{
	double *s;

	if (!v || !n || !out || !all_finite(v, n))
		return -EINVAL;
	if (n > SIZE_MAX / sizeof(*s))
		return -ENOMEM;
	s = malloc(n * sizeof(*s));
	if (!s)
		return -ENOMEM;
	memcpy(s, v, n * sizeof(*s));
	qsort(s, n, sizeof(*s), stats_compare_doubles);

	out->n = n;
	out->min = s[0];
	out->max = s[n - 1];
	out->mean = mean_of(s, n);
	out->median = stats_percentile_sorted(s, n, 50);
	out->p90 = stats_percentile_sorted(s, n, 90);
	out->p99 = stats_percentile_sorted(s, n, 99);
	out->stddev = sqrt(variance_of(s, n, out->mean));
	out->cv = out->mean != 0 ? out->stddev / out->mean : 0;
	free(s);
	return 0;
}

/*
 * The regularized incomplete beta function I_x(a, b) for a, b > 0, with
 * y = 1 - x passed in by the caller, who can often compute it without the
 * cancellation of 1 - x (the t distribution has both as ratios).
 *
 * It rests on the continued fraction (DLMF 8.17.22)
 *
 *   I_x(a,b) = x^a y^b / (a B(a,b)) * 1 / (1 + d1 / (1 + d2 / (1 + ...)))
 *
 *   d(2m)   =  m (b - m) x / ((a + 2m - 1) (a + 2m))
 *   d(2m+1) = -(a + m) (a + b + m) x / ((a + 2m) (a + 2m + 1))
 *
 * which converges fast for x < (a + 1) / (a + b + 2). Above that point
 * the mirror identity I_x(a,b) = 1 - I_y(b,a) puts the argument below
 * it: (b + 1) / (a + b + 2) is exactly 1 minus the threshold.
 *
 * betai_cf() evaluates g = 1 + d1 / (1 + d2 / (1 + ...)) by the modified
 * Lentz method: of the convergents g_j = A_j / B_j it carries only the
 * ratios C = A_j / A_(j-1) and D = B_(j-1) / B_j, each by a one-term
 * recurrence from j - 1 (A and B themselves soon over- or underflow), and
 * multiplies g by C * D until that factor is 1 to working precision.
 * Evaluating forwards needs no guess of the depth up front; zeros of C or
 * D (which would divide by zero in the next step) are nudged to a tiny
 * value, which is what "modified" refers to.
 */
static double betai_cf(double a, double b, double x)
{
	/*
	 * The t distribution needs at most ~100 terms for any df (measured
	 * from 1 to 1e12); the cap only bounds the loop should some argument
	 * fail to converge.
	 */
	const int max_iter = 10000;
	const double tiny = 1e-300, eps = 4 * DBL_EPSILON;
	double g = 1, c = 1, d = 0;

	for (int j = 1; j <= max_iter; j++) {
		double m = j / 2, dj, delta;

		/* j = 2m + 1 or j = 2m, as in the formulas above. */
		if (j % 2)
			dj = -(a + m) * (a + b + m) * x /
			     ((a + 2 * m) * (a + 2 * m + 1));
		else
			dj = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
		d = 1 + dj * d;
		if (fabs(d) < tiny)
			d = tiny;
		c = 1 + dj / c;
		if (fabs(c) < tiny)
			c = tiny;
		d = 1 / d;
		delta = c * d;
		g *= delta;
		if (fabs(delta - 1) < eps)
			break;
	}
	return g;
}

/*
 * log Gamma(z + d) - log Gamma(z) for z >= 100, d > 0, from Stirling's
 * series log Gamma(z) = (z - 1/2) log z - z + log(2 pi) / 2 + s(z) with
 * s(z) = 1/(12z) - 1/(360z^3) + 1/(1260z^5) - ...; the next term is below
 * 1e-17 at z = 100. Subtracting two lgamma() values instead loses about
 * z log z * DBL_EPSILON: 1e-8 at the 1e7 degrees of freedom a t-test of
 * long runs can reach, and whole digits beyond.
 */
static double stirling_s(double z)
{
	double z2 = z * z;

	return (1.0 / 12 - (1.0 / 360 - 1.0 / (1260 * z2)) / z2) / z;
}

static double lgamma_ratio(double z, double d)
{
	return (z - 0.5) * log1p(d / z) + d * log(z + d) - d +
	       stirling_s(z + d) - stirling_s(z);
}

/* log B(a, b) = log Gamma(a) + log Gamma(b) - log Gamma(a + b). */
static double log_beta(double a, double b)
{
	double big = fmax(a, b), small = fmin(a, b);

	if (big < 100)
		return lgamma(a) + lgamma(b) - lgamma(a + b);
	return lgamma(small) - lgamma_ratio(big, small);
}

/* I_x(a,b) straight from the continued fraction, for x below threshold. */
static double betai_direct(double a, double b, double x, double y)
{
	double log_x, log_y, log_front;

	/* log1p of the small complement keeps the digits of a value near 1. */
	log_x = x < 0.5 ? log(x) : log1p(-y);
	log_y = y < 0.5 ? log(y) : log1p(-x);
	/* x^a y^b / (a B(a,b)) in logs: the powers alone under/overflow. */
	log_front = a * log_x + b * log_y - log_beta(a, b) - log(a);
	return exp(log_front) / betai_cf(a, b, x);
}

static double betai(double a, double b, double x, double y)
{
	if (x <= 0)
		return 0;
	if (y <= 0)
		return 1;
	/*
	 * Decide once: x and y need not sum to exactly 1 after rounding, so
	 * re-testing on the mirrored side could bounce back and forth.
	 */
	if (x < (a + 1) / (a + b + 2))
		return betai_direct(a, b, x, y);
	return 1 - betai_direct(b, a, y, x);
}

/*
 * For T with df = v degrees of freedom, P(|T| >= t) = I_x(v/2, 1/2) with
 * x = v / (v + t^2): the t density integrates to a beta distribution in x.
 */
double stats_t_sf2(double t, double df)
{
	double r;

	if (isnan(t) || isnan(df) || df <= 0)
		return NAN;
	if (isinf(df))
		return erfc(fabs(t) / M_SQRT2);
	/* x = 1 / (1 + r), 1 - x = r / (1 + r): no 1 - x cancellation. */
	r = (t / sqrt(df)) * (t / sqrt(df));
	if (r == 0)
		return 1;
	if (isinf(r))
		return 0;
	return betai(df / 2, 0.5, 1 / (1 + r), r / (1 + r));
}

int stats_welch_test(const double *a, size_t na, const double *b, size_t nb,
		     struct stats_welch *out)
{
	double ma, mb, sa, sb, se2;

	if (!a || !b || !out || na < 2 || nb < 2 ||
	    !all_finite(a, na) || !all_finite(b, nb))
		return -EINVAL;

	ma = mean_of(a, na);
	mb = mean_of(b, nb);
	/* Squared standard errors of the two means. */
	sa = variance_of(a, na, ma) / na;
	sb = variance_of(b, nb, mb) / nb;
	se2 = sa + sb;

	out->mean_a = ma;
	out->mean_b = mb;
	if (se2 == 0) {
		/* No noise at all: the means are either equal or surely not. */
		out->df = NAN;
		if (ma == mb) {
			out->t = 0;
			out->p = 1;
		} else {
			out->t = ma > mb ? INFINITY : -INFINITY;
			out->p = 0;
		}
		return 0;
	}
	out->t = (ma - mb) / sqrt(se2);
	/*
	 * Welch-Satterthwaite df = se2^2 / (sa^2/(na-1) + sb^2/(nb-1)),
	 * written with the weights sa/se2 and sb/se2 (summing to 1) so that
	 * tiny or huge variances cannot under- or overflow the squares.
	 */
	sa /= se2;
	sb /= se2;
	out->df = 1 / (sa * sa / (na - 1) + sb * sb / (nb - 1));
	out->p = stats_t_sf2(out->t, out->df);
	return 0;
}

/* Standard normal upper tail, P(Z >= z). */
static double normal_sf(double z)
{
	return 0.5 * erfc(z / M_SQRT2);
}

/*
 * Exact two-sided p of U = @u for sizes @m, @n without ties: count[k] =
 * rank orders of m a's and n b's with U = k, built one size at a time
 * (the largest value is an a, adding n to U, or a b, adding nothing).
 */
static int mwu_exact_p(size_t m, size_t n, double u, double *p)
{
	size_t max = m * n, stride = max + 1;
	double *f = calloc((m + 1) * (n + 1) * stride, sizeof(double));
	double total = 0, below = 0, above = 0;
	const double *last;

	if (!f)
		return -ENOMEM;
#define F(i, j) (f + ((i) * (n + 1) + (j)) * stride)
	for (size_t i = 0; i <= m; i++) {
		for (size_t j = 0; j <= n; j++) {
			double *c = F(i, j);

			if (!i || !j) {
				c[0] = 1;
				continue;
			}
			for (size_t k = 0; k <= i * j; k++)
				c[k] = (k >= j ? F(i - 1, j)[k - j] : 0) + F(i, j - 1)[k];
		}
	}
	last = F(m, n);
#undef F
	for (size_t k = 0; k <= max; k++) {
		total += last[k];
		if (k <= u)
			below += last[k];
		if (k >= u)
			above += last[k];
	}
	free(f);
	*p = fmin(1.0, 2 * fmin(below, above) / total);
	return 0;
}

struct ranked {
	double v;
	int from_a;
};

static int cmp_ranked(const void *x, const void *y)
{
	return stats_compare_doubles(&((const struct ranked *)x)->v,
				     &((const struct ranked *)y)->v);
}

int stats_mann_whitney(const double *a, size_t na, const double *b, size_t nb,
		       struct stats_mwu *out)
{
	size_t n = na + nb, i, j;
	double rank_sum_a = 0, tie_term = 0, mu, sigma, u, d;
	struct ranked *all;
	bool ties = false;
	int err = 0;

	if (!a || !b || !out || !na || !nb || !all_finite(a, na) || !all_finite(b, nb))
		return -EINVAL;
	all = malloc(n * sizeof(*all));
	if (!all)
		return -ENOMEM;
	for (i = 0; i < na; i++)
		all[i] = (struct ranked){ a[i], 1 };
	for (i = 0; i < nb; i++)
		all[na + i] = (struct ranked){ b[i], 0 };
	qsort(all, n, sizeof(*all), cmp_ranked);
	/* Mid-ranks: a run of equal values shares the mean of its ranks. */
	for (i = 0; i < n; i = j) {
		double mid, t;

		for (j = i + 1; j < n && all[j].v == all[i].v; j++)
			;
		mid = (i + 1 + j) / 2.0;
		t = j - i;
		if (t > 1) {
			ties = true;
			tie_term += t * t * t - t;
		}
		for (size_t k = i; k < j; k++)
			if (all[k].from_a)
				rank_sum_a += mid;
	}
	free(all);
	u = rank_sum_a - na * (na + 1) / 2.0;
	out->u = u;
	out->auc = u / ((double)na * nb);
	out->z = NAN;
	out->exact = 0;
	mu = na * (double)nb / 2;
	sigma = sqrt(na * (double)nb / 12 * ((n + 1) - tie_term / ((double)n * (n - 1))));
	if (!ties && na * nb <= 400) {
		err = mwu_exact_p(na, nb, u, &out->p);
		out->exact = !err;
		return err;
	}
	if (!(sigma > 0)) {	/* every value equal */
		out->z = 0;
		out->p = 1;
		return 0;
	}
	d = fabs(u - mu) - 0.5;
	out->z = (u - mu) / sigma;
	out->p = d <= 0 ? 1.0 : fmin(1.0, 2 * normal_sf(d / sigma));
	return 0;
}

double stats_pct_delta(double base, double value)
{
	if (base == 0)
		return NAN;
	return 100 * (value - base) / base;
}
