// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench/load/load.h"
#include "bench/core/scenario.h"
#include "lib/tool.h"

const char *const strategy_names[NR_STRATEGIES] = {
	"whole", "chunks2m", "chunks", "normal", "fast", "fast-normal", "hard",
	"fast-sync", "normal-once", "fast-linear",
};

const char *strategy__driver_args(enum strategy s)
{
	static const char *const args[NR_STRATEGIES] = {
		[STRAT_WHOLE] = "strategy=whole",
		[STRAT_CHUNKS2M] = "strategy=chunks2m",
		[STRAT_CHUNKS] = "strategy=chunks",
		[STRAT_NORMAL] = "mode=normal",
		[STRAT_FAST] = "mode=fast",
		[STRAT_FAST_NORMAL] = "mode=fast fallback=normal",
		[STRAT_FAST_SYNC] = "mode=fast_sync",
		[STRAT_NORMAL_ONCE] = "mode=normal_once",
		[STRAT_FAST_LINEAR] = "mode=fast windows=address",
	};

	return s < NR_STRATEGIES && args[s] ? args[s] : "";
}

bool strategy__is_bulk(enum strategy s)
{
	return strncmp(strategy__driver_args(s), "mode=", 5) == 0;
}

const char *strategy__retired(enum strategy s)
{
	if (s == STRAT_HARD)
		return "hard left the series in v4: it bought no chunk over normal "
		       "(kernel-patch/0000-cover-letter.patch); runs from before keep it";
	return NULL;
}

int strategy__parse(const char *name)
{
	for (int i = 0; i < NR_STRATEGIES; i++)
		if (strcmp(name, strategy_names[i]) == 0)
			return i;
	return -EINVAL;
}

void scenario__defaults(struct scenario *s)
{
	memset(s, 0, sizeof(*s));
	snprintf(s->name, sizeof(s->name), "unnamed");
	s->min_cma_mb = 320;
	s->order = 4;
	s->chunks = 4800;
	s->trials = 5;
	s->warmup = 1;
	s->seed = 1;
	snprintf(s->fill_kind, sizeof(s->fill_kind), "anon");
	snprintf(s->pin_method, sizeof(s->pin_method), "none");
	s->trial_timeout_s = 300;
	s->strategies = STRATEGIES_RUNNABLE;
}

enum kind { K_UINT, K_U64, K_DOUBLE, K_NAME, K_TEXT, K_STRATEGIES };

struct key {
	const char *name;
	enum kind kind;
	size_t offset;
	double min, max;
	const char *const *names;	/* K_NAME: allowed values */
	int nr_names;
	size_t size;			/* K_NAME, K_TEXT: buffer size */
	bool measured;			/* runs compare only if they agree on it */
	const char *help;
};

#define OFF(f) offsetof(struct scenario, f)
#define SZ(f) sizeof(((struct scenario *)0)->f)
#define TEXT(f) K_TEXT, OFF(f), 0, 0, NULL, 0, SZ(f)
#define UINT(f, min, max) K_UINT, OFF(f), min, max, NULL, 0, 0
#define DOUBLE(f, max) K_DOUBLE, OFF(f), 0, max, NULL, 0, 0
#define NAME(f, names, n) K_NAME, OFF(f), 0, 0, names, n, SZ(f)

/*
 * Every key, in the order scenario__write() writes them (stored results
 * depend on it). The load's bounds are the load library's own.
 */
