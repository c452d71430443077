// SPDX-License-Identifier: GPL-2.0
/* Callers at once on one area, checked exactly; see stress.h. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench/torture/area_counters.h"
#include "bench/load/load.h"
#include "bench/core/scenario.h"
#include "bench/torture/stress.h"
#include "lib/bootstrap.h"
#include "lib/cma_test.h"
#include "lib/json.h"
#include "lib/tool.h"

#define STRESS_MAX_ORDER	10
#define STRESS_SHOWN		5	/* violations printed; the rest counted */
#define STRESS_PIN_HOLD_MS	20	/* pins move while the callers run */
#define DEBUG_CALLER_MAX_PAGES	256
#define HOLD_WAIT_S		120	/* a debug kernel's longest call, and more */

enum phase { PHASE_RUN, PHASE_HOLD, PHASE_QUIT };
enum { ERR_EBUSY, ERR_ENOMEM, ERR_ENOSPC, ERR_EINTR, ERR_OTHER, NR_ERR };

/* One caller's counters, in memory shared with the stress. */
struct slot {
	volatile sig_atomic_t phase;	/* the stress's: enum phase */
	volatile sig_atomic_t in_call;	/* the caller's: inside its alloc */
	volatile sig_atomic_t holding;	/* the caller's: stopped, holding */
	unsigned long long calls, chunks, pages, shorts, refused;
	unsigned long long verified, bad;
	unsigned long long errors[NR_ERR];
	long long held_pages;		/* the debugfs caller's, when holding */
	pid_t pid;
	int fd;				/* the stress's copy of the session */
};

struct stress {
	const struct stress_opts *o;
	struct load load;
	const char *area;
	char debug_dir[160];
	unsigned int nr_slots;		/* bulk callers, then the debugfs one */
	struct slot *slots;
	int bulk[NR_STRATEGIES], nr_bulk;
	struct area_counters start;
	struct cma_test_result checks0;
	unsigned int violations;
	unsigned int kills, kills_in_call, kills_eintr, died;
	unsigned long long kept_chunks;
	double started;
};

static volatile sig_atomic_t stress_stop;

static void on_stop(int sig)
{
	(void)sig;
	stress_stop = 1;
}

static void violation(struct stress *s, const char *what, long long got, long long want)
{
	if (s->violations++ < STRESS_SHOWN)
		tool_error(0, "%.0f s: %s: %lld, want %lld", now_s() - s->started, what, got,
			   want);
}

static unsigned int errno_slot(long long err)
{
	return err == -EBUSY ? ERR_EBUSY : err == -ENOMEM ? ERR_ENOMEM :
	       err == -ENOSPC ? ERR_ENOSPC : err == -EINTR ? ERR_EINTR : ERR_OTHER;
}

static long long checks_ll(const char *key)
{
	struct cma_test_result r;

	return cma_test__checks(&r) ? -1 : cma_test__ll(&r, key, -1);
}

/* --- the callers (child processes) ----------------------------------- */

/*
 * A bulk caller: alloc, verify, release, the strategy and order drawn
 * from its seed, until told to hold what it has. It never returns.
 */
