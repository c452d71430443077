// SPDX-License-Identifier: GPL-2.0
/*
 * The BPF programs a process has attached, one per line: id, attach
 * point, name, run count and run time (lib/progstats.h). With a second
 * argument, statistics are on for that many seconds and the line shows
 * what ran in them; a test compares them with a tracer's own view.
 *
 *   prog-stats PID [SECONDS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "lib/progstats.h"

int main(int argc, char **argv)
{
	struct prog_set before = {}, after = {};
	char err[256];
	int stats = -1;
	pid_t pid;

	if (argc < 2 || argc > 3 || (pid = atoi(argv[1])) <= 0) {
		fprintf(stderr, "usage: prog-stats PID [SECONDS]\n");
		return 2;
	}
	if (argc == 3) {
		stats = prog_stats__enable();
		if (stats < 0) {
			fprintf(stderr, "prog-stats: cannot enable BPF statistics\n");
			return 1;
		}
		if (prog_set__of_pid(&before, pid, err, sizeof(err)))
			goto fail;
		usleep(atof(argv[2]) * 1e6);
	}
	if (prog_set__of_pid(&after, pid, err, sizeof(err)))
		goto fail;
	prog_set__sub(&after, &before);
	for (size_t i = 0; i < after.n; i++)
		printf("%u %s %s %llu %llu\n", after.v[i].id, after.v[i].attach, after.v[i].name,
		       (unsigned long long)after.v[i].run_cnt,
		       (unsigned long long)after.v[i].run_time_ns);
	prog_set__free(&before);
	prog_set__free(&after);
	return 0;
fail:
	fprintf(stderr, "prog-stats: %s\n", err);
	return 1;
}
