// SPDX-License-Identifier: GPL-2.0
/*
 * A results folder as report and compare read it, from any bytes: the
 * input is meta.json, scenario and trials.csv separated by NUL bytes.
 * A folder the reader accepts goes through everything a report does
 * (summary, verdicts, report.md with its plot data, but no gnuplot); one
 * it refuses gets one line. The gate on the folder against itself never
 * finds a regression.
 */
#include <string.h>

#include "bench/core/compare.h"
#include "bench/report/report_md.h"
#include "bench/core/results_dir.h"
#include "bench/core/summary.h"
#include "bench/core/verdicts.h"
#include "lib/tool.h"
#include "tests/fuzz/fuzz.h"

static const char *const names[] = { "meta.json", "scenario", "trials.csv" };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *dir = fuzz_folder(data, size, '\0', names, 3);
	struct compare_opts co = { .threshold_pct = 10, .alpha = 0.05, .boot_reps = 200 };
	struct run_summary sum;
	struct verdict_set vs;
	struct results_dir r;
	char err[600] = "";
	int ret;

	fuzz_errors_begin();
	if (results_dir__load(&r, dir, true, err, sizeof(err))) {
		/* As report and compare print it: one line, whatever the files held. */
		FUZZ_ASSERT(err[0], "refused without a reason");
		tool_error(2, "%s", err);
		fuzz_errors_end();
		return 0;
	}
	FUZZ_ASSERT(summary__compute(&r.trials, r.page_size, &sum) == 0, "summary of a loaded run");
	FUZZ_ASSERT(verdicts__compute(&r.trials, &vs) == 0, "verdicts of a loaded run");
	results_dir__free(&r);
	report_md__write(dir, false, false);
	co.a = co.b = dir;
	co.allow_partial = true;
	ret = bench_compare(&co);
	FUZZ_ASSERT(ret != 1, "a run is a regression against itself");
	fuzz_errors_end();
	return 0;
}