static void bulk_caller(struct stress *s, struct slot *sl, uint64_t seed)
{
	struct boot_rng rng;
	struct cma_test_result r;

	boot_rng_seed(&rng, seed);
	while (sl->phase == PHASE_RUN) {
		int st = s->bulk[boot_rng_next(&rng) % s->nr_bulk];
		unsigned int order = boot_rng_next(&rng) % (STRESS_MAX_ORDER + 1);
		unsigned long long chunks =
			(unsigned long long)(s->load.area.nr_pages * s->o->under.request_pct / 100) >> order;
		long long ret, got;

		if (!chunks)
			chunks = 1;
		sl->in_call = 1;
		ret = cma_test__session_cmd(sl->fd, "alloc area=%s order=%u count=%llu %s", s->area,
					    order, chunks, strategy__driver_args(st));
		sl->in_call = 0;
		sl->calls++;
		if (ret || cma_test__session_result(sl->fd, &r)) {
			sl->refused++;
			continue;
		}
		ret = cma_test__ll(&r, "ret", 0);
		got = cma_test__ll(&r, "allocated", 0);
		if (ret)
			sl->errors[errno_slot(ret)]++;
		sl->chunks += got;
		sl->pages += got << order;
		sl->shorts += (unsigned long long)got < chunks;
		if (cma_test__session_cmd(sl->fd, "verify") || cma_test__session_result(sl->fd, &r)) {
			sl->refused++;
		} else {
			sl->verified += cma_test__ll(&r, "verified", 0);
			sl->bad += cma_test__ll(&r, "bad", 0);
		}
		if (sl->phase != PHASE_RUN)
			break;
		cma_test__session_cmd(sl->fd, "release %s",
				      boot_rng_next(&rng) % 2 ? "1" : "nodrain");
	}
	sl->holding = 1;
	while (sl->phase == PHASE_HOLD)
		usleep(1000);
	_exit(0);	/* the session closes: what it holds goes back */
}

static int debugfs_write(const char *dir, const char *file, unsigned long n)
{
	char path[200], buf[32];
	int fd, len, err = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	len = snprintf(buf, sizeof(buf), "%lu", n);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	if (write(fd, buf, len) != len)
		err = -errno;
	close(fd);
	return err;
}

/*
 * The cma_alloc() caller: the kernel's debugfs alloc of 1..256 pages, then
 * free, until told to hold. Each write is one cma_alloc() call.
 */
static void debug_caller(struct stress *s, struct slot *sl, uint64_t seed)
{
	struct boot_rng rng;
	long long held = 0;

	boot_rng_seed(&rng, seed);
	while (sl->phase == PHASE_RUN) {
		unsigned long n = 1 + boot_rng_next(&rng) % DEBUG_CALLER_MAX_PAGES;

		sl->calls++;
		if (debugfs_write(s->debug_dir, "alloc", n)) {
			sl->errors[ERR_ENOMEM]++;
		} else {
			held += n;
			sl->pages += n;
		}
		if (sl->phase != PHASE_RUN)
			break;
		if (held && debugfs_write(s->debug_dir, "free", held) == 0)
			held = 0;
	}
	sl->held_pages = held;
	sl->holding = 1;
	while (sl->phase == PHASE_HOLD)
		usleep(1000);
	if (held)
		debugfs_write(s->debug_dir, "free", held);
	_exit(0);
}

static int spawn(struct stress *s, unsigned int i, uint64_t seed)
{
	struct slot *sl = &s->slots[i];
	bool bulk = i < s->o->callers;
	pid_t pid;

	sl->phase = PHASE_RUN;
	sl->in_call = sl->holding = 0;
	if (bulk) {
		sl->fd = cma_test__session_open();
		if (sl->fd < 0)
			return tool_error(-1, "cannot open the driver's session file: %s",
					  strerror(-sl->fd));
	}
	fflush(NULL);
	/* The slot is shared: only the stress writes its pid. */
	pid = fork();
	if (pid < 0)
		return tool_error(-1, "fork: %s", strerror(errno));
	if (pid == 0) {
		signal(SIGINT, SIG_IGN);	/* the stress stops them */
		signal(SIGTERM, SIG_DFL);
		if (bulk)
			bulk_caller(s, sl, seed);
		debug_caller(s, sl, seed);
	}
	sl->pid = pid;
	return 0;
}

/* --- the kills -------------------------------------------------------- */

/*
 * SIGKILL bulk caller @i, inside its alloc when it gets there within 2 s.
 * Its session stays open here, so what it got can be checked: "verify"
 * must find every page valid, and a call the signal cut short (-EINTR)
 * must have kept exactly what it says it allocated. Then the session is
 * closed, which releases it, and a new caller takes the slot.
 */
