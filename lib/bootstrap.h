/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Confidence intervals that know when they do not know: a seeded
 * percentile bootstrap for a quantile of one series of trials, for the
 * ratio of two series' quantiles (B / A) and for the difference of their
 * means (B - A), and the verdict a comparison draws from such an interval.
 *
 * Percentile method, not BCa: each resample draws n values with
 * replacement, the statistic of every resample is sorted, and the interval
 * is the (1 - level) / 2 and (1 + level) / 2 quantiles (type 7) of them.
 * With the few trials a guest run affords (8 to 30), BCa's acceleration
 * estimate (a jackknife over n points) is itself too noisy to buy
 * accuracy, and the percentile interval is the one readers can redo with
 * any tool. The generator is splitmix64 from @seed, so a report prints the
 * same interval every time it is rendered.
 */
#ifndef CMABULK_BOOTSTRAP_H
#define CMABULK_BOOTSTRAP_H

#include <stddef.h>
#include <stdint.h>

/* splitmix64: tiny, seedable, and good enough for resampling. */
struct boot_rng {
	uint64_t state;
};

void boot_rng_seed(struct boot_rng *r, uint64_t seed);
uint64_t boot_rng_next(struct boot_rng *r);
/* Uniform in [0, 1), 53 bits. */
double boot_rng_uniform(struct boot_rng *r);
/* Standard normal (Box-Muller), for simulations. */
double boot_rng_normal(struct boot_rng *r);

struct boot_opts {
	unsigned int reps;	/* resamples; 0: BOOT_DEFAULT_REPS */
	double level;		/* 0.95 for a 95% interval; 0: 0.95 */
	uint64_t seed;
};

#define BOOT_DEFAULT_REPS	2000
#define BOOT_DEFAULT_SEED	1

struct boot_ci {
	double estimate;	/* the statistic of the samples themselves */
	double lo, hi;
	double level;
	unsigned int reps;
};

/*
 * The @p-th percentile (0..100, type 7) of @v[0..@n), with its interval.
 * -EINVAL for n == 0, p out of range or a value that is not finite;
 * -ENOMEM. @out is written only on success.
 */
int boot_quantile_ci(const double *v, size_t n, double p,
		     const struct boot_opts *o, struct boot_ci *out);

/*
 * quantile_p(@b) / quantile_p(@a), @a and @b resampled independently.
 * -EDOM when a value of @a is <= 0 (the ratio could divide by zero),
 * else as boot_quantile_ci().
 */
int boot_ratio_ci(const double *a, size_t na, const double *b, size_t nb,
		  double p, const struct boot_opts *o, struct boot_ci *out);

/* mean(@b) - mean(@a), for metrics that can be 0 (success ratios). */
int boot_mean_diff_ci(const double *a, size_t na, const double *b, size_t nb,
		      const struct boot_opts *o, struct boot_ci *out);

/*
 * What an interval says about B against A, with @center the value of "no
 * change" (1 for a ratio, 0 for a difference) and @threshold how far from
 * it a change must be to matter (0.05: 5% of a ratio, or 0.05 of a
 * difference): LOWER or HIGHER when the whole interval lies beyond
 * center -/+ threshold, SAME when it lies within, UNKNOWN otherwise (more
 * trials would tell). A NaN interval is UNKNOWN.
 */
enum boot_verdict {
	BOOT_SAME,
	BOOT_LOWER,
	BOOT_HIGHER,
	BOOT_UNKNOWN,
};

enum boot_verdict boot_verdict_of(const struct boot_ci *ci, double center,
				  double threshold);

/*
 * The fewest trials a side for a verdict. Measured by seeded simulation
 * (ratio of medians, threshold 5%, log-normal latencies, 400 repetitions):
 * the 95% interval covered the true ratio 89-93% of the time at 3 or 4
 * trials a side and 96-98% from 5, and with a 15% CV (a loaded host) two
 * samples of one distribution were called faster or slower 5.2% of the
 * time at 3 trials, 3.0% at 4 and 0.3% at 5 (normal draws: 4% at 3,
 * 1.3% at 5). test_bootstrap holds it.
 */
#define BOOT_MIN_VERDICT_N	5

/* boot_verdict_of(), and UNKNOWN while a side has fewer than BOOT_MIN_VERDICT_N. */
enum boot_verdict boot_verdict_n(const struct boot_ci *ci, size_t na, size_t nb,
				 double center, double threshold);

#endif
