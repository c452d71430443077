/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A results folder as test cases a device farm keeps: each number its own
 * case with a measurement (SQUAD makes it a metric and drops its pass/fail),
 * each gate verdict a case without one (SQUAD makes it a test). Written as
 * Linaro's result.txt lines, `name result [measurement units]`, which the
 * farm's test definition turns into lava-test-case calls, and read by the
 * KCIDB export (bench/export/kcidb.h).
 */
#ifndef CMABULK_FARM_CASES_H
#define CMABULK_FARM_CASES_H

#include <stdbool.h>
#include <stdio.h>

#include "bench/core/results_dir.h"
#include "bench/core/scenario.h"
#include "bench/export/lava_name.h"

#define FARM_MAX_CASES	256
#define FARM_MAX_GATES	16

enum case_result { CASE_PASS, CASE_FAIL, CASE_SKIP };
extern const char *const case_result_names[];

/*
 * A gate of one run: @s against @against on latency, judged as report.md's
 * pairs are (bench/core/verdicts.h). "S<A" passes when S is faster, "S<=A" when
 * S is faster or the same; slower fails; undecided or absent skips.
 */
struct farm_gate {
	enum strategy s, against;
	bool or_same;
};

#define FARM_DEFAULT_GATE "fast<=normal"

struct farm_case {
	/* fast-median-ms, fast-vs-normal-gate: subject-what as a LAVA name (lava_name.h) */
	char name[LAVA_NAME_MAX + 1];
	enum case_result result;
	bool has_measurement;
	double measurement;
	char units[16];			/* "" when the number has none */
	/* For KCIDB's test path: strategy (or "run", an area's row) and what was measured. */
	char subject[192], what[32];
	char detail[160];		/* a gate's verdict and ratio, for people */
};

struct farm_cases {
	char set[LAVA_NAME_MAX + 1];	/* the scenario's name as a LAVA test set's */
	char run_id[128];
	bool complete;
	int n;
	struct farm_case c[FARM_MAX_CASES];
};

/* Parse "S<A" or "S<=A" (strategy names); the reason in @err. */
int farm_gate__parse(const char *spec, struct farm_gate *g, char *err, size_t err_len);

/*
 * The cases of run @r: per strategy with measured trials its numbers
 * (read from its summary.json; computed from trials.csv by the same code
 * when it has none or an unreadable one), the run's completeness, then
 * one case per gate. 0 or -errno.
 */
int farm_cases__build(const struct results_dir *r, const struct farm_gate *gates, int nr_gates,
		      struct farm_cases *out);

/*
 * Append case @subject-@what (named by lava_name()): a number (pass, or
 * skip without a measurement when @v is not finite), or with add_verdict
 * a result alone. 0, -E2BIG when the cases are full, or -EEXIST when a
 * case already has that name.
 */
int farm_cases__add_number(struct farm_cases *fc, const char *subject, const char *what, double v,
			   const char *units);
int farm_cases__add_verdict(struct farm_cases *fc, const char *subject, const char *what,
			    enum case_result result, const char *detail);

/* The case named @name, or NULL. */
const struct farm_case *farm_cases__find(const struct farm_cases *fc, const char *name);

/*
 * result.txt: `name result [measurement units]` per line, the measurement
 * as json_number_text() writes it (the same text the KCIDB export has:
 * exact, 1234567 as 1234567).
 */
int farm_cases__write_result_txt(const struct farm_cases *fc, FILE *out);

#endif
