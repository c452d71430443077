// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench/load/load_cli.h"
#include "lib/args.h"
#include "lib/json.h"
#include "lib/tool.h"

static const struct argp_option area_options[] = {
	{ "area", 'a', "NAME", 0, "CMA area (default: the default area)", 0 },
	{},
};

static const struct argp_option cli_options[] = {
	{ "seed", 's', "N", 0, "Seed of every random choice (default 1)", 0 },
	{ "json", 'j', NULL, 0, "JSON report on stdout", 0 },
	{ "hold", 'H', "SECONDS", 0, "Keep the load that long ('inf': until SIGINT/SIGTERM), "
	  "then tear it down (default 0: at once)", 0 },
	{ "verbose", 'v', NULL, 0, "Progress of long steps", 0 },
	{},
};

static int parse_hold(const char *arg, double *seconds)
{
	if (!strcmp(arg, "inf")) {
		*seconds = -1;
		return 0;
	}
	return args_double(arg, "--hold", "a number of seconds or 'inf'", 0, HUGE_VAL, seconds);
}

static int parse_seed(const char *arg, uint64_t *seed)
{
	unsigned long long v;
	int err = args_integer(arg, "--seed", 0, ~0ULL, &v);

	*seed = v;
	return err;
}

static error_t area_parse_opt(int key, char *arg, struct argp_state *state)
{
	struct load_cli *c = state->input;

	if (key != 'a')
		return ARGP_ERR_UNKNOWN;
	c->area = arg;
	return 0;
}

static error_t cli_parse_opt(int key, char *arg, struct argp_state *state)
{
	struct load_cli *c = state->input;

	switch (key) {
	case ARGP_KEY_INIT:
		/* The --area child parses into the same struct. */
		state->child_inputs[0] = c;
		return 0;
	case 's':
		c->seed_set = true;
		return parse_seed(arg, &c->seed) ? EINVAL : 0;
	case 'j':
		c->json = true;
		return 0;
	case 'H':
		return parse_hold(arg, &c->hold_s) ? EINVAL : 0;
	case 'v':
		c->verbose = true;
		return 0;
	default:
		return ARGP_ERR_UNKNOWN;
	}
}

const struct argp load_cli_area_argp = { .options = area_options, .parser = area_parse_opt };

static const struct argp_child cli_children[] = { { &load_cli_area_argp, 0, NULL, 0 }, {} };

const struct argp load_cli_argp = {
	.options = cli_options,
	.parser = cli_parse_opt,
	.children = cli_children,
};

static void on_signal(int sig)
{
	(void)sig;
	load_interrupted = 1;
}

int load_cli__start(struct load_cli *c, struct load *l)
{
	struct sigaction sa = { .sa_handler = on_signal };
	int err;

	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	err = load__init(l, c->area, c->seed);
	if (err)
		return tool_error(err, "%s", l->error);
	l->verbose = c->verbose;
	return 0;
}

static void load_cli__print(const struct load_cli *c, const struct load *l,
			    const char *phase, bool ok)
{
	if (c->json) {
		struct json_writer w;

		json_document_begin(&w, stdout, false, "cmabulk-load", 1);
		json_key_string(&w, "command", c->cmd);
		json_key_string(&w, "phase", phase);
		json_key_bool(&w, "ok", ok);
		if (!ok)
			json_key_string(&w, "error", l->error);
		json_key(&w, "load");
		load__write_json(l, &w);
		json_object_end(&w);
		json_finish(&w);
	} else {
		printf("== %s %s%s\n", c->cmd, phase, ok ? "" : " (FAILED)");
		load__print_text(l, stdout);
	}
	fflush(stdout);
}

/* Sleep in short steps, so that SIGINT/SIGTERM end the hold at once. */
static void load_cli__hold(double seconds)
{
	double end = seconds < 0 ? INFINITY : seconds;
	double t = 0;

	fprintf(stderr, "%s: ready%s\n", tool_name, seconds == 0 ? "" : seconds < 0 ?
		"; holding until SIGINT/SIGTERM" : "; holding");
	while (!load_interrupted && t < end) {
		usleep(100000);
		t += 0.1;
	}
}

int load_cli__finish(struct load_cli *c, struct load *l, int err)
{
	bool ok = !err;

	load_cli__print(c, l, "ready", ok);
	if (ok)
		load_cli__hold(c->hold_s);
	err = load__teardown(l) || !ok;
	load_cli__print(c, l, "teardown", !err);
	if (err && l->error[0])
		tool_error(0, "%s", l->error);
	load__fini(l);
	return err ? 1 : 0;
}