static const struct key keys[] = {
	{ "name", TEXT(name), false, "scenario name (defaults to the file name)" },
	{ "description", TEXT(description), false, "one line for reports" },
	{ "min_cma_mb", UINT(min_cma_mb, 1, 1 << 20), false, "smallest CMA area the scenario fits" },
	{ "order", UINT(order, 0, 10), true, "chunk order (pages = 2^order)" },
	{ "chunks", UINT(chunks, 1, 1 << 22), true, "chunks per request" },
	{ "trials", UINT(trials, 1, 1000), false, "measured trials per strategy" },
	{ "warmup", UINT(warmup, 0, 100), false, "discarded trials per strategy" },
	{ "seed", K_U64, OFF(seed), 0, 0, NULL, 0, 0, true, "seed of every random choice" },
	{ "fill_pct", DOUBLE(fill_pct, LOAD_PCT_MAX), true, "CMA occupancy to fill to (0: none)" },
	{ "fill_clear_pct", DOUBLE(fill_clear_pct, LOAD_PCT_MAX), true,
	  "share of the area's pageblocks emptied after the fill, chosen with the seed: an uneven fill (0: none)" },
	{ "pcp_churn", UINT(pcp_churn, 0, 1), true,
	  "1: on every CPU but the requester's (CPU 0), fill pages freed and faulted back all through the trial: a live per-CPU state" },
	{ "fill_kind", NAME(fill_kind, fill_kind_names, NR_FILL_KINDS), true,
	  "what the fill pages are" },
	{ "pin_method", NAME(pin_method, pin_method_names, NR_PIN_METHODS), true,
	  "how pageblocks are pinned (see cmabulk-load pin --help)" },
	{ "pin_fraction", DOUBLE(pin_fraction, LOAD_FRACTION_MAX), true,
	  "fraction of CMA pageblocks to pin (0: none)" },
	{ "fragment_pct", DOUBLE(fragment_pct, LOAD_PCT_MAX), true,
	  "free pageblocks outside CMA to fragment (0: none)" },
	{ "churn_alloc_mb_s", DOUBLE(churn_alloc_mb_s, LOAD_RATE_MAX), true,
	  "background alloc/free rate, MiB/s" },
	{ "churn_write_mb_s", DOUBLE(churn_write_mb_s, LOAD_RATE_MAX), true,
	  "background write(back) rate, MiB/s" },
	{ "trial_timeout_s", UINT(trial_timeout_s, 1, 86400), false,
	  "a trial that takes longer fails the run" },
	{ "strategies", K_STRATEGIES, OFF(strategies), 0, 0, NULL, 0, 0, false,
	  "comma-separated subset of the strategies" },
};

#define NR_KEYS (sizeof(keys) / sizeof(keys[0]))

static int parse_error(char *err, size_t len, const char *origin, int line, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static int parse_error(char *err, size_t len, const char *origin, int line, const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (origin)
		snprintf(err, len, "%s:%d: %s", origin, line, msg);
	else
		snprintf(err, len, "%s", msg);
	return -EINVAL;
}

/* @names joined by ", " into @buf. */
static const char *join_names(const char *const *names, int n, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = 0;
	for (int i = 0; i < n && used < len; i++)
		used += snprintf(buf + used, len - used, "%s%s", i ? ", " : "", names[i]);
	return buf;
}

const char *strategy__list(void)
{
	static char list[128];

	const char *runnable[NR_STRATEGIES];
	int n = 0;

	if (list[0])
		return list;
	for (int s = 0; s < NR_STRATEGIES; s++)
		if (STRATEGIES_RUNNABLE & (1u << s))
			runnable[n++] = strategy_names[s];
	return join_names(runnable, n, list, sizeof(list));
}

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = 0;
	return s;
}

static int parse_strategies(const char *v, uint32_t *mask)
{
	char buf[256], *save = NULL, *tok;

	if (strlen(v) >= sizeof(buf))
		return -EINVAL;
	snprintf(buf, sizeof(buf), "%s", v);
	*mask = 0;
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		int i;

		tok = trim(tok);
		if (strcmp(tok, "all") == 0) {
			*mask |= STRATEGIES_RUNNABLE;
			continue;
		}
		i = strategy__parse(tok);
		if (i < 0)
			return -EINVAL;
		*mask |= 1u << i;
	}
	return *mask ? 0 : -EINVAL;
}

