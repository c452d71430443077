// SPDX-License-Identifier: GPL-2.0
/* Percentile bootstrap intervals and verdicts; see bootstrap.h. */
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "lib/bootstrap.h"
#include "lib/stats.h"

void boot_rng_seed(struct boot_rng *r, uint64_t seed)
{
	r->state = seed;
}

uint64_t boot_rng_next(struct boot_rng *r)
{
	uint64_t z = (r->state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

double boot_rng_uniform(struct boot_rng *r)
{
	return (boot_rng_next(r) >> 11) * 0x1.0p-53;
}

double boot_rng_normal(struct boot_rng *r)
{
	double u1 = 1.0 - boot_rng_uniform(r);	/* (0, 1]: log() is finite */
	double u2 = boot_rng_uniform(r);

	return sqrt(-2.0 * log(u1)) * cos(2.0 * M_PI * u2);
}

/* An index in [0, n): the multiply-shift map, unbiased enough for n << 2^32. */
static size_t pick(struct boot_rng *r, size_t n)
{
	return (size_t)(((boot_rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

static bool all_finite(const double *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isfinite(v[i]))
			return false;
	return true;
}

/* The statistic a resample is reduced to. */
enum boot_stat { STAT_QUANTILE, STAT_MEAN };

/* Draw n values of @v with replacement into @buf and reduce them. */
static double resample(struct boot_rng *r, const double *v, size_t n,
		       enum boot_stat stat, double p, double *buf)
{
	double sum = 0;

	for (size_t i = 0; i < n; i++) {
		buf[i] = v[pick(r, n)];
		sum += buf[i];
	}
	if (stat == STAT_MEAN)
		return sum / n;
	qsort(buf, n, sizeof(*buf), stats_compare_doubles);
	return stats_percentile_sorted(buf, n, p);
}

static double reduce(const double *v, size_t n, enum boot_stat stat, double p,
		     double *buf)
{
	double sum = 0;

	for (size_t i = 0; i < n; i++)
		sum += v[i];
	if (stat == STAT_MEAN)
		return sum / n;
	memcpy(buf, v, n * sizeof(*v));
	qsort(buf, n, sizeof(*buf), stats_compare_doubles);
	return stats_percentile_sorted(buf, n, p);
}

enum boot_combine { ONE_SAMPLE, RATIO, DIFFERENCE };

/*
 * The common loop: @reps statistics of resamples of @a (and of @b when
 * combined), sorted, and their central @level quantiles.
 */
static int bootstrap(const double *a, size_t na, const double *b, size_t nb,
		     enum boot_stat stat, double p, enum boot_combine how,
		     const struct boot_opts *o, struct boot_ci *out)
{
	unsigned int reps = o && o->reps ? o->reps : BOOT_DEFAULT_REPS;
	double level = o && o->level > 0 ? o->level : 0.95;
	struct boot_rng rng;
	double *buf, *stats;
	double ea, eb;

	if (!a || !na || !all_finite(a, na) || !(p >= 0 && p <= 100) || !(level < 1))
		return -EINVAL;
	if (how != ONE_SAMPLE && (!b || !nb || !all_finite(b, nb)))
		return -EINVAL;
	if (how == RATIO)
		for (size_t i = 0; i < na; i++)
			if (a[i] <= 0)
				return -EDOM;
	buf = malloc((na > nb ? na : nb) * sizeof(*buf));
	stats = malloc(reps * sizeof(*stats));
	if (!buf || !stats) {
		free(buf);
		free(stats);
		return -ENOMEM;
	}
	boot_rng_seed(&rng, o ? o->seed : BOOT_DEFAULT_SEED);
	ea = reduce(a, na, stat, p, buf);
	eb = how == ONE_SAMPLE ? 0 : reduce(b, nb, stat, p, buf);
	for (unsigned int i = 0; i < reps; i++) {
		double sa = resample(&rng, a, na, stat, p, buf);
		double sb = how == ONE_SAMPLE ? 0 : resample(&rng, b, nb, stat, p, buf);

		stats[i] = how == RATIO ? sb / sa : how == DIFFERENCE ? sb - sa : sa;
	}
	qsort(stats, reps, sizeof(*stats), stats_compare_doubles);
	out->estimate = how == RATIO ? eb / ea : how == DIFFERENCE ? eb - ea : ea;
	out->lo = stats_percentile_sorted(stats, reps, 100 * (1 - level) / 2);
	out->hi = stats_percentile_sorted(stats, reps, 100 * (1 + level) / 2);
	out->level = level;
	out->reps = reps;
	free(buf);
	free(stats);
	return 0;
}

int boot_quantile_ci(const double *v, size_t n, double p,
		     const struct boot_opts *o, struct boot_ci *out)
{
	if (!out)
		return -EINVAL;
	return bootstrap(v, n, NULL, 0, STAT_QUANTILE, p, ONE_SAMPLE, o, out);
}

int boot_ratio_ci(const double *a, size_t na, const double *b, size_t nb,
		  double p, const struct boot_opts *o, struct boot_ci *out)
{
	if (!out)
		return -EINVAL;
	return bootstrap(a, na, b, nb, STAT_QUANTILE, p, RATIO, o, out);
}

int boot_mean_diff_ci(const double *a, size_t na, const double *b, size_t nb,
		      const struct boot_opts *o, struct boot_ci *out)
{
	if (!out)
		return -EINVAL;
	return bootstrap(a, na, b, nb, STAT_MEAN, 50, DIFFERENCE, o, out);
}

enum boot_verdict boot_verdict_of(const struct boot_ci *ci, double center,
				  double threshold)
{
	double low = center - threshold, high = center + threshold;

	if (!ci || isnan(ci->lo) || isnan(ci->hi) || isnan(threshold))
		return BOOT_UNKNOWN;
	if (ci->hi < low)
		return BOOT_LOWER;
	if (ci->lo > high)
		return BOOT_HIGHER;
	if (ci->lo >= low && ci->hi <= high)
		return BOOT_SAME;
	return BOOT_UNKNOWN;
}

enum boot_verdict boot_verdict_n(const struct boot_ci *ci, size_t na, size_t nb,
				 double center, double threshold)
{
	if (na < BOOT_MIN_VERDICT_N || nb < BOOT_MIN_VERDICT_N)
		return BOOT_UNKNOWN;
	return boot_verdict_of(ci, center, threshold);
}
