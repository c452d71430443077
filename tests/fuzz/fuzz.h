/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the libFuzzer targets share: the input as a NUL-terminated string,
 * the input split into NUL-separated words (an argv), and a scratch
 * folder in /dev/shm for readers that take a folder. A target aborts, so
 * that libFuzzer keeps the input, when a property the code promises
 * fails (FUZZ_ASSERT), not only when a sanitizer fires.
 */
#ifndef CMABULK_FUZZ_H
#define CMABULK_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define FUZZ_ASSERT(cond, ...)							\
	do {									\
		if (!(cond)) {							\
			fprintf(stderr, "fuzz: %s:%d: %s: ", __FILE__, __LINE__, #cond); \
			fprintf(stderr, __VA_ARGS__);				\
			fputc('\n', stderr);					\
			abort();						\
		}								\
	} while (0)

/* The input with a NUL after it; free() it. */
char *fuzz_string(const uint8_t *data, size_t size);

/*
 * The input as argv: argv[0] = @tool, then each NUL-separated word, at
 * most @max words. Words that would make a parser exit by design (help,
 * usage, version) are dropped. *@argc set; free the result with fuzz_free_argv().
 */
char **fuzz_argv(const uint8_t *data, size_t size, const char *tool, int max, int *argc);
void fuzz_free_argv(char **argv, int argc);

/*
 * A fresh empty folder (the same path each time, emptied), with the parts
 * of the input separated by @sep written to the files @names in order.
 * Returns the folder.
 */
const char *fuzz_folder(const uint8_t *data, size_t size, char sep, const char *const *names,
			int nr_names);

/*
 * Around one input: tool_error()'s lines go to a buffer, and at the end
 * each must be one line starting with "<tool_name>: " (an error that
 * spans lines, or a message without the tool's name, aborts).
 */
void fuzz_errors_begin(void);
void fuzz_errors_end(void);

#endif
