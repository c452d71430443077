// SPDX-License-Identifier: GPL-2.0
/* The soak: cycles of allocate and release, checked exactly; see soak.h. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "bench/torture/area_counters.h"
#include "bench/load/load.h"
#include "bench/core/scenario.h"
#include "bench/torture/soak.h"
#include "lib/cma_test.h"
#include "lib/json.h"
#include "lib/sysfacts.h"
#include "lib/tool.h"

#define SOAK_MAX_ORDER	10
#define SOAK_SHOWN	5	/* violations printed; the rest counted */

struct soak {
	const struct soak_opts *o;
	struct load load;
	const char *area;
	int strategies[NR_STRATEGIES], nr_strategies;
	struct area_counters start;
	unsigned int done, violations, pin_failures;
	unsigned long long pages_out;
	unsigned int cycles[NR_STRATEGIES], shorts[NR_STRATEGIES];
	unsigned int errors[NR_STRATEGIES][5];	/* EBUSY, ENOMEM, ENOSPC, EINTR, other */
	double started;
};

static volatile sig_atomic_t soak_stop;

static void on_stop(int sig)
{
	(void)sig;
	soak_stop = 1;
}

static void violation(struct soak *s, unsigned int cycle, enum strategy st, unsigned int order,
		      const char *what, long long got, long long want)
{
	if (s->violations++ < SOAK_SHOWN)
		tool_error(0, "cycle %u (%s, order %u): %s: %lld, want %lld", cycle,
			   strategy_names[st], order, what, got, want);
}

/*
 * The vmstat events a request of @st makes: one per cma_alloc() call of a
 * baseline (the failing one too), one per cma_alloc_bulk() request, with
 * or without its fallback pass (patch 4: "one request, one event").
 */
static long long events_expected(enum strategy st, long long calls)
{
	return st == STRAT_WHOLE || st == STRAT_CHUNKS2M || st == STRAT_CHUNKS ? calls : 1;
}

static unsigned int errno_slot(long long err)
{
	return err == -EBUSY ? 0 : err == -ENOMEM ? 1 : err == -ENOSPC ? 2 : err == -EINTR ? 3 : 4;
}

/*
 * The pinned set, moved: the driver's alloc and ref pins in turn, a turn
 * being one round of the strategies, so that each strategy meets both.
 */
static void move_pins(struct soak *s, unsigned int cycle)
{
	if (s->o->under.pin_fraction <= 0)
		return;
	cma_test__write("unpin", "1");
	/* %.6f: the driver takes decimals, not "5e-05". */
	if (cma_test__write("pin", "area=%s fraction=%.6f seed=%llu method=%s", s->area,
			    s->o->under.pin_fraction, (unsigned long long)(s->o->under.seed + cycle),
			    (cycle / s->nr_strategies) % 2 ? "ref" : "alloc"))
		s->pin_failures++;
}

