// SPDX-License-Identifier: GPL-2.0
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "loader/feature_probe.h"

const char *features__tracefs(void)
{
	static const char *const paths[] = { "/sys/kernel/tracing",
					     "/sys/kernel/debug/tracing" };

	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		char p[64];

		snprintf(p, sizeof(p), "%s/events", paths[i]);
		if (!access(p, R_OK))
			return paths[i];
	}
	return NULL;
}

static bool tracefs_has(const char *tracefs, const char *tp)
{
	char pattern[160];
	glob_t g;
	bool found;

	if (!tracefs)
		return false;
	snprintf(pattern, sizeof(pattern), "%s/events/*/%s", tracefs, tp);
	found = glob(pattern, 0, NULL, &g) == 0 && g.gl_pathc > 0;
	globfree(&g);
	return found;
}

static bool btf_has_tracepoint(const struct btf *btf, const char *tp)
{
	char name[96];

	snprintf(name, sizeof(name), "btf_trace_%s", tp);
	return btf && btf__find_by_name_kind(btf, name, BTF_KIND_TYPEDEF) > 0;
}

static struct feature *feature_of(struct features *fs, const char *target,
				  bool is_function)
{
	for (int i = 0; i < fs->n; i++)
		if (!strcmp(fs->f[i].target, target))
			return &fs->f[i];
	if (fs->n == FEATURES_MAX)
		return NULL;
	snprintf(fs->f[fs->n].target, sizeof(fs->f[0].target), "%s", target);
	fs->f[fs->n].is_function = is_function;
	fs->f[fs->n].how = "missing";
	return &fs->f[fs->n++];
}

/*
 * Functions that changed name between kernels: a program written for the
 * first of a list attaches to the first of the list the kernel has.
 */
static const char *const function_moves[][5] = {
	/* A window's start: the series, 7.0's frozen API, 6.12, 6.1. */
	{ "__alloc_contig_range_noprof", "alloc_contig_frozen_range_noprof",
	  "alloc_contig_range_noprof", "alloc_contig_range", NULL },
	/* Where a cma_alloc() holds its struct cma: 6.12, 7.0, 6.1. */
	{ "__cma_alloc", "__cma_alloc_frozen", "cma_alloc_frozen", "cma_alloc", NULL },
	/* The bulk call's: the series' common body (v5, v4), its wrapper. */
	{ "__cma_alloc_bulk_order", "__cma_alloc_bulk", "cma_alloc_bulk", NULL },
};

static bool btf_has_function(const struct btf *btf, const char *name)
{
	return btf && btf__find_by_name_kind(btf, name, BTF_KIND_FUNC) > 0;
}

const char *features__function_in(const struct btf *btf, const char *target)
{
	if (btf_has_function(btf, target))
		return target;
	for (size_t i = 0; i < sizeof(function_moves) / sizeof(function_moves[0]); i++) {
		if (strcmp(function_moves[i][0], target))
			continue;
		for (int k = 1; function_moves[i][k]; k++)
			if (btf_has_function(btf, function_moves[i][k]))
				return function_moves[i][k];
	}
	return NULL;
}

void features__probe(struct features *fs, struct bpf_object *obj,
		     const struct btf *btf, bool raw_tp, bool phases)
{
	struct bpf_program *prog;

	memset(fs, 0, sizeof(*fs));
	fs->tracefs = features__tracefs();
	bpf_object__for_each_program(prog, obj) {
		const char *sec = bpf_program__section_name(prog);
		const char *target = strchr(sec, '/');
		bool load = false;
		struct feature *f;

		if (!target)
			continue;
		target++;
		if (!strncmp(sec, "tp_btf/", 7) || !strncmp(sec, "raw_tp/", 7)) {
			bool as_btf = !raw_tp && btf_has_tracepoint(btf, target);
			bool as_raw = !as_btf && tracefs_has(fs->tracefs, target);

			f = feature_of(fs, target, false);
			if (!strncmp(sec, "tp_btf/", 7))
				load = as_btf;
			else
				load = as_raw;
			if (f && load)
				f->how = as_btf ? "tp_btf" : "raw_tp";
		} else if (!strncmp(sec, "kprobe/", 7)) {
			/* Loaded where the function is; attached as a fallback only. */
			load = features__function_in(btf, target) != NULL;
		} else if (!strncmp(sec, "fentry/", 7) || !strncmp(sec, "fexit/", 6)) {
			const char *name = bpf_program__name(prog);
			size_t len = strlen(name);
			bool is_phase = (len > 6 && !strcmp(name + len - 6, "_enter")) ||
					(len > 5 && !strcmp(name + len - 5, "_exit") &&
					 strncmp(name, "cma_alloc", 9));

			const char *in = features__function_in(btf, target);

			load = in && (in == target || !bpf_program__set_attach_target(prog, 0, in));
			f = feature_of(fs, load ? in : target, true);
			if (f && load)
				f->how = "fentry/fexit";
			if (f && load && is_phase && !phases)
				f->how = "off (--phases)";
			load = load && (phases || !is_phase);
		}
		bpf_program__set_autoload(prog, load);
	}
}

