/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading JSON documents with json-c: one parse that either gives a tree
 * or one line saying where and why not, and typed member look-ups that
 * tell "absent" from "of the wrong type", so that a reader can refuse a
 * document it does not understand instead of reading zeros out of it.
 * The writer stays lib/json.h.
 */
#ifndef CMABULK_JSON_DOC_H
#define CMABULK_JSON_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

/*
 * Parse the NUL-terminated @text as exactly one JSON value (strict: no
 * trailing commas, nothing after the value but whitespace). Returns the
 * tree, to be released with json_object_put(), or NULL with "byte N: what"
 * in @err. A bare JSON null is refused too: it is never a document.
 */
struct json_object *json_doc__parse(const char *text, char *err, size_t err_len);

/* The same for the file at @path; @err then starts with the path. */
struct json_object *json_doc__load(const char *path, char *err, size_t err_len);

/*
 * Member @key of object @obj when it has @type; NULL when it is absent
 * (*@wrong false) or has another type (*@wrong true). @wrong may be NULL.
 */
struct json_object *json_doc__member(struct json_object *obj, const char *key,
				     enum json_type type, bool *wrong);

/* String member @key, or NULL when absent or not a string. */
const char *json_doc__str(struct json_object *obj, const char *key);

/* Number member @key (int or double), or @dflt when absent or not a number. */
double json_doc__num(struct json_object *obj, const char *key, double dflt);

/*
 * Number member @key as a size, or @dflt when it is absent, not a number,
 * not finite, negative or above @max: a conversion of a double outside the
 * target's range is undefined behaviour, so every number a file gives is
 * checked before it becomes an integer.
 */
size_t json_doc__size(struct json_object *obj, const char *key, size_t max, size_t dflt);

/*
 * @v as an integer in [0, @max] into *@out; false (and *@out untouched) when
 * @v is not finite or out of that range. @max is capped at 2^53, the last
 * integer a double holds exactly.
 */
bool double_to_u64(double v, uint64_t max, uint64_t *out);

/*
 * Count member @key (a non-negative integer) into *@out. Returns 0, or
 * -EINVAL with "@where.@key: is missing / is not a count" in @err.
 */
int json_doc__count(struct json_object *obj, const char *key, uint64_t *out,
		    const char *where, char *err, size_t err_len);

#endif
