/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small JSON reader: parses a whole document (RFC 8259) into a tree of
 * nodes, the counterpart of the streaming writer in json.h.
 *
 * Strict where the RFC is: no trailing commas, no leading zeros, no "+1",
 * ".5" or "1.", no bare words but true, false and null, no unescaped
 * control characters in strings, only the RFC's escapes, nothing after the
 * value but whitespace. Limits and choices of this implementation:
 *  - nesting deeper than JREAD_MAX_DEPTH arrays/objects is an error;
 *  - bytes of strings are not checked for valid UTF-8: they are kept as
 *    they are (the writer never produces invalid UTF-8, and a tool that
 *    reads its own documents has no use for the check);
 *  - "\u0000" is rejected: strings are NUL-terminated C strings;
 *  - a number too large for a double is an error, one too small becomes
 *    0 (or a denormal); numbers are converted with strtod(), so the
 *    program must run with the "C" LC_NUMERIC locale (the default);
 *  - duplicate keys in an object are all kept, lookups find the first.
 * Columns in error messages count bytes from 1; lines count '\n' from 1.
 */
#ifndef CMABULK_JSON_READ_H
#define CMABULK_JSON_READ_H

#include <stdbool.h>
#include <stddef.h>

#define JREAD_MAX_DEPTH 64

enum jtype { JNULL, JBOOL, JNUM, JSTR, JARR, JOBJ };

struct jnode {
	enum jtype type;
	bool b;				/* JBOOL */
	double num;			/* JNUM */
	char *str;			/* JSTR: UTF-8, escapes decoded */
	char *key;			/* member name inside an object, else NULL */
	struct jnode *child, *next;	/* first child of JARR/JOBJ; next sibling */
	size_t len;			/* number of children */
};

/*
 * Parse exactly one JSON value from @len bytes at @text (surrounding
 * whitespace allowed; @text need not be NUL-terminated and nothing past
 * @len is read). Returns the tree, to be freed with jread_free(), or NULL
 * with a one-line message "line L, column C: what" in @err (if @err_len).
 */
struct jnode *jread_parse(const char *text, size_t len, char *err, size_t err_len);
void jread_free(struct jnode *n);

/*
 * Member of object @obj by @key (the first match); NULL if @obj is not an
 * object or has no such member.
 */
const struct jnode *jread_get(const struct jnode *obj, const char *key);

/* Follow a NULL-terminated list of keys: jread_path(root, "a", "b", NULL). */
const struct jnode *jread_path(const struct jnode *n, ...)
	__attribute__((sentinel));

/* Number value of @n, or @dflt if @n is NULL or not a number. */
double jread_num(const struct jnode *n, double dflt);

/* String value of @n, or NULL if @n is NULL or not a string. */
const char *jread_str(const struct jnode *n);

/*
 * Read the whole file at @path (at most 64 MiB, else EFBIG) into a
 * malloc()ed, NUL-terminated buffer; *@len gets the size without the NUL.
 * NULL with errno set on failure.
 */
char *jread_file(const char *path, size_t *len);

#endif
