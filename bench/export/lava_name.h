/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Names a LAVA server keeps: a test case's and a test set's. Both are
 * parts of a result's URL (/results/JOB/SUITE/SET/CASE); the server
 * drops a set whose name URL quoting would change (lava_results_app's
 * dbutils: set_name != quote(set_name)), and documents a case name of at
 * most 100 characters (its TestCase.name). A LAVA name here is made of
 * [A-Za-z0-9._-] only, is 1 to LAVA_NAME_MAX characters long, and is
 * not "." or "..".
 */
#ifndef CMABULK_LAVA_NAME_H
#define CMABULK_LAVA_NAME_H

#include <stdbool.h>

#define LAVA_NAME_MAX 100

/* Whether @s is a LAVA name as it stands. */
bool lava_name__valid(const char *s);

/*
 * @in as a LAVA name in @out: @in itself when it is one. Else every other
 * byte becomes '_', the result is cut to leave room, and "-" and 12 hex
 * digits of a 64-bit FNV-1a hash of the whole of @in follow: two inputs
 * that differ only in what was replaced or cut get different names, and
 * the same input the same name on every machine. Returns true when @in
 * was changed.
 */
bool lava_name(const char *in, char out[LAVA_NAME_MAX + 1]);

#endif
