/* SPDX-License-Identifier: GPL-2.0 */
/* report.md and its plots, from a results folder alone. */
#ifndef CMABULK_REPORT_MD_H
#define CMABULK_REPORT_MD_H

#include <stdbool.h>

/*
 * Write DIR/report.md and DIR/plots/ (gnuplot data and scripts; SVGs when
 * gnuplot is installed and @plot). Returns 0 or 1 with a reason on stderr.
 */
int report_md__write(const char *dir, bool plot, bool print_headline);

#endif