int features__missing(const struct features *fs, bool functions, char *buf,
		      size_t len)
{
	int n = 0;
	size_t used = 0;

	buf[0] = '\0';
	for (int i = 0; i < fs->n; i++) {
		if (fs->f[i].is_function != functions ||
		    strcmp(fs->f[i].how, "missing"))
			continue;
		if (used < len)
			used += snprintf(buf + used, len - used, "%s%s",
					 n ? ", " : "", fs->f[i].target);
		n++;
	}
	return n;
}

bool features__has(const struct features *fs, const char *target)
{
	for (int i = 0; i < fs->n; i++)
		if (!strcmp(fs->f[i].target, target))
			return strcmp(fs->f[i].how, "missing") && strncmp(fs->f[i].how, "off", 3);
	return false;
}

void features__turn_off(struct features *fs, struct bpf_object *obj, const char *tp,
			const char *how)
{
	struct bpf_program *prog;
	struct feature *f = feature_of(fs, tp, false);

	bpf_object__for_each_program(prog, obj) {
		const char *sec = bpf_program__section_name(prog);

		if ((!strncmp(sec, "tp_btf/", 7) || !strncmp(sec, "raw_tp/", 7)) &&
		    !strcmp(sec + 7, tp))
			bpf_program__set_autoload(prog, false);
	}
	if (f)
		f->how = how;
}

void features__print(const struct features *fs, FILE *out)
{
	fprintf(out, "%-34s %-10s %s\n", "ATTACH POINT", "KIND", "HOW");
	for (int i = 0; i < fs->n; i++)
		fprintf(out, "%-34s %-10s %s\n", fs->f[i].target,
			fs->f[i].is_function ? "function" : "tracepoint",
			fs->f[i].how);
	fprintf(out, "%-34s %-10s %s\n", "tracefs", "mount",
		fs->tracefs ? fs->tracefs : "missing");
}


void features__functions_off(struct features *fs, struct bpf_object *obj, const char *how)
{
	struct bpf_program *prog;

	bpf_object__for_each_program(prog, obj) {
		const char *sec = bpf_program__section_name(prog);

		if (strncmp(sec, "fentry/", 7) && strncmp(sec, "fexit/", 6))
			continue;
		bpf_program__set_autoload(prog, false);
	}
	for (int i = 0; i < fs->n; i++)
		if (fs->f[i].is_function)
			fs->f[i].how = how;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The function names of @kallsyms, sorted; their number, -1 on error. */
static long kallsyms_functions(const char *kallsyms, char ***names)
{
	FILE *f = fopen(kallsyms, "re");
	char line[512], type, name[256];
	size_t n = 0, cap = 0;
	char **v = NULL, **grown;

	*names = NULL;
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%*s %c %255s", &type, name) != 2 || strchr(line, '['))
			continue;	/* a module's: not in vmlinux's BTF */
		if (type != 't' && type != 'T' && type != 'w' && type != 'W')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 65536;
			grown = realloc(v, cap * sizeof(*v));
			if (!grown)
				break;
			v = grown;
		}
		v[n] = strdup(name);
		if (v[n])
			n++;
	}
	fclose(f);
	if (n)
		qsort(v, n, sizeof(*v), compare_names);
	*names = v;
	return (long)n;
}

int features__btf_fits_kernel(const struct btf *btf, const char *kallsyms, char *why, size_t len)
{
	unsigned long funcs = 0, found = 0;
	char **names;
	long nr = kallsyms_functions(kallsyms, &names);

	if (nr < 0) {
		snprintf(why, len, "%s: cannot read it to check the BTF against", kallsyms);
		return -1;
	}
	for (unsigned int id = 1; id < btf__type_cnt(btf); id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		const char *name;

		if (!btf_is_func(t))
			continue;
		name = btf__name_by_offset(btf, t->name_off);
		funcs++;
		if (nr && bsearch(&name, names, nr, sizeof(*names), compare_names))
			found++;
	}
	for (long i = 0; i < nr; i++)
		free(names[i]);
	free(names);
	if (funcs && found * 100 >= funcs * 95)
		return 1;
	snprintf(why, len, "%lu of its %lu functions are not in %s", funcs - found, funcs, kallsyms);
	return 0;
}
