// SPDX-License-Identifier: GPL-2.0
/*
 * Reading a device tracing session (see trace_session.h). The
 * tracer's JSON is the only input that carries numbers; device.facts only
 * names the device. Everything is read through json_doc, so a line the
 * tracer did not write is refused with its line number instead of being
 * read as zeros.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench/core/trace_session.h"
#include "lib/hist.h"
#include "lib/json_doc.h"
#include "lib/tool.h"

int device_facts__read(struct device_facts *f, const char *path)
{
	char line[320];
	FILE *in = fopen(path, "r");

	f->nr = 0;
	if (!in)
		return -errno;
	while (f->nr < DEVICE_MAX_FACTS && fgets(line, sizeof(line), in)) {
		char *eq = strchr(line, '=');

		if (!eq || eq == line || (size_t)(eq - line) >= sizeof(f->key[0]))
			continue;
		line[strcspn(line, "\r\n")] = '\0';
		memcpy(f->key[f->nr], line, eq - line);
		f->key[f->nr][eq - line] = '\0';
		snprintf(f->value[f->nr], sizeof(f->value[0]), "%s", eq + 1);
		f->nr++;
	}
	fclose(in);
	return 0;
}

const char *device_facts__get(const struct device_facts *f, const char *key)
{
	for (int i = 0; i < f->nr; i++)
		if (!strcmp(f->key[i], key))
			return f->value[i];
	return "";
}

/* One line of trace.out into @s. 0, or -EINVAL with the reason in @err. */
static int session_add_line(struct trace_session *s, char *line, char *err, size_t len)
{
	struct json_object *o = json_doc__parse(line, err, len), **grown;
	const char *schema, *type;

	if (!o)
		return -EINVAL;
	schema = json_doc__str(o, "schema");
	type = json_doc__str(o, "type");
	if (!schema || strcmp(schema, "cmabulk-trace") || !type) {
		json_object_put(o);
		snprintf(err, len, "not a cmabulk-trace JSON object");
		return -EINVAL;
	}
	if (!strcmp(type, "final")) {
		json_object_put(s->final);
		s->final = o;
		s->unit = json_doc__str(o, "unit");
	} else if (!strcmp(type, "call")) {
		grown = realloc(s->calls, (s->nr_calls + 1) * sizeof(*grown));
		if (!grown) {
			json_object_put(o);
			snprintf(err, len, "out of memory");
			return -ENOMEM;
		}
		s->calls = grown;
		s->calls[s->nr_calls++] = o;
	} else {
		/* failure, failures, culprits: the report reads them from "final" */
		if (!strcmp(type, "interval"))
			s->nr_intervals++;
		json_object_put(o);
	}
	return 0;
}

/* trace.out, line by line; a cut-off last line (a session stopped hard) is noted, not fatal. */

int trace_session__load(struct trace_session *s, const char *dir)
{
	char path[4096], err[256];
	char *text, *line, *next;
	unsigned int nr = 0;
	int ret = 0;

	memset(s, 0, sizeof(*s));
	snprintf(path, sizeof(path), "%s/trace.out", dir);
	text = read_whole_file(path, NULL);
	if (!text)
		return tool_error(-errno, "%s: %s (not a device trace session?)", path, strerror(errno));
	for (line = text; line && *line && !ret; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		nr++;
		if (!*line)
			continue;
		ret = session_add_line(s, line, err, sizeof(err));
		if (ret && (!next || !*next)) {
			s->truncated = true;
			ret = 0;
		} else if (ret) {
			tool_error(0, "%s line %u: %s", path, nr, err);
		}
	}
	free(text);
	return ret;
}

void trace_session__free(struct trace_session *s)
{
	for (size_t i = 0; i < s->nr_calls; i++)
		json_object_put(s->calls[i]);
	free(s->calls);
	json_object_put(s->final);
}

/* The rows of the final report ("calls": one per area, kind, mode, fallback, order). */
struct json_object *trace_session__rows(const struct trace_session *s)
{
	return s->final ? json_doc__member(s->final, "calls", json_type_array, NULL) : NULL;
}

/* A row's latency histogram back into log2 slots. */
void trace_session__row_slots(struct json_object *row, __u64 *slots)
{
	struct json_object *lat = json_doc__member(row, "latency", json_type_object, NULL);
	struct json_object *b = lat ? json_doc__member(lat, "buckets", json_type_array, NULL) : NULL;

	memset(slots, 0, TRACE_SESSION_HIST_SLOTS * sizeof(*slots));
	for (size_t i = 0; b && i < json_object_array_length(b); i++) {
		struct json_object *e = json_object_array_get_idx(b, i);
		uint64_t low, count;
		char err[128];
		unsigned int slot;

		/* A bucket that is not two counts is not drawn (found by fuzz_session). */
		if (json_doc__count(e, "low", &low, "bucket", err, sizeof(err)) ||
		    json_doc__count(e, "count", &count, "bucket", err, sizeof(err)))
			continue;
		slot = hist_log2_slot(low);
		if (slot < TRACE_SESSION_HIST_SLOTS)
			slots[slot] += count;
	}
}

/* "reserved cma_alloc order 2" / "reserved bulk fast order 4". */
void trace_session__row_label(struct json_object *row, char *buf, size_t len)
{
	const char *mode = json_doc__str(row, "mode");
	const char *kind = json_doc__str(row, "kind");

	snprintf(buf, len, "%s %s%s%s order %.0f", json_doc__str(row, "area") ?: "?",
		 kind ?: "?", mode ? " " : "", mode ?: "", json_doc__num(row, "order", 0));
}

double trace_session__row_mean(struct json_object *row)
{
	double calls = json_doc__num(row, "calls", 0);

	return calls > 0 ? json_doc__num(row, "latency_sum", 0) / calls : 0;
}

bool trace_session__is_session(const char *dir)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/trials.csv", dir);
	if (!access(path, F_OK))
		return false;
	snprintf(path, sizeof(path), "%s/trace.out", dir);
	return !access(path, F_OK);
}
