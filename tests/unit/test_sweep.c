// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for bench/measure/sweep.c's spec parser and the scenario of a point:
 * values checked against the key before the first point runs, the order
 * of a point keeping the request's bytes, a zero pin fraction meaning no
 * pins, and the cross-field checks of a scenario file applying to points.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bench/core/scenario.h"
#include "bench/measure/sweep.h"
#include "tests/unit/check.h"

#define PINNED "name = pinned\norder = 4\nchunks = 4800\nfill_pct = 80\nfill_kind = anon\n" \
	"pin_method = vmsplice\npin_fraction = 0.01\nmin_cma_mb = 320\n"

static void load(struct sweep_opts *o)
{
	char err[256];

	memset(o, 0, sizeof(*o));
	scenario__defaults(&o->run.scenario);
	CHECK(scenario__parse(&o->run.scenario, PINNED, "pinned", err, sizeof(err)) == 0, "%s", err);
}

static void test_parse_good(void)
{
	struct sweep_opts o;
	char err[256] = "";

	load(&o);
	CHECK_EQ_INT(sweep__parse_spec(&o, "pin_fraction=0,0.02,0.05", err, sizeof(err)), 0);
	CHECK_STREQ(o.key, "pin_fraction");
	CHECK_EQ_INT(o.nr_values, 3);
	CHECK_STREQ(o.values[2], "0.05");
	load(&o);
	CHECK_EQ_INT(sweep__parse_spec(&o, "guest_smp=1,2,4,8", err, sizeof(err)), 0);
	CHECK_EQ_INT(o.nr_values, 4);
	load(&o);
	o.point = "4";
	CHECK_EQ_INT(sweep__parse_spec(&o, "order=0,4,9", err, sizeof(err)), 0);
	CHECK(!err[0], "%s", err);
}

static void test_parse_bad(void)
{
	static const struct { const char *spec, *point, *want; } cases[] = {
		{ "pin_fraction", NULL, "want KEY=V1,V2" },
		{ "=1,2", NULL, "want KEY=V1,V2" },
		{ "pin_fraction=", NULL, "want KEY=V1,V2" },
		{ "colour=1,2", NULL, "unknown key 'colour'" },
		{ "pin_fraction=0.01", NULL, "a sweep needs at least two values" },
		{ "pin_fraction=0.01,0.01", NULL, "value '0.01' given twice" },
		{ "pin_fraction=0.01,2", NULL, "out of range" },
		{ "guest_smp=1,0", NULL, "'0' is not a CPU count" },
		{ "order=4,11", NULL, "order = 11 is out of range" },
		/* 100 order-4 chunks are 1600 pages, not a whole order-10 chunk (below). */
		{ "order=4,10", NULL, "1600 pages are not a whole number of chunks" },
		/* A file with these keys is refused: so is the point. */
		{ "pin_method=none,module", NULL, "pin_fraction is set but pin_method = none" },
		{ "pin_fraction=0,0.02", "0.5", "--point 0.5 is not one of the values" },
		{ "description=a,../b", NULL, "value '../b' has a '/'" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sweep_opts o;
		char err[256] = "";

		load(&o);
		if (!strcmp(cases[i].spec, "order=4,10"))
			o.run.scenario.chunks = 100;
		o.point = cases[i].point;
		CHECK(sweep__parse_spec(&o, cases[i].spec, err, sizeof(err)) == -EINVAL, "%s accepted",
		      cases[i].spec);
		CHECK(strstr(err, cases[i].want) && !strchr(err, '\n'), "%s: '%s', want '%s'",
		      cases[i].spec, err, cases[i].want);
	}
}

static void test_point_scenario(void)
{
	struct sweep_opts o;
	struct scenario sc;
	char err[256] = "";

	load(&o);
	/* The same 300 MiB in order-0 pages and in 2 MiB chunks. */
	CHECK_EQ_INT(sweep__point_scenario(&o.run.scenario, "order", "0", &sc, err, sizeof(err)), 0);
	CHECK(sc.order == 0 && sc.chunks == 76800, "order 0: %u chunks", sc.chunks);
	CHECK_EQ_INT(sweep__point_scenario(&o.run.scenario, "order", "9", &sc, err, sizeof(err)), 0);
	CHECK(sc.order == 9 && sc.chunks == 150, "order 9: %u chunks", sc.chunks);
	/* Fraction 0: no pin method either, which a file could not say otherwise. */
	CHECK_EQ_INT(sweep__point_scenario(&o.run.scenario, "pin_fraction", "0", &sc, err, sizeof(err)), 0);
	CHECK(sc.pin_fraction == 0 && !strcmp(sc.pin_method, "none"), "%g %s", sc.pin_fraction,
	      sc.pin_method);
	CHECK_EQ_INT(sweep__point_scenario(&o.run.scenario, "pin_fraction", "0.05", &sc, err, sizeof(err)), 0);
	CHECK(sc.pin_fraction == 0.05 && !strcmp(sc.pin_method, "vmsplice"), "%s", sc.pin_method);
	/* A request past the base's area size asks for that much area; a smaller one keeps it. */
	CHECK_EQ_INT(sweep__point_scenario(&o.run.scenario, "chunks", "6142", &sc, err, sizeof(err)), 0);
	CHECK(sc.chunks == 6142 && sc.min_cma_mb == 384, "6142 chunks: min_cma_mb %u", sc.min_cma_mb);
	CHECK_EQ_INT(sweep__point_scenario(&o.run.scenario, "chunks", "3072", &sc, err, sizeof(err)), 0);
	CHECK(sc.chunks == 3072 && sc.min_cma_mb == 320, "3072 chunks: min_cma_mb %u", sc.min_cma_mb);
	CHECK_EQ_INT(sweep__point_scenario(&o.run.scenario, "pin_fraction", "0.05", &sc, err, sizeof(err)), 0);
	/* The other keys stay the base scenario's. */
	CHECK(sc.chunks == 4800 && sc.fill_pct == 80 && !strcmp(sc.name, "pinned"), "%u %g %s",
	      sc.chunks, sc.fill_pct, sc.name);
	CHECK_EQ_INT(sweep__point_scenario(&o.run.scenario, "guest_smp", "4", &sc, err, sizeof(err)), 0);
	CHECK(!memcmp(&sc, &o.run.scenario, sizeof(sc)), "guest_smp changed the scenario");
}

int main(void)
{
	RUN(test_parse_good);
	RUN(test_parse_bad);
	RUN(test_point_scenario);
	return CHECK_DONE();
}
