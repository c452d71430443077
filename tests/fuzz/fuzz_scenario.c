// SPDX-License-Identifier: GPL-2.0
/*
 * The scenario parser on any text. Whatever it accepts, it writes back
 * (the "scenario" file of every results folder) as text it accepts again,
 * to the same scenario; whatever it refuses, it refuses with one line
 * naming the origin.
 */
#include <string.h>

#include "bench/core/scenario.h"
#include "tests/fuzz/fuzz.h"

static char *written(const struct scenario *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		abort();
	scenario__write(s, f);
	fclose(f);
	return buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_string(data, size), *once, *twice, err[512] = "";
	struct scenario a, b;

	scenario__defaults(&a);
	scenario__defaults(&b);
	if (scenario__parse(&a, text, "fuzz", err, sizeof(err))) {
		FUZZ_ASSERT(!strncmp(err, "fuzz:", 5) && !strchr(err, '\n'),
			    "not one line naming the origin: '%s'", err);
		free(text);
		return 0;
	}
	once = written(&a);
	FUZZ_ASSERT(scenario__parse(&b, once, "written", err, sizeof(err)) == 0,
		    "its own writing refused: %s\n%s", err, once);
	twice = written(&b);
	FUZZ_ASSERT(!strcmp(once, twice), "written differently the second time:\n%s---\n%s", once,
		    twice);
	FUZZ_ASSERT(scenario__comparable(&a, &b, err, sizeof(err)), "%s", err);
	free(once);
	free(twice);
	free(text);
	return 0;
}
