/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A results folder as a KCIDB (KernelCI's database) v5.3 submission: one
 * checkout (the kernel: its tree, base commit when known and patchset
 * hash; its id the release and a kernel id, by default the series' hash),
 * one build (its architecture, config and toolchain) and a test per farm case
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
	/*
	 * The widely known name of the kernel tree the checkout came from
	 * (mainline, stable, net-next): --tree, else the run's tree_name
	 * fact; required.
	 */
	const char *tree_name;
	const char *git_url;		/* https://..., optional */
	/* The base tree's 40-digit commit: --git-commit, else the run's kernel_git_commit; omitted when unknown. */
	const char *git_commit;
	/*
	 * KCIDB's patchset_hash: sha256 over the newline-terminated sha256 of
	 * each patch applied on the commit, in order ("" when none were):
	 * --patchset-hash, else the run's patchset_hash (scripts/bench.sh and
	 * farm.sh record the series'); required.
	 */
	const char *patchset_hash;
	/*
	 * What tells this kernel from another of the same release, in the
	 * checkout's id: --kernel-id, else the series hash the run recorded;
	 * required (a farm's kernels: a commit, a build number, the image's hash).
	 */
	const char *kernel_id;
	/* The build's part of its id: --config-id, else the run's config hash; required. */
	const char *config_id;
};

/* Refuse an origin, URL, commit or patchset hash KCIDB would reject; the reason in @err. */
int kcidb_opts__check(const struct kcidb_opts *o, char *err, size_t err_len);

/*
 * @o with the run @r's facts (meta.json's host block) where an option was
 * not given, checked: 0, or -EINVAL with one line in @err naming the
 * value that is missing or wrong and the option that gives it. Nothing
 * falls back to a made-up value.
 */
int kcidb_opts__resolve(const struct kcidb_opts *o, const struct results_dir *r,
			struct kcidb_opts *out, char *err, size_t err_len);

/* Write the submission for run @r with cases @fc and resolved options @o; 0 or -EIO. */
int kcidb__write(const struct results_dir *r, const struct farm_cases *fc,
		 const struct kcidb_opts *o, FILE *out);

#endif
