/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The running kernel's tracepoint layouts matched to what the handlers of
 * bpf/cmabulk_trace.bpf.c read: the series' events by argument count, the
 * others by argument name (loader/tp_layout.h). A handler that cannot
 * read its event is turned off and named in one line; where each named
 * argument is goes to the BPF side as constants.
 */
#ifndef CMABULK_LAYOUTS_H
#define CMABULK_LAYOUTS_H

#include <stdbool.h>

struct bpf_object;
struct btf;
struct features;
struct tp_arg_index;

/*
 * Decide for @obj's tracepoint programs (before load): fill @args and
 * *@skip_has_details (the object's rodata), turn off what cannot load.
 * 0, or the exit status after one line on stderr when cma_alloc() itself
 * cannot be traced.
 */
int layouts__apply(struct bpf_object *obj, struct features *fs, const struct btf *btf,
		   struct tp_arg_index *args, bool *skip_has_details);

#endif
