// SPDX-License-Identifier: GPL-2.0
/* The command line's shared half (cli.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/cli.h"
#include "lib/cmd.h"
#include "lib/tool.h"

error_t bench_args__parse(struct bench_args *a, int key, char *arg)
{
	switch (key) {
	case ARGP_KEY_ARG:
		if (a->nr_args == a->nr_want)
			return tool_error(EINVAL, "%s: unexpected argument '%s'", cmd_current, arg);
		a->args[a->nr_args++] = arg;
		return 0;
	case ARGP_KEY_END:
		return a->nr_args < a->nr_want && !a->optional ? tool_error(EINVAL, "%s", a->missing) : 0;
	}
	return ARGP_ERR_UNKNOWN;
}

void scenario_overrides__init(struct scenario_overrides *o)
{
	memset(o, 0, sizeof(*o));
	scenario__defaults(&o->values);
}

int scenario_overrides__set(struct scenario_overrides *o, const char *opt, const char *key,
			    const char *arg, bool *set)
{
	char err[256];

	if (scenario__set(&o->values, key, arg, err, sizeof(err)))
		return tool_error(-EINVAL, "%s: %s", opt, err);
	*set = true;
	return 0;
}

void scenario_overrides__apply(const struct scenario_overrides *o, struct scenario *s)
{
	if (o->trials)
		s->trials = o->values.trials;
	if (o->warmup)
		s->warmup = o->values.warmup;
	if (o->strategies)
		s->strategies = o->values.strategies;
}

const char *bench_scenario_dir(void)
{
	const char *env_dir = getenv("CMABULK_SCENARIOS");

	return env_dir ? env_dir : "bench/scenarios";
}

int bench_check_runnable(const struct scenario *sc)
{
	for (int s = 0; s < NR_STRATEGIES; s++)
		if ((sc->strategies & (1u << s)) && strategy__retired(s))
			return tool_error(BAD_INPUT, "strategy %s", strategy__retired(s));
	return 0;
}

void bench_command_line(char *buf, size_t len, const char *cmd, int argc, char **argv)
{
	size_t n = snprintf(buf, len, "%s %s", tool_name, cmd);

	for (int i = 1; i < argc && n < len; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--meta")) {
			i++;
			continue;
		}
		if (!strncmp(a, "--meta=", 7))
			continue;
		if (a[strcspn(a, " \t'\"$`\\*?;&|<>()")])
			n += snprintf(buf + n, len - n, " '%s'", a);
		else
			n += snprintf(buf + n, len - n, " %s", a);
	}
}

int bench_command__parse(const struct bench_command *c, void *opts, int argc, char **argv)
{
	memset(opts, 0, c->opts_size);
	if (c->init)
		c->init(opts);
	if (cmd_parse_input(c->argp, argc, argv, opts))
		return BAD_INPUT;
	return c->prepare ? c->prepare(opts, argc, argv) : 0;
}

int bench_command__main(int argc, char **argv)
{
	const struct bench_command *c = cmd_selected->priv;
	void *opts = calloc(1, c->opts_size);
	int ret;

	if (!opts)
		return tool_error(1, "out of memory");
	ret = bench_command__parse(c, opts, argc, argv);
	if (!ret)
		ret = c->exec(opts);
	free(opts);
	return ret;
}
