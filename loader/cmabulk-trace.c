// SPDX-License-Identifier: GPL-2.0
/*
 * cmabulk-trace: what CMA allocations cost and what they skipped, live.
 *
 * Latency histograms per (area, kind, mode, order), skipped pageblocks by
 * reason, migration retries per range, drains and the phases of
 * alloc_contig_range(), as text in bcc's layout or as JSON, every interval
 * and at exit; --calls prints every call as it finishes, --perfetto
 * writes them (with phases, skips and fallbacks) as a Perfetto trace.
 */
#include <argp.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "bpf/cmabulk_kernel.h"
#include "bpf/cmabulk_trace.h"
#include "bpf/cmabulk_trace.skel.h"
#include "loader/culprits.h"
#include "loader/failure.h"
#include "loader/feature_probe.h"
#include "loader/kernel_names.h"
#include "loader/layouts.h"
#include "loader/records.h"
#include "loader/snapshot.h"
#include "loader/timeline.h"
#include "loader/tp_layout.h"
#include "loader/trace_env.h"
#include "lib/cma_test.h"
#include "lib/sysfacts.h"
#include "lib/tool.h"
#include "lib/version.h"

static volatile sig_atomic_t exiting, report_now;

/* Set while attaching a program whose failure we report ourselves. */
static bool libbpf_quiet;

static int libbpf_print(enum libbpf_print_level level, const char *fmt,
			va_list args)
{
	if ((level == LIBBPF_DEBUG || libbpf_quiet) && !env.verbose)
		return 0;
	return vfprintf(stderr, fmt, args);
}

static void on_signal(int sig)
{
	if (sig == SIGUSR1)
		report_now = 1;
	else
		exiting = 1;
}

/* Where ring buffer records go: the printed lines, the timeline. */
struct record_sink {
	const struct kernel_names *names;
	struct timeline *timeline;	/* --perfetto */
	struct culprits *culprits;	/* --culprits */
	struct failure_kernel failure_kernel;	/* what its errnos mean */
	struct failure_summary failures;	/* the session's, by class */
	struct failure_tally in_the_way;	/* --culprits' pages, by thread */
};

static const char *culprit_kind_name(unsigned int kind)
{
	return culprit_kind__name((enum culprit_kind)kind);
}

/* A failed call: its line now, its class in the summary, its instant. */
static int on_failure(struct record_sink *sink, const struct failure_event *e)
{
	enum failure_class c = failure__classify(e, &sink->failure_kernel);
	char why[1024], way[256];

	failure_tally__take(&sink->in_the_way, e->tid, culprit_kind_name, way, sizeof(way));
	failure_summary__add(&sink->failures, e, c);
	failure__print(e, &sink->failure_kernel, sink->names, way, env.json, stdout);
	if (!sink->timeline)
		return 0;
	failure__explain(e, &sink->failure_kernel, sink->names, way, why, sizeof(why));
	return timeline__failure(sink->timeline, e, failure_class__name(c), why);
}

/*
 * A ring buffer record: a finished call, a failed one's why, a skipped
 * pageblock, a phase or a fallback. A timeline that cannot be written stops the poll (the
 * error is the session's, reported once by trace__run()).
 */
