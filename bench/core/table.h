/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The per-trial table of a run: named columns, one row per trial, kept as
 * the text that goes into trials.csv so that what the report, compare and
 * check read back is exactly what was written. Columns appear on first use
 * (skip reasons and phases come from the kernel, not from a list here).
 */
#ifndef CMABULK_TABLE_H
#define CMABULK_TABLE_H

#include <stddef.h>
#include <stdio.h>

struct table {
	int ncols;
	char **cols;
	size_t nrows, cap;
	char ***rows;		/* rows[r][c], NULL for an empty cell */
};

void table__init(struct table *t);
void table__free(struct table *t);

/* Append an empty row; returns its index, or -1 when out of memory. */
long table__add_row(struct table *t);

/* Set cell (@r, column @col), adding the column if it is new. */
int table__set(struct table *t, size_t r, const char *col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Column index of @name, or -1. */
int table__col(const struct table *t, const char *name);

/* Cell text ("" when empty) and its number (NaN when empty or not one). */
const char *table__str(const struct table *t, size_t r, int c);
double table__num(const struct table *t, size_t r, int c);

/* CSV with a header line; cells never contain ',' '"' or newlines. */
int table__write_csv(const struct table *t, FILE *out);
int table__read_csv(struct table *t, const char *path, char *err, size_t err_len);

#endif