/* One cycle: pins moved, a request, its release, each against the books. */
static void soak_cycle(struct soak *s, unsigned int cycle)
{
	enum strategy st = s->strategies[cycle % s->nr_strategies];
	unsigned int order = cycle % (SOAK_MAX_ORDER + 1);
	uint64_t chunks = (uint64_t)(s->load.area.nr_pages * s->o->under.request_pct / 100) >> order;
	struct cma_test_result r;
	struct area_counters a, b, c;
	long long allocated, pages;
	int ret;

	if (!chunks)
		chunks = 1;
	move_pins(s, cycle);
	area_counters__read(&a, s->area);
	ret = cma_test__write("alloc", "area=%s order=%u count=%llu %s", s->area, order,
			      (unsigned long long)chunks, strategy__driver_args(st));
	area_counters__read(&b, s->area);
	s->cycles[st]++;
	/*
	 * The driver takes every well-formed line (the write returns its
	 * length); the allocation's own outcome is the result's ret. A
	 * refused write, or a result of another operation, is the soak's own
	 * failure: nothing to check, and the release keeps the next cycle clean.
	 */
	if (ret || cma_test__result(&r) || strcmp(cma_test__str(&r, "op") ?: "", "alloc") ||
	    cma_test__ll(&r, "allocated", -1) < 0) {
		violation(s, cycle, st, order, "the driver refused the request (errno)", ret, 0);
		cma_test__write("release", "1");
		return;
	}
	if (cma_test__ll(&r, "ret", 0))
		s->errors[st][errno_slot(cma_test__ll(&r, "ret", 0))]++;
	allocated = cma_test__ll(&r, "allocated", 0);
	s->shorts[st] += (uint64_t)allocated < chunks;
	pages = allocated << order;
	s->pages_out += pages;
	if (b.success - a.success != pages)
		violation(s, cycle, st, order, "alloc_pages_success grew by", b.success - a.success, pages);
	if (b.used - a.used != pages)
		violation(s, cycle, st, order, "the bitmap grew by", b.used - a.used, pages);
	if (b.events - a.events != events_expected(st, cma_test__ll(&r, "cma_alloc_calls", -1)))
		violation(s, cycle, st, order, "cma_alloc events grew by", b.events - a.events,
			  events_expected(st, cma_test__ll(&r, "cma_alloc_calls", -1)));
	/* Everything back, and the bitmap where the soak found it. */
	if (cma_test__write("release", "1"))
		violation(s, cycle, st, order, "release failed", 1, 0);
	area_counters__read(&c, s->area);
	if (c.released - b.released != pages)
		violation(s, cycle, st, order, "release_pages_success grew by", c.released - b.released,
			  pages);
	if (c.used != a.used)
		violation(s, cycle, st, order, "pages in the bitmap after the release", c.used, a.used);
}

static void print_text(const struct soak *s, const struct area_counters *end, double secs, int torn)
{
	printf("soak: %u of %u cycles in %.0f s (%.1f cycles/min) on %s: fill %g%%, churn %g MiB/s, pins %g (alloc/ref in turn), requests %g%% of the area\n",
	       s->done, s->o->cycles, secs, secs > 0 ? s->done * 60 / secs : 0, s->area,
	       s->o->under.fill_pct, s->o->under.churn_mb_s, s->o->under.pin_fraction, s->o->under.request_pct);
	printf("  %-12s %7s %7s %7s %7s %7s %7s %7s\n", "strategy", "cycles", "short", "EBUSY",
	       "ENOMEM", "ENOSPC", "EINTR", "other");
	for (int i = 0; i < s->nr_strategies; i++) {
		int st = s->strategies[i];

		printf("  %-12s %7u %7u %7u %7u %7u %7u %7u\n", strategy_names[st], s->cycles[st],
		       s->shorts[st], s->errors[st][0], s->errors[st][1], s->errors[st][2],
		       s->errors[st][3], s->errors[st][4]);
	}
	printf("  pages handed out %llu; sysfs alloc_pages_success +%lld, release_pages_success +%lld, alloc_pages_fail +%lld; vmstat cma_alloc events +%lld\n",
	       s->pages_out, end->success - s->start.success, end->released - s->start.released,
	       end->fail - s->start.fail, end->events - s->start.events);
	printf("  bitmap %lld pages at the start, %lld at the end; pin failures %u; teardown %s\n",
	       s->start.used, end->used, s->pin_failures, torn ? "FAILED" : "ok (CmaFree back)");
	printf("result: %s (%u violations%s)\n", s->violations || torn ? "FAIL" : "ok", s->violations,
	       s->done < s->o->cycles ? ", interrupted" : "");
}