static int handle_record(void *ctx, void *data, size_t len)
{
	struct record_sink *sink = ctx;
	const __u32 *type = data;

	if (len < sizeof(*type))
		return 0;
	if (*type == RECORD_FAILURE)
		return len < sizeof(struct failure_event) ? 0 : on_failure(sink, data);
	if (env.calls && *type == RECORD_CALL && len >= sizeof(struct call_event))
		records__print_call(data, sink->names, env.milliseconds ? "msecs" : "usecs",
				   env.json, stdout);
	else if (env.skips && *type == RECORD_SKIP && len >= sizeof(struct skip_event))
		records__print_skip(data, sink->names, env.json, stdout);
	if (*type == RECORD_CULPRIT && len >= sizeof(struct culprit_event) && sink->culprits) {
		struct culprit r;

		const struct culprit_event *e = data;
		bool counted = culprits__add(sink->culprits, e, &r);	/* now: the page moves on */

		if (counted)
			failure_tally__add(&sink->in_the_way, e->tid, r.kind);

		if (env.verbose && counted)	/* the raw reads, to check a resolution by hand */
			fprintf(stderr, "%s: culprit pfn %#llx: %s; page %s, flags %#llx, refcount %d, mapcount %d, mapping %#llx, kpageflags %#llx\n",
				tool_name, (unsigned long long)e->pfn, culprit_kind__name(r.kind),
				e->has_page ? "read" : "unknown", (unsigned long long)e->page_flags,
				e->refcount, e->mapcount, (unsigned long long)e->mapping,
				(unsigned long long)r.kpageflags);
		if (!counted || !sink->timeline)
			return 0;
		return timeline__culprit(sink->timeline, data, &r);
	}
	if (sink->timeline)
		return timeline__record(sink->timeline, data, len);
	return 0;
}

/*
 * Attach every loaded program. A tracepoint that does not attach is fatal;
 * a phase probe (fentry/fexit) that does not is only reported: a function
 * can be in BTF yet not traceable.
 */
static int attach_all(struct bpf_object *obj, struct bpf_link **links,
		      int max_links, int *nr_links, const char *area_func)
{
	struct bpf_program *prog, *area_kprobe = NULL;
	char failed[512] = "";
	bool lost_cleanup = false, area_read = false;
	int why = 0;

	*nr_links = 0;
	bpf_object__for_each_program(prog, obj) {
		const char *sec = bpf_program__section_name(prog);
		struct bpf_link *link;

		if (!bpf_program__autoload(prog) || bpf_program__fd(prog) < 0)
			continue;
		if (!strncmp(sec, "kprobe/", 7)) {	/* the fallback: below */
			area_kprobe = prog;
			continue;
		}
		bool optional = !strncmp(sec, "fentry/", 7) || !strncmp(sec, "fexit/", 6);

		if (*nr_links == max_links)
			return -E2BIG;
		libbpf_quiet = optional;
		link = bpf_program__attach(prog);
		libbpf_quiet = false;
		if (!link && optional) {
			/* In BTF yet not attachable: no trampolines on some arm64 kernels. */
			if (strlen(failed) + strlen(sec) + 3 < sizeof(failed))
				snprintf(failed + strlen(failed), sizeof(failed) - strlen(failed),
					 "%s%s", failed[0] ? ", " : "", sec);
			why = errno;
			lost_cleanup |= !strncmp(sec, "fexit/cma_alloc", 15);
			continue;
		}
		if (!link)
			return tool_error(-errno, "cannot attach %s: %s", sec, strerror(errno));
		links[(*nr_links)++] = link;
		area_read |= !strcmp(bpf_program__name(prog), "area_of_cma_alloc");
	}
	/* Where the fentry that reads a failure's area did not attach. */
	if (area_kprobe && !area_read && area_func && *nr_links < max_links) {
		libbpf_quiet = true;
		links[*nr_links] = bpf_program__attach_kprobe(area_kprobe, false, area_func);
		libbpf_quiet = false;
		area_read = links[*nr_links] != NULL;
		*nr_links += area_read;
	}
	if (failed[0])
		fprintf(stderr, "%s: cannot attach %s (%s): not timed%s%s\n", tool_name, failed,
			strerror(why), lost_cleanup ?
			"; a cma_alloc() that fails before its finish event is not counted" : "",
			area_read ? "; a failure's area is read through a kprobe" : "");
	return 0;
}

/* Everything one tracing session holds, released by trace__close(). */
struct trace {
	struct cmabulk_trace_bpf *skel;
	struct ring_buffer *rb;
	struct bpf_link *links[64];
	int nr_links;
	struct kernel_names names;
	struct record_sink sink;
	bool timeline_failed;		/* said once on stderr */
	struct features feats;
	struct btf *btf;
	bool kernel_btf;		/* /sys/kernel/btf/vmlinux: tp_btf, fentry */
	int stats_fd;
	int mode;			/* --mode's value, or CMABULK_FILTER_ANY */
	struct snapshot cur, prev;	/* the maps now, and at the last report */
};

