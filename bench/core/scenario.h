/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Benchmark scenarios: small "key = value" files (like mmtests configs)
 * that say what load to build and what to allocate. Parsed strictly: an
 * unknown key or a value out of range is an error naming file and line.
 */
#ifndef CMABULK_SCENARIO_H
#define CMABULK_SCENARIO_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* Allocation strategies a run compares. */
enum strategy {
	STRAT_WHOLE,		/* one cma_alloc() of the whole request */
	STRAT_CHUNKS2M,		/* cma_alloc() of 2 MiB, split to the order */
	STRAT_CHUNKS,		/* one cma_alloc() per chunk */
	STRAT_NORMAL,		/* cma_alloc_bulk() NORMAL */
	STRAT_FAST,		/* cma_alloc_bulk() FAST */
	STRAT_FAST_NORMAL,	/* FAST, then NORMAL over what is left */
	STRAT_HARD,		/* HARD: series v3 only; read, never run */
	STRAT_FAST_SYNC,	/* cma_alloc_bulk() FAST_SYNC: v2's FAST */
	STRAT_NORMAL_ONCE,	/* cma_alloc_bulk() NORMAL_ONCE: LRU off once */
	STRAT_FAST_LINEAR,	/* FAST in address order: v4's, for v5's A/B */
	NR_STRATEGIES
};
extern const char *const strategy_names[NR_STRATEGIES];

struct scenario {
	char name[64];
	char description[160];
	unsigned int min_cma_mb;	/* the area must be at least this big */
	unsigned int order;		/* chunk order */
	unsigned int chunks;		/* chunks per request */
	unsigned int trials;		/* measured trials per strategy */
	unsigned int warmup;		/* discarded trials per strategy */
	uint64_t seed;
	double fill_pct;		/* 0: no fill */
	double fill_clear_pct;		/* pageblocks emptied after the fill */
	unsigned int pcp_churn;		/* 1: fill pages cycle through other CPUs' lists */
	char fill_kind[16];
	char pin_method[16];		/* "none" or a cmabulk-load method */
	double pin_fraction;
	double fragment_pct;
	double churn_alloc_mb_s, churn_write_mb_s;
	unsigned int trial_timeout_s;
	uint32_t strategies;		/* bit per enum strategy */
};

/* Defaults: idle area, every strategy, 5 trials after 1 warm-up. */
void scenario__defaults(struct scenario *s);

/*
 * Parse @text (the contents of file @origin, for messages) onto @s as it
 * is: the keys it names are set, the others kept (scenario__defaults()
 * first for a file on its own). Returns 0, or -EINVAL with a one-line
 * reason "origin:line: ..." in @err.
 */
int scenario__parse(struct scenario *s, const char *text, const char *origin,
		    char *err, size_t err_len);

/*
 * Set one key to @value, checked as in a file (for command-line overrides).
 * Returns 0, or -EINVAL with the reason in @err ("trials = 0 is out of
 * range [1, 1000]"). No cross-field checks.
 */
int scenario__set(struct scenario *s, const char *key, const char *value,
		  char *err, size_t err_len);

/* Read and parse a file; a name without '/' is looked up in @dir. */
int scenario__read_file(struct scenario *s, const char *name_or_path, const char *dir,
		   char *err, size_t err_len);

/* Write the scenario back as "key = value" lines (stored with results). */
void scenario__write(const struct scenario *s, FILE *out);

/*
 * Two scenarios measure the same thing: they agree on every key that is
 * part of what a run measures (not trials, warmup, names, timeouts or
 * the strategies). Else false, and "KEY differs: A vs B" in @why.
 */
bool scenario__comparable(const struct scenario *a, const struct scenario *b,
			  char *why, size_t why_len);

/* Every key: its type, range or values, default and help, two lines each. */
void scenario__print_keys(FILE *out);

int strategy__parse(const char *name);

/* Strategies a run can ask for today: all but the retired ones. */
#define STRATEGIES_RUNNABLE (((1u << NR_STRATEGIES) - 1) & ~STRATEGIES_RETIRED)
/* Read in old results, refused for a new run (see strategy__retired()). */
#define STRATEGIES_RETIRED (1u << STRAT_HARD)

/* "whole, chunks2m, chunks, normal, fast, fast-normal, fast-sync, normal-once, fast-linear". */
const char *strategy__list(void);

/*
 * Why a run cannot ask for strategy @s ("hard: left the series in v4 ..."),
 * or NULL when it can.
 */
const char *strategy__retired(enum strategy s);

/*
 * The test driver's words for @s on an alloc line ("mode=fast
 * fallback=normal", "strategy=chunks"); "" for a retired one.
 */
const char *strategy__driver_args(enum strategy s);
/* A cma_alloc_bulk() strategy (it has a mode), not a cma_alloc() baseline. */
bool strategy__is_bulk(enum strategy s);

#endif
