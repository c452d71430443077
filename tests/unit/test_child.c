// SPDX-License-Identifier: GPL-2.0
/*
 * lib/child: a child is ready when its test says so, an exit before that
 * is reported with its status, a child that never gets ready times out,
 * and stop reaps it (SIGINT, or SIGKILL for one that ignores it) with its
 * group: nothing is left running.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/child.h"
#include "lib/tool.h"
#include "tests/unit/check.h"

static char dir[] = "/tmp/cmabulk-test-child-XXXXXX";
static char err_path[256], out_path[256];

/* Each test its own files: a poll must not read the last test's. */
static void fresh_files(const char *name)
{
	snprintf(err_path, sizeof(err_path), "%s/%s.err", dir, name);
	snprintf(out_path, sizeof(out_path), "%s/%s.out", dir, name);
}

/* Ready once its stderr says "ready". */
static int says_ready(void *path)
{
	char *s = read_whole_file(path, NULL);
	int ready = s && strstr(s, "ready");

	free(s);
	return ready;
}

static void test_ready_then_stop(void)
{
	struct child_io io = { .stdout_fd = -1, .stdout_path = out_path, .stderr_path = err_path,
			       .group = true };
	struct child c;
	int status, ret;

	ret = child__spawn_sh(&c, "echo out; sleep 0.2; echo ready >&2; sleep 100", &io);
	CHECK_EQ_INT(ret, 0);
	ret = child__wait_ready(&c, says_ready, err_path, 10, 0.02, NULL, &status);
	CHECK_EQ_INT(ret, 0);
	CHECK(c.pid > 0, "still running once ready");
	ret = child__stop(&c, 5, &status);
	CHECK_EQ_INT(ret, 0);
	/* The group's SIGINT: the shell dies of it, or exits 130 after its sleep did. */
	CHECK(child__exit_code(status) == 128 + SIGINT, "stopped by SIGINT (status %#x)", status);
	CHECK_EQ_INT(c.pid, 0);
	CHECK(!says_ready(out_path) && strstr(read_whole_file(out_path, NULL) ?: "", "out"), "stdout in its file");
}

/*
 * A shell that took the first SIGINT between two commands (here: a trap
 * that keeps it going once) stops at a later one, still by SIGINT, well
 * before the timeout's SIGKILL.
 */
static void test_second_sigint(void)
{
	struct child_io io = { .stdout_fd = -1, .stderr_path = err_path, .group = true };
	struct child c;
	int status, ret;

	ret = child__spawn_sh(&c, "trap 'trap - INT' INT; echo ready >&2; "
			      "while :; do sleep 0.1; done", &io);
	CHECK_EQ_INT(ret, 0);
	ret = child__wait_ready(&c, says_ready, err_path, 10, 0.02, NULL, &status);
	CHECK_EQ_INT(ret, 0);
	ret = child__stop(&c, 8, &status);
	CHECK_EQ_INT(ret, 0);
	CHECK(child__exit_code(status) == 128 + SIGINT, "stopped by SIGINT (status %#x)", status);
}

static void test_exit_before_ready(void)
{
	struct child_io io = { .stdout_fd = -1, .stderr_path = err_path };
	char *argv[] = { "sh", "-c", "echo first >&2; echo cannot attach >&2; exit 3", NULL };
	char last[64];
	struct child c;
	int status, ret;

	ret = child__spawn(&c, argv, &io);
	CHECK_EQ_INT(ret, 0);
	ret = child__wait_ready(&c, says_ready, err_path, 10, 0.02, NULL, &status);
	CHECK_EQ_INT(ret, -ECHILD);
	ret = child__exit_code(status);
	CHECK_EQ_INT(ret, 3);
	child__last_line(err_path, last, sizeof(last));
	CHECK_STREQ(last, "cannot attach");
	CHECK_EQ_INT(c.pid, 0);
}

static int has_pidfile(void *ctx)
{
	return access("PIDFILE", R_OK) == 0;
}

static int never(void *ctx)
{
	return 0;
}

static void test_timeout_and_group_kill(void)
{
	struct child_io io = { .stdout_fd = -1, .stderr_path = err_path, .group = true };
	char *pid_text;
	struct child c;
	pid_t grandchild;
	int status, ret;

	/* A shell that ignores SIGINT and whose sleep is a child of its own. */
	ret = child__spawn_sh(&c, "trap '' INT; sleep 100 & echo $! >PIDFILE; wait", &io);
	CHECK_EQ_INT(ret, 0);
	/* Once PIDFILE is there, the trap is set: SIGINT will not stop it. */
	ret = child__wait_ready(&c, has_pidfile, NULL, 30, 0.02, NULL, &status);
	CHECK_EQ_INT(ret, 0);
	ret = child__wait_ready(&c, never, NULL, 0.3, 0.05, NULL, &status);
	CHECK_EQ_INT(ret, -ETIMEDOUT);
	CHECK(c.pid > 0, "a timeout leaves it running");
	ret = child__stop(&c, 0.3, &status);
	CHECK_EQ_INT(ret, -ETIMEDOUT);
	CHECK_EQ_INT(c.pid, 0);
	pid_text = read_whole_file("PIDFILE", NULL);
	CHECK(pid_text, "the shell wrote its child's pid");
	if (pid_text) {
		grandchild = (pid_t)atol(pid_text);
		usleep(100 * 1000);
		/* Killed with its group: gone, or a zombie of init's at most. */
		CHECK(kill(grandchild, 0) != 0 || waitpid(grandchild, NULL, WNOHANG) != 0,
		      "the group's sleep %d still runs", grandchild);
		kill(grandchild, SIGKILL);
	}
	free(pid_text);
	unlink("PIDFILE");
}

int main(void)
{
	CHECK(mkdtemp(dir), "mkdtemp");
	CHECK(chdir(dir) == 0, "chdir");
	fresh_files("ready");
	RUN(test_ready_then_stop);
	fresh_files("second");
	RUN(test_second_sigint);
	fresh_files("exit");
	RUN(test_exit_before_ready);
	fresh_files("timeout");
	RUN(test_timeout_and_group_kill);
	/* Its own folder only: another run of this test may be using its own. */
	snprintf(err_path, sizeof(err_path), "rm -rf '%s'", dir);
	CHECK(chdir("/") == 0 && system(err_path) == 0, "clean up");
	return CHECK_DONE();
}
