// SPDX-License-Identifier: GPL-2.0
/* A tracer's own cost, side by side with others (bench/overhead.h). */
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

#include "bench/machine_meta.h"
#include "bench/overhead.h"
#include "bench/table.h"
#include "lib/bootstrap.h"
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

/* --- arms ----------------------------------------------------------------- */

int overhead__add_arm(struct overhead_opts *o, const char *spec)
{
	const char *eq = strchr(spec, '=');
	struct overhead_arm *a;
	size_t n;

	if (!eq || eq == spec || !eq[1] || o->nr_arms == OVERHEAD_MAX_ARMS)
		return -EINVAL;
	n = eq - spec;
	if (n >= sizeof(a->name) || strlen(eq + 1) >= sizeof(a->cmd))
		return -EINVAL;
	for (size_t i = 0; i < n; i++)
		if (!(spec[i] == '-' || spec[i] == '_' || (spec[i] >= 'a' && spec[i] <= 'z') ||
		      (spec[i] >= 'A' && spec[i] <= 'Z') || (spec[i] >= '0' && spec[i] <= '9')))
			return -EINVAL;
	for (int i = 0; i < o->nr_arms; i++)
		if (strlen(o->arms[i].name) == n && !strncmp(o->arms[i].name, spec, n))
			return -EINVAL;
	a = &o->arms[o->nr_arms++];
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

int overhead__default_arms(struct overhead_opts *o, const char *root)
{
	char spec[600], script[512];
	int n = 0;

	n += !overhead__add_arm(o, "trace=cmabulk-trace -j");
	n += !overhead__add_arm(o, "phases=cmabulk-trace -j --phases");
	snprintf(script, sizeof(script), "%s/bench/overhead.bt", root ? root : ".");
	if (on_path("bpftrace") && !access(script, R_OK)) {
		snprintf(spec, sizeof(spec), "bpftrace=bpftrace %s", script);
		n += !overhead__add_arm(o, spec);
	}
	return n;
}

/* --- a tracer process ----------------------------------------------------- */

struct tracee {
	pid_t pid;
	char err_path[600];
};

/* The last line of a file, for an error message. */
static void last_line(const char *path, char *out, size_t len)
{
	char *s = read_whole_file(path, NULL), *l;

	snprintf(out, len, "(no output)");
	if (!s)
		return;
	for (l = s + strlen(s); l > s && (l[-1] == '\n' || l[-1] == ' '); l--)
		l[-1] = 0;
	l = strrchr(s, '\n');
	if (*s)
		snprintf(out, len, "%s", l ? l + 1 : s);
	free(s);
}

/*
 * Start arm @a's command, its output in @dir/tracers/NAME.{out,err}, and
 * wait until it has attached: its set of attached programs is not empty
 * and has not changed for READY_STABLE_S. 0, or -1 with @err set.
 */
static int tracee__start(struct tracee *t, const struct overhead_arm *a, const char *dir,
			 double timeout_s, char *err, size_t err_len)
{
	char out_path[600], why[256];
	double t0 = now_s(), since = 0;
	size_t last_n = 0;
	int status;

	snprintf(out_path, sizeof(out_path), "%s/tracers/%s.out", dir, a->name);
	snprintf(t->err_path, sizeof(t->err_path), "%s/tracers/%s.err", dir, a->name);
	t->pid = fork();
	if (t->pid > 0)
		setpgid(t->pid, t->pid);	/* before any signal to the group, whoever runs first */
	if (t->pid < 0) {
		snprintf(err, err_len, "fork: %s", strerror(errno));
		return -1;
	}
	if (t->pid == 0) {
		int o = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int e = open(t->err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

		if (o < 0 || e < 0)
			_exit(126);
		/* A group of its own: "sh -c" may not exec the tracer, both get the signal. */
		setpgid(0, 0);
		dup2(o, 1);
		dup2(e, 2);
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		/*
		 * A simple command is exec'ed by the shell, so that its exit
		 * status after SIGINT is the tracer's own, not the shell's 130.
		 */
		if (!strpbrk(a->cmd, ";&|()`\n<>")) {
			char cmd[sizeof(a->cmd) + 8];

			snprintf(cmd, sizeof(cmd), "exec %s", a->cmd);
			execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		}
		execl("/bin/sh", "sh", "-c", a->cmd, (char *)NULL);
		_exit(127);
	}
	while (!stop_requested) {
		struct prog_set s;

		if (waitpid(t->pid, &status, WNOHANG) == t->pid) {
			last_line(t->err_path, why, sizeof(why));
			snprintf(err, err_len, "%s exited (status %d) before it attached: %s", a->name,
				 WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), why);
			t->pid = 0;
			return -1;
		}
		if (!prog_set__of_pid(&s, t->pid, why, sizeof(why))) {
			if (s.n && s.n == last_n) {
				if (now_s() - since >= READY_STABLE_S) {
					prog_set__free(&s);
					return 0;
				}
			} else {
				last_n = s.n;
				since = now_s();
			}
			prog_set__free(&s);
		}
		if (now_s() - t0 > timeout_s) {
			snprintf(err, err_len, "%s did not attach within %.0f s (%zu programs so far)",
				 a->name, timeout_s, last_n);
			break;
		}
		usleep(100 * 1000);
	}
	if (stop_requested && !err[0])
		snprintf(err, err_len, "interrupted");
	kill(-t->pid, SIGKILL);
	waitpid(t->pid, &status, 0);
	t->pid = 0;
	return -1;
}

/* Stop it (SIGINT, SIGKILL after STOP_TIMEOUT_S): 0 when it exited 0. */
static int tracee__stop(struct tracee *t, const char *name, char *err, size_t err_len)
{
	double t0 = now_s();
	char why[256];
	int status = 0;

	if (!t->pid)
		return 0;
	kill(-t->pid, SIGINT);
	while (waitpid(t->pid, &status, WNOHANG) != t->pid) {
		if (now_s() - t0 > STOP_TIMEOUT_S) {
			kill(-t->pid, SIGKILL);
			waitpid(t->pid, &status, 0);
			snprintf(err, err_len, "%s did not stop within %.0f s of SIGINT", name,
				 STOP_TIMEOUT_S);
			t->pid = 0;
			return -1;
		}
		usleep(20 * 1000);
	}
	t->pid = 0;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	last_line(t->err_path, why, sizeof(why));
	snprintf(err, err_len, "%s ended with status %d: %s", name,
		 WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), why);
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

struct pass {
	int arm;		/* -1: no tracer */
	unsigned int round;
	double median_ns;
};

struct arm_result {
	double *delta_pct;	/* per traced pass, against its neighbours */
	size_t nr_delta;
	struct boot_ci ci;
	bool has_ci;
	struct prog_set progs;	/* the statistics pass, per program */
	unsigned int stats_calls;
	bool failed;
	char why[300];
};

struct run {
	const struct overhead_opts *o;
	char dir[600], area[64];
	FILE *passes_csv;
	struct pass *passes;
	size_t nr_passes;
	struct arm_result res[OVERHEAD_MAX_ARMS];
	unsigned int seq;
	double started;
	long long failed_calls;
};

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

static const char *arm_name(const struct run *r, int arm)
{
	return arm < 0 ? "none" : r->o->arms[arm].name;
}

/*
 * @w warm-up calls (rows of kind "warmup"), then @n calls, each a row of
 * passes.csv; the median latency of the @n in @median_ns.
 */
static int run_calls(struct run *r, int arm, unsigned int round, unsigned int w,
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
			arm_name(r, arm), round, i < w ? "warmup" : stats ? "stats" : "latency", i,
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

static int add_pass(struct run *r, int arm, unsigned int round, double median_ns)
{
	struct pass *p = realloc(r->passes, (r->nr_passes + 1) * sizeof(*p));

	if (!p)
		return -ENOMEM;
	r->passes = p;
	p[r->nr_passes++] = (struct pass){ .arm = arm, .round = round, .median_ns = median_ns };
	return 0;
}

/* A pass of @arm (-1: untraced) for the latency comparison. */
static int latency_pass(struct run *r, int arm, unsigned int round, char *err, size_t err_len)
{
	struct tracee t = { 0 };
	double median = 0;
	int ret;

	if (arm >= 0 && tracee__start(&t, &r->o->arms[arm], r->dir, r->o->ready_timeout_s,
				      err, err_len))
		return -1;
	ret = run_calls(r, arm, round, r->o->warmup_calls, r->o->calls, false, &median);
	if (arm >= 0 && tracee__stop(&t, r->o->arms[arm].name, err, err_len))
		return -1;
	if (ret) {
		snprintf(err, err_len, "bulk call: %s", strerror(-ret));
		return -1;
	}
	return add_pass(r, arm, round, median);
}

/* @arm's statistics pass: its programs' runs and time over stats_calls calls. */
static int stats_pass(struct run *r, int arm, char *err, size_t err_len)
{
	struct arm_result *res = &r->res[arm];
	struct prog_set before = { 0 };
	struct tracee t = { 0 };
	double median;
	int stats, ret;

	stats = prog_stats__enable();
	if (stats < 0) {
		snprintf(err, err_len, "cannot enable BPF statistics: %s", strerror(-stats));
		return -1;
	}
	ret = tracee__start(&t, &r->o->arms[arm], r->dir, r->o->ready_timeout_s, err, err_len);
	/* Warmed up first: a program's first runs are its cold ones (and TCG translates it). */
	for (unsigned int i = 0; !ret && i < r->o->warmup_calls; i++) {
		struct call c;

		ret = one_call(r->o, r->area, &c);
		if (ret)
			snprintf(err, err_len, "bulk call: %s", strerror(-ret));
	}
	if (!ret)
		ret = prog_set__of_pid(&before, t.pid, err, err_len);
	if (!ret) {
		ret = run_calls(r, arm, 0, 0, r->o->stats_calls, true, &median);
		if (ret)
			snprintf(err, err_len, "bulk call: %s", strerror(-ret));
	}
	if (!ret)
		ret = prog_set__of_pid(&res->progs, t.pid, err, err_len);
	if (!ret) {
		prog_set__sub(&res->progs, &before);
		res->stats_calls = r->o->stats_calls;
	}
	prog_set__free(&before);
	if (tracee__stop(&t, r->o->arms[arm].name, err, err_len))
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
		struct arm_result *res;
		double base;

		if (p->arm < 0 || a->arm >= 0 || b->arm >= 0)
			continue;
		res = &r->res[p->arm];
		base = (a->median_ns + b->median_ns) / 2;
		res->delta_pct = realloc(res->delta_pct, (res->nr_delta + 1) * sizeof(double));
		if (!res->delta_pct)
			return;
		res->delta_pct[res->nr_delta++] = stats_pct_delta(base, p->median_ns);
	}
	for (int a = 0; a < r->o->nr_arms; a++) {
		struct arm_result *res = &r->res[a];

		res->has_ci = res->nr_delta &&
			!boot_quantile_ci(res->delta_pct, res->nr_delta, 50, &bo, &res->ci);
	}
}

static double untraced_median_ns(const struct run *r)
{
	double *v = calloc(r->nr_passes + 1, sizeof(*v)), m;
	size_t n = 0;

	if (!v)
		return NAN;
	for (size_t i = 0; i < r->nr_passes; i++)
		if (r->passes[i].arm < 0)
			v[n++] = r->passes[i].median_ns;
	qsort(v, n, sizeof(*v), stats_compare_doubles);
	m = n ? stats_percentile_sorted(v, n, 50) : NAN;
	free(v);
	return m;
}

/* --- output ----------------------------------------------------------------- */

static double per_run(const struct prog_stat *p)
{
	return p && p->run_cnt ? (double)p->run_time_ns / p->run_cnt : NAN;
}

static double arm_ns_per_event(const struct arm_result *res)
{
	uint64_t runs = prog_set__runs(&res->progs);

	return runs ? (double)prog_set__run_time_ns(&res->progs) / runs : NAN;
}

static int find_arm(const struct overhead_opts *o, const char *name)
{
	for (int a = 0; a < o->nr_arms; a++)
		if (!strcmp(o->arms[a].name, name))
			return a;
	return -1;
}

/* The events the report names; bpftrace and ours attach to them alike. */
static const char *const headline_events[] = {
	"mm_alloc_contig_range_finish", "cma_bulk_skip_pageblock", "mm_migrate_pages",
	"cma_bulk_start", "cma_bulk_finish",
};
#define NR_HEADLINE (sizeof(headline_events) / sizeof(headline_events[0]))

static void write_progs_csv(const struct run *r)
{
	char path[700];
	FILE *f;

	snprintf(path, sizeof(path), "%s/progs.csv", r->dir);
	f = atomic_open(path);
	if (!f)
		return;
	fprintf(f, "tracer,prog_id,attach,name,run_cnt,run_time_ns,bulk_calls\n");
	for (int a = 0; a < r->o->nr_arms; a++) {
		const struct prog_set *s = &r->res[a].progs;

		for (size_t i = 0; i < s->n; i++)
			fprintf(f, "%s,%u,\"%s\",%s,%llu,%llu,%u\n", r->o->arms[a].name, s->v[i].id,
				s->v[i].attach, s->v[i].name, (unsigned long long)s->v[i].run_cnt,
				(unsigned long long)s->v[i].run_time_ns, r->res[a].stats_calls);
	}
	if (atomic_close(f, path))
		tool_error(0, "cannot write %s", path);
}

static void write_meta(const struct run *r, const char *status)
{
	const struct overhead_opts *o = r->o;
	char path[700], date[64];
	struct json_writer w;
	time_t now = time(NULL);
	FILE *f;

	snprintf(path, sizeof(path), "%s/meta.json", r->dir);
	f = atomic_open(path);
	if (!f)
		return;
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	json_document_begin(&w, f, true, "cmabulk-bench-overhead-meta", 1);
	json_key_string(&w, "status", status);
	json_key_string(&w, "date", date);
	json_key_double(&w, "elapsed_s", now_s() - r->started);
	machine_meta__write(&w);
	json_key_string(&w, "cma_area", r->area);
	json_key_string(&w, "mode", o->mode);
	json_key_u64(&w, "count", o->count);
	json_key_u64(&w, "order", o->order);
	json_key_double(&w, "pin_fraction", o->pin_fraction);
	json_key_u64(&w, "rounds", o->rounds);
	json_key_u64(&w, "calls_per_pass", o->calls);
	json_key_u64(&w, "warmup_calls", o->warmup_calls);
	json_key_u64(&w, "stats_calls", o->stats_calls);
	json_key_u64(&w, "seed", o->seed);
	json_key(&w, "tracers");
	json_array_begin(&w);
	for (int a = 0; a < o->nr_arms; a++) {
		json_object_begin(&w);
		json_key_string(&w, "name", o->arms[a].name);
		json_key_string(&w, "command", o->arms[a].cmd);
		json_object_end(&w);
	}
	json_array_end(&w);
	machine_meta__host(&w, o->nr_meta, o->meta);
	json_object_end(&w);
	json_finish(&w);
	if (atomic_close(f, path))
		tool_error(0, "cannot write %s", path);
}

static void write_summary(const struct run *r)
{
	const struct overhead_opts *o = r->o;
	char path[700];
	struct json_writer w;
	FILE *f;

	snprintf(path, sizeof(path), "%s/summary.json", r->dir);
	f = atomic_open(path);
	if (!f)
		return;
	json_document_begin(&w, f, true, "cmabulk-bench-overhead", 1);
	json_key_double(&w, "untraced_median_ns", untraced_median_ns(r));
	json_key(&w, "tracers");
	json_array_begin(&w);
	for (int a = 0; a < o->nr_arms; a++) {
		const struct arm_result *res = &r->res[a];
		const struct prog_set *s = &res->progs;

		json_object_begin(&w);
		json_key_string(&w, "name", o->arms[a].name);
		if (res->failed)
			json_key_string(&w, "failed", res->why);
		json_key(&w, "delta_pct");
		json_array_begin(&w);
		for (size_t i = 0; i < res->nr_delta; i++)
			json_double(&w, res->delta_pct[i]);
		json_array_end(&w);
		if (res->has_ci) {
			json_key(&w, "median_delta_pct");
			json_object_begin(&w);
			json_key_double(&w, "estimate", res->ci.estimate);
			json_key_double(&w, "lo", res->ci.lo);
			json_key_double(&w, "hi", res->ci.hi);
			json_key_double(&w, "level", res->ci.level);
			json_object_end(&w);
		}
		json_key_u64(&w, "programs", s->n);
		json_key_u64(&w, "stats_calls", res->stats_calls);
		json_key_u64(&w, "runs", prog_set__runs(s));
		json_key_u64(&w, "run_time_ns", prog_set__run_time_ns(s));
		json_key_double(&w, "ns_per_event", arm_ns_per_event(res));
		json_key(&w, "programs_detail");
		json_array_begin(&w);
		for (size_t i = 0; i < s->n; i++) {
			json_object_begin(&w);
			json_key_string(&w, "attach", s->v[i].attach);
			json_key_string(&w, "name", s->v[i].name);
			json_key_u64(&w, "run_cnt", s->v[i].run_cnt);
			json_key_u64(&w, "run_time_ns", s->v[i].run_time_ns);
			json_object_end(&w);
		}
		json_array_end(&w);
		json_object_end(&w);
	}
	json_array_end(&w);
	json_object_end(&w);
	json_finish(&w);
	if (atomic_close(f, path))
		tool_error(0, "cannot write %s", path);
}

/* "+4.2% [+3.1, +5.0]" or "n/a". */
static void fmt_delta(const struct arm_result *res, char *out, size_t len)
{
	if (!res->has_ci)
		snprintf(out, len, "n/a");
	else
		snprintf(out, len, "%+.1f%% [%+.1f, %+.1f] (%zu)", res->ci.estimate, res->ci.lo,
			 res->ci.hi, res->nr_delta);
}

/* One goal: met when the whole interval is at most @max_pct. */
static void goal_line(FILE *f, const struct run *r, const char *arm, double max_pct)
{
	int a = find_arm(r->o, arm);
	const struct arm_result *res;

	if (a < 0)
		return;
	res = &r->res[a];
	if (!res->has_ci) {
		fprintf(f, "- `%s` adds at most %.0f%%: unknown (no paired passes)\n", arm, max_pct);
		return;
	}
	fprintf(f, "- `%s` adds at most %.0f%%: %s (median %+.2f%%, 95%% CI [%+.2f, %+.2f])\n", arm,
		max_pct, res->ci.hi <= max_pct ? "**met**" : res->ci.lo > max_pct ? "**not met**" :
		"undecided (the interval straddles it)", res->ci.estimate, res->ci.lo, res->ci.hi);
}

/* The head of the report: what was run, on what. */
static void report_head(FILE *f, const struct run *r)
{
	const struct overhead_opts *o = r->o;

	fprintf(f, "# What the tracers cost a %s bulk call\n\n", o->mode);
	fprintf(f, "%u order-%u chunks per call on `%s`, %.1f%% of pageblocks pinned; "
		"%u rounds of passes of %u calls (after %u warm-up calls each), each traced pass "
		"between two untraced ones; untraced median %.2f ms. Statistics "
		"(BPF_ENABLE_STATS) on only in a separate pass of %u calls per tracer.\n\n",
		o->count, o->order, r->area, o->pin_fraction * 100, o->rounds, o->calls,
		o->warmup_calls, untraced_median_ns(r) / 1e6, o->stats_calls);
	for (int i = 0; i < o->nr_meta; i++)
		if (!strncmp(o->meta[i], "accelerator=", 12))
			fprintf(f, "Guest: %s%s.\n\n", o->meta[i] + 12,
				strcmp(o->meta[i] + 12, "icount") ? "" :
				" (TCG with the guest clock counting instructions, 1 ns each: latencies "
				"are instructions executed, free of host noise)");
}

/* The headline table: one column per tracer. */
static void report_table(FILE *f, const struct run *r)
{
	const struct overhead_opts *o = r->o;
	int bt = find_arm(o, "bpftrace");
	char cell[96];

	fprintf(f, "| |");
	for (int a = 0; a < o->nr_arms; a++)
		fprintf(f, " %s |", o->arms[a].name);
	fprintf(f, "\n|---|");
	for (int a = 0; a < o->nr_arms; a++)
		fprintf(f, "---|");
	fprintf(f, "\n| added latency per call, median paired delta [95%% CI] (pairs) |");
	for (int a = 0; a < o->nr_arms; a++) {
		fmt_delta(&r->res[a], cell, sizeof(cell));
		fprintf(f, " %s |", cell);
	}
	fprintf(f, "\n| BPF programs attached |");
	for (int a = 0; a < o->nr_arms; a++)
		fprintf(f, " %zu |", r->res[a].progs.n);
	fprintf(f, "\n| program runs per bulk call |");
	for (int a = 0; a < o->nr_arms; a++)
		fprintf(f, " %.1f |", r->res[a].stats_calls ?
			(double)prog_set__runs(&r->res[a].progs) / r->res[a].stats_calls : NAN);
	fprintf(f, "\n| BPF time per bulk call, us |");
	for (int a = 0; a < o->nr_arms; a++)
		fprintf(f, " %.1f |", r->res[a].stats_calls ?
			prog_set__run_time_ns(&r->res[a].progs) / 1e3 / r->res[a].stats_calls : NAN);
	fprintf(f, "\n| ns per event, overall |");
	for (int a = 0; a < o->nr_arms; a++)
		fprintf(f, " %.0f |", arm_ns_per_event(&r->res[a]));
	if (bt >= 0) {
		fprintf(f, "\n| ... against bpftrace's |");
		for (int a = 0; a < o->nr_arms; a++)
			fprintf(f, " %.2fx |", arm_ns_per_event(&r->res[a]) /
				arm_ns_per_event(&r->res[bt]));
	}
	for (size_t e = 0; e < NR_HEADLINE; e++) {
		fprintf(f, "\n| `%s`, ns per run (runs per call) |", headline_events[e]);
		for (int a = 0; a < o->nr_arms; a++) {
			char suffix[80];
			const struct prog_stat *p;

			snprintf(suffix, sizeof(suffix), ":%s", headline_events[e]);
			p = prog_set__find(&r->res[a].progs, suffix);
			if (!p)
				fprintf(f, " - |");
			else
				fprintf(f, " %.0f (%.1f) |", per_run(p),
					(double)p->run_cnt / (r->res[a].stats_calls ?: 1));
		}
	}
	fprintf(f, "\n");
}

/* The goals the tracers are held to, and what failed. */
static void report_goals(FILE *f, const struct run *r)
{
	const struct overhead_opts *o = r->o;
	int bt = find_arm(o, "bpftrace"), tr = find_arm(o, "trace");

	fprintf(f, "\n## Goals\n\n");
	goal_line(f, r, "trace", 1);
	goal_line(f, r, "phases", 5);
	if (bt >= 0 && tr >= 0) {
		double ratio = arm_ns_per_event(&r->res[tr]) / arm_ns_per_event(&r->res[bt]);

		fprintf(f, "- `trace` costs at most 0.3x bpftrace per event: %s (%.2fx)\n",
			isnan(ratio) ? "unknown" : ratio <= 0.3 ? "**met**" : "**not met**", ratio);
	}
	for (int a = 0; a < o->nr_arms; a++)
		if (r->res[a].failed)
			fprintf(f, "- `%s` failed: %s\n", o->arms[a].name, r->res[a].why);
}

static void write_report(const struct run *r)
{
	const struct overhead_opts *o = r->o;
	char path[700];
	FILE *f;

	snprintf(path, sizeof(path), "%s/report.md", r->dir);
	f = atomic_open(path);
	if (!f)
		return;
	report_head(f, r);
	report_table(f, r);
	report_goals(f, r);
	fprintf(f, "\n## The tracers\n\n");
	for (int a = 0; a < o->nr_arms; a++)
		fprintf(f, "- `%s`: `%s`\n", o->arms[a].name, o->arms[a].cmd);
	fprintf(f, "\n## Per program (statistics pass)\n\n| tracer | attach | runs per call | ns per run |\n|---|---|---|---|\n");
	for (int a = 0; a < o->nr_arms; a++) {
		const struct prog_set *s = &r->res[a].progs;

		for (size_t i = 0; i < s->n; i++)
			fprintf(f, "| %s | `%s` | %.1f | %.0f |\n", o->arms[a].name, s->v[i].attach,
				(double)s->v[i].run_cnt / (r->res[a].stats_calls ?: 1),
				per_run(&s->v[i]));
	}
	fprintf(f, "\nData: passes.csv (every call), progs.csv, summary.json; how: meta.json.\n");
	if (atomic_close(f, path))
		tool_error(0, "cannot write %s", path);
}

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
 * Rounds of "N T N T ... N": round @k starts at tracer @k (mod arms), so
 * that no tracer always follows the same one.
 */
static int run_rounds(struct run *r, char *err, size_t err_len)
{
	const struct overhead_opts *o = r->o;

	if (latency_pass(r, -1, 0, err, err_len))
		return -1;
	for (unsigned int k = 0; k < o->rounds && !stop_requested; k++) {
		for (int j = 0; j < o->nr_arms && !stop_requested; j++) {
			int a = (k + j) % o->nr_arms;
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
			    o->arms[a].name, r->passes[n].median_ns / 1e6,
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

	if (!o->nr_arms)
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
	for (int a = 0; a < r->o->nr_arms; a++) {
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
	    "pass each", r.dir, o->nr_arms, o->rounds, o->calls, o->mode, o->count, o->order);

	/* 2. The paired passes; 3. a statistics pass per tracer. */
	if (run_rounds(&r, err, sizeof(err))) {
		status = 1;
		if (!stop_requested)
			tool_error(0, "%s", err);
	}
	for (int a = 0; !status && a < o->nr_arms && !stop_requested; a++) {
		if (r.res[a].failed)
			continue;
		if (stats_pass(&r, a, err, sizeof(err))) {
			r.res[a].failed = true;
			snprintf(r.res[a].why, sizeof(r.res[a].why), "statistics pass: %s", err);
			tool_error(0, "%s: statistics pass: %s", o->arms[a].name, err);
		}
	}
	if (stop_requested) {
		tool_error(0, "interrupted: %s keeps what was measured", r.dir);
		status = 1;
	}
	for (int a = 0; a < o->nr_arms; a++)
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
