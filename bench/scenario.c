// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/load/load.h"
#include "bench/scenario.h"

const char *const strategy_names[NR_STRATEGIES] = {
	"whole", "chunks2m", "chunks", "normal", "fast", "fast-normal", "hard",
};

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
	s->strategies = (1u << NR_STRATEGIES) - 1;
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
	const char *help;
};

#define OFF(f) offsetof(struct scenario, f)
#define SZ(f) sizeof(((struct scenario *)0)->f)

static const struct key keys[] = {
	{ "name", K_TEXT, OFF(name), 0, 0, NULL, 0, SZ(name), "scenario name (defaults to the file name)" },
	{ "description", K_TEXT, OFF(description), 0, 0, NULL, 0, SZ(description), "one line for reports" },
	{ "min_cma_mb", K_UINT, OFF(min_cma_mb), 1, 1 << 20, NULL, 0, 0, "smallest CMA area the scenario fits" },
	{ "order", K_UINT, OFF(order), 0, 10, NULL, 0, 0, "chunk order (pages = 2^order)" },
	{ "chunks", K_UINT, OFF(chunks), 1, 1 << 22, NULL, 0, 0, "chunks per request" },
	{ "trials", K_UINT, OFF(trials), 1, 1000, NULL, 0, 0, "measured trials per strategy" },
	{ "warmup", K_UINT, OFF(warmup), 0, 100, NULL, 0, 0, "discarded trials per strategy" },
	{ "seed", K_U64, OFF(seed), 0, 0, NULL, 0, 0, "seed of every random choice" },
	{ "fill_pct", K_DOUBLE, OFF(fill_pct), 0, 100, NULL, 0, 0, "CMA occupancy to fill to (0: none)" },
	{ "fill_kind", K_NAME, OFF(fill_kind), 0, 0, fill_kind_names, NR_FILL_KINDS, SZ(fill_kind), "anon, shmem or file" },
	{ "pin_method", K_NAME, OFF(pin_method), 0, 0, pin_method_names, NR_PIN_METHODS, SZ(pin_method), "none, vmsplice, odirect, writeback, module, module-ref" },
	{ "pin_fraction", K_DOUBLE, OFF(pin_fraction), 0, 1, NULL, 0, 0, "fraction of CMA pageblocks to pin" },
	{ "fragment_pct", K_DOUBLE, OFF(fragment_pct), 0, 100, NULL, 0, 0, "free pageblocks outside CMA to fragment" },
	{ "churn_alloc_mb_s", K_DOUBLE, OFF(churn_alloc_mb_s), 0, 4096, NULL, 0, 0, "background alloc/free rate" },
	{ "churn_write_mb_s", K_DOUBLE, OFF(churn_write_mb_s), 0, 4096, NULL, 0, 0, "background write(back) rate" },
	{ "trial_timeout_s", K_UINT, OFF(trial_timeout_s), 1, 86400, NULL, 0, 0, "a trial that takes longer fails the run" },
	{ "strategies", K_STRATEGIES, OFF(strategies), 0, 0, NULL, 0, 0, "comma-separated subset of the strategies" },
};

static int fail(char *err, size_t len, const char *origin, int line, const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(err, len, "%s:%d: %s", origin, line, msg);
	return -EINVAL;
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
			*mask = (1u << NR_STRATEGIES) - 1;
			continue;
		}
		i = strategy__parse(tok);
		if (i < 0)
			return -EINVAL;
		*mask |= 1u << i;
	}
	return *mask ? 0 : -EINVAL;
}

