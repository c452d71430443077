/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Number options, checked whole: the value, its range and the one line
 * that says what was wanted ("--alpha: '2' is not in (0, 1)"). Every tool
 * parses its numbers here, so the same option gets the same answer
 * everywhere. Each returns 0, or -EINVAL after that line on stderr.
 */
#ifndef CMABULK_ARGS_H
#define CMABULK_ARGS_H

/* A number in [@min, @max); @want says what it should be ("a percentage"). */
int args_double(const char *s, const char *what, const char *want, double min, double max,
		double *v);

/* A whole number in [@min, @max], decimal, no sign. */
int args_integer(const char *s, const char *what, unsigned long long min,
		 unsigned long long max, unsigned long long *v);

/* A duration: a number of seconds, or with s, m or h after it; under 1e7 s. */
int args_duration(const char *s, const char *what, double *out);

#endif
