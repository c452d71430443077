// SPDX-License-Identifier: GPL-2.0
/* The kernel's books on a CMA area; see books.h. */
#include <stdio.h>

#include "bench/torture/area_counters.h"
#include "lib/sysfacts.h"

static long long area_ll(const char *root, const char *area, const char *file)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s/%s", root, area, file);
	return sys_read_ll(path);
}

void area_counters__read(struct area_counters *b, const char *area)
{
	b->used = area_ll("/sys/kernel/debug/cma", area, "used");
	b->success = area_ll("/sys/kernel/mm/cma", area, "alloc_pages_success");
	b->fail = area_ll("/sys/kernel/mm/cma", area, "alloc_pages_fail");
	b->released = area_ll("/sys/kernel/mm/cma", area, "release_pages_success");
	sys_stat_refresh();
	b->events = sys_vmstat("cma_alloc_success") + sys_vmstat("cma_alloc_fail");
}