static int set_value(struct scenario *s, const struct key *k, const char *v,
		     char *err, size_t len, const char *origin, int line)
{
	char *end;
	void *dst = (char *)s + k->offset;

	switch (k->kind) {
	case K_UINT:
	case K_U64: {
		unsigned long long x;

		if (!isdigit((unsigned char)*v))
			return fail(err, len, origin, line, "%s: '%s' is not a whole number", k->name, v);
		errno = 0;
		x = strtoull(v, &end, 10);
		if (*end || errno)
			return fail(err, len, origin, line, "%s: '%s' is not a whole number", k->name, v);
		if (k->kind == K_UINT) {
			if (x < k->min || x > k->max)
				return fail(err, len, origin, line, "%s = %llu is out of range [%.0f, %.0f]",
					    k->name, x, k->min, k->max);
			*(unsigned int *)dst = (unsigned int)x;
		} else {
			*(uint64_t *)dst = x;
		}
		return 0;
	}
	case K_DOUBLE: {
		double x = strtod(v, &end);

		if (end == v || *end || !isfinite(x))
			return fail(err, len, origin, line, "%s: '%s' is not a number", k->name, v);
		if (x < k->min || x > k->max)
			return fail(err, len, origin, line, "%s = %g is out of range [%g, %g]",
				    k->name, x, k->min, k->max);
		*(double *)dst = x;
		return 0;
	}
	case K_NAME:
		for (int i = 0; i < k->nr_names; i++) {
			if (strcmp(k->names[i], v) == 0) {
				snprintf(dst, k->size, "%s", v);
				return 0;
			}
		}
		return fail(err, len, origin, line, "%s: unknown value '%s' (see cmabulk-bench --help)", k->name, v);
	case K_TEXT:
		if (strlen(v) >= k->size)
			return fail(err, len, origin, line, "%s: longer than %zu characters", k->name, k->size - 1);
		snprintf(dst, k->size, "%s", v);
		return 0;
	case K_STRATEGIES:
		if (parse_strategies(v, dst))
			return fail(err, len, origin, line, "strategies: '%s' is not a list of whole, chunks2m, chunks, normal, fast, fast-normal, hard", v);
		return 0;
	}
	return -EINVAL;
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
			return fail(err, err_len, origin, line, "line too long");
		memcpy(buf, p, n);
		buf[n] = 0;
		p = nl ? nl + 1 : p + n;
		l = trim(buf);
		if (!*l || *l == '#')
			continue;
		eq = strchr(l, '=');
		if (!eq)
			return fail(err, err_len, origin, line, "want 'key = value', got '%s'", l);
		*eq = 0;
		key = trim(l);
		val = trim(eq + 1);
		for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
			if (strcmp(keys[i].name, key) == 0) {
				k = &keys[i];
				if (seen & (1u << i))
					return fail(err, err_len, origin, line, "%s is set twice", key);
				seen |= 1u << i;
			}
		}
		if (!k)
			return fail(err, err_len, origin, line, "unknown key '%s'", key);
		if (!*val)
			return fail(err, err_len, origin, line, "%s has no value", key);
		ret = set_value(s, k, val, err, err_len, origin, line);
		if (ret)
			return ret;
	}
	/* Cross-field checks: a scenario that cannot be what it says. */
	if (strcmp(s->pin_method, "none") != 0 && s->pin_fraction <= 0)
		return fail(err, err_len, origin, line, "pin_method = %s needs pin_fraction > 0", s->pin_method);
	if (strcmp(s->pin_method, "none") == 0 && s->pin_fraction > 0)
		return fail(err, err_len, origin, line, "pin_fraction is set but pin_method = none");
	if (strcmp(s->pin_method, "none") && strcmp(s->pin_method, "module") && s->fill_pct <= 0)
		return fail(err, err_len, origin, line, "pin_method = %s pins fill pages: set fill_pct", s->pin_method);
	if (!strcmp(s->pin_method, "writeback") && strcmp(s->fill_kind, "file"))
		return fail(err, err_len, origin, line, "pin_method = writeback needs fill_kind = file");
	if (((uint64_t)s->chunks << s->order) > (uint64_t)s->min_cma_mb * 256)
		return fail(err, err_len, origin, line, "%u chunks of order %u (%llu MiB) do not fit in min_cma_mb = %u",
			    s->chunks, s->order, ((unsigned long long)s->chunks << s->order) >> 8, s->min_cma_mb);
	return 0;
}

