// SPDX-License-Identifier: GPL-2.0
/* Names LAVA keeps; see lava_name.h. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "bench/export/lava_name.h"

#define HASH_DIGITS 12

static bool lava_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-' || c == '.';
}

bool lava_name__valid(const char *s)
{
	size_t n = strlen(s);

	if (!n || n > LAVA_NAME_MAX || !strcmp(s, ".") || !strcmp(s, ".."))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!lava_char(s[i]))
			return false;
	return true;
}

static uint64_t fnv1a64(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
	return h;
}

bool lava_name(const char *in, char out[LAVA_NAME_MAX + 1])
{
	const size_t keep = LAVA_NAME_MAX - 1 - HASH_DIGITS;
	size_t i;

	if (lava_name__valid(in)) {
		snprintf(out, LAVA_NAME_MAX + 1, "%s", in);
		return false;
	}
	for (i = 0; in[i] && i < keep; i++)
		out[i] = lava_char(in[i]) ? in[i] : '_';
	/* An empty name gets a character before its hash. */
	if (!i)
		out[i++] = '_';
	snprintf(out + i, LAVA_NAME_MAX + 1 - i, "-%0*llx", HASH_DIGITS,
		 (unsigned long long)(fnv1a64(in) >> (64 - 4 * HASH_DIGITS)));
	return true;
}
