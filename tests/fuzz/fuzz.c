// SPDX-License-Identifier: GPL-2.0
/* Helpers of the libFuzzer targets; see fuzz.h. */
#define _GNU_SOURCE	/* nftw() */
#include <ftw.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/tool.h"
#include "tests/fuzz/fuzz.h"

char *fuzz_string(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/*
 * Options whose whole point is to print and exit, or (argp's hidden
 * --HANG) to sleep: not what is fuzzed. getopt takes any unambiguous
 * prefix of a long option, so "--he" is --help too.
 */
static bool exits_by_design(const char *w)
{
	static const char *const longs[] = { "help", "usage", "version", "HANG" };

	if (!strcmp(w, "help"))		/* the commands' own "help" */
		return true;
	if (!strncmp(w, "--", 2) && w[2]) {
		size_t n = strcspn(w + 2, "=");

		for (size_t i = 0; i < sizeof(longs) / sizeof(longs[0]); i++)
			if (n <= strlen(longs[i]) && !strncmp(w + 2, longs[i], n))
				return true;
		return false;
	}
	/* Short clusters with h, V or ? ("-qh"); not a lone "-". */
	if (w[0] == '-' && w[1] && w[1] != '-')
		return strpbrk(w + 1, "hV?") != NULL;
	return false;
}

char **fuzz_argv(const uint8_t *data, size_t size, const char *tool, int max, int *argc)
{
	char **argv = calloc(max + 2, sizeof(*argv));
	size_t start = 0;
	int n = 0;

	if (!argv)
		abort();
	argv[n++] = strdup(tool);
	for (size_t i = 0; i <= size && n <= max; i++) {
		if (i < size && data[i])
			continue;
		char *w = strndup((const char *)data + start, i - start);

		start = i + 1;
		if (!w)
			abort();
		if (exits_by_design(w)) {
			free(w);
			continue;
		}
		argv[n++] = w;
	}
	argv[n] = NULL;
	*argc = n;
	return argv;
}

void fuzz_free_argv(char **argv, int argc)
{
	for (int i = 0; i < argc; i++)
		free(argv[i]);
	free(argv);
}

static char dir[64];

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

/* The scratch folder and all in it (a report writes plots/ there). */
static void remove_folder(void)
{
	nftw(dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
}

const char *fuzz_folder(const uint8_t *data, size_t size, char sep, const char *const *names,
			int nr_names)
{
	size_t start = 0;
	int part = 0;

	if (!dir[0]) {
		snprintf(dir, sizeof(dir), "/dev/shm/cmabulk-fuzz-%d", getpid());
		atexit(remove_folder);
	}
	remove_folder();
	if (mkdir(dir, 0700))
		abort();
	for (size_t i = 0; i <= size && part < nr_names; i++) {
		if (i < size && data[i] != (uint8_t)sep)
			continue;
		char path[320];
		FILE *f;

		snprintf(path, sizeof(path), "%s/%s", dir, names[part++]);
		f = fopen(path, "w");
		if (!f)
			abort();
		fwrite(data + start, 1, i - start, f);
		fclose(f);
		start = i + 1;
	}
	return dir;
}

static char *errors;
static size_t errors_len;

void fuzz_errors_begin(void)
{
	tool_err_stream = open_memstream(&errors, &errors_len);
	if (!tool_err_stream)
		abort();
}

void fuzz_errors_end(void)
{
	size_t name_len = strlen(tool_name);

	fclose(tool_err_stream);
	tool_err_stream = NULL;
	for (char *line = errors, *nl; line && *line; line = nl + 1) {
		nl = strchr(line, '\n');
		FUZZ_ASSERT(nl, "a message without its newline: '%s'", line);
		FUZZ_ASSERT(!strncmp(line, tool_name, name_len) && !strncmp(line + name_len, ": ", 2),
			    "a line that is not '%s: ...' (a message over two lines?): '%.*s'",
			    tool_name, (int)(nl - line), line);
	}
	free(errors);
	errors = NULL;
}
