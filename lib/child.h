/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A child process the tools start, wait on until it is ready, and stop:
 * the bench's tracer (bench/measure/trace_client.c) and the tracers whose
 * cost the overhead command measures (bench/overhead). Spawn with its
 * output in files or a pipe, poll a readiness test while watching it
 * exit, stop with SIGINT then SIGKILL: one behaviour for both.
 */
#ifndef CMABULK_CHILD_H
#define CMABULK_CHILD_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct child {
	pid_t pid;		/* 0: not running */
	bool group;		/* in a process group of its own: signals go to the group */
};

struct child_io {
	int stdout_fd;		/* dup'ed to its stdout when >= 0 ... */
	const char *stdout_path;	/* ... else this file, when set */
	const char *stderr_path;	/* its stderr, when set */
	bool group;		/* a process group of its own ("sh -c" may fork) */
};

/*
 * Start argv[0] (searched in PATH) with @argv. 0, or -errno of the fork;
 * a child that cannot open its files exits 126, one that cannot exec 127
 * (after a line on its stderr).
 */
int child__spawn(struct child *c, char *const argv[], const struct child_io *io);

/* The same, for a /bin/sh -c @cmd; a simple command is exec'ed by the shell. */
int child__spawn_sh(struct child *c, const char *cmd, const struct child_io *io);

/*
 * Every @poll_s: @ready(@ctx) > 0 means ready (0), the child exiting
 * means -ECHILD with its status in *@status, *@stop set means -EINTR,
 * @timeout_s passing means -ETIMEDOUT. The child keeps running unless it
 * exited.
 */
int child__wait_ready(struct child *c, int (*ready)(void *ctx), void *ctx, double timeout_s,
		      double poll_s, volatile sig_atomic_t *stop, int *status);

/*
 * SIGINT, again each second, then SIGKILL after @timeout_s; reaped either
 * way, its status in *@status. 0, or -ETIMEDOUT when it had to be killed.
 * Not running: 0. Again, because a shell (dash catches SIGINT under -c)
 * that takes it between two commands only notes it, and then waits for
 * the next command, which never saw it, as long as that runs.
 */
int child__stop(struct child *c, double timeout_s, int *status);

/* SIGKILL and reap, at once. */
void child__kill(struct child *c);

/* 128 + the signal for a killed child, else its exit code. */
int child__exit_code(int status);

/* The last non-empty line of the file at @path, for an error message. */
void child__last_line(const char *path, char *out, size_t len);

#endif
