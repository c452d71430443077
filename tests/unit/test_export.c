// SPDX-License-Identifier: GPL-2.0
/*
 * What the farm exports keep: LAVA names (bench/export/lava_name.h) made of
 * LAVA's characters and length, the same on every machine (the hashes
 * below were computed apart, in Python), and never two cases of one name;
 * result.txt's measurements exact (json_number_text), a count of a million
 * and more whole, as KCIDB gets them.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bench/export/farm_cases.h"
#include "bench/export/lava_name.h"
#include "tests/unit/check.h"

static const char *named(const char *in)
{
	static char out[LAVA_NAME_MAX + 1];

	lava_name(in, out);
	return out;
}

/* Valid names pass unchanged; the rest get LAVA's characters and a hash of the whole. */
static void test_lava_name(void)
{
	static const char *const valid[] = { "pinned", "fast-vs-normal-gate", "reserved-cma_alloc-o3-calls",
					     "v5.3_x", "-", "..." };
	static const char *const invalid[] = { "", ".", "..", "a b", "a/b", "bench/scenarios/pinned",
					       "tab\there", "ünï", "semi;colon", "q'uote" };
	static const struct { const char *in, *want; } cases[] = {
		{ "bench/scenarios/pinned", "bench_scenarios_pinned-e7cf38e1e782" },
		{ "a/b", "a_b-e620c3190468" }, { "a b", "a_b-e63f99190483" },
		{ "", "_-cbf29ce48422" }, { ".", ".-af63a34c8601" }, { "..", "..-07da1a07b4a0" },
	};
	char out[LAVA_NAME_MAX + 1];

	for (size_t i = 0; i < sizeof(valid) / sizeof(valid[0]); i++) {
		CHECK(lava_name__valid(valid[i]), "'%s' refused", valid[i]);
		CHECK(!lava_name(valid[i], out) && !strcmp(out, valid[i]), "'%s' became '%s'", valid[i], out);
	}
	for (size_t i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++) {
		CHECK(!lava_name__valid(invalid[i]), "'%s' taken", invalid[i]);
		CHECK(lava_name(invalid[i], out) && lava_name__valid(out), "'%s' became '%s'", invalid[i], out);
	}
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		CHECK_STREQ(named(cases[i].in), cases[i].want);
	/* The replaced name and a name that is already what it was replaced by differ. */
	lava_name("a b", out);
	CHECK(strcmp(named("a/b"), "a_b") && strcmp(named("a/b"), out), "a/b, a b, a_b");
}

/* Over 100 characters: cut to 100, and names that differ only past the cut stay apart. */
static void test_lava_name_length(void)
{
	char a[160], b[160], na[LAVA_NAME_MAX + 1], nb[LAVA_NAME_MAX + 1];

	memset(a, 'x', sizeof(a) - 1);
	a[sizeof(a) - 1] = '\0';
	memcpy(b, a, sizeof(b));
	b[150] = 'y';
	a[LAVA_NAME_MAX] = '\0';
	CHECK(!lava_name(a, na) && strlen(na) == LAVA_NAME_MAX, "100 characters changed: %s", na);
	a[LAVA_NAME_MAX] = 'x';
	CHECK(lava_name(a, na) && lava_name(b, nb), "159 characters kept");
	CHECK_EQ_U64(strlen(na), LAVA_NAME_MAX);
	CHECK(lava_name__valid(na) && lava_name__valid(nb) && strcmp(na, nb), "%s / %s", na, nb);
	CHECK(!strncmp(na, a, LAVA_NAME_MAX - 13) && na[LAVA_NAME_MAX - 13] == '-', "%s", na);
}

/*
 * Cases as the farm gets them: a long subject is one LAVA name, a second
 * case of one name is refused (-EEXIST), and result.txt holds every
 * measurement exactly: 1234567 pages as 1234567, not %.6g's 1.23457e+06.
 */
static void test_cases_exact(void)
{
	static struct farm_cases fc;
	static const char *const want[] = {
		"fast-migrated-mean pass 1234567 pages",
		"fast-median-ms pass 1150.579687 ms",
		"fast-cv pass 0.1617197438076705",
		"fast-tiny pass 1.2345678901234566e-07 ms",
		"fast-big pass 12345678901234 pages",
		"fast-none skip",
	};
	char line[256], subject[200], *buf = NULL;
	size_t len = 0;
	FILE *f;
	int i = 0;

	memset(&fc, 0, sizeof(fc));
	CHECK_EQ_INT(farm_cases__add_number(&fc, "fast", "migrated-mean", 1234567, "pages"), 0);
	CHECK_EQ_INT(farm_cases__add_number(&fc, "fast", "median-ms", 1150.5796869999999, "ms"), 0);
	CHECK_EQ_INT(farm_cases__add_number(&fc, "fast", "cv", 0.16171974380767051, ""), 0);
	CHECK_EQ_INT(farm_cases__add_number(&fc, "fast", "tiny", 1.2345678901234567e-07, "ms"), 0);
	CHECK_EQ_INT(farm_cases__add_number(&fc, "fast", "big", 12345678901234.0, "pages"), 0);
	CHECK_EQ_INT(farm_cases__add_number(&fc, "fast", "none", NAN, "ms"), 0);
	CHECK_EQ_INT(farm_cases__add_number(&fc, "fast", "cv", 1, ""), -EEXIST);
	CHECK_EQ_INT(farm_cases__add_verdict(&fc, "fast", "cv", CASE_PASS, NULL), -EEXIST);
	f = open_memstream(&buf, &len);
	CHECK_EQ_INT(farm_cases__write_result_txt(&fc, f), 0);
	fclose(f);
	f = fmemopen(buf, len, "r");
	while (f && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		CHECK(i < 6 && !strcmp(line, want[i]), "line %d: '%s', want '%s'", i, line, i < 6 ? want[i] : "");
		/* ... and the number reads back as the one given. */
		if (i < 5)
			CHECK(strtod(strchr(strchr(line, ' ') + 1, ' ') + 1, NULL) == fc.c[i].measurement,
			      "%s", line);
		i++;
	}
	if (f)
		fclose(f);
	CHECK_EQ_INT(i, 6);
	free(buf);
	/* A subject of 150 characters: one case, a LAVA name. */
	memset(subject, 's', 150);
	subject[150] = '\0';
	CHECK_EQ_INT(farm_cases__add_number(&fc, subject, "calls", 3, ""), 0);
	CHECK(lava_name__valid(fc.c[fc.n - 1].name), "%s", fc.c[fc.n - 1].name);
	CHECK(farm_cases__find(&fc, fc.c[fc.n - 1].name) == &fc.c[fc.n - 1], "find");
}

int main(void)
{
	RUN(test_lava_name);
	RUN(test_lava_name_length);
	RUN(test_cases_exact);
	return CHECK_DONE();
}