static void kill_one(struct stress *s, unsigned int i, uint64_t seed)
{
	struct slot *sl = &s->slots[i];
	struct cma_test_result r;
	double until = now_s() + 2;
	long long order, allocated, ret;
	bool was_alloc;
	int status;

	while (!sl->in_call && now_s() < until)
		usleep(200);
	s->kills_in_call += sl->in_call;
	kill(sl->pid, SIGKILL);
	waitpid(sl->pid, &status, 0);
	s->kills++;
	if (cma_test__session_result(sl->fd, &r)) {
		violation(s, "the killed caller's session cannot be read", 1, 0);
	} else {
		was_alloc = !strcmp(cma_test__str(&r, "op") ?: "", "alloc");
		ret = cma_test__ll(&r, "ret", 0);
		order = cma_test__ll(&r, "order", 0);
		allocated = cma_test__ll(&r, "allocated", 0);
		if (cma_test__session_cmd(sl->fd, "verify") || cma_test__session_result(sl->fd, &r)) {
			violation(s, "verify refused on the killed caller's session", 1, 0);
		} else {
			if (cma_test__ll(&r, "bad", -1))
				violation(s, "bad pages held by a killed caller",
					  cma_test__ll(&r, "bad", -1), 0);
			if (was_alloc && ret == -EINTR) {
				s->kills_eintr++;
				s->kept_chunks += allocated;
				/* A killed call's chunks are still its (or the stress's) own. */
				sl->calls++;
				sl->errors[ERR_EINTR]++;
				sl->chunks += allocated;
				sl->pages += allocated << order;
				if (cma_test__ll(&r, "verified", -1) != allocated << order)
					violation(s, "pages a killed caller kept, against its allocated",
						  cma_test__ll(&r, "verified", -1), allocated << order);
			}
		}
	}
	close(sl->fd);	/* the last reference: the session's chunks go back */
	sl->fd = -1;
	if (spawn(s, i, seed))
		violation(s, "a killed caller could not be replaced", 1, 0);
}

/* --- the stops and the books ------------------------------------------ */

/* Every caller holding what it got: the bitmap must be exactly theirs. */
static void check_holding(struct stress *s)
{
	struct area_counters b;
	long long debug_pages = 0, held;
	double until = now_s() + HOLD_WAIT_S;

	for (unsigned int i = 0; i < s->nr_slots; i++)
		s->slots[i].phase = PHASE_HOLD;
	for (unsigned int i = 0; i < s->nr_slots; i++) {
		while (!s->slots[i].holding && now_s() < until)
			usleep(1000);
		if (!s->slots[i].holding)
			violation(s, "a caller did not stop within the time", i, -1);
	}
	for (unsigned int i = s->o->callers; i < s->nr_slots; i++)
		debug_pages += s->slots[i].held_pages;
	area_counters__read(&b, s->area);
	held = checks_ll("held_pages");
	if (b.used - s->start.used != held + debug_pages)
		violation(s, "bitmap pages with every caller holding, against the driver's + debugfs's",
			  b.used - s->start.used, held + debug_pages);
}

static void reap_all(struct stress *s)
{
	for (unsigned int i = 0; i < s->nr_slots; i++)
		s->slots[i].phase = PHASE_QUIT;
	for (unsigned int i = 0; i < s->nr_slots; i++) {
		struct slot *sl = &s->slots[i];
		int status;

		if (sl->pid <= 0)
			continue;
		waitpid(sl->pid, &status, 0);
		if (!WIFEXITED(status) || WEXITSTATUS(status))
			s->died++;
		if (sl->fd >= 0)
			close(sl->fd);
		sl->fd = -1;
		sl->pid = 0;
	}
}

/* A caller that ended without being told to: counted, and replaced. */
static void watch_callers(struct stress *s, uint64_t seed)
{
	for (unsigned int i = 0; i < s->nr_slots; i++) {
		int status;

		if (waitpid(s->slots[i].pid, &status, WNOHANG) != s->slots[i].pid)
			continue;
		s->died++;
		violation(s, WIFSIGNALED(status) ? "a caller was killed by signal" :
			  "a caller exited by itself with status",
			  WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status), 0);
		if (s->slots[i].fd >= 0)
			close(s->slots[i].fd);
		s->slots[i].fd = -1;
		spawn(s, i, seed + i);
	}
}

