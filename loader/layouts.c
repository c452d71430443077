// SPDX-License-Identifier: GPL-2.0
/* The kernel's tracepoint layouts against the handlers' (layouts.h). */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <linux/types.h>

#include "bpf/cmabulk_kernel.h"
#include "bpf/cmabulk_trace.h"
#include "lib/tool.h"
#include "loader/feature_probe.h"
#include "loader/layouts.h"
#include "loader/tp_layout.h"
#include "loader/trace_env.h"

/*
 * What each handler of the series' events reads, by argument index: all
 * their arguments, and v3's details of a skip as optional.
 */
static const struct tp_need tp_needs[] = {
	{ "cma_bulk_start", 5, -1 },
	{ "cma_bulk_skip_pageblock", 6, 8 },	/* failed_pfn, nr_migrated, nr_rescued: v3 */
	{ "cma_bulk_mode_fallback", 5, -1 },
	{ "cma_bulk_finish", 8, -1 },
	{ "cma_bulk_order_windows", 6, -1 },	/* v5 */
	{ "cma_bulk_pick_window", 6, -1 },	/* v5 */
	{ "mm_alloc_contig_range_finish", 8, -1 },
};

/*
 * What the handlers of the events outside the series read, by name (its
 * names across kernels): where each is goes to the BPF side as a constant
 * (struct tp_arg_index), so a kernel that adds or moves arguments is read
 * right, and one that lacks an optional argument is still traced.
 */
#define TP_ARG(tp, field, optional, ...)					\
	{ tp, #field, offsetof(struct tp_arg_index, field), optional, { __VA_ARGS__, NULL } }
static const struct tp_arg_need {
	const char *tp;
	const char *field;
	size_t offset;
	bool optional;
	const char *names[4];
} tp_arg_needs[] = {
	TP_ARG("cma_alloc_start", start_name, false, "name"),
	TP_ARG("cma_alloc_start", start_count, false, "request_count", "count"),
	TP_ARG("cma_alloc_start", start_available, true, "available_count"),
	TP_ARG("cma_alloc_finish", finish_pfn, false, "pfn"),
	TP_ARG("cma_alloc_finish", finish_page, false, "page"),
	TP_ARG("cma_alloc_finish", finish_count, false, "count"),
	TP_ARG("cma_alloc_finish", finish_errorno, true, "errorno"),
	TP_ARG("mm_migrate_pages", migrate_succeeded, false, "succeeded"),
	TP_ARG("mm_migrate_pages", migrate_failed, false, "failed"),
	TP_ARG("mm_migrate_pages", migrate_reason, false, "reason"),
	TP_ARG("test_pages_isolated", isolated_end, false, "end_pfn"),
	TP_ARG("test_pages_isolated", isolated_fin, false, "fin_pfn"),
};

/* The BPF side reads arguments 0 to 9 (tp_arg()). */
#define TP_ARG_MAX 9

/*
 * Find every named argument; one a handler cannot do without turns the
 * handler off (cma_alloc()'s own: the tool), an optional one is -1.
 */
static int find_args(struct bpf_object *obj, struct features *fs, const struct btf *btf,
		     struct tp_arg_index *args)
{
	__s8 *index = (__s8 *)args;

	for (size_t i = 0; i < sizeof(tp_arg_needs) / sizeof(tp_arg_needs[0]); i++) {
		const struct tp_arg_need *need = &tp_arg_needs[i];
		const char *source = NULL;
		int at;

		if (!features__has(fs, need->tp))
			continue;
		at = tp_layout__arg_index(btf, fs->tracefs, need->tp, need->names, &source);
		if (at > TP_ARG_MAX)
			at = -1;
		index[need->offset] = at < 0 ? -1 : at;
		if (env.verbose && at >= 0)
			fprintf(stderr, "%s: %s's %s is argument %d (names from the %s)\n",
				tool_name, need->tp, need->names[0], at, source);
		if (at >= 0)
			continue;
		if (!strcmp(need->field, "finish_errorno"))
			fprintf(stderr, "%s: cma_alloc_finish has no errorno on this kernel: a failed cma_alloc() counts as -ENOMEM\n",
				tool_name);
		if (need->optional)
			continue;
		if (!strncmp(need->tp, "cma_alloc_", 10))
			return tool_error(1, "%s has no argument '%s' on this kernel: cma_alloc() cannot be traced here",
					  need->tp, need->names[0]);
		features__turn_off(fs, obj, need->tp, "off (layout)");
		fprintf(stderr, "%s: %s has no argument '%s' on this kernel: not traced\n",
			tool_name, need->tp, need->names[0]);
	}
	return 0;
}

/*
 * Match the kernel's layout of every traced event to what its handler
 * reads: a handler that would read past the arguments is turned off and
 * named (one optional argument missing is not a reason to lose the tool).
 */
int layouts__apply(struct bpf_object *obj, struct features *fs, const struct btf *btf,
		   struct tp_arg_index *args, bool *skip_has_details)
{
	for (size_t i = 0; i < sizeof(tp_needs) / sizeof(tp_needs[0]); i++) {
		const struct tp_need *need = &tp_needs[i];
		int nargs = tp_layout__nargs(btf, fs->tracefs, need->tp);
		enum tp_fit fit = tp_layout__fit(need, nargs);

		if (!features__has(fs, need->tp) || fit == TP_FIT_ABSENT)
			continue;
		if (fit == TP_FIT_SHORT) {
			features__turn_off(fs, obj, need->tp, "off (layout)");
			fprintf(stderr, "%s: %s has %d arguments on this kernel, not the %d%s the tracer reads: not traced\n",
				tool_name, need->tp, nargs, need->required,
				need->optional >= 0 ? "+" : "");
		} else if (!strcmp(need->tp, "cma_bulk_skip_pageblock") && fit == TP_FIT_NO_OPTIONAL) {
			*skip_has_details = false;
			if (env.skips)
				fprintf(stderr, "%s: cma_bulk_skip_pageblock has no failed_pfn on this kernel (a series before v3): skips show the window only\n",
					tool_name);
		}
	}
	return find_args(obj, fs, btf, args);
}
