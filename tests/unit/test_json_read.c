// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for lib/json_read.c: the grammar of RFC 8259 (what it accepts
 * and what it must reject, with a position), string decoding, bounds of
 * a buffer that is not NUL-terminated, and a round trip through the
 * writer of lib/json.c.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "tests/unit/check.h"
#include "lib/json.h"
#include "lib/json_read.h"

static char err[256];

/* For CHECK_STREQ, which must not be handed a NULL. */
static const char *nn(const char *s)
{
	return s ? s : "(null)";
}

static struct jnode *parse(const char *s)
{
	return jread_parse(s, strlen(s), err, sizeof(err));
}

static void test_nested_path(void)
{
	const char *doc =
		"{\"system\": {\"pcp_drains\": 17, \"name\": \"x\",\n"
		"  \"list\": [1, [true, false, null], {\"k\": \"v\"}, []], \"empty\": {}},\n"
		" \"top\": -3}";
	const struct jnode *n, *c;
	struct jnode *root = parse(doc);

	CHECK(root, "%s", err);
	if (!root)
		return;
	CHECK(root->type == JOBJ && root->len == 2, "root type %d len %zu",
	      root->type, root->len);
	CHECK(root->key == NULL, "root has a key");
	CHECK(jread_num(jread_path(root, "system", "pcp_drains", NULL), -1) == 17, "pcp_drains");
	CHECK(jread_num(jread_get(root, "top"), 0) == -3, "top");
	CHECK_STREQ(nn(jread_str(jread_path(root, "system", "name", NULL))), "x");

	n = jread_path(root, "system", "list", NULL);
	CHECK(n && n->type == JARR && n->len == 4, "list");
	if (n && n->len == 4) {
		c = n->child;
		CHECK(jread_num(c, 0) == 1 && c->key == NULL, "list[0]");
		c = c->next;
		CHECK(c->type == JARR && c->len == 3, "list[1]");
		CHECK(c->child->type == JBOOL && c->child->b, "true");
		CHECK(c->child->next->type == JBOOL && !c->child->next->b, "false");
		CHECK(c->child->next->next->type == JNULL, "null");
		CHECK(c->child->next->next->next == NULL, "list[1] end");
		c = c->next;
		CHECK_STREQ(nn(jread_str(jread_get(c, "k"))), "v");
		CHECK_STREQ(nn(c->child ? c->child->key : NULL), "k");
		c = c->next;
		CHECK(c->type == JARR && c->len == 0 && !c->child, "list[3]");
		CHECK(c->next == NULL, "list end");
	}
	n = jread_path(root, "system", "empty", NULL);
	CHECK(n && n->type == JOBJ && n->len == 0 && !n->child, "empty object");

	/* Misses and wrong types. */
	CHECK(jread_path(root, "system", "nope", NULL) == NULL, "missing key");
	CHECK(jread_path(root, "top", "x", NULL) == NULL, "key of a number");
	CHECK(jread_path(root, "system", "list", "k", NULL) == NULL, "key of an array");
	CHECK(jread_path(NULL, "a", NULL) == NULL, "path from NULL");
	CHECK(jread_path(root, NULL) == root, "empty path");
	CHECK(jread_get(NULL, "a") == NULL, "get from NULL");
	CHECK(jread_num(jread_path(root, "system", "name", NULL), 42) == 42, "num of a string");
	CHECK(jread_num(NULL, 7.5) == 7.5, "num of NULL");
	CHECK(jread_str(jread_get(root, "top")) == NULL, "str of a number");
	CHECK(jread_str(NULL) == NULL, "str of NULL");
	jread_free(root);
	jread_free(NULL);
}

static void test_duplicate_keys(void)
{
	struct jnode *root = parse("{\"a\":1,\"a\":2}");

	CHECK(root && root->len == 2, "%s", err);
	CHECK(jread_num(jread_get(root, "a"), 0) == 1, "first match");
	jread_free(root);
}

