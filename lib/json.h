/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small streaming JSON writer: the caller opens and closes objects and
 * arrays, the writer places commas, escapes strings and tracks nesting so
 * that every document it completes is valid JSON (RFC 8259).
 */
#ifndef CMABULK_JSON_H
#define CMABULK_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 32

struct json_writer {
	FILE *out;
	int depth;
	bool pretty;
	bool error;			/* nesting misuse or depth overflow */
	bool need_comma[JSON_MAX_DEPTH];
	bool after_key;
};

void json_init(struct json_writer *w, FILE *out, bool pretty);

/*
 * Start a document of ours: json_init(), then the top-level object with
 * the "schema" and "version" members every cmabulk document begins with.
 */
void json_document_begin(struct json_writer *w, FILE *out, bool pretty,
			 const char *schema, unsigned int version);

void json_object_begin(struct json_writer *w);
void json_object_end(struct json_writer *w);
void json_array_begin(struct json_writer *w);
void json_array_end(struct json_writer *w);

void json_key(struct json_writer *w, const char *key);
void json_string(struct json_writer *w, const char *s);
void json_u64(struct json_writer *w, uint64_t v);
void json_i64(struct json_writer *w, int64_t v);
/* Non-finite doubles have no JSON form and are written as null. */
void json_double(struct json_writer *w, double v);
/*
 * @v as the shortest of %.15g, %.16g and %.17g that reads back as @v
 * exactly: 1234567 is "1234567", 0.1 is "0.1" (json_double's %.17g makes
 * it 0.10000000000000001), 1150.5796869999999 is "1150.579687". For
 * numbers another program keeps, the same text everywhere (the farm's
 * result.txt and KCIDB). Non-finite: "null". Returns @buf.
 */
#define JSON_NUMBER_LEN 32
const char *json_number_text(double v, char buf[JSON_NUMBER_LEN]);
void json_number(struct json_writer *w, double v);
void json_bool(struct json_writer *w, bool v);
void json_null(struct json_writer *w);

/* key + value shorthands */
void json_key_string(struct json_writer *w, const char *key, const char *s);
void json_key_u64(struct json_writer *w, const char *key, uint64_t v);
void json_key_i64(struct json_writer *w, const char *key, int64_t v);
void json_key_double(struct json_writer *w, const char *key, double v);
void json_key_number(struct json_writer *w, const char *key, double v);
void json_key_bool(struct json_writer *w, const char *key, bool v);

/*
 * Ends a top-level document: newline and flush. Returns 0, or -1 when the
 * document was not balanced or a write failed.
 */
int json_finish(struct json_writer *w);

#endif