static int set_number(struct scenario *s, const struct key *k, const char *v,
		      char *err, size_t len, const char *origin, int line)
{
	void *dst = (char *)s + k->offset;
	unsigned long long x;
	char *end;

	if (k->kind == K_DOUBLE) {
		double d = strtod(v, &end);

		if (end == v || *end || !isfinite(d))
			return parse_error(err, len, origin, line, "%s: '%s' is not a number", k->name, v);
		if (d < k->min || d > k->max)
			return parse_error(err, len, origin, line, "%s = %g is out of range [%g, %g]",
					   k->name, d, k->min, k->max);
		*(double *)dst = d;
		return 0;
	}
	errno = 0;
	x = strtoull(v, &end, 10);
	/* strtoull() takes "-1" and " 1": only digits make a whole number here. */
	if (!isdigit((unsigned char)*v) || *end || errno)
		return parse_error(err, len, origin, line, "%s: '%s' is not a whole number", k->name, v);
	if (k->kind == K_U64) {
		*(uint64_t *)dst = x;
		return 0;
	}
	if (x < k->min || x > k->max)
		return parse_error(err, len, origin, line, "%s = %llu is out of range [%.0f, %.0f]",
				   k->name, x, k->min, k->max);
	*(unsigned int *)dst = (unsigned int)x;
	return 0;
}

static int set_value(struct scenario *s, const struct key *k, const char *v,
		     char *err, size_t len, const char *origin, int line)
{
	void *dst = (char *)s + k->offset;
	char allowed[128];

	switch (k->kind) {
	case K_UINT:
	case K_U64:
	case K_DOUBLE:
		return set_number(s, k, v, err, len, origin, line);
	case K_NAME:
		for (int i = 0; i < k->nr_names; i++) {
			if (strcmp(k->names[i], v) == 0) {
				snprintf(dst, k->size, "%s", v);
				return 0;
			}
		}
		return parse_error(err, len, origin, line, "%s: unknown value '%s' (%s)", k->name, v,
				   join_names(k->names, k->nr_names, allowed, sizeof(allowed)));
	case K_TEXT:
		if (strlen(v) >= k->size)
			return parse_error(err, len, origin, line, "%s: longer than %zu characters",
					   k->name, k->size - 1);
		snprintf(dst, k->size, "%s", v);
		return 0;
	case K_STRATEGIES:
		if (parse_strategies(v, dst))
			return parse_error(err, len, origin, line, "strategies: '%s' is not a list of %s",
					   v, strategy__list());
		return 0;
	}
	return -EINVAL;
}

static const struct key *key__find(const char *name)
{
	for (size_t i = 0; i < NR_KEYS; i++)
		if (strcmp(keys[i].name, name) == 0)
			return &keys[i];
	return NULL;
}

int scenario__set(struct scenario *s, const char *key, const char *value,
		  char *err, size_t err_len)
{
	const struct key *k = key__find(key);

	if (!k)
		return parse_error(err, err_len, NULL, 0, "unknown key '%s'", key);
	return set_value(s, k, value, err, err_len, NULL, 0);
}

