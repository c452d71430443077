// SPDX-License-Identifier: GPL-2.0
/* A tracer's own cost, side by side with others (bench/overhead/overhead.h). */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lib/atomic_file.h"
#include "lib/machine_meta.h"
#include "bench/overhead/overhead.h"
#include "bench/overhead/overhead_internal.h"
#include "lib/bootstrap.h"
#include "lib/child.h"
#include "lib/cma_test.h"
#include "lib/json.h"
#include "lib/progstats.h"
#include "lib/stats.h"
#include "lib/sysfacts.h"
#include "lib/tool.h"

/* A tracer's attach-point count must hold this long to call it attached. */
#define READY_STABLE_S	1.0
/* A tracer asked to stop (SIGINT) gets this long before SIGKILL. */
#define STOP_TIMEOUT_S	60.0

static volatile sig_atomic_t stop_requested;

static void on_stop(int sig)
{
	(void)sig;
	stop_requested = 1;
}

/* --- contenders ----------------------------------------------------------------- */

int overhead__add_contender(struct overhead_opts *o, const char *spec)
{
	const char *eq = strchr(spec, '=');
	struct overhead_contender *a;
	size_t n;

	if (!eq || eq == spec || !eq[1] || o->nr_contenders == OVERHEAD_MAX_CONTENDERS)
		return -EINVAL;
	n = eq - spec;
	if (n >= sizeof(a->name) || strlen(eq + 1) >= sizeof(a->cmd))
		return -EINVAL;
	for (size_t i = 0; i < n; i++)
		if (!(spec[i] == '-' || spec[i] == '_' || (spec[i] >= 'a' && spec[i] <= 'z') ||
		      (spec[i] >= 'A' && spec[i] <= 'Z') || (spec[i] >= '0' && spec[i] <= '9')))
			return -EINVAL;
	for (int i = 0; i < o->nr_contenders; i++)
		if (strlen(o->contenders[i].name) == n && !strncmp(o->contenders[i].name, spec, n))
			return -EINVAL;
	a = &o->contenders[o->nr_contenders++];
	snprintf(a->name, sizeof(a->name), "%.*s", (int)n, spec);
	snprintf(a->cmd, sizeof(a->cmd), "%s", eq + 1);
	return 0;
}

static bool on_path(const char *prog)
{
	const char *path = getenv("PATH");
	char buf[1024];

	while (path && *path) {
		size_t n = strcspn(path, ":");

		snprintf(buf, sizeof(buf), "%.*s/%s", (int)n, path, prog);
		if (!access(buf, X_OK))
			return true;
		path += n + (path[n] == ':');
	}
	return false;
}

int overhead__default_contenders(struct overhead_opts *o, const char *root)
{
	char spec[600], script[512];
	int n = 0;

	n += !overhead__add_contender(o, "trace=cmabulk-trace -j");
	n += !overhead__add_contender(o, "phases=cmabulk-trace -j --phases");
	snprintf(script, sizeof(script), "%s/bench/overhead/overhead.bt", root ? root : ".");
	if (on_path("bpftrace") && !access(script, R_OK)) {
		snprintf(spec, sizeof(spec), "bpftrace=bpftrace %s", script);
		n += !overhead__add_contender(o, spec);
	}
	return n;
}

/* --- a tracer process ----------------------------------------------------- */

struct tracer_proc {
	struct child c;
	char err_path[600];
};

/* Attached: its set of attached programs not empty and unchanged for READY_STABLE_S. */
struct attach_watch {
	pid_t pid;
	size_t last_n;
	double since;
};

static int attached(void *ctx)
{
	struct attach_watch *w = ctx;
	struct prog_set s;
	char why[256];
	int ready = 0;

	if (prog_set__of_pid(&s, w->pid, why, sizeof(why)))
		return 0;
	if (s.n && s.n == w->last_n) {
		ready = now_s() - w->since >= READY_STABLE_S;
	} else {
		w->last_n = s.n;
		w->since = now_s();
	}
	prog_set__free(&s);
	return ready;
}

/*
 * Start contender @a's command, its output in @dir/tracers/NAME.{out,err}, in
 * a process group of its own ("sh -c" may not exec the tracer: both get the
 * signal), and wait until it has attached. 0, or -1 with @err set.
 */
