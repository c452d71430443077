// SPDX-License-Identifier: GPL-2.0
/* A sweep's folder (sweep_dir.h). */
#include <stdio.h>
#include <unistd.h>

#include "bench/core/sweep_dir.h"

void sweep_dir__point(char *buf, size_t len, const char *dir, const char *key, const char *value)
{
	snprintf(buf, len, "%s/%s-%s", dir, key, value);
}

bool sweep_dir__is_sweep(const char *dir)
{
	char path[1100];

	snprintf(path, sizeof(path), "%s/sweep.json", dir);
	return access(path, F_OK) == 0;
}
