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

#include "bench/measure/trace_client.h"
#include "lib/child.h"
#include "lib/json_doc.h"

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

/* Attached once it says "Tracing" (BPF loading is slow under TCG). */
static int says_tracing(void *stderr_file)
{
	return file_has(stderr_file, "Tracing", NULL, 0);
}

int trace_client__start(struct tracer *t, const char *area, const char *args,
		  const char *perfetto, const char *stderr_file, char *err, size_t err_len)
{
	char cmd[1024], last[256] = "", *save = NULL, *tok;
	char *argv[16] = { t->path, "-j", "-a", (char *)area };
	struct child_io io = { .stderr_path = stderr_file };
	int fds[2], n = 4, ret, status;

	memset(t, 0, sizeof(*t));
	find_tracer(t->path, sizeof(t->path));
	argv[0] = t->path;
	/* Extra options, split at spaces (they are ours, never quoted). */
	snprintf(cmd, sizeof(cmd), "%s", args ? args : "");
	for (tok = strtok_r(cmd, " ", &save); tok && n < 13; tok = strtok_r(NULL, " ", &save))
		argv[n++] = tok;
	if (perfetto) {		/* a path: never split */
		argv[n++] = "--perfetto";
		argv[n++] = (char *)perfetto;
	}
	argv[n] = NULL;
	if (pipe2(fds, O_CLOEXEC))
		return -errno;
	io.stdout_fd = fds[1];
	ret = child__spawn(&t->child, argv, &io);
	close(fds[1]);
	if (ret) {
		close(fds[0]);
		return ret;
	}
	t->out = fdopen(fds[0], "r");
	ret = child__wait_ready(&t->child, says_tracing, (void *)stderr_file, 60, 0.05, NULL, &status);
	if (ret == -ECHILD) {
		file_has(stderr_file, "Tracing", last, sizeof(last));
		snprintf(err, err_len, "cmabulk-trace exited before attaching: %s", last);
	} else if (ret) {
		snprintf(err, err_len, "cmabulk-trace did not attach within 60 s");
	}
	if (ret)
		trace_client__stop(t);
	return ret;
}

/* Bytes stdio has read ahead of us (glibc's FILE), which poll() cannot see. */
static bool read_ahead(FILE *f)
{
	return f->_IO_read_ptr < f->_IO_read_end;
}

int trace_client__next_report(FILE *f, char **line, int timeout_ms, char *err, size_t err_len)
{
	struct pollfd pfd = { .fd = fileno(f), .events = POLLIN };
	size_t cap = 0;
	ssize_t n;

	*line = NULL;
	for (;;) {
		if (!read_ahead(f) && poll(&pfd, 1, timeout_ms) <= 0) {
			snprintf(err, err_len, "cmabulk-trace gave no report within %d s",
				 timeout_ms / 1000);
			return -ETIMEDOUT;
		}
		n = getline(line, &cap, f);
		if (n <= 0) {
			snprintf(err, err_len, "cmabulk-trace stopped reporting");
			return -EIO;
		}
		(*line)[strcspn(*line, "\n")] = 0;
		/* A failed call's line, printed as it failed: not the report. */
		if (!strstr(*line, "\"type\":\"failure\""))
			return 0;
	}
}

int trace_client__take(struct tracer *t, char **line, struct trace_trial *tt,
		 char *err, size_t err_len)
{
	int ret;

	*line = NULL;
	if (t->child.pid <= 0 || kill(t->child.pid, SIGUSR1)) {
		snprintf(err, err_len, "cmabulk-trace is not running");
		return -ESRCH;
	}
	ret = trace_client__next_report(t->out, line, 30000, err, err_len);
	return ret ? ret : trace_trial__parse(*line, tt, err, err_len);
}

void trace_client__stop(struct tracer *t)
{
	int status;

	child__stop(&t->child, 10, &status);
	if (t->out)
		fclose(t->out);
	t->out = NULL;
}

static int add_phase(struct trace_trial *tt, const char *name, struct json_object *ph,
		     const char *where, char *err, size_t err_len)
{
	uint64_t ns;
	int i;

	if (json_doc__count(ph, "ns", &ns, where, err, err_len))
		return -EINVAL;
	for (i = 0; i < tt->nr_phases; i++)
		if (!strcmp(tt->phase[i], name))
			break;
	if (i == tt->nr_phases) {
		/* More phases than the table has columns for: the rest are not recorded. */
		if (tt->nr_phases == TRACE_MAX_PHASES)
			return 0;
		snprintf(tt->phase[tt->nr_phases++], sizeof(tt->phase[0]), "%s", name);
		tt->phase_ns[i] = 0;
	}
	tt->phase_ns[i] += ns;
	return 0;
}

