// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lib/tool.h"

const char *tool_name = "cmabulk";
FILE *tool_err_stream;

/*
 * One line, whatever the message quotes: a newline or another control
 * character from the input (a file name, an argument) is written as \xNN.
 */
int tool_error(int status, const char *fmt, ...)
{
	FILE *f = tool_err_stream ? tool_err_stream : stderr;
	char msg[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(f, "%s: ", tool_name);
	for (const unsigned char *p = (const unsigned char *)msg; *p; p++) {
		if (*p < 0x20 || *p == 0x7f)
			fprintf(f, "\\x%02x", *p);
		else
			fputc(*p, f);
	}
	fputc('\n', f);
	return status;
}

double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

char *read_whole_file(const char *path, size_t *len)
{
	size_t size = 0, cap;
	struct stat st;
	char *buf = NULL, *tmp;
	ssize_t r;
	int fd, saved;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st))
		goto err;
	if (S_ISREG(st.st_mode) && (size_t)st.st_size > WHOLE_FILE_MAX) {
		errno = EFBIG;
		goto err;
	}
	/* st_size is only a hint: /proc and pipes report 0. */
	cap = S_ISREG(st.st_mode) && st.st_size > 0 ? (size_t)st.st_size + 1 : 4096;
	buf = malloc(cap);
	if (!buf)
		goto err;
	for (;;) {
		/* Room for one byte past the limit, to tell a file at it from one over. */
		if (size + 1 >= cap) {
			cap *= 2;
			if (cap > WHOLE_FILE_MAX + 2)
				cap = WHOLE_FILE_MAX + 2;
			tmp = realloc(buf, cap);
			if (!tmp)
				goto err;
			buf = tmp;
		}
		r = read(fd, buf + size, cap - 1 - size);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			goto err;
		}
		if (r == 0)
			break;
		size += r;
		if (size > WHOLE_FILE_MAX) {
			errno = EFBIG;
			goto err;
		}
	}
	close(fd);
	buf[size] = '\0';
	if (len)
		*len = size;
	return buf;
err:
	saved = errno;
	free(buf);
	close(fd);
	errno = saved;
	return NULL;
}
