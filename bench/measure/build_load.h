/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A scenario's load, built with the load library. It lives in the bench,
 * not in bench/load/, so that the load generator needs nothing of the
 * bench (its scenario parser included).
 */
#ifndef CMABULK_SCENARIO_LOAD_H
#define CMABULK_SCENARIO_LOAD_H

#include "bench/load/load.h"
#include "bench/core/scenario.h"

/*
 * Build what @s describes on @l (after load__init()): fill, pin, fragment,
 * churn, in that order. Returns 0 or -errno with l->error set.
 */
int scenario__build_load(const struct scenario *s, struct load *l);

#endif
