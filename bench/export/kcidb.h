/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A results folder as a KCIDB (KernelCI's database) v5.3 submission: one
 * checkout (the kernel: its release and an id, by default the series'
 * hash), one build (its
 * architecture, config and toolchain) and a test per farm case
 * (bench/export/farm_cases.h): numbers with status DONE and number {value, unit},
 * gate verdicts PASS, FAIL or SKIP without one. Test ids name the run and
 * when it started, so two runs of one kernel are two sets of tests. farm/kcidb/ keeps the
 * subset of the schema it is checked against, and how to submit it.
 */
#ifndef CMABULK_KCIDB_H
#define CMABULK_KCIDB_H

#include <stdio.h>

#include "bench/export/farm_cases.h"
#include "bench/core/results_dir.h"

struct kcidb_opts {
	const char *origin;		/* KCIDB origin, [a-z0-9_]+ (default cmabulk) */
	const char *tree_name;		/* default: the run's kernel release */
	const char *git_url;		/* https://..., optional */
	const char *git_commit;		/* 40 hex digits, optional */
	/*
	 * What tells this kernel from another of the same release: default
	 * the series hash scripts/bench.sh records, else "unknown" (give one
	 * on a farm: a commit, a build number, the image's hash).
	 */
	const char *kernel_id;
};

/* Refuse an origin, URL or commit KCIDB would reject; the reason in @err. */
int kcidb_opts__check(const struct kcidb_opts *o, char *err, size_t err_len);

/* Write the submission for run @r with cases @fc; 0 or -EIO. */
int kcidb__write(const struct results_dir *r, const struct farm_cases *fc,
		 const struct kcidb_opts *o, FILE *out);

#endif
