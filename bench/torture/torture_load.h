/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The load a soak or a stress runs under, and the options that shape it:
 * an anonymous fill of the area, churn through it, pins, and the share of
 * the area each call asks for. One set of options and one set-up, so that
 * "--fill 30" means the same thing to both.
 */
#ifndef CMABULK_UNDERLOAD_H
#define CMABULK_UNDERLOAD_H

#include <stdbool.h>
#include <stdint.h>

#include "bench/load/load.h"

struct torture_load_opts {
	const char *area;	/* NULL: the first */
	uint64_t seed;
	double fill_pct;	/* 0: no fill */
	double churn_mb_s;	/* 0: no churn */
	double pin_fraction;	/* 0: no pins */
	double request_pct;	/* of the area, per call */
	bool json, quiet;
};

/*
 * The fill and the churn on an area load__init() opened. On failure the
 * reason is printed, whatever was started is torn down, load__fini() is
 * called and -1 returned: *l then needs nothing more.
 */
int torture_load__start(struct load *l, const struct torture_load_opts *o);

/*
 * Before either: the test driver there, its lock taken (*@lock_fd), the
 * area's load initialised. 0, or 2 after one line (the lock released).
 */
int torture__claim(struct load *l, const struct torture_load_opts *o, int *lock_fd);

#endif
