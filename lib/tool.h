/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every cmabulk tool shares: its name at the start of each message,
 * the one-line error, the monotonic clock and reading a whole file.
 */
#ifndef CMABULK_TOOL_H
#define CMABULK_TOOL_H

#include <stddef.h>
#include <stdio.h>

/* "cmabulk-trace", "cmabulk-bench", ...: set once by main(). */
extern const char *tool_name;

/*
 * Print "tool_name: <message>" as one line on stderr and return @status,
 * so that a main() can say "return tool_error(2, ...)".
 */
int tool_error(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Where tool_error() writes; NULL: stderr. The fuzz targets read it back. */
extern FILE *tool_err_stream;

/* Seconds on CLOCK_MONOTONIC. */
double now_s(void);

/* Largest file read_whole_file() reads. */
#define WHOLE_FILE_MAX (64UL << 20)

/*
 * The whole file at @path (at most WHOLE_FILE_MAX, else EFBIG) in a
 * malloc()ed, NUL-terminated buffer; *@len (if not NULL) gets its size
 * without the NUL. NULL with errno set on failure.
 */
char *read_whole_file(const char *path, size_t *len);

#endif
