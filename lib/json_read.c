// SPDX-License-Identifier: GPL-2.0
/*
 * Recursive descent over the grammar of RFC 8259. Every read of the input
 * is checked against the end pointer, so the text need not be
 * NUL-terminated; recursion is bounded by JREAD_MAX_DEPTH.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/json_read.h"
#include "lib/tool.h"

#define JREAD_FILE_MAX	(64UL << 20)

struct parser {
	const char *start, *p, *end;
	int depth;
	char *err;
	size_t err_len;
	bool failed;
};

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/*
 * Record the first error, at @at: "line L, column C: what". Later errors
 * (none should follow, the parser unwinds) do not overwrite it.
 */
static __attribute__((format(printf, 3, 4)))
void fail(struct parser *ps, const char *at, const char *fmt, ...)
{
	size_t line = 1, col = 1;
	char what[128];
	va_list ap;

	if (ps->failed)
		return;
	ps->failed = true;
	if (!ps->err_len)
		return;
	for (const char *q = ps->start; q < at; q++) {
		if (*q == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
	}
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	snprintf(ps->err, ps->err_len, "line %zu, column %zu: %s", line, col, what);
}

/* "end of input", "'x'" or "byte 0x01" for error messages. */
static const char *describe(const struct parser *ps, const char *at, char *buf, size_t size)
{
	unsigned char c;

	if (at >= ps->end)
		return "end of input";
	c = *at;
	if (c > 0x20 && c < 0x7f)
		snprintf(buf, size, "'%c'", c);
	else
		snprintf(buf, size, "byte 0x%02x", c);
	return buf;
}

static void fail_unexpected(struct parser *ps, const char *expected)
{
	char buf[16];

	fail(ps, ps->p, "unexpected %s, expected %s",
	     describe(ps, ps->p, buf, sizeof(buf)), expected);
}

static void skip_ws(struct parser *ps)
{
	while (ps->p < ps->end &&
	       (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
		ps->p++;
}

/* Next byte is @c (no whitespace skipped). */
static bool peek(const struct parser *ps, char c)
{
	return ps->p < ps->end && *ps->p == c;
}

static struct jnode *new_node(struct parser *ps, enum jtype type)
{
	struct jnode *n = calloc(1, sizeof(*n));

	if (!n)
		fail(ps, ps->p, "out of memory");
	else
		n->type = type;
	return n;
}

/* Four hex digits at @s, all before @lim, into *@v. */
static bool hex4(const char *s, const char *lim, unsigned int *v)
{
	*v = 0;
	if (lim - s < 4)
		return false;
	for (int i = 0; i < 4; i++) {
		char c = s[i];

		*v <<= 4;
		if (c >= '0' && c <= '9')
			*v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			*v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			*v |= c - 'A' + 10;
		else
			return false;
	}
	return true;
}

static char *put_utf8(char *o, unsigned int cp)
{
	if (cp < 0x80) {
		*o++ = cp;
	} else if (cp < 0x800) {
		*o++ = 0xc0 | (cp >> 6);
		*o++ = 0x80 | (cp & 0x3f);
	} else if (cp < 0x10000) {
		*o++ = 0xe0 | (cp >> 12);
		*o++ = 0x80 | ((cp >> 6) & 0x3f);
		*o++ = 0x80 | (cp & 0x3f);
	} else {
		*o++ = 0xf0 | (cp >> 18);
		*o++ = 0x80 | ((cp >> 12) & 0x3f);
		*o++ = 0x80 | ((cp >> 6) & 0x3f);
		*o++ = 0x80 | (cp & 0x3f);
	}
	return o;
}

/*
 * Decode the \u escape at @s (pointing at the backslash, the string's
 * closing quote at @q) into @*o; returns the bytes consumed, 0 on error.
 */
static int decode_u(struct parser *ps, const char *s, const char *q, char **o)
{
	unsigned int hi, lo;

	if (!hex4(s + 2, q, &hi)) {
		fail(ps, s, "invalid \\u escape, expected 4 hex digits");
		return 0;
	}
	if (hi == 0) {
		fail(ps, s, "\\u0000 is not supported");
		return 0;
	}
	if (hi >= 0xdc00 && hi <= 0xdfff) {
		fail(ps, s, "lone low surrogate \\u%04x", hi);
		return 0;
	}
	if (hi < 0xd800 || hi > 0xdbff) {
		*o = put_utf8(*o, hi);
		return 6;
	}
	/* A high surrogate: the low half must follow as a second escape. */
	if (q - s < 12 || s[6] != '\\' || s[7] != 'u' || !hex4(s + 8, q, &lo) ||
	    lo < 0xdc00 || lo > 0xdfff) {
		fail(ps, s, "lone high surrogate \\u%04x", hi);
		return 0;
	}
	*o = put_utf8(*o, 0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00));
	return 12;
}

/*
 * The string at ps->p (its opening quote), decoded into a new buffer. No
 * escape decodes to more bytes than it takes in the input, so the input
 * span bounds the output.
 */
static char *parse_string(struct parser *ps)
{
	const char *open = ps->p, *s = open + 1, *q = s;
	char *buf, *o;

	/* Find the closing quote, skipping escaped characters. */
	while (q < ps->end && *q != '"') {
		if (*q == '\\' && ps->end - q >= 2)
			q += 2;
		else
			q++;
	}
	buf = malloc(q - s + 1);
	if (!buf) {
		fail(ps, open, "out of memory");
		return NULL;
	}
	o = buf;
	while (s < q) {
		unsigned char c = *s;
		int n = 1;

		if (c < 0x20) {
			fail(ps, s, "unescaped control character 0x%02x in string", c);
			goto err;
		}
		if (c != '\\') {
			*o++ = c;
			s++;
			continue;
		}
		/* Only a backslash that is the input's last byte has no successor. */
		if (q - s < 2)
			break;
		switch (s[1]) {
		case '"':  *o++ = '"';  break;
		case '\\': *o++ = '\\'; break;
		case '/':  *o++ = '/';  break;
		case 'b':  *o++ = '\b'; break;
		case 'f':  *o++ = '\f'; break;
		case 'n':  *o++ = '\n'; break;
		case 'r':  *o++ = '\r'; break;
		case 't':  *o++ = '\t'; break;
		case 'u':
			n = decode_u(ps, s, q, &o);
			if (!n)
				goto err;
			s += n;
			continue;
		default:
			if (s[1] > 0x20 && s[1] < 0x7f)
				fail(ps, s, "invalid escape '\\%c' in string", s[1]);
			else
				fail(ps, s, "invalid escape: backslash before byte 0x%02x",
				     (unsigned char)s[1]);
			goto err;
		}
		s += 2;
	}
	if (q >= ps->end) {
		fail(ps, open, "unterminated string");
		goto err;
	}
	*o = '\0';
	ps->p = q + 1;
	return buf;
err:
	free(buf);
	return NULL;
}

/* -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? then strtod(). */
static struct jnode *parse_number(struct parser *ps)
{
	const char *start = ps->p, *p = ps->p, *end = ps->end;
	char small[64], *buf = small, *endp;
	struct jnode *n;
	size_t len;
	double v;

	if (p < end && *p == '-')
		p++;
	if (p >= end || !is_digit(*p)) {
		ps->p = p;
		fail_unexpected(ps, "a digit");
		return NULL;
	}
	if (*p == '0') {
		p++;
		if (p < end && is_digit(*p)) {
			fail(ps, start, "leading zero in number");
			return NULL;
		}
	} else {
		while (p < end && is_digit(*p))
			p++;
	}
	if (p < end && *p == '.') {
		p++;
		if (p >= end || !is_digit(*p)) {
			ps->p = p;
			fail_unexpected(ps, "a digit after '.'");
			return NULL;
		}
		while (p < end && is_digit(*p))
			p++;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			p++;
		if (p >= end || !is_digit(*p)) {
			ps->p = p;
			fail_unexpected(ps, "a digit in the exponent");
			return NULL;
		}
		while (p < end && is_digit(*p))
			p++;
	}

	/* strtod() wants a NUL-terminated copy: the input may not have one. */
	len = p - start;
	if (len >= sizeof(small)) {
		buf = malloc(len + 1);
		if (!buf) {
			fail(ps, start, "out of memory");
			return NULL;
		}
	}
	memcpy(buf, start, len);
	buf[len] = '\0';
	errno = 0;
	v = strtod(buf, &endp);
	if (endp != buf + len)
		fail(ps, start, "number not convertible (locale?)");
	else if (isinf(v))
		fail(ps, start, "number out of range");
	if (buf != small)
		free(buf);
	if (ps->failed)
		return NULL;

	n = new_node(ps, JNUM);
	if (n)
		n->num = v;
	ps->p = p;
	return n;
}

/* true, false or null; any other word is an error. */
static struct jnode *parse_literal(struct parser *ps)
{
	static const struct {
		const char *word;
		enum jtype type;
		bool b;
	} lits[] = {
		{ "true", JBOOL, true },
		{ "false", JBOOL, false },
		{ "null", JNULL, false },
	};
	const char *p = ps->p;
	struct jnode *n;
	size_t len;

	while (p < ps->end && (is_alpha(*p) || is_digit(*p) || *p == '_'))
		p++;
	len = p - ps->p;
	for (size_t i = 0; i < sizeof(lits) / sizeof(lits[0]); i++) {
		if (len != strlen(lits[i].word) || memcmp(ps->p, lits[i].word, len))
			continue;
		n = new_node(ps, lits[i].type);
		if (n)
			n->b = lits[i].b;
		ps->p = p;
		return n;
	}
	fail(ps, ps->p, "invalid literal '%.*s', expected true, false or null",
	     len > 32 ? 32 : (int)len, ps->p);
	return NULL;
}

static struct jnode *parse_value(struct parser *ps);

static void append(struct jnode *parent, struct jnode **tail, struct jnode *child)
{
	if (*tail)
		(*tail)->next = child;
	else
		parent->child = child;
	*tail = child;
	parent->len++;
}

/* The array at ps->p ('['). */
static struct jnode *parse_array(struct parser *ps)
{
	struct jnode *arr, *tail = NULL, *v;

	arr = new_node(ps, JARR);
	if (!arr)
		return NULL;
	ps->p++;
	skip_ws(ps);
	if (peek(ps, ']')) {
		ps->p++;
		return arr;
	}
	for (;;) {
		v = parse_value(ps);
		if (!v)
			goto err;
		append(arr, &tail, v);
		skip_ws(ps);
		if (peek(ps, ']')) {
			ps->p++;
			return arr;
		}
		if (!peek(ps, ',')) {
			fail_unexpected(ps, "',' or ']'");
			goto err;
		}
		ps->p++;
		skip_ws(ps);
		if (peek(ps, ']')) {
			fail(ps, ps->p, "trailing comma before ']'");
			goto err;
		}
	}
err:
	jread_free(arr);
	return NULL;
}

/* The object at ps->p ('{'). */
static struct jnode *parse_object(struct parser *ps)
{
	struct jnode *obj, *tail = NULL, *v;
	char *key;

	obj = new_node(ps, JOBJ);
	if (!obj)
		return NULL;
	ps->p++;
	skip_ws(ps);
	if (peek(ps, '}')) {
		ps->p++;
		return obj;
	}
	for (;;) {
		if (!peek(ps, '"')) {
			fail_unexpected(ps, "a string key");
			goto err;
		}
		key = parse_string(ps);
		if (!key)
			goto err;
		skip_ws(ps);
		if (!peek(ps, ':')) {
			free(key);
			fail_unexpected(ps, "':' after the key");
			goto err;
		}
		ps->p++;
		skip_ws(ps);
		v = parse_value(ps);
		if (!v) {
			free(key);
			goto err;
		}
		v->key = key;
		append(obj, &tail, v);
		skip_ws(ps);
		if (peek(ps, '}')) {
			ps->p++;
			return obj;
		}
		if (!peek(ps, ',')) {
			fail_unexpected(ps, "',' or '}'");
			goto err;
		}
		ps->p++;
		skip_ws(ps);
		if (peek(ps, '}')) {
			fail(ps, ps->p, "trailing comma before '}'");
			goto err;
		}
	}
err:
	jread_free(obj);
	return NULL;
}

/* The value at ps->p, whitespace before it already skipped. */
static struct jnode *parse_value(struct parser *ps)
{
	struct jnode *n;
	char c;

	if (ps->p >= ps->end) {
		fail_unexpected(ps, "a value");
		return NULL;
	}
	c = *ps->p;
	if (c == '[' || c == '{') {
		if (ps->depth >= JREAD_MAX_DEPTH) {
			fail(ps, ps->p, "nesting deeper than %d", JREAD_MAX_DEPTH);
			return NULL;
		}
		ps->depth++;
		n = c == '[' ? parse_array(ps) : parse_object(ps);
		ps->depth--;
		return n;
	}
	if (c == '"') {
		char *s = parse_string(ps);

		if (!s)
			return NULL;
		n = new_node(ps, JSTR);
		if (!n) {
			free(s);
			return NULL;
		}
		n->str = s;
		return n;
	}
	if (c == '-' || is_digit(c))
		return parse_number(ps);
	if (is_alpha(c))
		return parse_literal(ps);
	fail_unexpected(ps, "a value");
	return NULL;
}

struct jnode *jread_parse(const char *text, size_t len, char *err, size_t err_len)
{
	struct parser ps = {
		.start = text ? text : "",
		.err = err,
		.err_len = err ? err_len : 0,
	};
	struct jnode *root;

	if (!text)
		len = 0;
	ps.p = ps.start;
	ps.end = ps.start + len;
	if (ps.err_len)
		ps.err[0] = '\0';

	skip_ws(&ps);
	root = parse_value(&ps);
	if (!root)
		return NULL;
	skip_ws(&ps);
	if (ps.p < ps.end) {
		char buf[16];

		fail(&ps, ps.p, "unexpected %s after the value",
		     describe(&ps, ps.p, buf, sizeof(buf)));
		jread_free(root);
		return NULL;
	}
	return root;
}

void jread_free(struct jnode *n)
{
	while (n) {
		struct jnode *next = n->next;

		jread_free(n->child);
		free(n->str);
		free(n->key);
		free(n);
		n = next;
	}
}

const struct jnode *jread_get(const struct jnode *obj, const char *key)
{
	if (!obj || obj->type != JOBJ || !key)
		return NULL;
	for (const struct jnode *c = obj->child; c; c = c->next)
		if (c->key && !strcmp(c->key, key))
			return c;
	return NULL;
}

const struct jnode *jread_path(const struct jnode *n, ...)
{
	const char *key;
	va_list ap;

	va_start(ap, n);
	while (n && (key = va_arg(ap, const char *)))
		n = jread_get(n, key);
	va_end(ap);
	return n;
}

double jread_num(const struct jnode *n, double dflt)
{
	return n && n->type == JNUM ? n->num : dflt;
}

const char *jread_str(const struct jnode *n)
{
	return n && n->type == JSTR ? n->str : NULL;
}

char *jread_file(const char *path, size_t *len)
{
	return read_whole_file(path, len);
}
