/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The argument lists of the tracepoints the tracer reads, as the running
 * kernel has them. An event's TP_PROTO changes between kernels (6.1's
 * cma_alloc_finish has no errorno; mm_migrate_pages gained arguments), and
 * a BPF program that reads an argument the kernel does not pass is
 * rejected whole, so the loader asks here first: BTF's btf_trace_<event>
 * typedef says how many arguments there are; without it, the event's
 * format in tracefs says which fields there are.
 */
#ifndef CMABULK_TP_LAYOUT_H
#define CMABULK_TP_LAYOUT_H

#include <stdbool.h>

struct btf;

/*
 * The number of TP_PROTO arguments of tracepoint @tp: from @btf when it
 * has btf_trace_<tp>, else the fields of @tracefs/events/.../<tp>/format
 * after the common ones (for the events we read, one field per argument);
 * -1 when neither knows the event.
 */
int tp_layout__nargs(const struct btf *btf, const char *tracefs, const char *tp);

/*
 * What a handler reads: arguments 0 .. @required - 1 always, and, when
 * @optional >= 0, argument @optional if the kernel passes it.
 */
struct tp_need {
	const char *tp;
	int required;
	int optional;
};

/* How the kernel's @nargs fit @need. */
enum tp_fit {
	TP_FIT_ABSENT,		/* the kernel has no such event */
	TP_FIT_FULL,		/* every argument the handler reads */
	TP_FIT_NO_OPTIONAL,	/* the required ones only: run without the optional */
	TP_FIT_SHORT,		/* fewer than required: the program cannot load */
};

enum tp_fit tp_layout__fit(const struct tp_need *need, int nargs);

/*
 * The TP_PROTO index of @tp's argument called one of @names (its names
 * across kernels, NULL-terminated), or -1 when the kernel has the event
 * but not the argument, -2 when it does not know the event. The names
 * come from the first of: BTF's __probestub_<tp> (6.5 on, every event),
 * BTF's __bpf_trace_<tp> (an event that is its own class), the format in
 * @tracefs (its fields after the common ones, in TP_PROTO order for the
 * events the tracer reads). *@source, when not NULL, says which.
 */
int tp_layout__arg_index(const struct btf *btf, const char *tracefs, const char *tp,
			 const char *const *names, const char **source);

#endif