static int tracer_proc__start(struct tracer_proc *t, const struct overhead_contender *a, const char *dir,
			 double timeout_s, char *err, size_t err_len)
{
	char out_path[600], why[256];
	struct child_io io = { .stdout_fd = -1, .stdout_path = out_path, .stderr_path = t->err_path,
			       .group = true };
	struct attach_watch w = { 0 };
	int ret, status;

	snprintf(out_path, sizeof(out_path), "%s/tracers/%s.out", dir, a->name);
	snprintf(t->err_path, sizeof(t->err_path), "%s/tracers/%s.err", dir, a->name);
	ret = child__spawn_sh(&t->c, a->cmd, &io);
	if (ret) {
		snprintf(err, err_len, "fork: %s", strerror(-ret));
		return -1;
	}
	w.pid = t->c.pid;
	ret = child__wait_ready(&t->c, attached, &w, timeout_s, 0.1, &stop_requested, &status);
	if (!ret)
		return 0;
	if (ret == -ECHILD) {
		child__last_line(t->err_path, why, sizeof(why));
		snprintf(err, err_len, "%s exited (status %d) before it attached: %s", a->name,
			 child__exit_code(status), why);
		return -1;
	}
	if (ret == -ETIMEDOUT)
		snprintf(err, err_len, "%s did not attach within %.0f s (%zu programs so far)",
			 a->name, timeout_s, w.last_n);
	else
		snprintf(err, err_len, "interrupted");
	child__kill(&t->c);
	return -1;
}