static void sum_slots(const struct stress *s, bool debug, struct slot *t)
{
	memset(t, 0, sizeof(*t));
	for (unsigned int i = debug ? s->o->callers : 0; i < (debug ? s->nr_slots : s->o->callers);
	     i++) {
		const struct slot *sl = &s->slots[i];

		t->calls += sl->calls;
		t->chunks += sl->chunks;
		t->pages += sl->pages;
		t->shorts += sl->shorts;
		t->refused += sl->refused;
		t->verified += sl->verified;
		t->bad += sl->bad;
		for (int e = 0; e < NR_ERR; e++)
			t->errors[e] += sl->errors[e];
	}
}

struct totals {
	struct slot bulk, debug;
	struct area_counters end;
	long long bulk_calls, cma_alloc_calls, held_end, handed_twice, released_unheld;
	double secs;
};

static void final_checks(struct stress *s, struct totals *t)
{
	struct cma_test_result c;
	long long calls;

	sum_slots(s, false, &t->bulk);
	sum_slots(s, true, &t->debug);
	area_counters__read(&t->end, s->area);
	cma_test__checks(&c);
	t->bulk_calls = cma_test__ll(&c, "bulk_calls", -1) -
			cma_test__ll(&s->checks0, "bulk_calls", -1);
	t->cma_alloc_calls = cma_test__ll(&c, "cma_alloc_calls", -1) -
			     cma_test__ll(&s->checks0, "cma_alloc_calls", -1);
	t->held_end = cma_test__ll(&c, "held_pages", -1);
	t->handed_twice = cma_test__ll(&c, "handed_twice", -1) -
			  cma_test__ll(&s->checks0, "handed_twice", -1);
	t->released_unheld = cma_test__ll(&c, "released_unheld", -1) -
			     cma_test__ll(&s->checks0, "released_unheld", -1);
	if (t->handed_twice)
		violation(s, "pages handed out while held (driver's checks)", t->handed_twice, 0);
	if (t->released_unheld)
		violation(s, "pages released but not held (driver's checks)", t->released_unheld, 0);
	if (t->held_end)
		violation(s, "pages the driver holds at the end", t->held_end, 0);
	if (t->bulk.bad)
		violation(s, "bad pages found by verify after a call", t->bulk.bad, 0);
	if (t->end.used != s->start.used)
		violation(s, "bitmap pages at the end", t->end.used, s->start.used);
	if (t->end.released - s->start.released != t->end.success - s->start.success)
		violation(s, "sysfs pages released, against allocated",
			  t->end.released - s->start.released, t->end.success - s->start.success);
	calls = t->bulk_calls + t->cma_alloc_calls + t->debug.calls;
	if (t->end.events - s->start.events != calls)
		violation(s, "vmstat cma_alloc events, against the calls made",
			  t->end.events - s->start.events, calls);
	if (t->bulk_calls < (long long)(t->bulk.calls - t->bulk.refused))
		violation(s, "the driver's bulk calls, against the callers'", t->bulk_calls,
			  t->bulk.calls - t->bulk.refused);
	if (s->died)
		violation(s, "callers that ended by themselves", s->died, 0);
}

