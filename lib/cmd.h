/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Subcommands the way bpftool has them: a table of names and mains, and
 * one cmd_select() that runs the one the command line names. Each command
 * parses its own options with argp through cmd_parse(), so that its
 * --help shows only the options that apply to it.
 */
#ifndef CMABULK_CMD_H
#define CMABULK_CMD_H

#include <argp.h>
#include <stdio.h>

struct cmd {
	const char *cmd;			/* its name on the command line */
	int (*func)(int argc, char **argv);	/* argv[0] is the tool's name */
	const char *summary;			/* one line for the tool's --help */
	const void *priv;			/* the tool's own, for func (cmd_selected) */
};

/* The entry cmd_select() runs, for a func shared by several commands. */
extern const struct cmd *cmd_selected;

/*
 * Run the command argv[1] names from @cmds (ended by an entry without a
 * name), as func(argc - 1, argv + 1). -h, --help or "help": @help().
 * --version: the version. Nothing, an unknown command or an option before
 * the command: one line on stderr and @bad_status.
 */
int cmd_select(const struct cmd *cmds, int argc, char **argv, int (*help)(void),
	       int bad_status);

/* The name of the command cmd_select() runs ("fill"), for its messages. */
extern const char *cmd_current;

/*
 * A tool's --help on stdout: @head (usage, what it does), the commands as
 * "  NAME  SUMMARY" lines, and @tail (where to read on, examples, exit
 * status). Returns 0.
 */
int cmd_print_help(const char *head, const struct cmd *cmds, const char *tail);

/*
 * argp_parse() for the selected command. --help (also -h) and --usage
 * print and exit 0. Any error returns non-zero after exactly one line on
 * stderr: getopt's for an unknown option or a missing value, the parser's
 * own (tool_error(), then return EINVAL) for a bad value.
 */
int cmd_parse(const struct argp *argp, int argc, char **argv);

/* The same, with @input as the command's parser's state->input (its options). */
int cmd_parse_input(const struct argp *argp, int argc, char **argv, void *input);

/* More argp flags for cmd_parse(): the fuzz targets parse with ARGP_NO_EXIT. */
extern unsigned int cmd_parse_flags;

#endif
