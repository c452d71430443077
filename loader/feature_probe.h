/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Runtime feature detection: which of the BPF object's attach points the
 * running kernel has, and how to attach to each (tp_btf, else raw_tp for
 * tracepoints; fentry/fexit for functions). Derived from the programs'
 * section names, so the object is the only list of what we trace.
 */
#ifndef CMABULK_FEATURE_PROBE_H
#define CMABULK_FEATURE_PROBE_H

#include <stdbool.h>
#include <stdio.h>

struct bpf_object;
struct btf;

#define FEATURES_MAX 32

struct feature {
	char target[64];	/* tracepoint or kernel function */
	bool is_function;
	const char *how;	/* "tp_btf", "raw_tp", "fentry/fexit", "missing" */
};

struct features {
	struct feature f[FEATURES_MAX];
	int n;
	const char *tracefs;	/* mount point found */
};

/* Where tracefs is mounted, or NULL. */
const char *features__tracefs(void);

/*
 * Decide, for every program of @obj, whether it loads: a tracepoint
 * program loads as tp_btf when @btf knows the tracepoint (and !@raw_tp),
 * as raw_tp when only tracefs knows it, not at all when neither does; a
 * fentry/fexit program loads when @btf has the function (or what it is
 * called on this kernel: features__function_in()) and, for the
 * phase and drain probes (named *_enter / *_exit), when @phases is set.
 */
void features__probe(struct features *fs, struct bpf_object *obj,
		     const struct btf *btf, bool raw_tp, bool phases);

/*
 * The function of @btf a program written for @target attaches to: @target,
 * or the first of the names it had on other kernels (7.0's frozen
 * allocation functions, 6.1's older ones) that @btf has; NULL if none.
 */
const char *features__function_in(const struct btf *btf, const char *target);

/* Comma-separated missing tracepoints (or functions) into @buf; count. */
int features__missing(const struct features *fs, bool functions, char *buf,
		      size_t len);

/* Whether @target attaches (neither missing nor turned off). */
bool features__has(const struct features *fs, const char *target);

/*
 * Do not load the programs of tracepoint @tp after all (its layout is not
 * one they can read); @how says why in the feature table ("off (...)").
 */
void features__turn_off(struct features *fs, struct bpf_object *obj, const char *tp,
			const char *how);

/*
 * Do not load any fentry/fexit program (a kernel without BTF of its own
 * cannot attach them); @how says why in the feature table.
 */
void features__functions_off(struct features *fs, struct bpf_object *obj, const char *how);

/*
 * Whether @btf (a --btf file) describes the running kernel: 95% of its
 * functions or more are among the function symbols of @kallsyms
 * ("/proc/kallsyms"); another version's BTF has thousands that are not.
 * 1 yes, 0 no, -1 @kallsyms unreadable; @why says what did not fit.
 */
int features__btf_fits_kernel(const struct btf *btf, const char *kallsyms, char *why, size_t len);

void features__print(const struct features *fs, FILE *out);

#endif
