// SPDX-License-Identifier: GPL-2.0
/* The scenario parser: what it accepts, what it refuses and how it says so. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/check.h"
#include "bench/core/scenario.h"

static char err[256];

static int parse(struct scenario *s, const char *text)
{
	scenario__defaults(s);
	err[0] = 0;
	return scenario__parse(s, text, "t", err, sizeof(err));
}

static void test_values_and_comments(void)
{
	struct scenario s;

	CHECK(parse(&s, "# comment\n\n  order = 3 \nchunks=100\nfill_pct = 12.5\n"
			"pin_method = module\npin_fraction = 0.25\nseed = 18446744073709551615\n"
			"description =  two words  \nstrategies = fast, normal\n") == 0, "%s", err);
	CHECK_EQ_U64(s.order, 3);
	CHECK_EQ_U64(s.chunks, 100);
	CHECK(s.fill_pct == 12.5, "fill_pct %g", s.fill_pct);
	CHECK_STREQ(s.pin_method, "module");
	CHECK(s.pin_fraction == 0.25, "fraction %g", s.pin_fraction);
	CHECK_EQ_U64(s.seed, 18446744073709551615ULL);
	CHECK_STREQ(s.description, "two words");
	CHECK_EQ_U64(s.strategies, (1u << STRAT_FAST) | (1u << STRAT_NORMAL));
	/* Untouched keys keep their defaults. */
	CHECK_EQ_U64(s.trials, 5);
	CHECK_STREQ(s.fill_kind, "anon");
}

static void test_no_newline_at_end(void)
{
	struct scenario s;

	CHECK(parse(&s, "chunks = 7") == 0, "%s", err);
	CHECK_EQ_U64(s.chunks, 7);
}

static void expect_error(const char *text, const char *want)
{
	struct scenario s;
	int ret = parse(&s, text);

	CHECK(ret == -EINVAL, "'%s' was accepted", text);
	CHECK(strstr(err, want) != NULL, "error '%s' lacks '%s'", err, want);
}

static void test_refusals(void)
{
	expect_error("colour = red\n", "t:1: unknown key 'colour'");
	expect_error("\n\norder = 11\n", "t:3: order = 11 is out of range [0, 10]");
	expect_error("order = -1\n", "not a whole number");
	expect_error("order = 4x\n", "not a whole number");
	expect_error("chunks = 0\n", "out of range");
	expect_error("fill_pct = 101\n", "fill_pct = 101 is out of range");
	expect_error("fill_pct = nan\n", "not a number");
	expect_error("pin_fraction = 1.5\n", "out of range");
	expect_error("pin_method = glue\n", "unknown value 'glue'");
	expect_error("fill_kind = swap\n", "unknown value 'swap'");
	expect_error("order 4\n", "want 'key = value'");
	expect_error("order =\n", "order has no value");
	expect_error("order = 4\norder = 5\n", "t:2: order is set twice");
	expect_error("strategies = fast,bogus\n", "strategies");
	expect_error("strategies = ,\n", "strategies");
	expect_error("pin_method = vmsplice\n", "needs pin_fraction");
	expect_error("pin_fraction = 0.1\n", "pin_method = none");
	expect_error("pin_method = vmsplice\npin_fraction = 0.1\n", "set fill_pct");
	expect_error("pin_method = module-ref\npin_fraction = 0.1\n", "set fill_pct");
	expect_error("fill_pct = 50\npin_method = writeback\npin_fraction = 0.1\n", "fill_kind = file");
	expect_error("min_cma_mb = 64\nchunks = 4800\n", "do not fit");
	expect_error("fill_clear_pct = 20\n", "set fill_pct");
	expect_error("pcp_churn = 1\n", "set fill_pct");
	expect_error("fill_pct = 50\nfill_kind = shmem\npcp_churn = 1\n", "fill_kind = anon");
	expect_error("fill_pct = 50\npcp_churn = 2\n", "out of range");
	expect_error("fill_pct = 50\nfill_clear_pct = 101\n", "out of range");
}

static void test_module_pins_need_no_fill(void)
{
	struct scenario s;

	CHECK(parse(&s, "pin_method = module\npin_fraction = 0.01\n") == 0, "%s", err);
}

/* What scenario__write() writes for @s, malloc()ed. */
static char *written(const struct scenario *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	scenario__write(s, f);
	fclose(f);
	return buf;
}

