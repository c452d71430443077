// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/cmd.h"
#include "lib/tool.h"
#include "lib/version.h"

/* "cmabulk-load fill": the selected command, for argp's usage lines. */
static char cmd_name[96];

const char *cmd_current = "";
const struct cmd *cmd_selected;

int cmd_print_help(const char *head, const struct cmd *cmds, const char *tail)
{
	printf("%s\nCommands:\n", head);
	for (const struct cmd *c = cmds; c->cmd; c++)
		printf("  %-10s %s\n", c->cmd, c->summary);
	printf("\n%s", tail);
	return 0;
}

static int cmd_unknown(const struct cmd *cmds, const char *name, int bad_status)
{
	char list[256] = "";
	size_t n = 0;

	if (*name == '-')
		return tool_error(bad_status, "unknown option '%s' (options follow the COMMAND; see '%s --help')",
				  name, tool_name);
	for (const struct cmd *c = cmds; c->cmd && n < sizeof(list); c++)
		n += snprintf(list + n, sizeof(list) - n, "%s%s", c == cmds ? "" : ", ", c->cmd);
	return tool_error(bad_status, "unknown command '%s' (%s)", name, list);
}

int cmd_select(const struct cmd *cmds, int argc, char **argv, int (*help)(void),
	       int bad_status)
{
	const char *name = argc > 1 ? argv[1] : NULL;

	if (!name)
		return tool_error(bad_status, "no COMMAND given (see '%s --help')", tool_name);
	if (!strcmp(name, "-h") || !strcmp(name, "--help") || !strcmp(name, "help"))
		return help();
	if (!strcmp(name, "--version")) {
		printf("%s %s\n", tool_name, cmabulk_version);
		return 0;
	}
	for (const struct cmd *c = cmds; c->cmd; c++) {
		if (strcmp(c->cmd, name))
			continue;
		snprintf(cmd_name, sizeof(cmd_name), "%s %s", tool_name, c->cmd);
		cmd_current = c->cmd;
		cmd_selected = c;
		/* getopt names argv[0] in its messages: the tool, like every other line. */
		argv[1] = (char *)tool_name;
		return c->func(argc - 1, argv + 1);
	}
	return cmd_unknown(cmds, name, bad_status);
}

enum { CMD_OPT_USAGE = 0x1000 };

/* argp's own --help would name the tool without the command: ours, here. */
static const struct argp_option cmd_options[] = {
	{ "help", 'h', NULL, 0, "Give this help list", -1 },
	{ "usage", CMD_OPT_USAGE, NULL, 0, "Give a short usage message", -1 },
	{ "version", 'V', NULL, 0, "Print program version", -1 },
	{},
};

static error_t cmd_parse_opt(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case ARGP_KEY_INIT:
		/*
		 * getopt has said what was wrong in one line already: no
		 * "Try --help" line after it (argp prints nothing to NULL).
		 */
		state->err_stream = NULL;
		state->child_inputs[0] = state->input;
		return 0;
	case 'h':
	case CMD_OPT_USAGE:
		state->name = cmd_name;
		argp_state_help(state, stdout, key == 'h' ? ARGP_HELP_STD_HELP :
				ARGP_HELP_USAGE | ARGP_HELP_EXIT_OK);
		return 0;
	case 'V':
		printf("%s %s\n", tool_name, cmabulk_version);
		exit(0);
	default:
		return ARGP_ERR_UNKNOWN;
	}
}

unsigned int cmd_parse_flags;

int cmd_parse(const struct argp *argp, int argc, char **argv)
{
	return cmd_parse_input(argp, argc, argv, NULL);
}

int cmd_parse_input(const struct argp *argp, int argc, char **argv, void *input)
{
	const struct argp_child children[] = { { argp, 0, NULL, 0 }, {} };
	const struct argp outer = {
		.options = cmd_options,
		.parser = cmd_parse_opt,
		.children = children,
	};

	return argp_parse(&outer, argc, argv, ARGP_NO_HELP | cmd_parse_flags, NULL, input) ? -EINVAL : 0;
}
