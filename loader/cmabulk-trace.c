// SPDX-License-Identifier: GPL-2.0
/*
 * cmabulk-trace: latency and outcome histograms of CMA allocations, per
 * CMA area, printed every interval and at exit, as text or JSON.
 */
#include <argp.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "cmabulk_trace.h"
#include "cmabulk_trace.skel.h"
#include "hist.h"
#include "json.h"

#define JSON_SCHEMA_VERSION 1

static struct env {
	bool verbose;
	bool timestamp;
	bool milliseconds;
	bool json;
	long interval;		/* seconds; 0: only at exit */
	long count;		/* reports; 0: until a signal */
} env;

static volatile sig_atomic_t exiting;

const char *argp_program_version = "cmabulk-trace " CMABULK_VERSION;
static const char doc[] =
"Trace CMA allocations: latency histograms and outcomes per CMA area.\n"
"\n"
"USAGE: cmabulk-trace [-T] [-m] [-j] [-v] [interval] [count]\n"
"\n"
"Without arguments it traces until Ctrl-C and then prints one report.\n"
"\n"
"EXAMPLES:\n"
"    cmabulk-trace            # trace until Ctrl-C, report at exit\n"
"    cmabulk-trace -T 1 10    # a timestamped report every second, 10 times\n"
"    cmabulk-trace -m -j 5    # JSON every 5 s, latencies in milliseconds\n";

static const struct argp_option opts[] = {
	{ "timestamp", 'T', NULL, 0, "Print a timestamp with each report", 0 },
	{ "milliseconds", 'm', NULL, 0, "Latency in milliseconds (default: us)", 0 },
	{ "json", 'j', NULL, 0, "One JSON object per report (schema version 1)", 0 },
	{ "verbose", 'v', NULL, 0, "Show libbpf debug output", 0 },
	{ NULL, 'h', NULL, OPTION_HIDDEN, "Show this help", 0 },
	{},
};

static long parse_positive(const char *arg, const char *what,
			   struct argp_state *state)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno || *end || v <= 0)
		argp_error(state, "invalid %s '%s': want a positive integer",
			   what, arg);
	return v;
}

static error_t parse_arg(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case 'T':
		env.timestamp = true;
		break;
	case 'm':
		env.milliseconds = true;
		break;
	case 'j':
		env.json = true;
		break;
	case 'v':
		env.verbose = true;
		break;
	case 'h':
		argp_state_help(state, stdout, ARGP_HELP_STD_HELP);
		break;
	case ARGP_KEY_ARG:
		if (state->arg_num == 0)
			env.interval = parse_positive(arg, "interval", state);
		else if (state->arg_num == 1)
			env.count = parse_positive(arg, "count", state);
		else
			argp_error(state, "unexpected argument '%s'", arg);
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static int libbpf_print(enum libbpf_print_level level, const char *fmt,
			va_list args)
{
	if (level == LIBBPF_DEBUG && !env.verbose)
		return 0;
	return vfprintf(stderr, fmt, args);
}

static void on_signal(int sig)
{
	(void)sig;
	exiting = 1;
}

static const char *unit_name(void)
{
	return env.milliseconds ? "msecs" : "usecs";
}

static void print_text(int map_fd)
{
	struct area_key key, next;
	struct area_stats st;
	void *prev = NULL;
	bool any = false;

	if (env.timestamp) {
		char buf[32];
		time_t t = time(NULL);

		strftime(buf, sizeof(buf), "%H:%M:%S", localtime(&t));
		printf("%s\n", buf);
	}
	while (!bpf_map_get_next_key(map_fd, prev, &next)) {
		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(map_fd, &key, &st))
			continue;
		any = true;
		printf("area = %s: %llu calls, %llu failed, %llu/%llu pages, %llu busy retries\n",
		       key.name, st.calls, st.failed, st.pages_allocated,
		       st.pages_requested, st.busy_retries);
		hist_print_log2(stdout, st.latency_slots, CMABULK_HIST_SLOTS,
				unit_name());
		printf("\n");
	}
	if (!any)
		printf("no CMA allocations seen\n");
	fflush(stdout);
}

