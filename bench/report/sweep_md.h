/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A sweep's report (the folder: bench/core/sweep_dir.h): every point's
 * report.md, and sweep.md with plots against the swept key, the crossover
 * points named.
 */
#ifndef CMABULK_SWEEP_MD_H
#define CMABULK_SWEEP_MD_H

#include <stdbool.h>

/*
 * Render every point's report.md and the sweep's sweep.md and plots from
 * the data (gnuplot when @plot and it is installed). 0, or 1 with the
 * reason on stderr.
 */
int sweep__report(const char *dir, bool plot);

#endif
