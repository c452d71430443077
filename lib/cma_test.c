// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/cma_test.h"

bool cma_test__available(void)
{
	return access(CMA_TEST_DIR "/alloc", W_OK) == 0;
}

int cma_test__write(const char *file, const char *fmt, ...)
{
	char path[128], buf[256];
	va_list ap;
	ssize_t n;
	int fd, len, err = 0;

	va_start(ap, fmt);
	len = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (len < 0 || len >= (int)sizeof(buf))
		return -E2BIG;
	snprintf(path, sizeof(path), CMA_TEST_DIR "/%s", file);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	/* One write(): the driver parses one command per call. */
	n = write(fd, buf, len);
	if (n < 0)
		err = -errno;
	else if (n != len)
		err = -EIO;
	close(fd);
	return err;
}

int cma_test__result(struct cma_test_result *r)
{
	char line[128];
	FILE *f = fopen(CMA_TEST_DIR "/result", "r");

	r->nr = 0;
	if (!f)
		return -errno;
	while (r->nr < CMA_TEST_MAX_KEYS && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%39s %47s", r->kv[r->nr].key, r->kv[r->nr].value) == 2)
			r->nr++;
	}
	fclose(f);
	return 0;
}

const char *cma_test__str(const struct cma_test_result *r, const char *key)
{
	for (int i = 0; i < r->nr; i++)
		if (strcmp(r->kv[i].key, key) == 0)
			return r->kv[i].value;
	return NULL;
}

long long cma_test__ll(const struct cma_test_result *r, const char *key, long long dflt)
{
	const char *v = cma_test__str(r, key);

	return v ? strtoll(v, NULL, 0) : dflt;
}
