// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "lib/cma_test.h"
#include "lib/tool.h"

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

/* "key value" lines, as the driver's result, session and checks files give. */
static void parse_lines(struct cma_test_result *r, char *buf)
{
	char *line, *save = NULL;

	r->nr = 0;
	for (line = strtok_r(buf, "\n", &save); line && r->nr < CMA_TEST_MAX_KEYS;
	     line = strtok_r(NULL, "\n", &save))
		if (sscanf(line, "%39s %47s", r->kv[r->nr].key, r->kv[r->nr].value) == 2)
			r->nr++;
}

/* The whole of a small file from offset 0, NUL-terminated; bytes or -errno. */
static ssize_t pread_all(int fd, char *buf, size_t size)
{
	size_t got = 0;

	while (got < size - 1) {
		ssize_t n = pread(fd, buf + got, size - 1 - got, got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			break;
		got += n;
	}
	buf[got] = '\0';
	return got;
}

static int read_kv_file(const char *path, struct cma_test_result *r)
{
	char buf[4096];
	ssize_t n;
	int fd = open(path, O_RDONLY);

	r->nr = 0;
	if (fd < 0)
		return -errno;
	n = pread_all(fd, buf, sizeof(buf));
	close(fd);
	if (n < 0)
		return n;
	parse_lines(r, buf);
	return 0;
}

int cma_test__result(struct cma_test_result *r)
{
	return read_kv_file(CMA_TEST_DIR "/result", r);
}

int cma_test__checks(struct cma_test_result *r)
{
	return read_kv_file(CMA_TEST_DIR "/checks", r);
}

int cma_test__session_open(void)
{
	int fd = open(CMA_TEST_DIR "/session", O_RDWR | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

int cma_test__session_cmd(int fd, const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	ssize_t n;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (len < 0 || len >= (int)sizeof(buf))
		return -E2BIG;
	n = write(fd, buf, len);
	return n < 0 ? -errno : n != len ? -EIO : 0;
}

int cma_test__session_result(int fd, struct cma_test_result *r)
{
	char buf[4096];
	ssize_t n = pread_all(fd, buf, sizeof(buf));

	r->nr = 0;
	if (n < 0)
		return n;
	parse_lines(r, buf);
	return 0;
}

int cma_test__lock_or_say(void)
{
	int fd = cma_test__lock();

	if (fd == -EBUSY)
		tool_error(0, "the test driver is in use by another cmabulk-bench run, soak or stress: two at once would measure each other");
	else if (fd < 0)
		tool_error(0, "cannot lock the test driver: %s", strerror(-fd));
	return fd;
}

int cma_test__lock(void)
{
	int fd = open(CMA_TEST_DIR "/alloc", O_WRONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	if (flock(fd, LOCK_EX | LOCK_NB)) {
		int err = errno == EWOULDBLOCK ? -EBUSY : -errno;

		close(fd);
		return err;
	}
	return fd;
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
