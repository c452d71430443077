// SPDX-License-Identifier: GPL-2.0
/* cmabulk-trace's options (trace_env.h). */
#include <argp.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <linux/types.h>

#include "bpf/cmabulk_kernel.h"
#include "bpf/cmabulk_trace.h"
#include "lib/args.h"
#include "lib/tool.h"
#include "loader/trace_env.h"

struct trace_env env = { .order = CMABULK_FILTER_ANY };

const char *argp_program_version;	/* set in main(): the version is a variable */
const char *argp_program_bug_address = "the cmabulk issue tracker";
static const char doc[] =
"Trace CMA allocations: latency, skipped pageblocks, migration retries.\n"
"\n"
"USAGE: cmabulk-trace [OPTION...] [interval] [count]\n"
"\n"
"Every interval (seconds) it prints what happened in that interval, and at\n"
"exit (count reached, Ctrl-C, SIGTERM) a summary of the whole run. Without\n"
"an interval it prints only the summary. cma_alloc() calls and\n"
"cma_alloc_bulk() calls are reported per CMA area, mode and order; modes\n"
"that ran with the same area and order get their latency histograms side\n"
"by side. SIGUSR1 prints the report of what happened since the last one\n"
"at once (cmabulk-bench takes one per trial this way).\n"
"\n"
"EXAMPLES:\n"
"    cmabulk-trace                 # trace until Ctrl-C, then summarize\n"
"    cmabulk-trace -T 1 10         # a report every second, 10 times\n"
"    cmabulk-trace -j -M fast 5    # JSON every 5 s, FAST bulk calls only\n"
"    cmabulk-trace --calls -a reserved   # one line per call on area 'reserved'\n"
"    cmabulk-trace --skips         # each skipped pageblock: why, the pfn in the way\n"
"    cmabulk-trace --perfetto t.pftrace --phases   # a Perfetto timeline\n"
"    cmabulk-trace --culprits      # which pages were in the way, and whose\n"
"    cmabulk-trace --btf vmlinux.btf   # a kernel built without BTF\n"
"\n"
"Every failed call gets one line as it fails, saying why: size (more pages\n"
"asked than the area had free), fragmentation (enough free, no free range\n"
"that long), blocked (free ranges existed and could not be taken: busy,\n"
"pinned, unmovable), or other (the errno); with the facts it rests on and\n"
"where each came from (the area's bitmap read through BTF at the failure,\n"
"or the kernel's events). No debugfs or CMA sysfs needed. At exit, the\n"
"failures by class, per area.\n"
"\n"
"A kernel without BTF (no /sys/kernel/btf/vmlinux): --btf FILE gives it,\n"
"made from that kernel's own vmlinux with debug info by\n"
"'pahole --btf_encode_detached=FILE vmlinux'. Tracepoints then attach as\n"
"raw_tp, calls are followed by thread id, a failure's area is read through\n"
"a kprobe, and --phases (fentry) cannot load: the tracer says so in one line.\n"
"\n"

"--perfetto FILE writes every call as a slice (with --phases its phases\n"
"nested in it), every skipped pageblock and fallback as an instant, and\n"
"counters of each area's free, used and migrated pages, on the calling\n"
"threads' tracks, in CLOCK_BOOTTIME: appended to a Perfetto trace taken on\n"
"the same machine at the same time (cat device.pftrace FILE > both.pftrace)\n"
"it opens as one trace in ui.perfetto.dev.\n"
"\n"
"JSON: one object per line, {\"schema\":\"cmabulk-trace\",\"version\":1,...},\n"
"of type interval, final, call, skip, failure, failures or culprits; see\n"
"docs/cmabulk-trace.schema.json.\n"
"\n"
"OPTIONS:";

enum { OPT_CALLS = 1000, OPT_SKIPS, OPT_RAW_TP, OPT_LIST_ENUMS, OPT_PHASES, OPT_PERFETTO,
       OPT_CULPRITS, OPT_BPF_STATS, OPT_BTF };

