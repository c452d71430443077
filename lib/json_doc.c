// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/json_doc.h"
#include "lib/tool.h"

struct json_object *json_doc__parse(const char *text, char *err, size_t err_len)
{
	struct json_tokener *tok = json_tokener_new();
	struct json_object *root;
	enum json_tokener_error jerr;
	size_t len = strlen(text), end;

	if (!tok) {
		snprintf(err, err_len, "out of memory");
		return NULL;
	}
	if (!text[strspn(text, " \t\r\n")]) {
		json_tokener_free(tok);
		snprintf(err, err_len, "empty, not a document");
		return NULL;
	}
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	/*
	 * The NUL too: it ends a top-level number, and says "no more input".
	 * Strict mode refuses anything but whitespace after the value.
	 */
	root = json_tokener_parse_ex(tok, text, len + 1);
	jerr = json_tokener_get_error(tok);
	end = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	if (jerr != json_tokener_success) {
		/* json-c reports a document cut short as "unexpected character" at its end. */
		snprintf(err, err_len, "byte %zu: %s", end >= len ? len : end + 1,
			 end >= len ? "the document ends too early (truncated?)" :
			 json_tokener_error_desc(jerr));
		json_object_put(root);
		return NULL;
	}
	if (!root)
		snprintf(err, err_len, "byte 1: null, not a document");
	return root;
}

struct json_object *json_doc__load(const char *path, char *err, size_t err_len)
{
	struct json_object *root;
	char why[256];
	char *text = read_whole_file(path, NULL);

	if (!text) {
		snprintf(err, err_len, "%s: %s", path, strerror(errno));
		return NULL;
	}
	root = json_doc__parse(text, why, sizeof(why));
	free(text);
	if (!root)
		snprintf(err, err_len, "%s: not JSON: %s", path, why);
	return root;
}

struct json_object *json_doc__member(struct json_object *obj, const char *key,
				     enum json_type type, bool *wrong)
{
	struct json_object *m = NULL;
	bool bad = false;

	if (json_object_is_type(obj, json_type_object) &&
	    json_object_object_get_ex(obj, key, &m) && !json_object_is_type(m, type)) {
		/* An integer is a number wherever a double is asked for. */
		bad = !(type == json_type_double && json_object_is_type(m, json_type_int));
		if (bad)
			m = NULL;
	}
	if (wrong)
		*wrong = bad;
	return m;
}

const char *json_doc__str(struct json_object *obj, const char *key)
{
	struct json_object *m = json_doc__member(obj, key, json_type_string, NULL);

	return m ? json_object_get_string(m) : NULL;
}

double json_doc__num(struct json_object *obj, const char *key, double dflt)
{
	struct json_object *m = json_doc__member(obj, key, json_type_double, NULL);

	return m ? json_object_get_double(m) : dflt;
}

bool double_to_u64(double v, uint64_t max, uint64_t *out)
{
	const uint64_t exact = 1ULL << 53;

	if (max > exact)
		max = exact;
	/* Written so that NaN fails both comparisons' way: it is never in range. */
	if (!(v >= 0 && v <= (double)max))
		return false;
	*out = (uint64_t)v;
	return true;
}

size_t json_doc__size(struct json_object *obj, const char *key, size_t max, size_t dflt)
{
	uint64_t v;

	return double_to_u64(json_doc__num(obj, key, NAN), max, &v) ? (size_t)v : dflt;
}

int json_doc__count(struct json_object *obj, const char *key, uint64_t *out,
		    const char *where, char *err, size_t err_len)
{
	struct json_object *m = NULL;

	if (!json_object_object_get_ex(obj, key, &m)) {
		snprintf(err, err_len, "%s.%s: is missing", where, key);
		return -EINVAL;
	}
	if (!json_object_is_type(m, json_type_int) || json_object_get_int64(m) < 0) {
		snprintf(err, err_len, "%s.%s: '%s' is not a count", where, key,
			 json_object_to_json_string_ext(m, JSON_C_TO_STRING_PLAIN));
		return -EINVAL;
	}
	/* json-c keeps integers past INT64_MAX as uint64. */
	*out = json_object_get_uint64(m);
	return 0;
}
