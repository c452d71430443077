// SPDX-License-Identifier: GPL-2.0
/* The load under a soak or a stress; see torture_load.h. */
#include <unistd.h>

#include "bench/torture/torture_load.h"
#include "lib/cma_test.h"
#include "lib/tool.h"

int torture__claim(struct load *l, const struct torture_load_opts *o, int *lock_fd)
{
	if (!cma_test__available())
		return tool_error(2, "no test driver (%s): boot the patched kernel", CMA_TEST_DIR);
	/* The pins are the driver's, shared: no run, soak or stress beside it. */
	*lock_fd = cma_test__lock_or_say();
	if (*lock_fd < 0)
		return 2;
	if (load__init(l, o->area, o->seed)) {
		close(*lock_fd);
		return tool_error(2, "%s", l->error);
	}
	return 0;
}

int torture_load__start(struct load *l, const struct torture_load_opts *o)
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
