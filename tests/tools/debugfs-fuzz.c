// SPDX-License-Identifier: GPL-2.0
/*
 * The test driver's debugfs parsers under fire: LINES seeded random and
 * mutated command lines written to /sys/kernel/debug/cma_bulk_test/
 * {alloc,pin,release,unpin}. Most are built from the driver's own words
 * (area=, order=, count=, mode=, blocks=, ...) with good, bad and extreme
 * values; a share are then mutated byte by byte. Every reply must be one
 * the driver documents: success, or EINVAL for a line it cannot take,
 * EBUSY while something is held, and for lines that do parse, what a real
 * allocation may say (ENOMEM, ENOSPC, EAGAIN, EINTR). Whatever succeeds is
 * given back at once, so the next line meets an idle driver.
 *
 *   debugfs-fuzz AREA [LINES] [SEED]
 *
 * Prints the replies by file and errno, and exits 1 on a reply outside
 * the list (with the line that got it, escaped). The caller checks that
 * nothing stays held and that dmesg is clean.
 */
#define _GNU_SOURCE	/* strerrorname_np() */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CBT "/sys/kernel/debug/cma_bulk_test/"
#define LINE_MAX_LEN 4200	/* past a page: the driver's copy must bound it */

enum file { F_ALLOC, F_PIN, F_RELEASE, F_UNPIN, NR_FILES };
static const char *const files[NR_FILES] = { "alloc", "pin", "release", "unpin" };

static uint64_t rng;

static uint64_t next(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned int pick(unsigned int n)
{
	return (unsigned int)(next() % n);
}

static const char *area;

/* A value for @key: mostly plausible, sometimes hostile. */
static void value(char *buf, size_t len, const char *key)
{
	static const char *const numbers[] = {
		"0", "1", "2", "4", "9", "10", "11", "20", "21", "64", "-1", "0x10", "010",
		"4294967295", "4294967296", "18446744073709551615", "99999999999999999999",
		"12x", "", " ", "+3", "1e3", "0.5", "4000001",	/* past MAX_CHUNKS */
	};
	static const char *const fractions[] = {
		"0.01", "0.1", "0.5", "1", "1.0", "0", "1.5", "-0.1", ".", "0.", "1e-3", "nan",
		"0.000001", "0.0000001", "0.9999999",
	};
	static const char *const words[] = {
		"normal", "fast", "hard", "bulk", "whole", "chunks2m", "chunks", "alloc", "ref",
		"short", "magic", "NORMAL", "", "fast,normal",
	};

	/* Most values valid, so that a good share of lines reach the allocator. */
	if (!strcmp(key, "area")) {
		const char *const areas[] = { area, "nope", "", "reserved" };

		snprintf(buf, len, "%s", pick(8) ? area : areas[pick(4)]);
	} else if (!strcmp(key, "fraction")) {
		snprintf(buf, len, "%s", fractions[pick(4) ? pick(2) : pick(sizeof(fractions) / sizeof(*fractions))]);
	} else if (!strcmp(key, "blocks")) {
		size_t n = 0;
		unsigned int k = 1 + pick(6);

		for (unsigned int i = 0; i < k && n < len; i++)
			n += snprintf(buf + n, len - n, "%s%u", i ? "," : "",
				      pick(4) ? pick(200) : (unsigned int)next());
	} else if (!strcmp(key, "mode") || !strcmp(key, "fallback")) {
		snprintf(buf, len, "%s", pick(4) ? words[pick(2)] : words[pick(sizeof(words) / sizeof(*words))]);
	} else if (!strcmp(key, "strategy")) {
		snprintf(buf, len, "%s", pick(4) ? words[3 + pick(4)] : words[pick(sizeof(words) / sizeof(*words))]);
	} else if (!strcmp(key, "method")) {
		snprintf(buf, len, "%s", pick(4) ? words[7 + pick(3)] : words[pick(sizeof(words) / sizeof(*words))]);
	} else if (!strcmp(key, "count") && pick(4)) {
		snprintf(buf, len, "%u", 1 + pick(16));		/* small: quick when it works */
	} else if (!strcmp(key, "order") && pick(4)) {
		snprintf(buf, len, "%u", pick(8) ? pick(5) : pick(11));
	} else if (!strcmp(key, "seed") && pick(4)) {
		snprintf(buf, len, "%u", pick(1000));
	} else if (!strcmp(key, "hold_ms") && pick(4)) {
		snprintf(buf, len, "%u", 1 + pick(20));
	} else {
		snprintf(buf, len, "%s", numbers[pick(sizeof(numbers) / sizeof(*numbers))]);
	}
}

/* A line for @f from the driver's vocabulary. */
static size_t build(char *line, size_t len, enum file f)
{
	static const char *const alloc_keys[] = { "area", "order", "count", "strategy", "mode", "fallback" };
	static const char *const pin_keys[] = { "area", "fraction", "blocks", "seed", "method", "hold_ms" };
	static const char *const release_words[] = { "1", "nodrain", "0", "", "maybe", "1 1", "nodrain\n" };
	const char *const *keys = f == F_ALLOC ? alloc_keys : pin_keys;
	size_t n = 0;

	if (f == F_RELEASE || f == F_UNPIN)
		return snprintf(line, len, "%s", release_words[pick(7)]);
	/* pin takes fraction= or blocks=: mostly one of them, sometimes both. */
	int skip = f == F_PIN && pick(8) ? (int)(1 + pick(2)) : -1;

	/* Each key mostly once and in order, sometimes dropped, repeated or junk. */
	for (int i = 0; i < 6 && n < len; i++) {
		char v[96];

		if ((pick(4) == 0 && i > 2) || i == skip)
			continue;
		value(v, sizeof(v), keys[i]);
		n += snprintf(line + n, len - n, "%s%s=%s", n ? (pick(8) ? " " : "\t") : "", keys[i], v);
		if (pick(40) == 0 && n < len)
			n += snprintf(line + n, len - n, " %s", pick(2) ? "colour=blue" : "=");
	}
	return n < len ? n : len - 1;
}

/* Byte-level damage: flips, inserts, deletes, truncation, or a long tail. */
static size_t mutate(char *line, size_t n, size_t len)
{
	unsigned int rounds = 1 + pick(4);

	for (unsigned int r = 0; r < rounds; r++) {
		size_t at = n ? pick(n) : 0;

		switch (pick(5)) {
		case 0:
			if (n)
				line[at] ^= (char)(1u << pick(8));
			break;
		case 1:
			if (n + 1 < len) {
				memmove(line + at + 1, line + at, n - at);
				line[at] = (char)pick(256);
				n++;
			}
			break;
		case 2:
			if (n) {
				memmove(line + at, line + at + 1, n - at - 1);
				n--;
			}
			break;
		case 3:
			n = at;
			break;
		case 4:
			while (n + 1 < len && pick(64))
				line[n++] = "=,9 a\t"[pick(6)];
			break;
		}
	}
	return n;
}

/*
 * What each file may answer, beyond success. A line that parses (and a
 * mutated one may) is a real request: the allocator's own answers too.
 */
static bool allowed(enum file f, int err)
{
	if (err == EINVAL)
		return true;
	if (f == F_RELEASE || f == F_UNPIN)
		return false;
	return err == EBUSY || err == ENOMEM || err == ENOSPC || err == EAGAIN || err == EINTR;
}

static void print_escaped(FILE *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] >= 0x20 && s[i] < 0x7f && s[i] != '\\')
			fputc(s[i], out);
		else
			fprintf(out, "\\x%02x", (unsigned char)s[i]);
}

