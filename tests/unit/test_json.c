// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for lib/json.c and hist_json_log2(). The documents are checked
 * byte for byte here and, by tests/unit/json_roundtrip.py, parsed back by
 * Python's json module: a real parser is the judge of validity.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/check.h"
#include "lib/hist.h"
#include "lib/json.h"

static char *buf;
static size_t len;

static FILE *open_buf(void)
{
	free(buf);
	buf = NULL;
	return open_memstream(&buf, &len);
}

static void test_nesting_and_commas(void)
{
	struct json_writer w;
	FILE *f = open_buf();

	json_init(&w, f, false);
	json_object_begin(&w);
	json_key_u64(&w, "a", 1);
	json_key(&w, "b");
	json_array_begin(&w);
	json_i64(&w, -2);
	json_bool(&w, true);
	json_null(&w);
	json_object_begin(&w);
	json_object_end(&w);
	json_array_end(&w);
	json_key_double(&w, "c", 0.5);
	json_object_end(&w);
	CHECK(json_finish(&w) == 0, "balanced document reported as bad");
	fclose(f);
	CHECK_STREQ(buf, "{\"a\":1,\"b\":[-2,true,null,{}],\"c\":0.5}\n");
}

static void test_string_escapes(void)
{
	struct json_writer w;
	FILE *f = open_buf();

	json_init(&w, f, false);
	json_string(&w, "q\"b\\n\n\x01t\t");
	json_finish(&w);
	fclose(f);
	CHECK_STREQ(buf, "\"q\\\"b\\\\n\\n\\u0001t\\t\"\n");
}

/* Valid UTF-8 passes through; a broken sequence becomes U+FFFD. */
static void test_utf8(void)
{
	struct json_writer w;
	FILE *f = open_buf();

	json_init(&w, f, false);
	json_array_begin(&w);
	json_string(&w, "h\xc3\xa9 \xe2\x82\xac");	/* "hé €" */
	json_string(&w, "cut\xe2\x82");		/* truncated comm */
	json_string(&w, "\xff\xc0\xafx");		/* never valid */
	json_array_end(&w);
	json_finish(&w);
	fclose(f);
	CHECK_STREQ(buf, "[\"h\xc3\xa9 \xe2\x82\xac\",\"cut\\ufffd\\ufffd\",\"\\ufffd\\ufffd\\ufffdx\"]\n");
}

static void test_non_finite_is_null(void)
{
	struct json_writer w;
	FILE *f = open_buf();

	json_init(&w, f, false);
	json_array_begin(&w);
	json_double(&w, NAN);
	json_double(&w, INFINITY);
	json_array_end(&w);
	json_finish(&w);
	fclose(f);
	CHECK_STREQ(buf, "[null,null]\n");
}

/*
 * json_number_text: the shortest %.15g..%.17g text that reads back
 * exactly. Counts stay whole (1234567, not 1.23457e+06 as %.6g had it),
 * and a random sweep of doubles of every magnitude reads back bit for bit.
 */
static void test_number_exact(void)
{
	static const struct { double v; const char *want; } cases[] = {
		{ 1234567, "1234567" }, { 4800, "4800" }, { 0, "0" }, { -3, "-3" },
		{ 0.1, "0.1" }, { 3.3556, "3.3556" }, { 1150.5796869999999, "1150.579687" },
		{ 0.16171974380767051, "0.1617197438076705" }, { 0.1 + 0.2, "0.30000000000000004" }, { 1e21, "1e+21" },
		{ 123456789012345678.0, "1.2345678901234568e+17" }, { NAN, "null" },
	};
	char buf[JSON_NUMBER_LEN];
	uint64_t x = 0x9e3779b97f4a7c15ull;
	int bad = 0;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		CHECK_STREQ(json_number_text(cases[i].v, buf), cases[i].want);
	for (int i = 0; i < 100000; i++) {
		double v;

		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		memcpy(&v, &x, sizeof(v));
		if (!isfinite(v))
			continue;
		json_number_text(v, buf);
		bad += strtod(buf, NULL) != v || strlen(buf) > 24;
	}
	CHECK_EQ_INT(bad, 0);
}

static void test_unbalanced_is_an_error(void)
{
	struct json_writer w;
	FILE *f = open_buf();

	json_init(&w, f, false);
	json_object_begin(&w);
	CHECK(json_finish(&w) != 0, "unclosed object accepted");
	json_init(&w, f, false);
	json_array_end(&w);
	CHECK(json_finish(&w) != 0, "close without open accepted");
	fclose(f);
}

static void test_hist_json(void)
{
	__u64 slots[6] = { 3, 0, 0, 5 };
	struct json_writer w;
	FILE *f = open_buf();

	json_init(&w, f, false);
	hist_json_log2(&w, slots, 6, "usecs");
	json_finish(&w);
	fclose(f);
	CHECK_STREQ(buf, "{\"unit\":\"usecs\",\"total\":8,\"buckets\":["
			 "{\"low\":0,\"high\":1,\"count\":3},"
			 "{\"low\":8,\"high\":15,\"count\":5}]}\n");
}

/* With an argument: write a sample document for the Python round trip. */
static int emit_sample(void)
{
	__u64 slots[40] = { 0 };
	struct json_writer w;

	slots[0] = 2;
	slots[39] = 1;
	json_init(&w, stdout, true);
	json_object_begin(&w);
	json_key_string(&w, "text", "tab\there \"quoted\" \\ back\x1f");
	json_key_string(&w, "utf8", "caf\xc3\xa9 cut\xe2\x82");
	json_key_u64(&w, "big", UINT64_MAX);
	json_key_i64(&w, "neg", INT64_MIN);
	json_key_double(&w, "pi", M_PI);
	json_key(&w, "hist");
	hist_json_log2(&w, slots, 40, "nsecs");
	json_key(&w, "empty");
	json_array_begin(&w);
	json_array_end(&w);
	json_object_end(&w);
	return json_finish(&w) ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--sample"))
		return emit_sample();
	RUN(test_nesting_and_commas);
	RUN(test_string_escapes);
	RUN(test_utf8);
	RUN(test_non_finite_is_null);
	RUN(test_number_exact);
	RUN(test_unbalanced_is_an_error);
	RUN(test_hist_json);
	free(buf);
	return CHECK_DONE();
}