static void test_write_round_trip(void)
{
	struct scenario a, b;
	char *buf;

	CHECK(parse(&a, "description = a b\norder = 2\nchunks = 9\nfill_pct = 30\npin_method = vmsplice\n"
			"pin_fraction = 0.05\nchurn_write_mb_s = 2.5\nstrategies = hard,whole\n") == 0, "%s", err);
	buf = written(&a);
	scenario__defaults(&b);
	CHECK(scenario__parse(&b, buf, "written", err, sizeof(err)) == 0, "%s\n%s", err, buf);
	CHECK(memcmp(&a, &b, sizeof(a)) == 0, "round trip differs:\n%s", buf);
	free(buf);
	/* Seven significant digits and more come back exact; short ones stay short. */
	CHECK(parse(&a, "fill_pct = 30\npin_method = vmsplice\npin_fraction = 0.0344444444\n"
			"churn_alloc_mb_s = 0.1\n") == 0, "%s", err);
	buf = written(&a);
	scenario__defaults(&b);
	CHECK(scenario__parse(&b, buf, "written", err, sizeof(err)) == 0, "%s\n%s", err, buf);
	CHECK(a.pin_fraction == b.pin_fraction, "pin_fraction %.17g came back %.17g", a.pin_fraction,
	      b.pin_fraction);
	CHECK(strstr(buf, "pin_fraction = 0.0344444444\n") && strstr(buf, "churn_alloc_mb_s = 0.1\n"),
	      "not the shortest exact form:\n%s", buf);
	free(buf);
}

static void test_comparable(void)
{
	struct scenario a, b;
	char why[128] = "";

	parse(&a, "fill_pct = 30\n");
	b = a;
	b.trials = 50;
	CHECK(scenario__comparable(&a, &b, why, sizeof(why)), "trials alone made them differ: %s", why);
	b.fill_pct = 31;
	CHECK(!scenario__comparable(&a, &b, why, sizeof(why)), "fill_pct 30 vs 31 compared");
	CHECK_STREQ(why, "fill_pct differs: 30 vs 31");
	b = a;
	b.order = 2;
	CHECK(!scenario__comparable(&a, &b, why, sizeof(why)), "order 4 vs 2 compared");
}

/* Exactly the keys that are part of what a run measures keep runs apart. */
static void test_comparable_keys(void)
{
	static const struct { const char *a, *b, *why; } cases[] = {
		{ "", "order = 2", "order differs: 4 vs 2" },
		{ "", "chunks = 9", "chunks differs: 4800 vs 9" },
		{ "", "fill_pct = 50", "fill_pct differs: 0 vs 50" },
		{ "", "fill_kind = shmem", "fill_kind differs: anon vs shmem" },
		{ "", "pin_method = module\npin_fraction = 0.5", "pin_method differs: none vs module" },
		{ "pin_method = module\npin_fraction = 0.5", "pin_method = module\npin_fraction = 0.25",
		  "pin_fraction differs: 0.5 vs 0.25" },
		{ "", "fragment_pct = 5", "fragment_pct differs: 0 vs 5" },
		{ "", "churn_alloc_mb_s = 1.5", "churn_alloc_mb_s differs: 0 vs 1.5" },
		{ "", "churn_write_mb_s = 2", "churn_write_mb_s differs: 0 vs 2" },
		{ "", "seed = 7", "seed differs: 1 vs 7" },
		/* Not measured: runs that differ only here still compare. */
		{ "", "name = x\ndescription = y\ntrials = 9\nwarmup = 0\nmin_cma_mb = 1000\n"
		      "trial_timeout_s = 5\nstrategies = fast", NULL },
	};
	struct scenario a, b;
	char why[128];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		CHECK(parse(&a, cases[i].a) == 0, "%s", err);
		CHECK(parse(&b, cases[i].b) == 0, "%s", err);
		why[0] = 0;
		if (!cases[i].why) {
			CHECK(scenario__comparable(&a, &b, why, sizeof(why)), "'%s': %s", cases[i].b, why);
			continue;
		}
		CHECK(!scenario__comparable(&a, &b, why, sizeof(why)), "'%s' compared", cases[i].b);
		CHECK_STREQ(why, cases[i].why);
	}
}

/* What scenario__write() writes, key by key, in the stored files' format. */
static void test_write_format(void)
{
	struct scenario a;
	char *buf;

	CHECK(parse(&a, "name = n\nfill_pct = 12.5\npin_method = module\npin_fraction = 0.01\n"
			"seed = 18446744073709551615\nstrategies = hard,fast\n") == 0, "%s", err);
	buf = written(&a);
	CHECK_STREQ(buf, "name = n\nmin_cma_mb = 320\norder = 4\nchunks = 4800\ntrials = 5\n"
		    "warmup = 1\nseed = 18446744073709551615\nfill_pct = 12.5\nfill_clear_pct = 0\npcp_churn = 0\nfill_kind = anon\n"
		    "pin_method = module\npin_fraction = 0.01\nfragment_pct = 0\n"
		    "churn_alloc_mb_s = 0\nchurn_write_mb_s = 0\ntrial_timeout_s = 300\n"
		    "strategies = fast,hard\n");
	free(buf);
}