static void print_text(const struct stress *s, const struct totals *t)
{
	printf("stress: %.0f s on %s: %u bulk callers%s, fill %g%%, churn %g MiB/s, moving pins %g, requests %g%% of the area each\n",
	       t->secs, s->area, s->o->callers, s->o->no_debug_caller ? "" : " + a debugfs cma_alloc() caller",
	       s->o->under.fill_pct, s->o->under.churn_mb_s, s->o->under.pin_fraction, s->o->under.request_pct);
	printf("  bulk calls %llu (driver: %lld bulk, %lld cma_alloc), %llu chunks, %llu pages; short %llu; EBUSY %llu ENOMEM %llu ENOSPC %llu EINTR %llu other %llu; refused %llu\n",
	       t->bulk.calls, t->bulk_calls, t->cma_alloc_calls, t->bulk.chunks, t->bulk.pages,
	       t->bulk.shorts, t->bulk.errors[ERR_EBUSY], t->bulk.errors[ERR_ENOMEM],
	       t->bulk.errors[ERR_ENOSPC], t->bulk.errors[ERR_EINTR], t->bulk.errors[ERR_OTHER],
	       t->bulk.refused);
	printf("  verified %llu pages after calls, %llu bad\n", t->bulk.verified, t->bulk.bad);
	printf("  debugfs cma_alloc() calls %llu (%llu failed), %llu pages\n", t->debug.calls,
	       t->debug.errors[ERR_ENOMEM], t->debug.pages);
	printf("  kills %u (%u inside a call, %u cut short with EINTR keeping %llu chunks, all verified)\n",
	       s->kills, s->kills_in_call, s->kills_eintr, s->kept_chunks);
	printf("  driver: handed twice %lld, released unheld %lld, held at the end %lld; bitmap %lld -> %lld pages; vmstat cma_alloc events +%lld\n",
	       t->handed_twice, t->released_unheld, t->held_end, s->start.used, t->end.used,
	       t->end.events - s->start.events);
	printf("result: %s (%u violations%s)\n", s->violations ? "FAIL" : "ok", s->violations,
	       stress_stop ? ", interrupted" : "");
}

static void print_json(const struct stress *s, const struct totals *t)
{
	struct json_writer w;

	json_document_begin(&w, stdout, false, "cmabulk-bench-stress", 1);
	json_key_string(&w, "area", s->area);
	json_key_double(&w, "seconds", t->secs);
	json_key_u64(&w, "callers", s->o->callers);
	json_key_bool(&w, "debug_caller", !s->o->no_debug_caller);
	json_key_u64(&w, "bulk_calls", t->bulk.calls);
	json_key_i64(&w, "driver_bulk_calls", t->bulk_calls);
	json_key_i64(&w, "driver_cma_alloc_calls", t->cma_alloc_calls);
	json_key_u64(&w, "chunks", t->bulk.chunks);
	json_key_u64(&w, "pages", t->bulk.pages);
	json_key_u64(&w, "short", t->bulk.shorts);
	json_key_u64(&w, "ebusy", t->bulk.errors[ERR_EBUSY]);
	json_key_u64(&w, "enomem", t->bulk.errors[ERR_ENOMEM]);
	json_key_u64(&w, "enospc", t->bulk.errors[ERR_ENOSPC]);
	json_key_u64(&w, "eintr", t->bulk.errors[ERR_EINTR]);
	json_key_u64(&w, "other", t->bulk.errors[ERR_OTHER]);
	json_key_u64(&w, "refused", t->bulk.refused);
	json_key_u64(&w, "verified", t->bulk.verified);
	json_key_u64(&w, "bad", t->bulk.bad);
	json_key_u64(&w, "debug_calls", t->debug.calls);
	json_key_u64(&w, "debug_failed", t->debug.errors[ERR_ENOMEM]);
	json_key_u64(&w, "kills", s->kills);
	json_key_u64(&w, "kills_in_call", s->kills_in_call);
	json_key_u64(&w, "kills_eintr", s->kills_eintr);
	json_key_u64(&w, "kept_chunks", s->kept_chunks);
	json_key_i64(&w, "handed_twice", t->handed_twice);
	json_key_i64(&w, "released_unheld", t->released_unheld);
	json_key_i64(&w, "held_end", t->held_end);
	json_key_i64(&w, "used_start", s->start.used);
	json_key_i64(&w, "used_end", t->end.used);
	json_key_i64(&w, "cma_alloc_events", t->end.events - s->start.events);
	json_key_u64(&w, "violations", s->violations);
	json_key_bool(&w, "interrupted", stress_stop);
	json_object_end(&w);
	json_finish(&w);
}