static void test_numbers(void)
{
	static const struct {
		const char *text;
		double want;
	} cases[] = {
		{ "0", 0 },
		{ "-0", -0.0 },
		{ "-0.5", -0.5 },
		{ "1e3", 1000 },
		{ "1E-2", 0.01 },
		{ "1e+2", 100 },
		{ "0.25e1", 2.5 },
		{ "123456789012", 123456789012.0 },
		{ "9007199254740993", 9007199254740992.0 },	/* nearest double */
		{ "1e-400", 0 },				/* underflow is fine */
		{ " \t\r\n 42 \n", 42 },
		{ "3.14159265358979311599796346854", 3.14159265358979311599796346854 },
		{ "0.000000000000000000000000000000000000000000000000000000000000000000001",
		  1e-69 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct jnode *n = parse(cases[i].text);

		CHECK(n && n->type == JNUM, "\"%s\": %s", cases[i].text, err);
		if (!n)
			continue;
		CHECK(n->num == cases[i].want, "\"%s\" -> %.17g, want %.17g",
		      cases[i].text, n->num, cases[i].want);
		jread_free(n);
	}
	/* -0 keeps its sign. */
	struct jnode *n = parse("-0");

	CHECK(n && signbit(n->num), "-0 lost its sign");
	jread_free(n);
}

static void test_string_escapes(void)
{
	struct jnode *n;

	n = parse("\"a\\nb\\\"c\\\\d\\/e\\b\\f\\r\\t\"");
	CHECK(n && n->type == JSTR, "%s", err);
	if (n)
		CHECK_STREQ(n->str, "a\nb\"c\\d/e\b\f\r\t");
	jread_free(n);

	n = parse("\"caf\\u00e9\"");
	CHECK(n, "%s", err);
	if (n)
		CHECK_STREQ(n->str, "caf\xc3\xa9");
	jread_free(n);

	n = parse("\"\\ud83d\\ude00!\"");		/* U+1F600 */
	CHECK(n, "%s", err);
	if (n)
		CHECK_STREQ(n->str, "\xf0\x9f\x98\x80!");
	jread_free(n);

	n = parse("\"\\u0041\\u20AC\\u07ff\\uFFFF\"");
	CHECK(n, "%s", err);
	if (n)
		CHECK_STREQ(n->str, "A\xe2\x82\xac\xdf\xbf\xef\xbf\xbf");
	jread_free(n);

	n = parse("\"\"");
	CHECK(n && n->type == JSTR, "%s", err);
	if (n)
		CHECK_STREQ(n->str, "");
	jread_free(n);

	/* Raw UTF-8 passes, and so (documented) does invalid UTF-8; DEL is no control. */
	n = parse("\"h\xc3\xa9 \xff\xfe \x7f\"");
	CHECK(n, "%s", err);
	if (n)
		CHECK_STREQ(n->str, "h\xc3\xa9 \xff\xfe \x7f");
	jread_free(n);

	/* Keys are decoded the same way. */
	n = parse("{\"k\\u00e9\\n\":true}");
	CHECK(n && n->child, "%s", err);
	if (n && n->child)
		CHECK_STREQ(nn(n->child->key), "k\xc3\xa9\n");
	CHECK(jread_get(n, "k\xc3\xa9\n") != NULL, "lookup by decoded key");
	jread_free(n);
}

static void test_invalid_inputs(void)
{
	static char deep[JREAD_MAX_DEPTH + 2];
	static const char *const cases[] = {
		"", " \n ", "{", "[", "[1", "[1,", "]", "}",
		"[1,]", "{\"a\":1,}", "[,1]", "[1 2]",
		"01", "-01", "1.", ".5", "+1", "-", "1e", "1e+", "1.e3", "0x10",
		"1e999", "-1e999",
		"tru", "True", "nul", "nan", "Infinity", "truex", "'a'",
		"\"\\x\"", "\"a\nb\"", "\"a\tb\"", "\"a\x01\"", "\"abc", "\"abc\\",
		"\"\\u12\"", "\"\\u12g4\"", "\"\\u0000\"",
		"\"\\ud800\"", "\"\\ud800x\"", "\"\\ud800\\u0041\"", "\"\\udc00\"",
		"\"\\ud83d\\ud83d\"",
		"[1] x", "1 2", "{} {}", "nullnull",
		"{1:2}", "{\"a\" 1}", "{\"a\":}", "{\"a\":1 \"b\":2}", "{a:1}",
		"{\"a\"", "{\"a\":", "[1}", "{\"a\":1]",
		"\xef\xbb\xbf{}",		/* a BOM is not whitespace */
		deep,
	};

	memset(deep, '[', JREAD_MAX_DEPTH + 1);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct jnode *n;

		strcpy(err, "stale");
		n = parse(cases[i]);
		CHECK(n == NULL, "accepted invalid input \"%s\"", cases[i]);
		jread_free(n);
		CHECK(strncmp(err, "line ", 5) == 0 && strstr(err, ", column ") &&
		      strstr(err, ": ") && !strchr(err, '\n'),
		      "bad message for \"%s\": \"%s\"", cases[i], err);
	}

	/* Specific messages and positions. */
	parse("[1,]");
	CHECK_STREQ(err, "line 1, column 4: trailing comma before ']'");
	parse("01");
	CHECK_STREQ(err, "line 1, column 1: leading zero in number");
	parse("");
	CHECK_STREQ(err, "line 1, column 1: unexpected end of input, expected a value");
	parse("\"\\ud800\"");
	CHECK_STREQ(err, "line 1, column 2: lone high surrogate \\ud800");
	parse(deep);
	CHECK_STREQ(err, "line 1, column 65: nesting deeper than 64");
	parse("[1] x");
	CHECK_STREQ(err, "line 1, column 5: unexpected 'x' after the value");
	parse("\"ab\\x\"");
	CHECK_STREQ(err, "line 1, column 4: invalid escape '\\x' in string");

	/* No message buffer at all is fine too. */
	CHECK(jread_parse("[", 1, NULL, 0) == NULL, "NULL err");
	CHECK(jread_parse(NULL, 0, err, sizeof(err)) == NULL, "NULL text");
	/* A short buffer truncates the message. */
	char small[8];

	CHECK(jread_parse("[", 1, small, sizeof(small)) == NULL, "short err");
	CHECK_STREQ(small, "line 1,");
}

