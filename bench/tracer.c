// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lib/json_read.h"
#include "bench/tracer.h"

static void find_tracer(char *path, size_t len)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (n > 0) {
		char *slash;

		self[n] = 0;
		slash = strrchr(self, '/');
		if (slash) {
			*slash = 0;
			snprintf(path, len, "%.200s/cmabulk-trace", self);
			if (access(path, X_OK) == 0)
				return;
		}
	}
	snprintf(path, len, "cmabulk-trace");	/* execvp searches PATH */
}

static bool file_has(const char *path, const char *what, char *last, size_t last_len)
{
	char line[512];
	bool found = false;
	FILE *f = fopen(path, "r");

	if (!f)
		return false;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = 0;
		if (strstr(line, what))
			found = true;
		else if (line[0] && last)
			snprintf(last, last_len, "%.200s", line);
	}
	fclose(f);
	return found;
}

int tracer__start(struct tracer *t, const char *area, const char *args,
		  const char *stderr_file, char *err, size_t err_len)
{
	char cmd[1024], last[256] = "";
	int fds[2];

	memset(t, 0, sizeof(*t));
	find_tracer(t->path, sizeof(t->path));
	if (pipe2(fds, O_CLOEXEC))
		return -errno;
	t->pid = fork();
	if (t->pid < 0)
		return -errno;
	if (t->pid == 0) {
		int efd = open(stderr_file, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		char *argv[16] = { t->path, "-j", "-a", (char *)area }, *save = NULL, *tok;
		int n = 4;

		dup2(fds[1], 1);
		if (efd >= 0)
			dup2(efd, 2);
		/* Extra options, split at spaces (they are ours, never quoted). */
		snprintf(cmd, sizeof(cmd), "%s", args ? args : "");
		for (tok = strtok_r(cmd, " ", &save); tok && n < 15; tok = strtok_r(NULL, " ", &save))
			argv[n++] = tok;
		argv[n] = NULL;
		execvp(t->path, argv);
		fprintf(stderr, "cannot run %s: %s\n", t->path, strerror(errno));
		_exit(127);
	}
	close(fds[1]);
	t->out = fdopen(fds[0], "r");
	/* Attached once it says "Tracing" (BPF loading is slow under TCG). */
	for (int i = 0; i < 1200; i++) {
		int status;

		if (file_has(stderr_file, "Tracing", NULL, 0))
			return 0;
		if (waitpid(t->pid, &status, WNOHANG) == t->pid) {
			file_has(stderr_file, "Tracing", last, sizeof(last));
			t->pid = 0;
			snprintf(err, err_len, "cmabulk-trace exited before attaching: %s", last);
			return -ECHILD;
		}
		usleep(50000);
	}
	tracer__stop(t);
	snprintf(err, err_len, "cmabulk-trace did not attach within 60 s");
	return -ETIMEDOUT;
}

int tracer__take(struct tracer *t, char **line, struct trace_trial *tt,
		 char *err, size_t err_len)
{
	struct pollfd pfd = { .fd = fileno(t->out), .events = POLLIN };
	size_t cap = 0;
	ssize_t n;

	*line = NULL;
	if (t->pid <= 0 || kill(t->pid, SIGUSR1)) {
		snprintf(err, err_len, "cmabulk-trace is not running");
		return -ESRCH;
	}
	if (poll(&pfd, 1, 30000) <= 0) {
		snprintf(err, err_len, "cmabulk-trace gave no report within 30 s");
		return -ETIMEDOUT;
	}
	n = getline(line, &cap, t->out);
	if (n <= 0) {
		snprintf(err, err_len, "cmabulk-trace stopped reporting");
		return -EIO;
	}
	(*line)[strcspn(*line, "\n")] = 0;
	return trace_trial__parse(*line, tt, err, err_len);
}

void tracer__stop(struct tracer *t)
{
	if (t->pid > 0) {
		kill(t->pid, SIGINT);
		for (int i = 0; i < 200; i++) {
			if (waitpid(t->pid, NULL, WNOHANG) == t->pid) {
				t->pid = 0;
				break;
			}
			usleep(50000);
		}
		if (t->pid > 0) {
			kill(t->pid, SIGKILL);
			waitpid(t->pid, NULL, 0);
		}
	}
	t->pid = 0;
	if (t->out)
		fclose(t->out);
	t->out = NULL;
}

static uint64_t u(const struct jnode *n)
{
	double v = jread_num(n, 0);

	return v > 0 ? (uint64_t)v : 0;
}

static void add_phase(struct trace_trial *tt, const char *name, uint64_t ns)
{
	for (int i = 0; i < tt->nr_phases; i++) {
		if (!strcmp(tt->phase[i], name)) {
			tt->phase_ns[i] += ns;
			return;
		}
	}
	if (tt->nr_phases < TRACE_MAX_PHASES) {
		snprintf(tt->phase[tt->nr_phases], sizeof(tt->phase[0]), "%s", name);
		tt->phase_ns[tt->nr_phases++] = ns;
	}
}

int trace_trial__parse(const char *json, struct trace_trial *tt, char *err, size_t err_len)
{
	struct jnode *root = jread_parse(json, strlen(json), err, err_len);
	const struct jnode *calls, *ranges, *sys, *n;

	memset(tt, 0, sizeof(*tt));
	if (!root)
		return -EINVAL;
	calls = jread_get(root, "calls");
	ranges = jread_get(root, "ranges");
	sys = jread_get(root, "system");
	if (!calls || calls->type != JARR || !ranges || ranges->type != JARR || !sys) {
		snprintf(err, err_len, "not a cmabulk-trace report (no calls, ranges or system)");
		jread_free(root);
		return -EINVAL;
	}
	for (n = calls->child; n; n = n->next) {
		const char *kind = jread_str(jread_get(n, "kind"));
		const struct jnode *ph = jread_get(n, "phases");

		if (kind && !strcmp(kind, "bulk"))
			tt->bulk_calls += u(jread_get(n, "calls"));
		else
			tt->cma_alloc_calls += u(jread_get(n, "calls"));
		tt->skipped += u(jread_get(n, "skipped_total"));
		tt->busy_retries += u(jread_get(n, "busy_retries"));
		for (const struct jnode *p = ph ? ph->child : NULL; p; p = p->next)
			add_phase(tt, p->key, u(jread_get(p, "ns")));
	}
	for (n = ranges->child; n; n = n->next) {
		tt->ranges += u(jread_get(n, "ranges"));
		tt->retries += u(jread_get(n, "retries"));
		tt->migrated += u(jread_get(n, "migrated"));
		tt->migrate_failed += u(jread_get(n, "migrate_failed"));
	}
	tt->pcp_drains = u(jread_get(sys, "pcp_drains"));
	tt->lru_drains = u(jread_get(sys, "lru_drains"));
	tt->pcp_drain_ns = u(jread_get(sys, "pcp_drain_ns"));
	tt->lru_drain_ns = u(jread_get(sys, "lru_drain_ns"));
	jread_free(root);
	return 0;
}