/*
 * The kernel's BTF: its own, or --btf's (checked against the kernel's
 * functions). Without either, one line that says how to make one.
 */
static int trace__load_btf(struct trace *t)
{
	char why[160];

	t->kernel_btf = !access("/sys/kernel/btf/vmlinux", R_OK);
	if (!env.btf) {
		t->btf = t->kernel_btf ? btf__load_vmlinux_btf() : NULL;
		if (!t->btf)
			return tool_error(1, "kernel has no BTF (/sys/kernel/btf/vmlinux): give it with --btf FILE, made from its vmlinux by 'pahole --btf_encode_detached=FILE vmlinux' (or build it with CONFIG_DEBUG_INFO_BTF)");
		return 0;
	}
	libbpf_quiet = true;	/* its own lines about a file that is not BTF */
	t->btf = btf__parse(env.btf, NULL);
	libbpf_quiet = false;
	if (!t->btf)
		return tool_error(1, "--btf %s: not a BTF file or a vmlinux with BTF (%s)", env.btf,
				  strerror(errno));
	switch (features__btf_fits_kernel(t->btf, "/proc/kallsyms", why, sizeof(why))) {
	case 0:
		return tool_error(1, "--btf %s: not the running kernel's BTF: %s", env.btf, why);
	case -1:
		fprintf(stderr, "%s: --btf: %s\n", tool_name, why);
		break;
	}
	return 0;
}

/*
 * 1. What the kernel must give us, checked before anything is loaded.
 * Returns 0, or the exit status after one line on stderr; 0 with
 * *@done set when --list-enums has answered.
 */
static int trace__check_kernel(struct trace *t, bool *done)
{
	struct cma_area area;

	*done = false;
	if (geteuid() != 0 && !env.list_enums)
		return tool_error(1, "must be run as root: it loads BPF programs");
	if (trace__load_btf(t))
		return 1;
	kernel_names__load(&t->names, t->btf);
	/* 6.15's cma_range_alloc() ends a request with no free range in -EBUSY. */
	t->sink.failure_kernel.busy_means_no_range =
		btf__find_by_name_kind(t->btf, "cma_range_alloc", BTF_KIND_FUNC) > 0;
	if (env.list_enums) {
		*done = true;
		for (int i = 0; i < t->names.nr_modes; i++)
			printf("mode %d %s\n", i, t->names.mode[i]);
		for (int i = 0; i < t->names.nr_fails; i++)
			printf("fail %d %s\n", i, t->names.fail[i]);
		return t->names.nr_modes ? 0 :
			tool_error(1, "kernel has no enum alloc_contig_mode: not a cma_alloc_bulk kernel");
	}
	if (!features__tracefs())
		return tool_error(1, "tracefs is not mounted (mount -t tracefs nodev /sys/kernel/tracing)");
	/* Only the name matters here: an area without debugfs files is fine. */
	if (env.area && cma_area__find(&area, env.area) == -ENOENT) {
		/* An Android user build has neither: nothing to check against. */
		if (!access(CMA_DEBUGFS, F_OK) || !access(CMA_SYSFS, F_OK))
			return tool_error(1, "no CMA area '%s' (see " CMA_SYSFS "/)", env.area);
		fprintf(stderr, "%s: -a %s: no CMA debugfs or sysfs here to check the name against: taken as given\n",
			tool_name, env.area);
	}
	t->mode = CMABULK_FILTER_ANY;
	/* Before anything is loaded: a path we cannot write costs nothing. */
	t->sink.names = &t->names;
	if (env.perfetto) {
		t->sink.timeline = timeline__open(env.perfetto, &t->names, "/proc");
		if (!t->sink.timeline)
			return tool_error(1, "cannot write %s: %s", env.perfetto, strerror(errno));
		if (access(CMA_DEBUGFS, R_OK))
			fprintf(stderr, "%s: --perfetto: no CMA debugfs here: the timeline has no free and used page counters\n",
				tool_name);
	}
	if (env.culprits) {
		struct culprit_sources src = {
			.proc = "/proc",
			.pinned = access(CMA_TEST_DIR "/pinned", R_OK) ? NULL : CMA_TEST_DIR "/pinned",
			.page_owner = "/sys/kernel/debug/page_owner",
		};

		t->sink.culprits = culprits__new(&src);
		if (!t->sink.culprits)
			return tool_error(1, "out of memory");
	}
	if (env.mode) {
		t->mode = kernel_names__mode_value(&t->names, env.mode);
		if (t->mode < 0 && !t->names.nr_modes)
			return tool_error(1, "--mode needs a kernel with the cma_alloc_bulk series");
		if (t->mode < 0)
			return tool_error(1, "unknown mode '%s' (this kernel has: %s)", env.mode,
					  kernel_names__mode_list(&t->names));
	}
	return 0;
}

