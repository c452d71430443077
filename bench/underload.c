// SPDX-License-Identifier: GPL-2.0
/* The load under a soak or a stress; see underload.h. */
#include "bench/underload.h"
#include "lib/tool.h"

int underload__start(struct load *l, const struct underload_opts *o)
{
	if ((o->fill_pct > 0 && load__fill(l, FILL_ANON, o->fill_pct)) ||
	    (o->churn_mb_s > 0 && load__churn_start(l, o->churn_mb_s, 0))) {
		tool_error(0, "%s", l->error);
		load__teardown(l);
		load__fini(l);
		return -1;
	}
	return 0;
}