int main(int argc, char **argv)
{
	static unsigned long replies[NR_FILES][256];
	long lines = argc > 2 ? atol(argv[2]) : 100000;
	char line[LINE_MAX_LEN + 1];
	int fds[NR_FILES], bad = 0;

	if (argc < 2 || lines <= 0) {
		fprintf(stderr, "usage: debugfs-fuzz AREA [LINES] [SEED]\n");
		return 2;
	}
	area = argv[1];
	rng = argc > 3 ? strtoull(argv[3], NULL, 0) : 1;
	for (int f = 0; f < NR_FILES; f++) {
		char path[128];

		snprintf(path, sizeof(path), CBT "%s", files[f]);
		fds[f] = open(path, O_WRONLY);
		if (fds[f] < 0) {
			fprintf(stderr, "debugfs-fuzz: %s: %s\n", path, strerror(errno));
			return 2;
		}
	}
	for (long i = 0; i < lines; i++) {
		/* Mostly the two parsers with arguments. */
		enum file f = (enum file)(pick(10) < 5 ? F_ALLOC : pick(10) < 7 ? F_PIN : F_RELEASE + pick(2));
		size_t n = build(line, sizeof(line), f);
		bool mutated = pick(3) == 0;
		ssize_t w;
		int err;

		if (mutated)
			n = mutate(line, n, sizeof(line));
		w = pwrite(fds[f], line, n, 0);
		err = w < 0 ? errno : 0;
		replies[f][err & 0xff]++;
		if (err && !allowed(f, err)) {
			if (bad++ < 10) {
				fprintf(stderr, "debugfs-fuzz: line %ld to %s got %s: '", i, files[f],
					strerror(err));
				print_escaped(stderr, line, n);
				fprintf(stderr, "'\n");
			}
		}
		/* What was taken goes back, so the next line meets an idle driver. */
		if (!err && f == F_ALLOC)
			pwrite(fds[F_RELEASE], "1", 1, 0);
		else if (!err && f == F_PIN)
			pwrite(fds[F_UNPIN], "1", 1, 0);
	}
	pwrite(fds[F_RELEASE], "1", 1, 0);
	pwrite(fds[F_UNPIN], "1", 1, 0);
	printf("debugfs-fuzz: %ld lines, seed %s, replies:", lines, argc > 3 ? argv[3] : "1");
	for (int f = 0; f < NR_FILES; f++)
		for (int e = 0; e < 256; e++)
			if (replies[f][e])
				printf(" %s/%s=%lu", files[f],
				       e ? strerrorname_np(e) ?: "?" : "ok", replies[f][e]);
	printf("; outside the documented replies: %d\n", bad);
	return bad ? 1 : 0;
}
