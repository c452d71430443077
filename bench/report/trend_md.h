/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Many runs side by side (bench/core/trend.h), for people: a table per
 * strategy on a terminal, and DIR/trend.md with a gnuplot plot per
 * strategy (DIR/plots/trend_<strategy>.svg: median and p90 latency per
 * run, and the band around the first run's median within which a change
 * is "same").
 */
#ifndef CMABULK_TREND_MD_H
#define CMABULK_TREND_MD_H

#include <stdbool.h>
#include <stdio.h>

#include "bench/core/trend.h"

/* The runs, then per strategy a row per run, then the result line. */
void trend_md__print(const struct trend *t, FILE *f);

/*
 * DIR/trend.md and DIR/plots/ (the data, trend.gp, and SVGs when gnuplot
 * is here and @plot). DIR is made if missing. 0, or 1 after one line.
 */
int trend_md__write(const struct trend *t, const char *dir, bool plot);

#endif