int scenario__load(struct scenario *s, const char *name_or_path, const char *dir,
		   char *err, size_t err_len)
{
	char path[512], *text;
	const char *base;
	long size;
	FILE *f;
	int ret;

	if (strchr(name_or_path, '/') || !dir)
		snprintf(path, sizeof(path), "%s", name_or_path);
	else
		snprintf(path, sizeof(path), "%s/%s", dir, name_or_path);
	f = fopen(path, "r");
	if (!f) {
		snprintf(err, err_len, "%s: %s", path, strerror(errno));
		return -ENOENT;
	}
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	rewind(f);
	if (size < 0 || size > 65536) {
		fclose(f);
		snprintf(err, err_len, "%s: not a scenario file (size %ld)", path, size);
		return -EINVAL;
	}
	text = calloc(1, size + 1);
	if (!text || fread(text, 1, size, f) != (size_t)size) {
		fclose(f);
		free(text);
		snprintf(err, err_len, "%s: cannot read", path);
		return -EIO;
	}
	fclose(f);
	scenario__defaults(s);
	base = strrchr(path, '/');
	snprintf(s->name, sizeof(s->name), "%.63s", base ? base + 1 : path);
	ret = scenario__parse(s, text, path, err, err_len);
	free(text);
	return ret;
}

void scenario__write(const struct scenario *s, FILE *out)
{
	bool first = true;

	fprintf(out, "name = %s\n", s->name);
	if (s->description[0])
		fprintf(out, "description = %s\n", s->description);
	fprintf(out, "min_cma_mb = %u\norder = %u\nchunks = %u\ntrials = %u\nwarmup = %u\nseed = %llu\n",
		s->min_cma_mb, s->order, s->chunks, s->trials, s->warmup, (unsigned long long)s->seed);
	fprintf(out, "fill_pct = %g\nfill_kind = %s\npin_method = %s\npin_fraction = %g\n",
		s->fill_pct, s->fill_kind, s->pin_method, s->pin_fraction);
	fprintf(out, "fragment_pct = %g\nchurn_alloc_mb_s = %g\nchurn_write_mb_s = %g\ntrial_timeout_s = %u\n",
		s->fragment_pct, s->churn_alloc_mb_s, s->churn_write_mb_s, s->trial_timeout_s);
	fprintf(out, "strategies = ");
	for (int i = 0; i < NR_STRATEGIES; i++) {
		if (s->strategies & (1u << i)) {
			fprintf(out, "%s%s", first ? "" : ",", strategy_names[i]);
			first = false;
		}
	}
	fprintf(out, "\n");
}

bool scenario__comparable(const struct scenario *a, const struct scenario *b,
			  char *why, size_t why_len)
{
#define DIFF(cond, fmt, ...) do { if (cond) { snprintf(why, why_len, fmt, __VA_ARGS__); return false; } } while (0)
	DIFF(a->order != b->order, "order differs: %u vs %u", a->order, b->order);
	DIFF(a->chunks != b->chunks, "chunks differ: %u vs %u", a->chunks, b->chunks);
	DIFF(a->fill_pct != b->fill_pct, "fill_pct differs: %g vs %g", a->fill_pct, b->fill_pct);
	DIFF(strcmp(a->fill_kind, b->fill_kind), "fill_kind differs: %s vs %s", a->fill_kind, b->fill_kind);
	DIFF(strcmp(a->pin_method, b->pin_method), "pin_method differs: %s vs %s", a->pin_method, b->pin_method);
	DIFF(a->pin_fraction != b->pin_fraction, "pin_fraction differs: %g vs %g", a->pin_fraction, b->pin_fraction);
	DIFF(a->fragment_pct != b->fragment_pct, "fragment_pct differs: %g vs %g", a->fragment_pct, b->fragment_pct);
	DIFF(a->churn_alloc_mb_s != b->churn_alloc_mb_s, "churn_alloc_mb_s differs: %g vs %g",
	     a->churn_alloc_mb_s, b->churn_alloc_mb_s);
	DIFF(a->churn_write_mb_s != b->churn_write_mb_s, "churn_write_mb_s differs: %g vs %g",
	     a->churn_write_mb_s, b->churn_write_mb_s);
	DIFF(a->seed != b->seed, "seed differs: %llu vs %llu", (unsigned long long)a->seed,
	     (unsigned long long)b->seed);
#undef DIFF
	return true;
}
