/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A gnuplot plot with one data block per series (strategy): NAME.dat
 * holds the blocks, NAME.plot the plot command naming each, for a script
 * to `load` (which series a run has varies from run to run).
 */
#ifndef CMABULK_PLOT_H
#define CMABULK_PLOT_H

#include <stdbool.h>
#include <stdio.h>

struct plot_files {
	char name[64];
	FILE *dat, *cmd;
	int blocks;
};

/* Open DIR/plots/NAME.dat and NAME.plot. 0, or -1 with both closed. */
int plot__open(struct plot_files *p, const char *dir, const char *name);

/*
 * End the data block just written to p->dat, and name it in the plot
 * command: @spec is what follows "index N" ("using 1:2 with steps lw 2").
 */
void plot__add(struct plot_files *p, const char *spec, const char *title);

void plot__close(struct plot_files *p);

/*
 * Run gnuplot on DIR/plots/@script in that folder, its messages in
 * DIR/plots/gnuplot.log. True when it drew; false without a line when
 * gnuplot is not installed, with one when it failed.
 */
bool plot__render(const char *dir, const char *script);

#endif
