// SPDX-License-Identifier: GPL-2.0
/* Number options (args.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/args.h"
#include "lib/tool.h"

int args_double(const char *s, const char *what, const char *want, double min, double max,
		double *v)
{
	char *end;

	*v = strtod(s, &end);
	if (*end || end == s || !(*v >= min && *v < max))
		return tool_error(-EINVAL, "%s: '%s' is not %s", what, s, want);
	return 0;
}

int args_integer(const char *s, const char *what, unsigned long long min,
		 unsigned long long max, unsigned long long *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 10);
	if (errno || *end || end == s || *s == '-' || *v < min || *v > max)
		return tool_error(-EINVAL, "%s: '%s' is not an integer from %llu to %llu", what, s,
				  min, max);
	return 0;
}

int args_duration(const char *s, const char *what, double *out)
{
	char *end;
	double v = strtod(s, &end), unit = 1;

	if (end != s && !strcmp(end, "m"))
		unit = 60;
	else if (end != s && !strcmp(end, "h"))
		unit = 3600;
	else if (end == s || (*end && strcmp(end, "s")))
		return tool_error(-EINVAL, "%s: '%s' is not a duration (90, 90s, 30m, 2h)", what, s);
	if (!(v > 0 && v * unit < 1e7))
		return tool_error(-EINVAL, "%s: '%s' is not a duration (90, 90s, 30m, 2h)", what, s);
	*out = v * unit;
	return 0;
}
