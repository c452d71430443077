// SPDX-License-Identifier: GPL-2.0
/*
 * A device session folder as the host renders it, from any bytes: the
 * input is trace.out (the tracer's JSON lines), device.facts and
 * command.status separated by NUL bytes. It renders (meta.json, report.md,
 * plot data; no gnuplot) or refuses with one line; never more.
 */
#include <stdio.h>

#include "bench/core/trace_session.h"
#include "bench/export/trace_session_cases.h"
#include "bench/report/trace_session_md.h"
#include "tests/fuzz/fuzz.h"

static const char *const names[] = { "trace.out", "device.facts", "command.status" };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *dir = fuzz_folder(data, size, '\0', names, 3);
	struct trace_session_opts o = { .transport = "local" };
	FILE *out = fopen("/dev/null", "w");

	if (!out)
		abort();
	fuzz_errors_begin();
	trace_session__render(dir, &o, out);
	fuzz_errors_end();
	fclose(out);
	return 0;
}
