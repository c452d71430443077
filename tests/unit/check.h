/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Minimal assertions for the host unit tests, in the spirit of
 * selftests/bpf's ASSERT_*: each failed check prints where and why, each
 * test case ends with one "PASS name" or "FAIL name" line for tests/run.sh,
 * and main() returns non-zero when any case failed.
 */
#ifndef CMABULK_CHECK_H
#define CMABULK_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_case_failed, check_total_failed;

#define CHECK(cond, fmt, ...)						\
	do {								\
		if (!(cond)) {						\
			fprintf(stderr, "  %s:%d: %s: " fmt "\n",	\
				__FILE__, __LINE__, #cond, ##__VA_ARGS__); \
			check_case_failed++;				\
		}							\
	} while (0)

#define CHECK_EQ_U64(a, b)						\
	CHECK((unsigned long long)(a) == (unsigned long long)(b),	\
	      "%llu != %llu", (unsigned long long)(a),			\
	      (unsigned long long)(b))

#define CHECK_EQ_INT(a, b)						\
	CHECK((long long)(a) == (long long)(b), "%lld != %lld",		\
	      (long long)(a), (long long)(b))

#define CHECK_STREQ(a, b)						\
	CHECK(strcmp((a), (b)) == 0, "\n    got:  \"%s\"\n    want: \"%s\"", (a), (b))

#define RUN(fn)								\
	do {								\
		check_case_failed = 0;					\
		fn();							\
		printf("%s %s\n", check_case_failed ? "FAIL" : "PASS", #fn); \
		if (check_case_failed)					\
			check_total_failed++;				\
	} while (0)

#define CHECK_DONE() (check_total_failed ? 1 : 0)

/* Write @text to @dir/@file: the fixtures of tests that build folders. */
static inline void check_put_file(const char *dir, const char *file, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "  cannot write %s\n", path);
		check_case_failed++;
		return;
	}
	fputs(text, f);
	fclose(f);
}

#endif
