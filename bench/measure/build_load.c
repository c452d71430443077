// SPDX-License-Identifier: GPL-2.0
#include "bench/measure/build_load.h"

int scenario__build_load(const struct scenario *s, struct load *l)
{
	int err = 0, method = load__parse_pin_method(s->pin_method);

	/* 0 (or "none") leaves a part of the load out. */
	if (s->fill_pct > 0)
		err = load__fill(l, load__parse_fill_kind(s->fill_kind), s->fill_pct);
	if (!err && s->fill_clear_pct > 0)
		err = load__fill_clear(l, s->fill_clear_pct);
	if (!err && method > PIN_NONE)
		err = load__pin(l, method, s->pin_fraction);
	if (!err && s->fragment_pct > 0)
		err = load__fragment(l, s->fragment_pct);
	if (!err && (s->churn_alloc_mb_s > 0 || s->churn_write_mb_s > 0))
		err = load__churn_start(l, s->churn_alloc_mb_s, s->churn_write_mb_s);
	/* Last: from here to the request, the other CPUs' lists are live. */
	if (!err && s->pcp_churn)
		err = load__pcp_churn_start(l);
	return err;
}