/* One element of "calls": a call site's counts, and its phases if traced. */
static int parse_call(struct json_object *c, size_t i, struct trace_trial *tt,
		      char *err, size_t err_len)
{
	char where[96];
	const char *kind = json_doc__str(c, "kind");
	struct json_object *phases;
	uint64_t calls, skipped, busy;
	bool wrong;

	snprintf(where, sizeof(where), "calls[%zu]", i);
	if (!json_object_is_type(c, json_type_object) || !kind) {
		snprintf(err, err_len, "%s: not an object with a string kind", where);
		return -EINVAL;
	}
	if (json_doc__count(c, "calls", &calls, where, err, err_len) ||
	    json_doc__count(c, "skipped_total", &skipped, where, err, err_len) ||
	    json_doc__count(c, "busy_retries", &busy, where, err, err_len))
		return -EINVAL;
	if (!strcmp(kind, "bulk"))
		tt->bulk_calls += calls;
	else
		tt->cma_alloc_calls += calls;
	tt->skipped += skipped;
	tt->busy_retries += busy;
	phases = json_doc__member(c, "phases", json_type_object, &wrong);
	if (wrong) {
		snprintf(err, err_len, "%s.phases: not an object", where);
		return -EINVAL;
	}
	if (!phases)
		return 0;
	json_object_object_foreach(phases, name, ph) {
		char pwhere[160];

		snprintf(pwhere, sizeof(pwhere), "%s.phases.%.40s", where, name);
		if (add_phase(tt, name, ph, pwhere, err, err_len))
			return -EINVAL;
	}
	return 0;
}

static int parse_range(struct json_object *rg, size_t i, struct trace_trial *tt,
		       char *err, size_t err_len)
{
	uint64_t ranges, retries, migrated, failed;
	char where[32];

	snprintf(where, sizeof(where), "ranges[%zu]", i);
	if (json_doc__count(rg, "ranges", &ranges, where, err, err_len) ||
	    json_doc__count(rg, "retries", &retries, where, err, err_len) ||
	    json_doc__count(rg, "migrated", &migrated, where, err, err_len) ||
	    json_doc__count(rg, "migrate_failed", &failed, where, err, err_len))
		return -EINVAL;
	tt->ranges += ranges;
	tt->retries += retries;
	tt->migrated += migrated;
	tt->migrate_failed += failed;
	return 0;
}

static int parse_report(struct json_object *root, struct trace_trial *tt, char *err, size_t err_len)
{
	bool wrong_c, wrong_r, wrong_s;
	struct json_object *calls = json_doc__member(root, "calls", json_type_array, &wrong_c);
	struct json_object *ranges = json_doc__member(root, "ranges", json_type_array, &wrong_r);
	struct json_object *sys = json_doc__member(root, "system", json_type_object, &wrong_s);

	if (!json_object_is_type(root, json_type_object)) {
		snprintf(err, err_len, "not a JSON object");
		return -EINVAL;
	}
	if (!calls || !ranges || !sys) {
		snprintf(err, err_len, "%s %s", !calls ? "calls" : !ranges ? "ranges" : "system",
			 wrong_c || wrong_r || wrong_s ? "has the wrong type" : "is missing");
		return -EINVAL;
	}
	for (size_t i = 0; i < json_object_array_length(calls); i++)
		if (parse_call(json_object_array_get_idx(calls, i), i, tt, err, err_len))
			return -EINVAL;
	for (size_t i = 0; i < json_object_array_length(ranges); i++)
		if (parse_range(json_object_array_get_idx(ranges, i), i, tt, err, err_len))
			return -EINVAL;
	if (json_doc__count(sys, "pcp_drains", &tt->pcp_drains, "system", err, err_len) ||
	    json_doc__count(sys, "lru_drains", &tt->lru_drains, "system", err, err_len) ||
	    json_doc__count(sys, "pcp_drain_ns", &tt->pcp_drain_ns, "system", err, err_len) ||
	    json_doc__count(sys, "lru_drain_ns", &tt->lru_drain_ns, "system", err, err_len))
		return -EINVAL;
	return 0;
}

int trace_trial__parse(const char *json, struct trace_trial *tt, char *err, size_t err_len)
{
	char why[256];
	struct json_object *root = json_doc__parse(json, why, sizeof(why));
	int ret;

	memset(tt, 0, sizeof(*tt));
	if (!root) {
		snprintf(err, err_len, "not a cmabulk-trace report: not JSON: %s", why);
		return -EINVAL;
	}
	ret = parse_report(root, tt, why, sizeof(why));
	json_object_put(root);
	if (ret) {
		snprintf(err, err_len, "not a cmabulk-trace report: %s", why);
		memset(tt, 0, sizeof(*tt));
	}
	return ret;
}
