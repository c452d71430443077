// SPDX-License-Identifier: GPL-2.0
/* Run a command as uid/gid 65534, for "must be run as root" tests. */
#include <grp.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: run-as-nobody CMD [ARG...]\n");
		return 2;
	}
	if (setgroups(0, NULL) || setgid(65534) || setuid(65534)) {
		fprintf(stderr, "run-as-nobody: %s\n", strerror(errno));
		return 2;
	}
	execvp(argv[1], argv + 1);
	fprintf(stderr, "run-as-nobody: %s: %s\n", argv[1], strerror(errno));
	return 127;
}