/* JREAD_MAX_DEPTH levels are allowed, objects and arrays alike. */
static void test_depth_limit(void)
{
	char doc[8 * JREAD_MAX_DEPTH + 8], *p = doc;
	struct jnode *n;

	for (int i = 0; i < JREAD_MAX_DEPTH / 2; i++)
		p += sprintf(p, "{\"a\":[");
	p += sprintf(p, "1");
	for (int i = 0; i < JREAD_MAX_DEPTH / 2; i++)
		p += sprintf(p, "]}");
	n = parse(doc);
	CHECK(n, "%s", err);
	jread_free(n);
}

static void test_error_line(void)
{
	const char *doc = "{\n  \"a\": 1,\n  \"b\": tru\n}\n";

	CHECK(parse(doc) == NULL, "accepted");
	CHECK_STREQ(err, "line 3, column 8: invalid literal 'tru', expected true, false or null");

	/* A raw newline in a string is reported where it is. */
	CHECK(parse("[\n\"ab\ncd\"]") == NULL, "accepted");
	CHECK_STREQ(err, "line 2, column 4: unescaped control character 0x0a in string");

	CHECK(parse("\r\n\r\n  [1,\n 2,\n ]") == NULL, "accepted");
	CHECK_STREQ(err, "line 5, column 2: trailing comma before ']'");
}

/* Nothing past len is read: exact-size heap copies let ASan check that. */
static struct jnode *parse_exact(const char *s, size_t len)
{
	char *copy = malloc(len ? len : 1);
	struct jnode *n;

	memcpy(copy, s, len);
	n = jread_parse(copy, len, err, sizeof(err));
	free(copy);
	return n;
}

static void test_not_nul_terminated(void)
{
	const char buf[] = "[1,2]99, \"garbage";
	struct jnode *n;

	n = jread_parse(buf, 5, err, sizeof(err));
	CHECK(n && n->type == JARR && n->len == 2, "%s", err);
	if (n && n->len == 2)
		CHECK(n->child->num == 1 && n->child->next->num == 2, "values");
	jread_free(n);

	/* A number ends at len even when digits follow in memory. */
	n = jread_parse("12345", 2, err, sizeof(err));
	CHECK(n && n->num == 12, "%s", err);
	jread_free(n);
	n = jread_parse("truex", 4, err, sizeof(err));
	CHECK(n && n->type == JBOOL && n->b, "%s", err);
	jread_free(n);

	n = parse_exact("12", 2);
	CHECK(n && n->num == 12, "%s", err);
	jread_free(n);
	n = parse_exact("{\"k\":\"v\"}", 9);
	CHECK_STREQ(nn(jread_str(jread_get(n, "k"))), "v");
	jread_free(n);

	/* Truncations of a document: all rejected, none read past the end. */
	const char *doc = "{\"a\":[1.5e3,\"x\\u00e9\\ud83d\\ude00\\n\",true,null],\"b\":-0}";
	size_t len = strlen(doc);

	for (size_t i = 0; i < len; i++) {
		n = parse_exact(doc, i);
		CHECK(n == NULL, "truncation at %zu accepted", i);
		jread_free(n);
	}
	n = parse_exact(doc, len);
	CHECK(n, "%s", err);
	jread_free(n);
}

