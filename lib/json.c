// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/json.h"

void json_init(struct json_writer *w, FILE *out, bool pretty)
{
	*w = (struct json_writer){ .out = out, .pretty = pretty };
}

void json_document_begin(struct json_writer *w, FILE *out, bool pretty,
			 const char *schema, unsigned int version)
{
	json_init(w, out, pretty);
	json_object_begin(w);
	json_key_string(w, "schema", schema);
	json_key_u64(w, "version", version);
}

static void indent(struct json_writer *w)
{
	if (!w->pretty)
		return;
	fputc('\n', w->out);
	for (int i = 0; i < w->depth; i++)
		fputs("  ", w->out);
}

/* Separator before a value or key at the current depth. */
static void before_item(struct json_writer *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (w->depth > 0) {
		if (w->need_comma[w->depth - 1])
			fputc(',', w->out);
		w->need_comma[w->depth - 1] = true;
		indent(w);
	}
}

static void container_open(struct json_writer *w, char c)
{
	before_item(w);
	fputc(c, w->out);
	if (w->depth >= JSON_MAX_DEPTH) {
		w->error = true;
		return;
	}
	w->need_comma[w->depth++] = false;
}

static void container_close(struct json_writer *w, char c)
{
	if (w->depth == 0 || w->after_key) {
		w->error = true;
		return;
	}
	w->depth--;
	if (w->need_comma[w->depth])
		indent(w);
	fputc(c, w->out);
}

void json_object_begin(struct json_writer *w) { container_open(w, '{'); }
void json_object_end(struct json_writer *w) { container_close(w, '}'); }
void json_array_begin(struct json_writer *w) { container_open(w, '['); }
void json_array_end(struct json_writer *w) { container_close(w, ']'); }

/*
 * Length of the valid UTF-8 sequence at @p (1-4), or 0 if it is not one:
 * strings such as a task's comm are arbitrary bytes, often a UTF-8
 * character cut in half, and JSON must be valid UTF-8.
 */
static int utf8_len(const unsigned char *p)
{
	int n;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4;
	else
		return 0;
	for (int i = 1; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	/* No overlong 3/4-byte forms, no surrogates, nothing past U+10FFFF. */
	if ((p[0] == 0xe0 && p[1] < 0xa0) || (p[0] == 0xed && p[1] >= 0xa0) ||
	    (p[0] == 0xf0 && p[1] < 0x90) || (p[0] == 0xf4 && p[1] >= 0x90))
		return 0;
	return n;
}

static void put_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p >= 0x80) {
			int n = utf8_len(p);

			if (!n) {
				fputs("\\ufffd", out);	/* replacement character */
				continue;
			}
			fwrite(p, 1, n, out);
			p += n - 1;
			continue;
		}
		switch (*p) {
		case '"':
			fputs("\\\"", out);
			break;
		case '\\':
			fputs("\\\\", out);
			break;
		case '\n':
			fputs("\\n", out);
			break;
		case '\t':
			fputs("\\t", out);
			break;
		case '\r':
			fputs("\\r", out);
			break;
		default:
			if (*p < 0x20)
				fprintf(out, "\\u%04x", *p);
			else
				fputc(*p, out);
		}
	}
	fputc('"', out);
}

void json_key(struct json_writer *w, const char *key)
{
	before_item(w);
	put_string(w->out, key);
	fputs(w->pretty ? ": " : ":", w->out);
	w->after_key = true;
}

void json_string(struct json_writer *w, const char *s)
{
	before_item(w);
	if (s)
		put_string(w->out, s);
	else
		fputs("null", w->out);
}

void json_u64(struct json_writer *w, uint64_t v)
{
	before_item(w);
	fprintf(w->out, "%llu", (unsigned long long)v);
}

void json_i64(struct json_writer *w, int64_t v)
{
	before_item(w);
	fprintf(w->out, "%lld", (long long)v);
}

void json_double(struct json_writer *w, double v)
{
	before_item(w);
	if (isfinite(v))
		fprintf(w->out, "%.17g", v);
	else
		fputs("null", w->out);
}

const char *json_number_text(double v, char buf[JSON_NUMBER_LEN])
{
	if (!isfinite(v))
		return strcpy(buf, "null");
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(buf, JSON_NUMBER_LEN, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	return buf;
}

void json_number(struct json_writer *w, double v)
{
	char buf[JSON_NUMBER_LEN];

	before_item(w);
	fputs(json_number_text(v, buf), w->out);
}

void json_bool(struct json_writer *w, bool v)
{
	before_item(w);
	fputs(v ? "true" : "false", w->out);
}

void json_null(struct json_writer *w)
{
	before_item(w);
	fputs("null", w->out);
}

void json_key_string(struct json_writer *w, const char *key, const char *s)
{
	json_key(w, key);
	json_string(w, s);
}

void json_key_u64(struct json_writer *w, const char *key, uint64_t v)
{
	json_key(w, key);
	json_u64(w, v);
}

void json_key_i64(struct json_writer *w, const char *key, int64_t v)
{
	json_key(w, key);
	json_i64(w, v);
}

void json_key_double(struct json_writer *w, const char *key, double v)
{
	json_key(w, key);
	json_double(w, v);
}

void json_key_number(struct json_writer *w, const char *key, double v)
{
	json_key(w, key);
	json_number(w, v);
}

void json_key_bool(struct json_writer *w, const char *key, bool v)
{
	json_key(w, key);
	json_bool(w, v);
}

int json_finish(struct json_writer *w)
{
	fputc('\n', w->out);
	if (fflush(w->out) || ferror(w->out))
		return -1;
	return (w->error || w->depth != 0) ? -1 : 0;
}
