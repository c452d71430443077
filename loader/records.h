/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The records cmabulk-trace prints as events come, beside the snapshots'
 * totals: one line of text or one JSON object each (schema:
 * docs/cmabulk-trace.schema.json, the "call" and "skip" documents).
 */
#ifndef CMABULK_RECORDS_H
#define CMABULK_RECORDS_H

#include <stdbool.h>
#include <stdio.h>
#include <linux/types.h>

#include "bpf/cmabulk_kernel.h"
#include "bpf/cmabulk_trace.h"
#include "loader/kernel_names.h"

/* One finished call, for --calls, as a text line or a JSON object. */
void records__print_call(const struct call_event *e,
			 const struct kernel_names *names, const char *unit,
			 bool json, FILE *out);

/*
 * One skipped pageblock, for --skips: a text line starting "SKIP" or a
 * JSON object of type "skip". Without details (a series before v3) the
 * failing pfn and the migration counts are left out, not printed as 0.
 */
void records__print_skip(const struct skip_event *e,
			 const struct kernel_names *names, bool json, FILE *out);

#endif