/*
 * hard left the series in v4: still read (runs before it list it), but
 * "all" and the defaults leave it out, and it says why a run cannot ask.
 */
static void test_retired_strategy(void)
{
	struct scenario s;

	scenario__defaults(&s);
	CHECK(!(s.strategies & (1u << STRAT_HARD)), "defaults include hard");
	CHECK_EQ_U64(s.strategies, STRATEGIES_RUNNABLE);
	CHECK(scenario__set(&s, "strategies", "all", err, sizeof(err)) == 0, "%s", err);
	CHECK_EQ_U64(s.strategies, ((1u << NR_STRATEGIES) - 1) & ~(1u << STRAT_HARD));
	CHECK(scenario__set(&s, "strategies", "all,hard", err, sizeof(err)) == 0, "%s", err);
	CHECK_EQ_U64(s.strategies, (1u << NR_STRATEGIES) - 1);
	CHECK(strategy__retired(STRAT_HARD) != NULL, "hard not retired");
	for (int i = 0; i < NR_STRATEGIES; i++)
		CHECK(!strategy__retired(i) == !!(STRATEGIES_RUNNABLE & (1u << i)),
		      "%s: retired and runnable disagree", strategy_names[i]);
	CHECK(strstr(strategy__list(), "hard") == NULL, "list offers hard: %s", strategy__list());
	CHECK(strstr(strategy__list(), "normal-once") != NULL, "list: %s", strategy__list());
}

/* One key from the command line, checked as in a file. */
static void test_set(void)
{
	struct scenario s;

	scenario__defaults(&s);
	CHECK(scenario__set(&s, "trials", "7", err, sizeof(err)) == 0, "%s", err);
	CHECK_EQ_U64(s.trials, 7);
	CHECK(scenario__set(&s, "strategies", "fast,hard", err, sizeof(err)) == 0, "%s", err);
	CHECK_EQ_U64(s.strategies, (1u << STRAT_FAST) | (1u << STRAT_HARD));
	CHECK(scenario__set(&s, "trials", "0", err, sizeof(err)) == -EINVAL, "trials 0 set");
	CHECK_STREQ(err, "trials = 0 is out of range [1, 1000]");
	CHECK(scenario__set(&s, "colour", "red", err, sizeof(err)) == -EINVAL, "colour set");
	CHECK_STREQ(err, "unknown key 'colour'");
	CHECK_EQ_U64(s.trials, 7);
}

static void test_shipped_scenarios(void)
{
	static const char *const names[] = { "idle", "filled", "pinned", "churn", "transient", "writeback", "quick",
					     "device", "livepcp" };
	struct scenario s;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		CHECK(scenario__read_file(&s, names[i], "bench/scenarios", err, sizeof(err)) == 0,
		      "%s: %s", names[i], err);
		CHECK_STREQ(s.name, names[i]);
	}
	/* The seed's sizes: 4800 order-4 chunks, 300 MiB, area of at least 320 MiB. */
	scenario__read_file(&s, "pinned", "bench/scenarios", err, sizeof(err));
	CHECK_EQ_U64(s.chunks, 4800);
	CHECK_EQ_U64(s.order, 4);
	CHECK(s.min_cma_mb >= 320, "min_cma_mb %u", s.min_cma_mb);
	/* The device-shaped one: an area much larger than the request, a fifth emptied. */
	scenario__read_file(&s, "device", "bench/scenarios", err, sizeof(err));
	CHECK(s.min_cma_mb >= 3 * ((s.chunks << s.order) >> 8), "device: area %u MiB", s.min_cma_mb);
	CHECK(s.fill_clear_pct > 0 && s.fill_pct > 0, "device: an uneven fill");
	CHECK(scenario__read_file(&s, "no-such-scenario", "bench/scenarios", err, sizeof(err)) == -ENOENT,
	      "a missing file loaded");
}

int main(void)
{
	RUN(test_values_and_comments);
	RUN(test_no_newline_at_end);
	RUN(test_refusals);
	RUN(test_module_pins_need_no_fill);
	RUN(test_write_round_trip);
	RUN(test_comparable);
	RUN(test_comparable_keys);
	RUN(test_write_format);
	RUN(test_set);
	RUN(test_retired_strategy);
	RUN(test_shipped_scenarios);
	return CHECK_DONE();
}