static void print_json(const struct soak *s, const struct area_counters *end, double secs, int torn)
{
	struct json_writer w;

	json_document_begin(&w, stdout, false, "cmabulk-bench-soak", 1);
	json_key_string(&w, "area", s->area);
	json_key_u64(&w, "cycles", s->done);
	json_key_u64(&w, "cycles_planned", s->o->cycles);
	json_key_double(&w, "seconds", secs);
	json_key_u64(&w, "pages_out", s->pages_out);
	json_key_i64(&w, "alloc_pages_success", end->success - s->start.success);
	json_key_i64(&w, "release_pages_success", end->released - s->start.released);
	json_key_i64(&w, "alloc_pages_fail", end->fail - s->start.fail);
	json_key_i64(&w, "cma_alloc_events", end->events - s->start.events);
	json_key_i64(&w, "used_start", s->start.used);
	json_key_i64(&w, "used_end", end->used);
	json_key_u64(&w, "pin_failures", s->pin_failures);
	json_key_u64(&w, "violations", s->violations);
	json_key_bool(&w, "teardown_ok", !torn);
	json_key(&w, "strategies");
	json_object_begin(&w);
	for (int i = 0; i < s->nr_strategies; i++) {
		int st = s->strategies[i];

		json_key(&w, strategy_names[st]);
		json_object_begin(&w);
		json_key_u64(&w, "cycles", s->cycles[st]);
		json_key_u64(&w, "short", s->shorts[st]);
		json_key_u64(&w, "ebusy", s->errors[st][0]);
		json_key_u64(&w, "enomem", s->errors[st][1]);
		json_key_u64(&w, "enospc", s->errors[st][2]);
		json_key_u64(&w, "eintr", s->errors[st][3]);
		json_key_u64(&w, "other", s->errors[st][4]);
		json_object_end(&w);
	}
	json_object_end(&w);
	json_object_end(&w);
	json_finish(&w);
}

int bench_soak(const struct soak_opts *o)
{
	static struct soak s;
	struct sigaction sa = { .sa_handler = on_stop };
	struct area_counters end;
	int torn, lock_fd;

	/* 1. The driver, the area, the strategies to rotate. */
	memset(&s, 0, sizeof(s));
	s.o = o;
	if (torture__claim(&s.load, &o->under, &lock_fd))
		return 2;
	s.area = s.load.area.name;
	for (int st = 0; st < NR_STRATEGIES; st++)
		if (STRATEGIES_RUNNABLE & (1u << st))
			s.strategies[s.nr_strategies++] = st;
	cma_test__write("release", "1");	/* nothing held from before */
	cma_test__write("unpin", "1");
	area_counters__read(&s.start, s.area);

	/* 2. The load under it: a fill, churn. */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if (torture_load__start(&s.load, &o->under)) {
		close(lock_fd);
		return 2;
	}

	/* 3. The cycles, with a line every tenth of the way. */
	s.started = now_s();
	for (unsigned int i = 0; i < o->cycles && !soak_stop; i++) {
		soak_cycle(&s, i);
		s.done++;
		if (!o->under.quiet && o->cycles >= 10 && s.done % (o->cycles / 10) == 0)
			tool_error(0, "%u of %u cycles, %.0f s, %u violations", s.done, o->cycles,
				   now_s() - s.started, s.violations);
	}

	/* 4. Everything back; the books at the end; the summary. */
	cma_test__write("release", "1");
	cma_test__write("unpin", "1");
	torn = load__teardown(&s.load);
	if (torn)
		tool_error(0, "teardown: %s", s.load.error);
	load__fini(&s.load);
	area_counters__read(&end, s.area);
	if (end.used != s.start.used)
		violation(&s, s.done, STRAT_NORMAL, 0, "bitmap pages at the end", end.used, s.start.used);
	if (end.released - s.start.released != end.success - s.start.success)
		violation(&s, s.done, STRAT_NORMAL, 0, "pages released in all, against allocated",
			  end.released - s.start.released, end.success - s.start.success);
	/* A pin that did not take leaves a cycle without what it claims to test. */
	if (s.pin_failures)
		violation(&s, s.done, STRAT_NORMAL, 0, "pin writes refused", s.pin_failures, 0);
	if (o->under.json)
		print_json(&s, &end, now_s() - s.started, torn);
	else
		print_text(&s, &end, now_s() - s.started, torn);
	close(lock_fd);
	return s.violations || torn || s.done < o->cycles ? 1 : 0;
}
