/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Runs of one scenario on one kernel, made one run: the trials of several
 * boots (make ab interleaves kernel A's and B's boots, a farm job runs one
 * test per boot) in one trials.csv, with the scenario, a meta.json that
 * names the runs it came from, and summary.json. What compare reads.
 */
#ifndef CMABULK_MERGE_H
#define CMABULK_MERGE_H

#include <stddef.h>

/*
 * Merge the results folders @dirs[0..@n) into the new folder @out. The runs
 * must be of the same scenario and kernel (release, and series and config
 * where both record them); a partial run makes the merged one partial. 0,
 * -EINVAL (runs that cannot be merged, @out that cannot be created) or
 * another -errno (writing failed), with the reason in @err.
 */
int bench_merge(const char *out, const char *const *dirs, size_t n, char *err, size_t err_len);

#endif
