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
#include <stdlib.h>
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

/* Each argument is evaluated once: a call with side effects is checked as made. */
#define CHECK_EQ_U64(a, b)						\
	do {								\
		unsigned long long a_ = (a), b_ = (b);			\
		CHECK(a_ == b_, "%s == %s: %llu != %llu", #a, #b, a_, b_); \
	} while (0)

#define CHECK_EQ_INT(a, b)						\
	do {								\
		long long a_ = (a), b_ = (b);				\
		CHECK(a_ == b_, "%s == %s: %lld != %lld", #a, #b, a_, b_); \
	} while (0)

#define CHECK_STREQ(a, b)						\
	do {								\
		const char *a_ = (a), *b_ = (b);			\
		CHECK(strcmp(a_, b_) == 0, "%s == %s:\n    got:  \"%s\"\n    want: \"%s\"", \
		      #a, #b, a_, b_);					\
	} while (0)

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

/*
 * A generated document, committed, is what @write writes now: the file
 * at $ROOT/@rel (ROOT: the tree, else the current folder), byte for byte.
 */
static inline void check_doc_current(int (*write)(FILE *), const char *rel)
{
	char path[1024], *now = NULL, *doc = NULL;
	size_t now_len = 0, doc_len = 0;
	FILE *f = open_memstream(&now, &now_len), *in;

	CHECK(write(f) == 0, "write %s", rel);
	fclose(f);
	snprintf(path, sizeof(path), "%s/%s", getenv("ROOT") ?: ".", rel);
	in = fopen(path, "r");
	CHECK(in, "cannot read %s", path);
	if (in) {
		f = open_memstream(&doc, &doc_len);
		for (int c; (c = fgetc(in)) != EOF;)
			fputc(c, f);
		fclose(f);
		fclose(in);
		CHECK(doc_len == now_len && !memcmp(doc, now, now_len),
		      "%s is stale: make \"$PWD/%s\"", path, rel);
	}
	free(doc);
	free(now);
}

#endif