int scenario__parse(struct scenario *s, const char *text, const char *origin,
		    char *err, size_t err_len)
{
	const char *p = text;
	uint32_t seen = 0;
	int line = 0;

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char buf[512], *l, *eq, *key, *val;
		const struct key *k = NULL;
		int ret;

		line++;
		if (n >= sizeof(buf))
			return parse_error(err, err_len, origin, line, "line too long");
		memcpy(buf, p, n);
		buf[n] = 0;
		p = nl ? nl + 1 : p + n;
		l = trim(buf);
		if (!*l || *l == '#')
			continue;
		eq = strchr(l, '=');
		if (!eq)
			return parse_error(err, err_len, origin, line, "want 'key = value', got '%s'", l);
		*eq = 0;
		key = trim(l);
		val = trim(eq + 1);
		k = key__find(key);
		if (!k)
			return parse_error(err, err_len, origin, line, "unknown key '%s'", key);
		if (seen & (1u << (k - keys)))
			return parse_error(err, err_len, origin, line, "%s is set twice", key);
		seen |= 1u << (k - keys);
		if (!*val)
			return parse_error(err, err_len, origin, line, "%s has no value", key);
		ret = set_value(s, k, val, err, err_len, origin, line);
		if (ret)
			return ret;
	}
	/* Cross-field checks: a scenario that cannot be what it says. */
	if (strcmp(s->pin_method, "none") != 0 && s->pin_fraction <= 0)
		return parse_error(err, err_len, origin, line, "pin_method = %s needs pin_fraction > 0", s->pin_method);
	if (strcmp(s->pin_method, "none") == 0 && s->pin_fraction > 0)
		return parse_error(err, err_len, origin, line, "pin_fraction is set but pin_method = none");
	if (strcmp(s->pin_method, "none") && strcmp(s->pin_method, "module") && s->fill_pct <= 0)
		return parse_error(err, err_len, origin, line, "pin_method = %s pins fill pages: set fill_pct", s->pin_method);
	if (s->pcp_churn && (s->fill_pct <= 0 || strcmp(s->fill_kind, "anon")))
		return parse_error(err, err_len, origin, line, "pcp_churn cycles the fill's pages: set fill_pct, fill_kind = anon");
	if (s->fill_clear_pct > 0 && s->fill_pct <= 0)
		return parse_error(err, err_len, origin, line, "fill_clear_pct empties pageblocks of the fill: set fill_pct");
	if (!strcmp(s->pin_method, "writeback") && strcmp(s->fill_kind, "file"))
		return parse_error(err, err_len, origin, line, "pin_method = writeback needs fill_kind = file");
	if (((uint64_t)s->chunks << s->order) > mib_to_pages(s->min_cma_mb))
		return parse_error(err, err_len, origin, line,
				   "%u chunks of order %u (%.0f MiB) do not fit in min_cma_mb = %u",
				   s->chunks, s->order, pages_to_mib((uint64_t)s->chunks << s->order),
				   s->min_cma_mb);
	return 0;
}

/* A scenario is a few lines: anything larger is not one. */
#define SCENARIO_FILE_MAX 65536

int scenario__read_file(struct scenario *s, const char *name_or_path, const char *dir,
		   char *err, size_t err_len)
{
	char path[512], *text;
	const char *base;
	size_t size;
	int ret;

	if (strchr(name_or_path, '/') || !dir)
		snprintf(path, sizeof(path), "%s", name_or_path);
	else
		snprintf(path, sizeof(path), "%s/%s", dir, name_or_path);
	text = read_whole_file(path, &size);
	if (!text && errno == ENOENT && path[0] && dir && !strchr(name_or_path, '/') &&
	    access(dir, F_OK)) {
		/* On a device, say: only the folder of names is missing. */
		snprintf(err, err_len, "no scenario folder %s here for '%s': give a scenario file's path, or set CMABULK_SCENARIOS",
			 dir, name_or_path);
		return -ENOENT;
	}
	if (!text) {
		snprintf(err, err_len, "%s: %s", path, strerror(errno));
		return errno == ENOENT ? -ENOENT : -EIO;
	}
	if (size > SCENARIO_FILE_MAX || strlen(text) != size) {
		free(text);
		snprintf(err, err_len, "%s: not a scenario file (%s)", path,
			 size > SCENARIO_FILE_MAX ? "over 64 KiB" : "it has NUL bytes");
		return -EINVAL;
	}
	scenario__defaults(s);
	base = strrchr(path, '/');
	snprintf(s->name, sizeof(s->name), "%.63s", base ? base + 1 : path);
	ret = scenario__parse(s, text, path, err, err_len);
	free(text);
	return ret;
}