static void print_json(int map_fd, bool final)
{
	struct area_key key, next;
	struct json_writer w;
	struct area_stats st;
	void *prev = NULL;

	json_init(&w, stdout, false);
	json_object_begin(&w);
	json_key_u64(&w, "schema_version", JSON_SCHEMA_VERSION);
	json_key_string(&w, "type", final ? "final" : "interval");
	json_key_i64(&w, "time", (int64_t)time(NULL));
	json_key(&w, "areas");
	json_array_begin(&w);
	while (!bpf_map_get_next_key(map_fd, prev, &next)) {
		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(map_fd, &key, &st))
			continue;
		json_object_begin(&w);
		json_key_string(&w, "area", key.name);
		json_key_u64(&w, "calls", st.calls);
		json_key_u64(&w, "failed", st.failed);
		json_key_u64(&w, "pages_requested", st.pages_requested);
		json_key_u64(&w, "pages_allocated", st.pages_allocated);
		json_key_u64(&w, "busy_retries", st.busy_retries);
		json_key(&w, "latency");
		hist_json_log2(&w, st.latency_slots, CMABULK_HIST_SLOTS,
			       unit_name());
		json_object_end(&w);
	}
	json_array_end(&w);
	json_object_end(&w);
	json_finish(&w);
}

static void report(int map_fd, bool final)
{
	if (env.json)
		print_json(map_fd, final);
	else
		print_text(map_fd);
}

int main(int argc, char **argv)
{
	static const struct argp argp = {
		.options = opts,
		.parser = parse_arg,
		.args_doc = "[interval] [count]",
		.doc = doc,
	};
	struct cmabulk_trace_bpf *skel;
	long reports = 0;
	int err;

	/* 1. Arguments and the environment we need. */
	err = argp_parse(&argp, argc, argv, 0, NULL, NULL);
	if (err)
		return 1;
	if (geteuid() != 0) {
		fprintf(stderr, "cmabulk-trace: must be run as root (loads BPF programs)\n");
		return 1;
	}
	if (access("/sys/kernel/btf/vmlinux", R_OK)) {
		fprintf(stderr, "cmabulk-trace: kernel has no BTF (/sys/kernel/btf/vmlinux): needs CONFIG_DEBUG_INFO_BTF\n");
		return 1;
	}
	libbpf_set_print(libbpf_print);

	/* 2. Open, configure and load the BPF object. */
	skel = cmabulk_trace_bpf__open();
	if (!skel) {
		fprintf(stderr, "cmabulk-trace: cannot open BPF object: %s\n", strerror(errno));
		return 1;
	}
	skel->rodata->latency_div = env.milliseconds ? 1000000 : 1000;
	err = cmabulk_trace_bpf__load(skel);
	if (err) {
		fprintf(stderr, "cmabulk-trace: cannot load BPF programs: %s (is this a CMA kernel? -v shows why)\n",
			strerror(-err));
		goto out;
	}

	/* 3. Attach to the cma:* tracepoints. */
	err = cmabulk_trace_bpf__attach(skel);
	if (err) {
		fprintf(stderr, "cmabulk-trace: cannot attach: %s\n", strerror(-err));
		goto out;
	}

	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	if (!env.json)
		fprintf(stderr, "Tracing CMA allocations... %s\n",
			env.interval ? "" : "Hit Ctrl-C to end.");

	/* 4. Report every interval, and once more at exit. */
	while (!exiting) {
		sleep(env.interval ? env.interval : 1);
		if (exiting || !env.interval)
			continue;
		reports++;
		if (env.count && reports >= env.count)
			break;
		report(bpf_map__fd(skel->maps.area_stats), false);
	}
	report(bpf_map__fd(skel->maps.area_stats), true);
	err = 0;
out:
	cmabulk_trace_bpf__destroy(skel);
	return err ? 1 : 0;
}