/* 2. Open the object and choose, per attach point, how to attach. */
static int trace__open(struct trace *t)
{
	char missing[512];

	LIBBPF_OPTS(bpf_object_open_opts, opts, .btf_custom_path = env.btf);

	t->skel = cmabulk_trace_bpf__open_opts(&opts);
	if (!t->skel)
		return tool_error(1, "cannot open the BPF object: %s", strerror(errno));
	features__probe(&t->feats, t->skel->obj, t->btf, env.raw_tp || !t->kernel_btf, env.phases);
	if (!t->kernel_btf) {
		features__functions_off(&t->feats, t->skel->obj, "off (no kernel BTF)");
		bpf_map__set_autocreate(t->skel->maps.inflight, false);
		t->skel->rodata->inflight_by_tid = true;
		fprintf(stderr, "%s: the kernel has no BTF of its own: tracepoints attach as raw_tp, calls are followed by thread id, a failure's area is read through a kprobe; no --phases\n",
			tool_name);
	}
	/* Run once per range: only when asked for. */
	if (!env.culprits)
		features__turn_off(&t->feats, t->skel->obj, "test_pages_isolated", "off (--culprits)");
	if (!env.perfetto)	/* a window's start matters to the timeline only */
		bpf_program__set_autoload(t->skel->progs.window_enter, false);
	/*
	 * With the series, each range's finish carries the pages it migrated:
	 * mm_migrate_pages (a run per migrate_pages() call, as many as the
	 * ranges) is left to --phases, which counts the calls too.
	 */
	if (features__has(&t->feats, "mm_alloc_contig_range_finish") && !env.phases)
		features__turn_off(&t->feats, t->skel->obj, "mm_migrate_pages", "off (ranges count)");
	if (layouts__apply(t->skel->obj, &t->feats, t->btf, &t->skel->rodata->tp_args,
			   (bool *)&t->skel->rodata->skip_has_details))
		return 1;
	if (env.verbose)
		features__print(&t->feats, stderr);
	if (!features__has(&t->feats, "cma_alloc_start") ||
	    !features__has(&t->feats, "cma_alloc_finish"))
		return tool_error(1, "kernel has no cma:cma_alloc_start/finish tracepoints (CONFIG_CMA?)");
	if (features__missing(&t->feats, false, missing, sizeof(missing)))
		fprintf(stderr, "%s: missing events, not traced: %s\n", tool_name, missing);
	if (features__missing(&t->feats, true, missing, sizeof(missing)) && env.verbose)
		fprintf(stderr, "%s: no phase timing for: %s\n", tool_name, missing);
	return 0;
}