static void test_roundtrip_writer(void)
{
	const char *nasty = "tab\there \"quoted\" \\ back\x1f nl\n cr\r \x01 caf\xc3\xa9 /";
	char *text = NULL;
	size_t len = 0;

	for (int pretty = 0; pretty <= 1; pretty++) {
		struct json_writer w;
		FILE *f = open_memstream(&text, &len);
		const struct jnode *n;
		struct jnode *root;

		json_init(&w, f, pretty);
		json_object_begin(&w);
		json_key_string(&w, "text", nasty);
		json_key_string(&w, "key \"with\"\n escapes", "k");
		json_key_u64(&w, "big", UINT64_MAX);
		json_key_u64(&w, "exact", 123456789012ULL);
		json_key_i64(&w, "neg", INT64_MIN);
		json_key_double(&w, "pi", M_PI);
		json_key_double(&w, "tiny", 5e-324);
		json_key_double(&w, "inf", INFINITY);
		json_key_bool(&w, "yes", true);
		json_key(&w, "list");
		json_array_begin(&w);
		json_u64(&w, 1);
		json_string(&w, NULL);
		json_object_begin(&w);
		json_key_bool(&w, "no", false);
		json_object_end(&w);
		json_array_begin(&w);
		json_array_end(&w);
		json_array_end(&w);
		json_object_end(&w);
		CHECK(json_finish(&w) == 0, "writer failed");
		fclose(f);

		root = jread_parse(text, len, err, sizeof(err));
		CHECK(root, "pretty=%d: %s\n%s", pretty, err, text);
		if (!root)
			continue;
		CHECK_EQ_U64(root->len, 10);
		CHECK_STREQ(nn(jread_str(jread_get(root, "text"))), nasty);
		CHECK_STREQ(nn(jread_str(jread_get(root, "key \"with\"\n escapes"))), "k");
		CHECK(jread_num(jread_get(root, "big"), 0) == 18446744073709551615.0, "big");
		CHECK(jread_num(jread_get(root, "exact"), 0) == 123456789012.0, "exact");
		CHECK(jread_num(jread_get(root, "neg"), 0) == (double)INT64_MIN, "neg");
		CHECK(jread_num(jread_get(root, "pi"), 0) == M_PI, "pi");
		CHECK(jread_num(jread_get(root, "tiny"), 0) == 5e-324, "tiny");
		CHECK(jread_get(root, "inf") && jread_get(root, "inf")->type == JNULL, "inf");
		n = jread_get(root, "yes");
		CHECK(n && n->type == JBOOL && n->b, "yes");
		n = jread_get(root, "list");
		CHECK(n && n->len == 4, "list");
		if (n && n->len == 4) {
			n = n->child;
			CHECK(jread_num(n, 0) == 1, "list[0]");
			CHECK(n->next->type == JNULL, "list[1]");
			n = jread_get(n->next->next, "no");
			CHECK(n && n->type == JBOOL && !n->b, "list[2].no");
		}
		jread_free(root);
		free(text);
		text = NULL;
	}
}

static void test_file(void)
{
	char path[] = "/tmp/test_json_read.XXXXXX";
	const char *doc = "{\"a\": [1, 2]}\n";
	struct jnode *n;
	size_t len = 0;
	char *text;
	int fd;

	fd = mkstemp(path);
	CHECK(fd >= 0, "mkstemp: %s", strerror(errno));
	if (fd < 0)
		return;
	CHECK(write(fd, doc, strlen(doc)) == (ssize_t)strlen(doc), "write");
	close(fd);
	text = jread_file(path, &len);
	CHECK(text, "jread_file: %s", strerror(errno));
	CHECK_EQ_U64(len, strlen(doc));
	if (text) {
		CHECK_STREQ(text, doc);
		n = jread_parse(text, len, err, sizeof(err));
		CHECK(jread_path(n, "a", NULL) && jread_path(n, "a", NULL)->len == 2, "%s", err);
		jread_free(n);
	}
	free(text);
	unlink(path);

	errno = 0;
	CHECK(jread_file(path, &len) == NULL && errno == ENOENT, "missing file: %s",
	      strerror(errno));
	/* A file whose size is not known up front. */
	text = jread_file("/proc/self/stat", &len);
	CHECK(text && len > 0 && strlen(text) == len, "/proc/self/stat");
	free(text);
}

int main(void)
{
	RUN(test_nested_path);
	RUN(test_duplicate_keys);
	RUN(test_numbers);
	RUN(test_string_escapes);
	RUN(test_invalid_inputs);
	RUN(test_depth_limit);
	RUN(test_error_line);
	RUN(test_not_nul_terminated);
	RUN(test_roundtrip_writer);
	RUN(test_file);
	return CHECK_DONE();
}
