// SPDX-License-Identifier: GPL-2.0
/*
 * cmabulk-load: put CMA under the pressure cma_alloc_bulk() was made for
 * (full of movable pages, some of them pinned, memory fragmented, pages
 * churning and under writeback), measure what was achieved, hold it, and
 * give everything back.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/json.h"
#include "bench/load/load.h"
#include "bench/scenario.h"

static const char usage[] =
"Usage: cmabulk-load COMMAND [ARG] [OPTION...]\n"
"Fill, pin and fragment memory around a CMA area, reproducibly, and report\n"
"what was achieved (measured, not assumed).\n"
"\n"
"Commands:\n"
"  fill PERCENT                 bring CMA occupancy to PERCENT with movable pages\n"
"  pin --method M --fraction F  block a fraction F of the CMA pageblocks; all\n"
"                               methods but 'module' pin fill pages (--fill, default 60)\n"
"  fragment PERCENT             unmovable pages in PERCENT of the free pageblocks\n"
"                               outside CMA\n"
"  churn --alloc-rate R --write-rate W   allocate/free and write back in the\n"
"                               background (MiB/s) until the hold ends\n"
"  scenario FILE                the load a cmabulk-bench scenario describes\n"
"                               (a name without '/' is looked up in bench/scenarios)\n"
"  status                       CMA occupancy and pageblock types, nothing changed\n"
"\n"
"Pin methods:\n"
"  vmsplice    a fill page spliced into a pipe that is never read\n"
"  odirect     a fill page as the source of O_DIRECT writes kept in flight\n"
"              (needs a slow disk at /scratch; the guest has one)\n"
"  writeback   page cache kept under writeback (needs --kind file and /scratch)\n"
"  module      the test driver takes one page of each block (exact)\n"
"  module-ref  the test driver holds a reference on an LRU page of each block\n"
"\n"
"Options:\n"
"  -a, --area NAME        CMA area (default: the default area)\n"
"  -s, --seed N           seed of every random choice (default 1)\n"
"  -j, --json             JSON report on stdout\n"
"  -H, --hold SECONDS     keep the load that long ('inf': until SIGINT/SIGTERM),\n"
"                         then tear it down (default 0: tear down at once)\n"
"  -k, --kind KIND        fill with anon, shmem or file (page cache on /scratch)\n"
"  -f, --fill PERCENT     fill first (pin)\n"
"  -m, --method M         pin method\n"
"  -F, --fraction F       fraction of CMA pageblocks to pin, (0, 1]\n"
"      --alloc-rate R     churn: MiB/s allocated, touched and freed\n"
"      --write-rate W     churn: MiB/s written to /scratch and written back\n"
"  -v, --verbose          progress of long steps\n"
"  -h, --help             this help\n"
"\n"
"Once the load is in place it prints its report and \"cmabulk-load: ready\" on\n"
"stderr; at the end a teardown line tells whether CmaFree came back.\n"
"\n"
"Examples:\n"
"  cmabulk-load fill 80 --hold 60          # 80%% of CMA occupied for a minute\n"
"  cmabulk-load pin --method vmsplice --fraction 0.01 --hold inf\n"
"  cmabulk-load pin --method module --fraction 0.05 --seed 7 --json\n"
"  cmabulk-load scenario pinned --hold 30  # the bench's 'pinned' load\n"
"\n"
"Exit status: 0 when the load was reached and fully given back, 1 otherwise.\n";

static struct load load;
static const char *cmd;

static void on_signal(int sig)
{
	(void)sig;
	load_interrupted = 1;
}

static int die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "cmabulk-load: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	return 1;
}

static bool parse_double(const char *s, double *v)
{
	char *end;

	*v = strtod(s, &end);
	return end != s && !*end && isfinite(*v);
}

static void print(bool json, const char *phase, bool ok)
{
	if (json) {
		struct json_writer w;

		json_init(&w, stdout, false);
		json_object_begin(&w);
		json_key_string(&w, "schema", "cmabulk-load");
		json_key_u64(&w, "version", 1);
		json_key_string(&w, "command", cmd);
		json_key_string(&w, "phase", phase);
		json_key_bool(&w, "ok", ok);
		if (!ok)
			json_key_string(&w, "error", load.error);
		json_key(&w, "load");
		load__write_json(&load, &w);
		json_object_end(&w);
		json_finish(&w);
	} else {
		printf("== %s %s%s\n", cmd, phase, ok ? "" : " (FAILED)");
		load__print_text(&load, stdout);
	}
	fflush(stdout);
}

static int hold(double seconds)
{
	double end = seconds < 0 ? INFINITY : seconds;
	double t = 0;

	fprintf(stderr, "cmabulk-load: ready%s\n", seconds == 0 ? "" : seconds < 0 ?
		"; holding until SIGINT/SIGTERM" : "; holding");
	while (!load_interrupted && t < end) {
		usleep(100000);
		t += 0.1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "area", required_argument, NULL, 'a' },
		{ "seed", required_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		{ "hold", required_argument, NULL, 'H' },
		{ "kind", required_argument, NULL, 'k' },
		{ "fill", required_argument, NULL, 'f' },
		{ "method", required_argument, NULL, 'm' },
		{ "fraction", required_argument, NULL, 'F' },
		{ "alloc-rate", required_argument, NULL, 'A' },
		{ "write-rate", required_argument, NULL, 'W' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{},
	};
	const char *area = NULL, *arg = NULL;
	double hold_s = 0, fill_pct = -1, fraction = -1, alloc_rate = 0, write_rate = 0, pct = 0;
	int kind = FILL_ANON, method = PIN_NONE, c, err = 0;
	unsigned long long seed = 1;
	bool json = false, verbose = false, ok;
	struct sigaction sa = { .sa_handler = on_signal };
	char *end;

	/* 1. The command, its argument and the options, all checked up front. */
	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? 1 : 0;
	}
	cmd = argv[1];
	optind = 2;
	while ((c = getopt_long(argc, argv, "a:s:jH:k:f:m:F:vh", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			area = optarg;
			break;
		case 's':
			errno = 0;
			seed = strtoull(optarg, &end, 0);
			if (*end || errno || *optarg == '-')
				return die("--seed: '%s' is not a number", optarg);
			break;
		case 'j':
			json = true;
			break;
		case 'H':
			if (!strcmp(optarg, "inf"))
				hold_s = -1;
			else if (!parse_double(optarg, &hold_s) || hold_s < 0)
				return die("--hold: '%s' is not a number of seconds or 'inf'", optarg);
			break;
		case 'k':
			kind = load__parse_fill_kind(optarg);
			if (kind < 0)
				return die("--kind: unknown kind '%s' (anon, shmem, file)", optarg);
			break;
		case 'f':
			if (!parse_double(optarg, &fill_pct))
				return die("--fill: '%s' is not a percentage", optarg);
			break;
		case 'm':
			method = load__parse_pin_method(optarg);
			if (method <= PIN_NONE)
				return die("--method: unknown method '%s' (vmsplice, odirect, writeback, module, module-ref)", optarg);
			break;
		case 'F':
			if (!parse_double(optarg, &fraction))
				return die("--fraction: '%s' is not a number", optarg);
			break;
		case 'A':
			if (!parse_double(optarg, &alloc_rate))
				return die("--alloc-rate: '%s' is not a number", optarg);
			break;
		case 'W':
			if (!parse_double(optarg, &write_rate))
				return die("--write-rate: '%s' is not a number", optarg);
			break;
		case 'v':
			verbose = true;
			break;
		case 'h':
			fputs(usage, stdout);
			return 0;
		default:
			return die("try 'cmabulk-load --help'");
		}
	}
	if (optind < argc)
		arg = argv[optind++];
	if (optind < argc)
		return die("%s: unexpected argument '%s'", cmd, argv[optind]);
	if ((!strcmp(cmd, "fill") || !strcmp(cmd, "fragment")) &&
	    (!arg || !parse_double(arg, &pct)))
		return die("%s needs a PERCENT, e.g. 'cmabulk-load %s 50'", cmd, cmd);
	if (!strcmp(cmd, "pin") && (method == PIN_NONE || fraction < 0))
		return die("pin needs --method and --fraction, e.g. 'pin --method vmsplice --fraction 0.01'");
	if (!strcmp(cmd, "fill") && !(pct > 0 && pct <= 100))
		return die("fill: PERCENT must be in (0, 100], got %g", pct);
	if (!strcmp(cmd, "fragment") && !(pct > 0 && pct <= 100))
		return die("fragment: PERCENT must be in (0, 100], got %g", pct);
	if (fill_pct != -1 && !(fill_pct > 0 && fill_pct <= 100))
		return die("--fill: PERCENT must be in (0, 100], got %g", fill_pct);
	if (fraction != -1 && !(fraction > 0 && fraction <= 1))
		return die("--fraction must be in (0, 1], got %g", fraction);
	if (alloc_rate < 0 || write_rate < 0 || alloc_rate > 4096 || write_rate > 4096)
		return die("churn rates must be in [0, 4096] MiB/s");
	if (!strcmp(cmd, "churn") && alloc_rate == 0 && write_rate == 0)
		return die("churn needs --alloc-rate and/or --write-rate, e.g. 'churn --alloc-rate 32'");
	if (!strcmp(cmd, "scenario") && !arg)
		return die("scenario needs a FILE or a name from bench/scenarios");
	if (strcmp(cmd, "fill") && strcmp(cmd, "pin") && strcmp(cmd, "fragment") &&
	    strcmp(cmd, "churn") && strcmp(cmd, "scenario") && strcmp(cmd, "status"))
		return die("unknown command '%s' (fill, pin, fragment, churn, scenario, status)", cmd);

	/*
	 * 2. Signals first: SIGINT or SIGTERM during a long step ends it early
	 * and still tears down.
	 */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	err = load__init(&load, area, seed);
	if (err)
		return die("%s", load.error);
	load.verbose = verbose;

	/* 3. Build the load. */
	if (!strcmp(cmd, "fill")) {
		err = load__fill(&load, kind, pct);
	} else if (!strcmp(cmd, "pin")) {
		bool user_pages = method != PIN_MODULE;

		if (method == PIN_WRITEBACK && kind == FILL_ANON)
			kind = FILL_FILE;
		if (user_pages)
			err = load__fill(&load, kind, fill_pct < 0 ? 60 : fill_pct);
		else if (fill_pct > 0)
			err = load__fill(&load, kind, fill_pct);
		if (!err)
			err = load__pin(&load, method, fraction);
	} else if (!strcmp(cmd, "fragment")) {
		err = load__fragment(&load, pct);
	} else if (!strcmp(cmd, "churn")) {
		err = load__churn_start(&load, alloc_rate, write_rate);
	} else if (!strcmp(cmd, "scenario")) {
		struct scenario s;
		char why[512];

		if (scenario__load(&s, arg, getenv("CMABULK_SCENARIOS") ?: "bench/scenarios",
				   why, sizeof(why)))
			err = -EINVAL, snprintf(load.error, sizeof(load.error), "%.250s", why);
		else
			err = load__from_scenario(&load, &s);
	}

	if (!strcmp(cmd, "status")) {
		long total = sys_meminfo_kb("CmaTotal"), free_kb = load_cma_free_kb();

		load__print_text(&load, stdout);
		printf("CmaTotal %ld kB, CmaFree %ld kB: %.1f%% occupied\n", total, free_kb,
		       total > 0 ? 100.0 * (total - free_kb) / total : 0);
		return 0;
	}

	/* 4. Report, hold, give everything back, report again. */
	ok = !err;
	print(json, "ready", ok);
	if (ok && strcmp(cmd, "status"))
		hold(hold_s);
	err = load__teardown(&load) || !ok;
	if (strcmp(cmd, "status"))
		print(json, "teardown", !err);
	if (err && load.error[0])
		fprintf(stderr, "cmabulk-load: %s\n", load.error);
	load__fini(&load);
	return err ? 1 : 0;
}
