/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The report's picture of the run's timeline, for readers without Perfetto:
 * for the median trial of each strategy (by latency), every window its
 * calls tried, as a bar from its start to its end (x: ms since the request
 * was written) at its place in the area (y: MiB from the lowest window),
 * coloured by outcome. Read from the run's trace.perfetto(.gz) with the
 * trials' boot_start_ns, both CLOCK_BOOTTIME.
 */
#ifndef CMABULK_TIMELINE_PLOT_H
#define CMABULK_TIMELINE_PLOT_H

#include <stdio.h>

#include "bench/core/results_dir.h"

/*
 * Write DIR/plots/timeline_<strategy>.dat and .plot, and to @gp the
 * commands that render each as timeline_<strategy>.svg. Returns how many
 * strategies it plotted: 0 for a run without a timeline (untraced, or
 * older than boot_start_ns) or whose trace cannot be read (said on stderr).
 */
int timeline_plot__write(const char *dir, const struct results_dir *r, FILE *gp);

#endif