/* The value of @k in @s as scenario__write() writes it ("" for no text). */
static const char *key__format(const struct key *k, const struct scenario *s,
			       char *buf, size_t len)
{
	const void *src = (const char *)s + k->offset;
	size_t used = 0;

	buf[0] = 0;
	switch (k->kind) {
	case K_UINT:
		snprintf(buf, len, "%u", *(const unsigned int *)src);
		break;
	case K_U64:
		snprintf(buf, len, "%llu", (unsigned long long)*(const uint64_t *)src);
		break;
	case K_DOUBLE: {
		double v = *(const double *)src;

		/*
		 * The shortest form that reads back as the same double: "0.03",
		 * and all 17 digits only when they are needed. %g's 6 digits
		 * alone gave a stored scenario that no longer compared equal
		 * to the one that ran (found by fuzz_scenario).
		 */
		for (int prec = 6; prec <= 17; prec++) {
			snprintf(buf, len, "%.*g", prec, v);
			if (strtod(buf, NULL) == v)
				break;
		}
		break;
	}
	case K_NAME:
	case K_TEXT:
		snprintf(buf, len, "%s", (const char *)src);
		break;
	case K_STRATEGIES:
		for (int i = 0; i < NR_STRATEGIES && used < len; i++)
			if (*(const uint32_t *)src & (1u << i))
				used += snprintf(buf + used, len - used, "%s%s", used ? "," : "",
						 strategy_names[i]);
		break;
	}
	return buf;
}

static bool key__equal(const struct key *k, const struct scenario *a, const struct scenario *b)
{
	const void *x = (const char *)a + k->offset, *y = (const char *)b + k->offset;

	switch (k->kind) {
	case K_UINT:
		return *(const unsigned int *)x == *(const unsigned int *)y;
	case K_U64:
		return *(const uint64_t *)x == *(const uint64_t *)y;
	case K_DOUBLE:
		return *(const double *)x == *(const double *)y;
	case K_NAME:
	case K_TEXT:
		return strcmp(x, y) == 0;
	case K_STRATEGIES:
		return *(const uint32_t *)x == *(const uint32_t *)y;
	}
	return false;
}

void scenario__write(const struct scenario *s, FILE *out)
{
	char value[256];

	for (size_t i = 0; i < NR_KEYS; i++) {
		key__format(&keys[i], s, value, sizeof(value));
		/* An empty text (no description) is left out: "key =" does not parse. */
		if (value[0])
			fprintf(out, "%s = %s\n", keys[i].name, value);
	}
}

bool scenario__comparable(const struct scenario *a, const struct scenario *b,
			  char *why, size_t why_len)
{
	char va[256], vb[256];

	for (size_t i = 0; i < NR_KEYS; i++) {
		const struct key *k = &keys[i];

		if (!k->measured || key__equal(k, a, b))
			continue;
		snprintf(why, why_len, "%s differs: %s vs %s", k->name,
			 key__format(k, a, va, sizeof(va)), key__format(k, b, vb, sizeof(vb)));
		return false;
	}
	return true;
}

/* "number in [0, 100]", "one of anon, shmem, file", ...: what @k takes. */
static const char *key__describe(const struct key *k, char *buf, size_t len)
{
	char names[128];

	switch (k->kind) {
	case K_UINT:
		snprintf(buf, len, "whole number in [%.0f, %.0f]", k->min, k->max);
		break;
	case K_U64:
		snprintf(buf, len, "whole number");
		break;
	case K_DOUBLE:
		snprintf(buf, len, "number in [%g, %g]", k->min, k->max);
		break;
	case K_NAME:
		snprintf(buf, len, "one of %s", join_names(k->names, k->nr_names, names, sizeof(names)));
		break;
	case K_TEXT:
		snprintf(buf, len, "text, at most %zu characters", k->size - 1);
		break;
	case K_STRATEGIES:
		snprintf(buf, len, "comma-separated list of %s, or all", strategy__list());
		break;
	}
	return buf;
}

void scenario__print_keys(FILE *out)
{
	char type[256], def[256];
	struct scenario d;

	scenario__defaults(&d);
	for (size_t i = 0; i < NR_KEYS; i++) {
		const struct key *k = &keys[i];

		key__format(k, &d, def, sizeof(def));
		fprintf(out, "%-17s %s; default: %s\n%-17s %s%s\n", k->name,
			key__describe(k, type, sizeof(type)), def[0] ? def : "\"\"", "", k->help,
			k->measured ? "" : " (runs that differ here still compare)");
	}
}
