// SPDX-License-Identifier: GPL-2.0
/* Child processes (child.h). */
#define _GNU_SOURCE	/* asprintf */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/child.h"
#include "lib/tool.h"

/* In the child: its files, its group, default signals. Returns only on success. */
static void child_setup(const struct child_io *io)
{
	int fd;

	if (io->group)
		setpgid(0, 0);
	if (io->stdout_fd >= 0) {
		dup2(io->stdout_fd, 1);
	} else if (io->stdout_path) {
		fd = open(io->stdout_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0)
			_exit(126);
		dup2(fd, 1);
	}
	if (io->stderr_path) {
		fd = open(io->stderr_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0)
			_exit(126);
		dup2(fd, 2);
	}
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
}

static int child_fork(struct child *c, const struct child_io *io)
{
	c->group = io->group;
	c->pid = fork();
	if (c->pid < 0) {
		c->pid = 0;
		return -errno;
	}
	/* In both: before any signal to the group, whoever runs first. */
	if (c->pid > 0 && io->group)
		setpgid(c->pid, c->pid);
	return 0;
}

int child__spawn(struct child *c, char *const argv[], const struct child_io *io)
{
	int err = child_fork(c, io);

	if (err || c->pid)
		return err;
	child_setup(io);
	execvp(argv[0], argv);
	fprintf(stderr, "cannot run %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

int child__spawn_sh(struct child *c, const char *cmd, const struct child_io *io)
{
	int err = child_fork(c, io);
	char *exec_cmd;

	if (err || c->pid)
		return err;
	child_setup(io);
	/*
	 * A simple command is exec'ed by the shell, so that its exit status
	 * after SIGINT is the command's own, not the shell's 130.
	 */
	if (!strpbrk(cmd, ";&|()`\n<>") && asprintf(&exec_cmd, "exec %s", cmd) > 0)
		execl("/bin/sh", "sh", "-c", exec_cmd, (char *)NULL);
	execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
	_exit(127);
}

static void child_signal(const struct child *c, int sig)
{
	kill(c->group ? -c->pid : c->pid, sig);
}

int child__wait_ready(struct child *c, int (*ready)(void *ctx), void *ctx, double timeout_s,
		      double poll_s, volatile sig_atomic_t *stop, int *status)
{
	double t0 = now_s();

	for (;;) {
		if (waitpid(c->pid, status, WNOHANG) == c->pid) {
			c->pid = 0;
			return -ECHILD;
		}
		if (ready(ctx) > 0)
			return 0;
		if (stop && *stop)
			return -EINTR;
		if (now_s() - t0 > timeout_s)
			return -ETIMEDOUT;
		usleep((useconds_t)(poll_s * 1e6));
	}
}

int child__stop(struct child *c, double timeout_s, int *status)
{
	double t0 = now_s(), last_sigint = t0;

	*status = 0;
	if (c->pid <= 0)
		return 0;
	child_signal(c, SIGINT);
	while (waitpid(c->pid, status, WNOHANG) != c->pid) {
		if (now_s() - t0 > timeout_s) {
			child__kill(c);
			return -ETIMEDOUT;
		}
		if (now_s() - last_sigint >= 1.0) {
			child_signal(c, SIGINT);
			last_sigint = now_s();
		}
		usleep(20 * 1000);
	}
	c->pid = 0;
	return 0;
}

void child__kill(struct child *c)
{
	if (c->pid <= 0)
		return;
	child_signal(c, SIGKILL);
	waitpid(c->pid, NULL, 0);
	c->pid = 0;
}

int child__exit_code(int status)
{
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void child__last_line(const char *path, char *out, size_t len)
{
	char *s = read_whole_file(path, NULL), *l;

	snprintf(out, len, "(no output)");
	if (!s)
		return;
	for (l = s + strlen(s); l > s && (l[-1] == '\n' || l[-1] == ' ' || l[-1] == '\r'); l--)
		l[-1] = 0;
	l = strrchr(s, '\n');
	if (*s)
		snprintf(out, len, "%.*s", (int)(len > 1 ? len - 1 : 0), l ? l + 1 : s);
	free(s);
}