/* The callers for the set time, one killed every kill_every_s. */
static void stress_run_callers(struct stress *s)
{
	const struct stress_opts *o = s->o;
	double end, next_kill, next_note;
	unsigned int victim = 0;

	s->started = now_s();
	for (unsigned int i = 0; i < s->nr_slots; i++)
		if (spawn(s, i, o->under.seed * 1000 + i))
			stress_stop = 1;
	end = s->started + o->seconds;
	next_kill = s->started + (o->kill_every_s > 0 ? o->kill_every_s : o->seconds + 1);
	next_note = s->started + o->seconds / 10;
	while (!stress_stop && now_s() < end) {
		usleep(20000);
		watch_callers(s, o->under.seed * 1000 + 500 + s->kills);
		if (now_s() >= next_kill) {
			kill_one(s, victim++ % o->callers, o->under.seed * 1000 + 100 + s->kills);
			next_kill += o->kill_every_s;
		}
		if (!o->under.quiet && now_s() >= next_note) {
			tool_error(0, "%.0f of %.0f s, %u kills, %u violations", now_s() - s->started,
				   o->seconds, s->kills, s->violations);
			next_note += o->seconds / 10;
		}
	}
}

int bench_stress(const struct stress_opts *o)
{
	static struct stress s;
	struct sigaction sa = { .sa_handler = on_stop };
	struct totals t;
	int torn, lock_fd;

	/* 1. The driver, the area, the bulk strategies, the books. */
	memset(&s, 0, sizeof(s));
	s.o = o;
	if (o->callers < 1 || o->callers > STRESS_MAX_CALLERS)
		return tool_error(2, "--callers must be 1 to %d", STRESS_MAX_CALLERS);
	if (cma_test__available() && access(CMA_TEST_DIR "/session", W_OK))
		return tool_error(2, "the test driver has no session file: a series before patch 13?");
	if (torture__claim(&s.load, &o->under, &lock_fd))
		return 2;
	s.area = s.load.area.name;
	snprintf(s.debug_dir, sizeof(s.debug_dir), "/sys/kernel/debug/cma/%s", s.area);
	for (int st = 0; st < NR_STRATEGIES; st++)
		if ((STRATEGIES_RUNNABLE & (1u << st)) && strategy__is_bulk(st))
			s.bulk[s.nr_bulk++] = st;
	s.nr_slots = o->callers + !o->no_debug_caller;
	s.slots = mmap(NULL, s.nr_slots * sizeof(*s.slots), PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (s.slots == MAP_FAILED) {
		load__fini(&s.load);
		close(lock_fd);
		return tool_error(2, "mmap: %s", strerror(errno));
	}
	for (unsigned int i = 0; i < s.nr_slots; i++)
		s.slots[i].fd = -1;
	cma_test__write("unpin", "1");
	area_counters__read(&s.start, s.area);
	cma_test__checks(&s.checks0);

	/* 2. The load under them: a fill, churn, pins that move. */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if (torture_load__start(&s.load, &o->under)) {
		close(lock_fd);
		return 2;
	}
	if (o->under.pin_fraction > 0 &&
	    cma_test__write("pin", "area=%s fraction=%.6f seed=%llu method=ref hold_ms=%d", s.area,
			    o->under.pin_fraction, (unsigned long long)o->under.seed, STRESS_PIN_HOLD_MS))
		violation(&s, "the moving pins were refused", 1, 0);

	/* 3. The callers, the kills, a line every tenth of the way. */
	stress_run_callers(&s);

	/* 4. A stop with everyone holding; everything back; the books. */
	check_holding(&s);
	reap_all(&s);
	t.secs = now_s() - s.started;
	cma_test__write("unpin", "1");
	torn = load__teardown(&s.load);
	if (torn)
		violation(&s, s.load.error[0] ? "load teardown failed" : "load teardown", 1, 0);
	load__fini(&s.load);
	final_checks(&s, &t);
	if (o->under.json)
		print_json(&s, &t);
	else
		print_text(&s, &t);
	munmap(s.slots, s.nr_slots * sizeof(*s.slots));
	close(lock_fd);
	return s.violations || stress_stop ? 1 : 0;
}
