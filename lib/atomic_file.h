/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CMABULK_ATOMIC_FILE_H
#define CMABULK_ATOMIC_FILE_H

#include <stdio.h>

/*
 * Write-then-rename: open @path's temporary sibling for writing, and on
 * close (fsync'ed) give it its real name, so a reader sees the old file or
 * the new one, never half of one.
 */
FILE *atomic_open(const char *path);
int atomic_close(FILE *f, const char *path);

#endif
