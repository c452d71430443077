// SPDX-License-Identifier: GPL-2.0
/* Unit tests for lib/hist.c: bucket math and the bcc-style text layout. */
#include <stdint.h>
#include <stdlib.h>

#include "tests/unit/check.h"
#include "lib/hist.h"
#include "lib/json.h"

static void test_slot_math(void)
{
	CHECK_EQ_U64(hist_log2_slot(0), 0);
	CHECK_EQ_U64(hist_log2_slot(1), 0);
	CHECK_EQ_U64(hist_log2_slot(2), 1);
	CHECK_EQ_U64(hist_log2_slot(3), 1);
	CHECK_EQ_U64(hist_log2_slot(4), 2);
	CHECK_EQ_U64(hist_log2_slot(1023), 9);
	CHECK_EQ_U64(hist_log2_slot(1024), 10);
	CHECK_EQ_U64(hist_log2_slot(UINT64_MAX), 63);
}

/* Every value lies inside the range of its own slot, and ranges tile. */
static void test_slot_ranges_tile(void)
{
	for (unsigned int s = 0; s < 64; s++) {
		CHECK(hist_log2_slot(hist_slot_low(s)) == s, "slot %u low", s);
		CHECK(hist_log2_slot(hist_slot_high(s)) == s, "slot %u high", s);
		if (s < 63)
			CHECK_EQ_U64(hist_slot_high(s) + 1, hist_slot_low(s + 1));
	}
	for (uint64_t v = 0; v < 5000; v += 7) {
		unsigned int s = hist_log2_slot(v);

		CHECK(v >= hist_slot_low(s) && v <= hist_slot_high(s), "v=%llu",
		      (unsigned long long)v);
	}
}

static char *render(const __u64 *slots, unsigned int n, const char *unit)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	hist_print_log2(f, slots, n, unit);
	fclose(f);
	return buf;
}

static void test_print_layout(void)
{
	__u64 slots[8] = { 0, 0, 1, 4, 0, 2 };
	char *out = render(slots, 8, "usecs");

	/* Rows from the first to the last non-empty slot, bar scaled to 40. */
	CHECK_STREQ(out,
		"           usecs          : count    distribution\n"
		"          4 -> 7          : 1        |**********                              |\n"
		"          8 -> 15         : 4        |****************************************|\n"
		"         16 -> 31         : 0        |                                        |\n"
		"         32 -> 63         : 2        |********************                    |\n");
	free(out);
}

static void test_print_empty_is_silent(void)
{
	__u64 slots[4] = { 0 };
	char *out = render(slots, 4, "usecs");

	CHECK_STREQ(out, "");
	free(out);
}

/* Wide values widen the columns instead of breaking the alignment. */
static void test_print_wide_values(void)
{
	__u64 slots[40] = { 0 };
	char *out, *nl;

	slots[0] = 1;
	slots[36] = 3;
	out = render(slots, 40, "nsecs");
	nl = strchr(out, '\n');
	CHECK(nl != NULL, "no header");
	/* header and every row have the same position of " : " */
	if (nl) {
		size_t col = strstr(out, " : ") - out;

		for (char *row = nl + 1; *row; row = strchr(row, '\n') + 1)
			CHECK((size_t)(strstr(row, " : ") - row) == col,
			      "misaligned row: %.60s", row);
	}
	CHECK(strstr(out, "68719476736 -> 137438953471") != NULL, "%s", out);
	free(out);
}

static char *capture_columns(const __u64 *const *cols, const char *const *labels,
			     unsigned int nr_cols, unsigned int n)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	hist_print_log2_columns(f, cols, labels, nr_cols, n, "usecs");
	fclose(f);
	return buf;
}

/* Side by side: union of the rows, bars scaled to the global maximum. */
static void test_print_columns(void)
{
	__u64 fast[8] = { 0, 0, 4, 0 }, normal[8] = { 0, 0, 0, 1, 0, 2 };
	const __u64 *cols[] = { fast, normal };
	const char *labels[] = { "fast", "normal" };
	char *out = capture_columns(cols, labels, 2, 8);

	CHECK_STREQ(out,
		"           usecs          : fast                            normal                         \n"
		"          4 -> 7          : 4        |********************| 0        |                    |\n"
		"          8 -> 15         : 0        |                    | 1        |*****               |\n"
		"         16 -> 31         : 0        |                    | 0        |                    |\n"
		"         32 -> 63         : 0        |                    | 2        |**********          |\n");
	free(out);
}

static void test_print_linear(void)
{
	__u64 slots[4] = { 2, 0, 1, 4 };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	hist_print_linear(f, slots, 4, "retries");
	fclose(f);
	CHECK_STREQ(buf,
		"     retries : count    distribution\n"
		"           0 : 2        |********************                    |\n"
		"           1 : 0        |                                        |\n"
		"           2 : 1        |**********                              |\n"
		"          3+ : 4        |****************************************|\n");
	free(buf);
}

static void test_total(void)
{
	__u64 slots[5] = { 1, 2, 3, 4, 5 };

	CHECK_EQ_U64(hist_total(slots, 5), 15);
	CHECK_EQ_U64(hist_total(slots, 0), 0);
}

int main(void)
{
	RUN(test_slot_math);
	RUN(test_slot_ranges_tile);
	RUN(test_print_layout);
	RUN(test_print_empty_is_silent);
	RUN(test_print_wide_values);
	RUN(test_print_columns);
	RUN(test_print_linear);
	RUN(test_total);
	return CHECK_DONE();
}
