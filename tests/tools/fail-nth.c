// SPDX-License-Identifier: GPL-2.0
/*
 * One driver command with the Nth fault-injection point of this thread
 * failed (/proc/thread-self/fail-nth: page and slab allocations, where the
 * fault attributes let them count). In a session of its own, which it
 * then verifies and closes: what the command kept must be valid, and go
 * back on close.
 *
 *   fail-nth N "alloc ARGS"
 *
 * Prints: "nth N injected yes|no write <errno|0>", the command's result
 * lines, "verify_bad B verified V". Exit 0, or 2 on bad usage/setup.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SESSION "/sys/kernel/debug/cma_bulk_test/session"

static void print_result(int fd, char *buf, size_t size)
{
	ssize_t n = pread(fd, buf, size - 1, 0);

	buf[n > 0 ? n : 0] = '\0';
}

int main(int argc, char **argv)
{
	char nth[32], left[32] = "", buf[4096], res[4096];
	int sfd, nfd, err = 0;
	ssize_t n;

	if (argc != 3 || atoi(argv[1]) < 1) {
		fprintf(stderr, "usage: fail-nth N \"alloc ARGS\"\n");
		return 2;
	}
	/* 1. Everything opened before the count starts. */
	sfd = open(SESSION, O_RDWR);
	nfd = open("/proc/thread-self/fail-nth", O_RDWR);
	if (sfd < 0 || nfd < 0) {
		fprintf(stderr, "fail-nth: %s: %s\n", sfd < 0 ? SESSION : "fail-nth", strerror(errno));
		return 2;
	}
	/* 2. Armed, the one command, disarmed (0 left: it was injected). */
	snprintf(nth, sizeof(nth), "%s", argv[1]);
	if (write(nfd, nth, strlen(nth)) < 0) {
		fprintf(stderr, "fail-nth: arming: %s\n", strerror(errno));
		return 2;
	}
	if (write(sfd, argv[2], strlen(argv[2])) < 0)
		err = errno;
	/*
	 * Fewer than N points in the command: the count runs on into these
	 * two calls, which may fail for it (then it was not the command's).
	 */
	n = pread(nfd, left, sizeof(left) - 1, 0);
	left[n > 0 ? n : 0] = '\0';
	if (n <= 0)
		snprintf(left, sizeof(left), "after");
	if (write(nfd, "0", 1) < 0 && write(nfd, "0", 1) < 0) {
		fprintf(stderr, "fail-nth: disarming: %s\n", strerror(errno));
		return 2;
	}
	print_result(sfd, res, sizeof(res));
	/* 3. What it holds, checked; the close gives it back. */
	if (write(sfd, "verify", 6) < 0) {
		fprintf(stderr, "fail-nth: verify: %s\n", strerror(errno));
		return 2;
	}
	print_result(sfd, buf, sizeof(buf));
	printf("nth %s\ninjected %s\nwrite %d\n%s", argv[1], !strcmp(left, "after") ? "after" : atoi(left) == 0 ? "yes" : "no", err, res);
	{
		const char *v = strstr(buf, "verified "), *b = strstr(buf, "bad ");

		printf("verify_bad %ld\nverified %ld\n", b ? atol(b + 4) : -1, v ? atol(v + 9) : -1);
	}
	close(sfd);
	return 0;
}
