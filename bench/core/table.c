// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench/core/table.h"

void table__init(struct table *t)
{
	memset(t, 0, sizeof(*t));
}

void table__free(struct table *t)
{
	for (size_t r = 0; r < t->nrows; r++) {
		for (int c = 0; c < t->ncols; c++)
			free(t->rows[r][c]);
		free(t->rows[r]);
	}
	for (int c = 0; c < t->ncols; c++)
		free(t->cols[c]);
	free(t->rows);
	free(t->cols);
	table__init(t);
}

long table__add_row(struct table *t)
{
	if (t->nrows == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 64;
		void *p = realloc(t->rows, cap * sizeof(*t->rows));

		if (!p)
			return -1;
		t->rows = p;
		t->cap = cap;
	}
	t->rows[t->nrows] = calloc(t->ncols ? t->ncols : 1, sizeof(char *));
	if (!t->rows[t->nrows])
		return -1;
	return (long)t->nrows++;
}

int table__col(const struct table *t, const char *name)
{
	for (int c = 0; c < t->ncols; c++)
		if (!strcmp(t->cols[c], name))
			return c;
	return -1;
}

static int add_col(struct table *t, const char *name)
{
	char **cols = realloc(t->cols, (t->ncols + 1) * sizeof(*cols));

	if (!cols)
		return -1;
	t->cols = cols;
	t->cols[t->ncols] = strdup(name);
	for (size_t r = 0; r < t->nrows; r++) {
		char **row = realloc(t->rows[r], (t->ncols + 1) * sizeof(*row));

		if (!row)
			return -1;
		row[t->ncols] = NULL;
		t->rows[r] = row;
	}
	return t->ncols++;
}

int table__set(struct table *t, size_t r, const char *col, const char *fmt, ...)
{
	int c = table__col(t, col);
	va_list ap;
	char *v;

	if (c < 0)
		c = add_col(t, col);
	if (c < 0 || r >= t->nrows)
		return -ENOMEM;
	va_start(ap, fmt);
	if (vasprintf(&v, fmt, ap) < 0)
		v = NULL;
	va_end(ap);
	if (!v)
		return -ENOMEM;
	/* Keep the CSV trivially parseable. */
	for (char *p = v; *p; p++)
		if (*p == ',' || *p == '"' || *p == '\n' || *p == '\r')
			*p = ';';
	free(t->rows[r][c]);
	t->rows[r][c] = v;
	return 0;
}

const char *table__str(const struct table *t, size_t r, int c)
{
	if (c < 0 || c >= t->ncols || r >= t->nrows || !t->rows[r][c])
		return "";
	return t->rows[r][c];
}

double table__num(const struct table *t, size_t r, int c)
{
	const char *s = table__str(t, r, c);
	char *end;
	double v;

	if (!*s)
		return NAN;
	v = strtod(s, &end);
	return *end ? NAN : v;
}

int table__write_csv(const struct table *t, FILE *out)
{
	for (int c = 0; c < t->ncols; c++)
		fprintf(out, "%s%s", c ? "," : "", t->cols[c]);
	fputc('\n', out);
	for (size_t r = 0; r < t->nrows; r++) {
		for (int c = 0; c < t->ncols; c++)
			fprintf(out, "%s%s", c ? "," : "", table__str(t, r, c));
		fputc('\n', out);
	}
	return ferror(out) ? -EIO : 0;
}

/* Split @line at commas in place; returns the number of fields. */
static int split(char *line, char **f, int max)
{
	int n = 0;

	line[strcspn(line, "\r\n")] = 0;
	while (n < max) {
		char *comma = strchr(line, ',');

		f[n++] = line;
		if (!comma)
			break;
		*comma = 0;
		line = comma + 1;
	}
	return n;
}

int table__read_csv(struct table *t, const char *path, char *err, size_t err_len)
{
	char *line = NULL, *f[512];
	size_t cap = 0;
	int n, lineno = 1;
	FILE *in = fopen(path, "r");

	table__init(t);
	if (!in) {
		snprintf(err, err_len, "%s: %s", path, strerror(errno));
		return -errno;
	}
	if (getline(&line, &cap, in) <= 0) {
		snprintf(err, err_len, "%s: empty, not a trials table", path);
		goto bad;
	}
	n = split(line, f, 512);
	for (int c = 0; c < n; c++) {
		if (!*f[c] || table__col(t, f[c]) >= 0 || add_col(t, f[c]) < 0) {
			snprintf(err, err_len, "%s:1: empty or repeated column name", path);
			goto bad;
		}
	}
	while (getline(&line, &cap, in) > 0) {
		long r;

		lineno++;
		n = split(line, f, 512);
		if (n != t->ncols) {
			snprintf(err, err_len, "%s:%d: %d fields, the header has %d", path, lineno, n, t->ncols);
			goto bad;
		}
		r = table__add_row(t);
		if (r < 0) {
			snprintf(err, err_len, "%s: out of memory", path);
			goto bad;
		}
		for (int c = 0; c < n; c++)
			t->rows[r][c] = *f[c] ? strdup(f[c]) : NULL;
	}
	free(line);
	fclose(in);
	return 0;
bad:
	free(line);
	fclose(in);
	table__free(t);
	return -EINVAL;
}