/* 3. Configure, load, enable run-time stats, attach. */
static int trace__load(struct trace *t)
{
	struct cmabulk_trace_bpf *skel = t->skel;
	int err;

	skel->rodata->latency_div = env.milliseconds ? 1000000 : 1000;
	skel->rodata->emit_calls = env.calls || env.perfetto;
	skel->rodata->emit_skips = env.skips || env.perfetto;
	skel->rodata->emit_phases = env.perfetto && env.phases;
	skel->rodata->emit_fallbacks = env.perfetto;
	skel->rodata->emit_ranges = env.perfetto;
	skel->rodata->emit_culprits = env.culprits;
	skel->rodata->vmemmap_base_addr = env.culprits ? sys_kallsyms("vmemmap_base") : 0;
	/* A timeline with phases is some 10 records per range: room for bursts. */
	if (env.perfetto && bpf_map__set_max_entries(skel->maps.calls, TIMELINE_RINGBUF_BYTES))
		return tool_error(1, "cannot size the ring buffer: %s", strerror(errno));
	skel->rodata->filter_mode = t->mode;
	skel->rodata->filter_order = env.order;
	if (env.area) {
		skel->rodata->filter_area_on = true;
		strncpy((char *)skel->rodata->filter_area, env.area, CMABULK_NAME_LEN - 1);
	}
	err = cmabulk_trace_bpf__load(skel);
	if (err)
		return tool_error(1, "cannot load the BPF programs: %s (-v shows why)", strerror(-err));
	/*
	 * Statistics only when asked: they are system-wide while the fd is
	 * open, and cmabulk-bench overhead measured them at a quarter of the
	 * tracer's own cost (+0.61% of a FAST call with, +0.46% without).
	 */
	if (env.bpf_stats) {
		t->stats_fd = bpf_enable_stats(BPF_STATS_RUN_TIME);
		if (t->stats_fd < 0)
			return tool_error(1, "--bpf-stats: BPF_ENABLE_STATS: %s", strerror(errno));
	}
	if (attach_all(skel->obj, t->links, 64, &t->nr_links,
		       features__function_in(t->btf, "__cma_alloc")))
		return 1;
	/* Always: a failed call's record says why it failed. */
	t->rb = ring_buffer__new(bpf_map__fd(skel->maps.calls), handle_record, &t->sink, NULL);
	if (!t->rb)
		return tool_error(1, "cannot open the ring buffer: %s", strerror(errno));
	if (env.calls && !env.json)
		printf("%-16s %7s %-10s %-9s %-13s %5s %8s %8s %6s %5s %12s\n", "COMM",
		       "PID", "AREA", "KIND", "MODE", "ORDER", "REQ", "ALLOC", "SKIP",
		       "RET", env.milliseconds ? "LAT(ms)" : "LAT(us)");
	return 0;
}

/* The maps now, and this session's cost. */
static void trace__collect(struct trace *t, struct snapshot *s)
{
	s->contig_from_ranges = !features__has(&t->feats, "mm_migrate_pages");
	snapshot__collect(s, bpf_map__fd(t->skel->maps.call_stats),
			  bpf_map__fd(t->skel->maps.range_stats),
			  bpf_map__fd(t->skel->maps.global_stats));
	if (t->stats_fd >= 0)
		snapshot__collect_costs(s, t->skel->obj);
}

static int trace__print(struct snapshot *s, bool final, double seconds)
{
	s->final = final;
	s->time = time(NULL);
	s->interval_s = seconds;
	if (env.json)
		return snapshot__print_json(s, stdout);
	snapshot__print_text(s, stdout, env.timestamp);
	return 0;
}

/* Print what happened since the last report; remember where we are. */
static void trace__print_interval(struct trace *t, double seconds)
{
	static struct snapshot now;

	/* cur keeps its names and unit: collect into it, then copy. */
	trace__collect(t, &t->cur);
	now = t->cur;
	snapshot__subtract(&t->cur, &t->prev);
	trace__print(&t->cur, false, seconds);
	fflush(stdout);
	t->prev = now;
}

/* Records the ring buffer had no room for, so far (all CPUs). */
static __u64 ringbuf_drops(const struct trace *t)
{
	int nr_cpus = libbpf_num_possible_cpus();
	struct global_stats *g;
	__u32 zero = 0;
	__u64 drops = 0;

	if (nr_cpus <= 0)
		return 0;
	g = calloc(nr_cpus, sizeof(*g));
	if (g && !bpf_map_lookup_elem(bpf_map__fd(t->skel->maps.global_stats), &zero, g))
		for (int i = 0; i < nr_cpus; i++)
			drops += g[i].ringbuf_drops;
	free(g);
	return drops;
}

