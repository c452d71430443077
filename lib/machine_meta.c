// SPDX-License-Identifier: GPL-2.0
/* The machine a measurement ran on, for meta.json (lib/machine_meta.h). */
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "lib/machine_meta.h"
#include "lib/json.h"
#include "lib/sysfacts.h"
#include "lib/version.h"

/* The value of a "key<TAB>: value" line of /proc/cpuinfo, without its newline. */
static const char *cpuinfo_value(char *line)
{
	char *v = strchr(line, ':');

	if (!v)
		return "";
	v += strspn(v + 1, " ") + 1;
	v[strcspn(v, "\n")] = 0;
	return v;
}

/*
 * The CPU's model name (arm64 has none: its implementer and part codes
 * instead) and the clock source, "unknown" when not found.
 */
static void machine_facts(char *model, size_t model_len, char *clock, size_t clock_len)
{
	FILE *c = fopen("/proc/cpuinfo", "r");
	char line[512], impl[32] = "", part[32] = "";

	snprintf(model, model_len, "unknown");
	snprintf(clock, clock_len, "unknown");
	while (c && fgets(line, sizeof(line), c)) {
		if (!strncmp(line, "model name", 10)) {
			snprintf(model, model_len, "%s", cpuinfo_value(line));
			impl[0] = 0;
			break;
		}
		if (!strncmp(line, "CPU implementer", 15) && !impl[0])
			snprintf(impl, sizeof(impl), "%s", cpuinfo_value(line));
		if (!strncmp(line, "CPU part", 8) && !part[0])
			snprintf(part, sizeof(part), "%s", cpuinfo_value(line));
	}
	if (impl[0])
		snprintf(model, model_len, "arm64 implementer %s part %s", impl, part[0] ? part : "?");
	if (c)
		fclose(c);
	c = fopen("/sys/devices/system/clocksource/clocksource0/current_clocksource", "r");
	if (c && fgets(clock, clock_len, c))
		clock[strcspn(clock, "\n")] = 0;
	if (c)
		fclose(c);
}

void machine_meta__write(struct json_writer *w)
{
	char model[256], clock[64];
	struct utsname u;

	uname(&u);
	machine_facts(model, sizeof(model), clock, sizeof(clock));
	json_key_string(w, "tool_version", cmabulk_version);
	json_key_string(w, "kernel_release", u.release);
	json_key_string(w, "kernel_version", u.version);
	json_key_string(w, "machine", u.machine);
	json_key_string(w, "cpu_model", model);
	json_key_i64(w, "cpus", sysconf(_SC_NPROCESSORS_ONLN));
	json_key_i64(w, "mem_total_kb", sys_meminfo_kb("MemTotal"));
	json_key_string(w, "clocksource", clock);
	/* Pages in the table are the run's: a report elsewhere converts with this. */
	json_key_u64(w, "page_size", sys_page_size());
}

void machine_meta__host(struct json_writer *w, int nr_meta, const char *const *meta)
{
	json_key(w, "host");
	json_object_begin(w);
	for (int i = 0; i < nr_meta; i++) {
		const char *eq = strchr(meta[i], '=');
		char key[64];

		if (!eq || eq == meta[i])
			continue;
		snprintf(key, sizeof(key), "%.*s", (int)(eq - meta[i]), meta[i]);
		json_key_string(w, key, eq + 1);
	}
	json_object_end(w);
}
