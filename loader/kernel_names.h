/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Printable names of the series' enums, read from the running kernel's BTF:
 * each enumerator in lower case without its prefix, which is also how the
 * kernel's tracepoints print them (ALLOC_CONTIG_MODES / ALLOC_CONTIG_FAILS
 * in include/linux/gfp.h). Nothing here is a hand-kept copy.
 */
#ifndef CMABULK_KERNEL_NAMES_H
#define CMABULK_KERNEL_NAMES_H

#include <stdbool.h>

struct btf;

#define KNAMES_MAX 16

struct kernel_names {
	char mode[KNAMES_MAX][24];	/* by enum alloc_contig_mode value */
	int nr_modes;
	char fail[KNAMES_MAX][24];	/* by enum alloc_contig_fail value */
	int nr_fails;
};

/* Fill @kn from @btf; returns false when the kernel lacks the enums. */
bool kernel_names__load(struct kernel_names *kn, const struct btf *btf);

/* Name of a mode / failure value, or "mode7" style for unknown values. */
const char *kernel_names__mode(const struct kernel_names *kn, int value);
const char *kernel_names__fail(const struct kernel_names *kn, int value);

/* Every mode name, comma-separated ("normal, fast, fast_sync, normal_once"). */
const char *kernel_names__mode_list(const struct kernel_names *kn);

/* Value of a mode name ("fast"), or -1. */
int kernel_names__mode_value(const struct kernel_names *kn, const char *name);

#endif