static const struct argp_option opts[] = {
	{ "timestamp", 'T', NULL, 0, "Print a timestamp with each report", 0 },
	{ "milliseconds", 'm', NULL, 0, "Latency in milliseconds", 0 },
	{ "microseconds", 'u', NULL, 0, "Latency in microseconds (default)", 0 },
	{ "json", 'j', NULL, 0, "JSON output, one object per line", 0 },
	{ "calls", OPT_CALLS, NULL, 0, "Also print every call as it finishes", 0 },
	{ "skips", OPT_SKIPS, NULL, 0, "Also print every skipped pageblock: reason, error, failing pfn", 0 },
	{ "phases", OPT_PHASES, NULL, 0, "Time the phases of alloc_contig_range() and count drains (fentry/fexit: costs more)", 0 },
	{ "perfetto", OPT_PERFETTO, "FILE", 0, "Write a Perfetto trace (protobuf) of every call, phase, skip and fallback to FILE", 0 },
	{ "culprits", OPT_CULPRITS, NULL, 0, "Resolve each page an allocation failed on: kind, flags, references, file or owner; a table at exit", 0 },
	{ "bpf-stats", OPT_BPF_STATS, NULL, 0, "Report each BPF program's runs and time (BPF_ENABLE_STATS: every run of every program on the system then reads the clock twice)", 0 },
	{ "area", 'a', "NAME", 0, "Only calls on this CMA area", 0 },
	{ "mode", 'M', "MODE", 0, "Only cma_alloc_bulk() calls in this mode (a name --list-enums prints: normal, fast, ...)", 0 },
	{ "order", 'o', "ORDER", 0, "Only calls of this chunk order (cma_alloc: log2 of pages)", 0 },
	{ "btf", OPT_BTF, "FILE", 0, "The running kernel's BTF, for a kernel without /sys/kernel/btf/vmlinux (pahole --btf_encode_detached=FILE vmlinux)", 0 },
	{ "verbose", 'v', NULL, 0, "Show the feature table and libbpf debug output", 0 },
	{ "raw-tp", OPT_RAW_TP, NULL, 0, "Attach with raw_tp even where tp_btf works", 0 },
	{ "list-enums", OPT_LIST_ENUMS, NULL, 0, "Print the kernel's mode and skip-reason names and exit", 0 },
	{ NULL, 'h', NULL, OPTION_HIDDEN, "Show this help", 0 },
	{},
};

/* A whole number in [@min, @max], or one line (lib/args) and argp's exit. */
static long parse_long(const char *arg, const char *what, long min, long max,
		       struct argp_state *state)
{
	unsigned long long v;

	if (args_integer(arg, what, min, max, &v)) {
		argp_state_help(state, stderr, ARGP_HELP_STD_ERR);
		return min;	/* only when argp does not exit (the fuzz target) */
	}
	return (long)v;
}

static error_t parse_arg(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case 'T': env.timestamp = true; break;
	case 'm': env.milliseconds = true; break;
	case 'u': env.milliseconds = false; break;
	case 'j': env.json = true; break;
	case 'v': env.verbose = true; break;
	case OPT_CALLS: env.calls = true; break;
	case OPT_SKIPS: env.skips = true; break;
	case OPT_CULPRITS: env.culprits = true; break;
	case OPT_RAW_TP: env.raw_tp = true; break;
	case OPT_LIST_ENUMS: env.list_enums = true; break;
	case OPT_PHASES: env.phases = true; break;
	case OPT_BPF_STATS: env.bpf_stats = true; break;
	case OPT_BTF:
		if (!*arg)
			argp_error(state, "--btf needs a file name");
		env.btf = arg;
		break;
	case OPT_PERFETTO:
		if (!*arg)
			argp_error(state, "--perfetto needs a file name");
		env.perfetto = arg;
		break;
	case 'a':
		if (!*arg || strlen(arg) >= CMABULK_NAME_LEN)
			argp_error(state, "invalid area name '%s'", arg);
		env.area = arg;
		break;
	case 'M': env.mode = arg; break;
	case 'o': env.order = parse_long(arg, "--order", 0, 63, state); break;
	case 'h': argp_state_help(state, stdout, ARGP_HELP_STD_HELP); break;
	case ARGP_KEY_ARG:
		if (state->arg_num == 0)
			env.interval = parse_long(arg, "interval", 1, INT_MAX, state);
		else if (state->arg_num == 1)
			env.count = parse_long(arg, "count", 1, LONG_MAX, state);
		else
			argp_error(state, "unexpected argument '%s'", arg);
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

const struct argp trace_argp = {
	.options = opts,
	.parser = parse_arg,
	.args_doc = "[interval] [count]",
	.doc = doc,
};