static __u64 boottime_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_BOOTTIME, &ts);
	return (__u64)ts.tv_sec * 1000000000ULL + (__u64)ts.tv_nsec;
}

/*
 * After a poll: the areas' counters and the drops into the timeline, and
 * the timeline out to its file, so that a killed tracer leaves nearly all
 * of it. A write that failed (a full disk) ends the session.
 */
static int trace__timeline_tick(struct trace *t)
{
	struct timeline *tl = t->sink.timeline;
	int err;

	if (!tl)
		return 0;
	timeline__sample(tl, boottime_ns(), CMA_DEBUGFS, ringbuf_drops(t));
	timeline__flush(tl);
	err = timeline__error(tl);
	if (err && !t->timeline_failed) {
		t->timeline_failed = true;
		return tool_error(1, "writing %s: %s (it keeps what was written before)",
				  env.perfetto, strerror(-err));
	}
	return err ? 1 : 0;
}

/* Wait until @deadline, a report request or the end, reading call records. */
static int trace__wait(struct trace *t, double deadline)
{
	while (!exiting && !report_now && now_s() < deadline) {
		int err;

		if (!t->rb) {
			usleep(100000);
			continue;
		}
		/*
		 * Wait for a wake-up (or 100 ms), then read whatever is there:
		 * the timeline's records wake no one (bpf/cmabulk_trace.bpf.c),
		 * and behind them no later record wakes us either.
		 */
		err = ring_buffer__poll(t->rb, 100);
		if (err >= 0 || err == -EINTR)
			err = ring_buffer__consume(t->rb);
		if (err < 0 && err != -EINTR && t->sink.timeline && timeline__error(t->sink.timeline))
			return trace__timeline_tick(t);
		if (err < 0 && err != -EINTR)
			return tool_error(1, "reading the ring buffer: %s", strerror(-err));
		if (trace__timeline_tick(t))
			return 1;
	}
	return 0;
}

/*
 * The end of a timeline: its last counters, the file closed, and a line
 * saying what it holds. Returns 1 when it could not be written whole.
 */
static int trace__timeline_close(struct trace *t)
{
	struct timeline *tl = t->sink.timeline;
	struct timeline_counts c;
	int err;

	if (!tl)
		return 0;
	t->sink.timeline = NULL;
	timeline__sample(tl, boottime_ns(), CMA_DEBUGFS, ringbuf_drops(t));
	timeline__counts(tl, &c);
	err = timeline__close(tl);
	if (err && t->timeline_failed)
		return 1;
	if (err)
		return tool_error(1, "writing %s: %s (it keeps what was written before)",
				  env.perfetto, strerror(-err));
	fprintf(stderr, "%s: wrote %s: %llu bulk and %llu cma_alloc calls, %llu windows, %llu phases, %llu skips, %llu fallbacks, %llu bytes%s\n",
		tool_name, env.perfetto, (unsigned long long)c.calls[CALL_BULK],
		(unsigned long long)c.calls[CALL_CMA_ALLOC], (unsigned long long)c.ranges,
		(unsigned long long)c.phases,
		(unsigned long long)c.skips, (unsigned long long)c.fallbacks,
		(unsigned long long)c.bytes, c.drops ? "" : ", no record dropped");
	if (c.drops)
		fprintf(stderr, "%s: %llu records dropped (ring buffer full): the timeline misses them\n",
			tool_name, (unsigned long long)c.drops);
	return 0;
}

/*
 * The session's failures by class, per area, before the culprits and the
 * final report: in JSON always (so no failure is "none" said), in text
 * when there were any.
 */
static int trace__print_failures(struct trace *t)
{
	if (env.json)
		return failure_summary__print_json(&t->sink.failures, stdout) ? 1 : 0;
	failure_summary__print_text(&t->sink.failures, stdout);
	return 0;
}