/* Stop it (SIGINT, SIGKILL after STOP_TIMEOUT_S): 0 when it exited 0. */
static int tracer_proc__stop(struct tracer_proc *t, const char *name, char *err, size_t err_len)
{
	char why[256];
	int status;

	if (child__stop(&t->c, STOP_TIMEOUT_S, &status)) {
		snprintf(err, err_len, "%s did not stop within %.0f s of SIGINT", name, STOP_TIMEOUT_S);
		return -1;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	child__last_line(t->err_path, why, sizeof(why));
	snprintf(err, err_len, "%s ended with status %d: %s", name, child__exit_code(status), why);
	return -1;
}

/* --- the calls ------------------------------------------------------------ */

struct call {
	long long ns, ret, allocated, migrated, ranges;
};

/* One bulk call and its release. 0, or -errno of the write. */
static int one_call(const struct overhead_opts *o, const char *area, struct call *c)
{
	struct cma_test_result r;
	int ret;

	ret = cma_test__write("alloc", "area=%s order=%u count=%u mode=%s", area, o->order,
			      o->count, o->mode);
	if (ret)
		return ret;
	ret = cma_test__result(&r);
	if (ret)
		return ret;
	c->ns = cma_test__ll(&r, "ns", -1);
	c->ret = cma_test__ll(&r, "ret", 0);
	c->allocated = cma_test__ll(&r, "allocated", 0);
	c->migrated = cma_test__ll(&r, "migrated", 0);
	c->ranges = cma_test__ll(&r, "ranges", 0);
	return cma_test__write("release", "1");
}

/* --- the run ---------------------------------------------------------------- */

static void say(const struct run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(const struct run *r, const char *fmt, ...)
{
	va_list ap;

	if (r->o->quiet)
		return;
	fprintf(stderr, "%s: ", tool_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static const char *contender_name(const struct run *r, int contender)
{
	return contender < 0 ? "none" : r->o->contenders[contender].name;
}

/*
 * @w warm-up calls (rows of kind "warmup"), then @n calls, each a row of
 * passes.csv; the median latency of the @n in @median_ns.
 */
static int run_calls(struct run *r, int contender, unsigned int round, unsigned int w,
		     unsigned int n, bool stats, double *median_ns)
{
	double *ns = calloc(n, sizeof(*ns));
	unsigned int got = 0;
	struct call c;
	int ret = 0;

	if (!ns)
		return -ENOMEM;
	r->seq++;
	for (unsigned int i = 0; i < w + n && !stop_requested; i++) {
		ret = one_call(r->o, r->area, &c);
		if (ret)
			break;
		fprintf(r->passes_csv, "%u,%s,%u,%s,%u,%lld,%lld,%lld,%lld,%lld\n", r->seq,
			contender_name(r, contender), round, i < w ? "warmup" : stats ? "stats" : "latency", i,
			c.ns, c.ret, c.allocated, c.migrated, c.ranges);
		if (i < w)
			continue;
		if (c.ret)
			r->failed_calls++;
		if (c.ns > 0)
			ns[got++] = c.ns;
	}
	fflush(r->passes_csv);
	if (!ret && got) {
		qsort(ns, got, sizeof(*ns), stats_compare_doubles);
		*median_ns = stats_percentile_sorted(ns, got, 50);
	} else if (!ret) {
		ret = -EINTR;
	}
	free(ns);
	return ret;
}

static int add_pass(struct run *r, int contender, unsigned int round, double median_ns)
{
	struct pass *p = realloc(r->passes, (r->nr_passes + 1) * sizeof(*p));

	if (!p)
		return -ENOMEM;
	r->passes = p;
	p[r->nr_passes++] = (struct pass){ .contender = contender, .round = round, .median_ns = median_ns };
	return 0;
}

/* A pass of @contender (-1: untraced) for the latency comparison. */
static int latency_pass(struct run *r, int contender, unsigned int round, char *err, size_t err_len)
{
	struct tracer_proc t = { 0 };
	double median = 0;
	int ret;

	if (contender >= 0 && tracer_proc__start(&t, &r->o->contenders[contender], r->dir, r->o->ready_timeout_s,
				      err, err_len))
		return -1;
	ret = run_calls(r, contender, round, r->o->warmup_calls, r->o->calls, false, &median);
	if (contender >= 0 && tracer_proc__stop(&t, r->o->contenders[contender].name, err, err_len))
		return -1;
	if (ret) {
		snprintf(err, err_len, "bulk call: %s", strerror(-ret));
		return -1;
	}
	return add_pass(r, contender, round, median);
}

/* @contender's statistics pass: its programs' runs and time over stats_calls calls. */
static int stats_pass(struct run *r, int contender, char *err, size_t err_len)
{
	struct contender_result *res = &r->res[contender];
	struct prog_set before = { 0 };
	struct tracer_proc t = { 0 };
	double median;
	int stats, ret;

	stats = prog_stats__enable();
	if (stats < 0) {
		snprintf(err, err_len, "cannot enable BPF statistics: %s", strerror(-stats));
		return -1;
	}
	ret = tracer_proc__start(&t, &r->o->contenders[contender], r->dir, r->o->ready_timeout_s, err, err_len);
	/* Warmed up first: a program's first runs are its cold ones (and TCG translates it). */
	for (unsigned int i = 0; !ret && i < r->o->warmup_calls; i++) {
		struct call c;

		ret = one_call(r->o, r->area, &c);
		if (ret)
			snprintf(err, err_len, "bulk call: %s", strerror(-ret));
	}
	if (!ret)
		ret = prog_set__of_pid(&before, t.c.pid, err, err_len);
	if (!ret) {
		ret = run_calls(r, contender, 0, 0, r->o->stats_calls, true, &median);
		if (ret)
			snprintf(err, err_len, "bulk call: %s", strerror(-ret));
	}
	if (!ret)
		ret = prog_set__of_pid(&res->progs, t.c.pid, err, err_len);
	if (!ret) {
		prog_set__sub(&res->progs, &before);
		res->stats_calls = r->o->stats_calls;
	}
	prog_set__free(&before);
	if (tracer_proc__stop(&t, r->o->contenders[contender].name, err, err_len))
		ret = -1;
	close(stats);
	return ret ? -1 : 0;
}

/* Each traced pass against the mean of the untraced passes either side. */
static void analyse(struct run *r)
{
	struct boot_opts bo = { .seed = r->o->seed };

	for (size_t i = 1; i + 1 < r->nr_passes; i++) {
		const struct pass *p = &r->passes[i], *a = p - 1, *b = p + 1;
		struct contender_result *res;
		double base;

		if (p->contender < 0 || a->contender >= 0 || b->contender >= 0)
			continue;
		res = &r->res[p->contender];
		base = (a->median_ns + b->median_ns) / 2;
		res->delta_pct = realloc(res->delta_pct, (res->nr_delta + 1) * sizeof(double));
		if (!res->delta_pct)
			return;
		res->delta_pct[res->nr_delta++] = stats_pct_delta(base, p->median_ns);
	}
	for (int a = 0; a < r->o->nr_contenders; a++) {
		struct contender_result *res = &r->res[a];

		res->has_ci = res->nr_delta &&
			!boot_quantile_ci(res->delta_pct, res->nr_delta, 50, &bo, &res->ci);
	}
}

/* --- output ----------------------------------------------------------------- */

/* --- main loop ------------------------------------------------------------ */

static int open_dir(struct run *r, char *err, size_t err_len)
{
	const struct overhead_opts *o = r->o;
	char id[128], date[32], path[700];
	time_t now = time(NULL);

	strftime(date, sizeof(date), "%Y%m%d-%H%M%S", localtime(&now));
	if (o->run_id)
		snprintf(id, sizeof(id), "%s", o->run_id);
	else
		snprintf(id, sizeof(id), "%s-overhead", date);
	mkdir(o->results_dir, 0755);
	snprintf(r->dir, sizeof(r->dir), "%s/%s", o->results_dir, id);
	for (int n = 2; mkdir(r->dir, 0755); n++) {
		if (errno != EEXIST || o->run_id || n == 100) {
			snprintf(err, err_len, "cannot create %s: %s", r->dir, strerror(errno));
			return -1;
		}
		snprintf(r->dir, sizeof(r->dir), "%s/%s-%d", o->results_dir, id, n);
	}
	snprintf(path, sizeof(path), "%s/tracers", r->dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/passes.csv", r->dir);
	r->passes_csv = fopen(path, "w");
	if (!r->passes_csv) {
		snprintf(err, err_len, "cannot write %s: %s", path, strerror(errno));
		return -1;
	}
	fprintf(r->passes_csv, "seq,tracer,round,kind,call,kernel_ns,ret,allocated,migrated,ranges\n");
	return 0;
}

/*
 * Rounds of "N T N T ... N": round @k starts at tracer @k (mod contenders), so
 * that no tracer always follows the same one.
 */
static int run_rounds(struct run *r, char *err, size_t err_len)
{
	const struct overhead_opts *o = r->o;

	if (latency_pass(r, -1, 0, err, err_len))
		return -1;
	for (unsigned int k = 0; k < o->rounds && !stop_requested; k++) {
		for (int j = 0; j < o->nr_contenders && !stop_requested; j++) {
			int a = (k + j) % o->nr_contenders;
			size_t n = r->nr_passes;

			if (r->res[a].failed)
				continue;
			/* A tracer that fails is left out from then on; the rest go on. */
			if (latency_pass(r, a, k + 1, err, err_len)) {
				if (stop_requested)
					return -1;
				r->res[a].failed = true;
				snprintf(r->res[a].why, sizeof(r->res[a].why), "%s", err);
				tool_error(0, "%s", err);
				continue;
			}
			/* Untraced calls that fail: the driver or the kernel, not a tracer. */
			if (latency_pass(r, -1, k + 1, err, err_len))
				return -1;
			say(r, "round %u/%u: %s %.2f ms, untraced %.2f / %.2f ms", k + 1, o->rounds,
			    o->contenders[a].name, r->passes[n].median_ns / 1e6,
			    r->passes[n - 1].median_ns / 1e6, r->passes[n + 1].median_ns / 1e6);
		}
	}
	return stop_requested ? -1 : 0;
}

/*
 * Everything before the first pass: the driver, the area, the lock, the
 * pins, one call to see that the driver takes the request, the folder.
 * The lock's fd, or -1 with the reason said (bad input).
 */
static int overhead_setup(struct run *r, char *err, size_t err_len)
{
	const struct overhead_opts *o = r->o;
	struct cma_area area;
	struct call warm;
	int lock, ret;

	if (!o->nr_contenders)
		return tool_error(-1, "no tracer to measure (give --tracer NAME=COMMAND)");
	if (!cma_test__available())
		return tool_error(-1, "no %s: boot a kernel with the series' test driver "
				  "(CONFIG_CMA_BULK_TEST)", CMA_TEST_DIR);
	ret = cma_area__find(&area, o->area);
	if (ret)
		return tool_error(-1, "%s", cma_area__why(ret, o->area));
	snprintf(r->area, sizeof(r->area), "%s", area.name);
	if (sys_read_ll("/proc/sys/kernel/bpf_stats_enabled") > 0)
		return tool_error(-1, "kernel.bpf_stats_enabled is on: every traced pass would pay "
				  "for it; turn it off (sysctl kernel.bpf_stats_enabled=0)");
	lock = cma_test__lock_or_say();
	if (lock < 0)
		return -1;
	cma_test__write("release", "1");
	cma_test__write("unpin", "1");
	if (o->pin_fraction > 0 &&
	    cma_test__write("pin", "area=%s fraction=%.6f seed=1", r->area, o->pin_fraction)) {
		tool_error(0, "the driver did not pin %.3f of %s", o->pin_fraction, r->area);
		goto fail;
	}
	ret = one_call(o, r->area, &warm);
	if (ret) {
		tool_error(0, "the driver refused 'area=%s order=%u count=%u mode=%s': %s",
			   r->area, o->order, o->count, o->mode, strerror(-ret));
		goto fail;
	}
	if (open_dir(r, err, err_len)) {
		tool_error(0, "%s", err);
		goto fail;
	}
	return lock;
fail:
	cma_test__write("unpin", "1");
	close(lock);
	return -1;
}

/* The files, the report on stdout, and the memory given back. */
static void overhead_finish(struct run *r, int status)
{
	char path[700];
	char *rep;

	analyse(r);
	write_progs_csv(r);
	write_summary(r);
	write_report(r);
	write_meta(r, status ? "partial" : "complete");
	snprintf(path, sizeof(path), "%s/report.md", r->dir);
	rep = r->o->quiet ? NULL : read_whole_file(path, NULL);
	if (rep)
		fputs(rep, stdout);
	free(rep);
	if (r->failed_calls)
		say(r, "%lld calls returned an error (ret in passes.csv)", r->failed_calls);
	for (int a = 0; a < r->o->nr_contenders; a++) {
		free(r->res[a].delta_pct);
		prog_set__free(&r->res[a].progs);
	}
	free(r->passes);
}

int bench_overhead(const struct overhead_opts *o)
{
	struct run r = { .o = o, .started = now_s() };
	struct sigaction sa = { .sa_handler = on_stop };
	char err[1024] = "";
	int lock, status = 0;

	/* 1. The driver, the area, the pins, the folder. */
	lock = overhead_setup(&r, err, sizeof(err));
	if (lock < 0)
		return 2;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	write_meta(&r, "running");
	say(&r, "%s: %d tracers x %u rounds of %u calls (%s, %u x order %u); then a statistics "
	    "pass each", r.dir, o->nr_contenders, o->rounds, o->calls, o->mode, o->count, o->order);

	/* 2. The paired passes; 3. a statistics pass per tracer. */
	if (run_rounds(&r, err, sizeof(err))) {
		status = 1;
		if (!stop_requested)
			tool_error(0, "%s", err);
	}
	for (int a = 0; !status && a < o->nr_contenders && !stop_requested; a++) {
		if (r.res[a].failed)
			continue;
		if (stats_pass(&r, a, err, sizeof(err))) {
			r.res[a].failed = true;
			snprintf(r.res[a].why, sizeof(r.res[a].why), "statistics pass: %s", err);
			tool_error(0, "%s: statistics pass: %s", o->contenders[a].name, err);
		}
	}
	if (stop_requested) {
		tool_error(0, "interrupted: %s keeps what was measured", r.dir);
		status = 1;
	}
	for (int a = 0; a < o->nr_contenders; a++)
		if (r.res[a].failed)
			status = 1;
	cma_test__write("release", "1");
	cma_test__write("unpin", "1");
	close(lock);
	fclose(r.passes_csv);

	/* 4. The analysis, the files, the report. */
	overhead_finish(&r, status);
	return status;
}
