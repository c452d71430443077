/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A sweep's folder, as its runner writes it (bench/measure/sweep.h) and
 * its report reads it (bench/report/sweep_md.h): sweep.json
 * ({"schema":"cmabulk-bench-sweep", "scenario", "key", "values"}),
 * meta.json ("cmabulk-sweep-meta") and per value a run folder
 * "<key>-<value>".
 */
#ifndef CMABULK_SWEEP_DIR_H
#define CMABULK_SWEEP_DIR_H

#include <stdbool.h>
#include <stddef.h>

#define SWEEP_SCHEMA		"cmabulk-bench-sweep"
#define SWEEP_META_SCHEMA	"cmabulk-sweep-meta"
#define SWEEP_MAX_POINTS	16
#define SWEEP_VALUE_LEN		32

/* The run folder of point @key=@value in the sweep folder @dir, into @buf. */
void sweep_dir__point(char *buf, size_t len, const char *dir, const char *key, const char *value);

/* True when @dir holds a sweep (sweep.json). */
bool sweep_dir__is_sweep(const char *dir);

#endif