/* --culprits: the table, before the final report (which stays the last line). */
static int trace__print_culprits(struct trace *t)
{
	const char *limits;

	if (!t->sink.culprits)
		return 0;
	limits = culprits__limits(t->sink.culprits, t->skel->bss->page_base || t->skel->bss->learnt_page ||
					  t->skel->rodata->vmemmap_base_addr);
	if (limits[0])
		fprintf(stderr, "%s: --culprits: %s\n", tool_name, limits);
	if (env.json)
		return culprits__print_json(t->sink.culprits, stdout) ? 1 : 0;
	culprits__print_text(t->sink.culprits, stdout);
	return 0;
}

/* 4. Report every interval (the difference) and on SIGUSR1, the total at exit. */
static int trace__run(struct trace *t)
{
	double t_start = now_s(), t_prev = t_start;
	long reports = 0;
	int failed = 0;

	t->cur.names = t->prev.names = &t->names;
	t->cur.unit = t->prev.unit = env.milliseconds ? "msecs" : "usecs";
	while (!exiting) {
		double next = t_prev + (env.interval ? env.interval : 1);

		/* A failed wait still ends with the summary: it is true so far. */
		failed = trace__wait(t, next);
		if (exiting || failed)
			break;
		if (report_now) {
			/* On demand: the difference since the last report. */
			report_now = 0;
			if (t->rb)
				ring_buffer__consume(t->rb);
			trace__print_interval(t, now_s() - t_prev);
			t_prev = now_s();
			continue;
		}
		if (!env.interval) {
			t_prev = next;
			continue;
		}
		if (env.count && reports + 1 >= env.count)
			break;
		trace__print_interval(t, now_s() - t_prev);
		t_prev = next;	/* no drift: reports stay on the interval grid */
		reports++;
	}
	if (t->rb && !failed)
		ring_buffer__consume(t->rb);
	trace__collect(t, &t->cur);
	failed |= trace__print_failures(t);
	failed |= trace__print_culprits(t);
	failed |= trace__print(&t->cur, true, now_s() - t_start);
	failed |= trace__timeline_close(t);
	return failed ? 1 : 0;
}

/* 5. Detach and unload everything: nothing stays behind. */
static void trace__close(struct trace *t)
{
	/* A timeline opened for a session that never began: no file left. */
	if (t->sink.timeline) {
		timeline__close(t->sink.timeline);
		unlink(env.perfetto);
	}
	ring_buffer__free(t->rb);
	culprits__free(t->sink.culprits);
	for (int i = 0; i < t->nr_links; i++)
		bpf_link__destroy(t->links[i]);
	cmabulk_trace_bpf__destroy(t->skel);
	if (t->stats_fd >= 0)
		close(t->stats_fd);
	btf__free(t->btf);
}

int main(int argc, char **argv)
{
	static struct trace t = { .stats_fd = -1 };
	struct sigaction sa = { .sa_handler = on_signal };
	static char version[96];
	bool done;
	int err;

	tool_name = "cmabulk-trace";
	snprintf(version, sizeof(version), "%s %s", tool_name, cmabulk_version);
	argp_program_version = version;
	if (argp_parse(&trace_argp, argc, argv, 0, NULL, NULL))
		return 1;
	/*
	 * Handlers first: a SIGINT or SIGTERM while loading still ends with
	 * a report and a clean detach (and a shell's background job starts
	 * with SIGINT ignored, which sigaction overrides).
	 */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	libbpf_set_print(libbpf_print);

	err = trace__check_kernel(&t, &done);
	if (!err && !done)
		err = trace__open(&t);
	if (!err && !done)
		err = trace__load(&t);
	if (!err && !done) {
		/* Scripts wait for this line: from here on every call is seen. */
		fprintf(stderr, "Tracing CMA allocations...%s\n",
			env.interval ? "" : " Hit Ctrl-C to end.");
		err = trace__run(&t);
	}
	trace__close(&t);
	return err ? 1 : 0;
}
