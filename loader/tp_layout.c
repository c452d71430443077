// SPDX-License-Identifier: GPL-2.0
#include <glob.h>
#include <stdio.h>
#include <string.h>

#include <bpf/btf.h>

#include "loader/tp_layout.h"

/* btf_trace_<tp> is a pointer to a prototype (void *data, TP_PROTO...). */
static int btf_nargs(const struct btf *btf, const char *tp)
{
	const struct btf_type *t;
	char name[96];
	int id;

	if (!btf)
		return -1;
	snprintf(name, sizeof(name), "btf_trace_%s", tp);
	id = btf__find_by_name_kind(btf, name, BTF_KIND_TYPEDEF);
	if (id <= 0)
		return -1;
	t = btf__type_by_id(btf, btf__type_by_id(btf, id)->type);
	t = t && btf_is_ptr(t) ? btf__type_by_id(btf, t->type) : NULL;
	if (!t || !btf_is_func_proto(t) || btf_vlen(t) < 1)
		return -1;
	return btf_vlen(t) - 1;
}

static FILE *open_format(const char *tracefs, const char *tp)
{
	char pattern[192];
	glob_t g;
	FILE *f = NULL;

	if (!tracefs)
		return NULL;
	snprintf(pattern, sizeof(pattern), "%s/events/*/%s/format", tracefs, tp);
	if (glob(pattern, 0, NULL, &g) == 0 && g.gl_pathc > 0)
		f = fopen(g.gl_pathv[0], "r");
	globfree(&g);
	return f;
}

/*
 * The number of "field:TYPE NAME;" lines of @tp's format after the
 * common_* ones; -1 when tracefs has no such event.
 */
static int format_fields(const char *tracefs, const char *tp)
{
	FILE *f = open_format(tracefs, tp);
	char line[512];
	int n = 0;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		char *field = strstr(line, "field:"), *semi, *name;

		if (!field || !(semi = strchr(field, ';')))
			continue;
		*semi = '\0';
		/* The name is the last word, before any array size. */
		name = strrchr(field, ' ');
		name = name ? name + 1 : field + 6;
		name[strcspn(name, "[")] = '\0';
		if (!strncmp(name, "common_", 7))
			continue;
		n++;
	}
	fclose(f);
	return n;
}

int tp_layout__nargs(const struct btf *btf, const char *tracefs, const char *tp)
{
	int n = btf_nargs(btf, tp);

	return n >= 0 ? n : format_fields(tracefs, tp);
}

enum tp_fit tp_layout__fit(const struct tp_need *need, int nargs)
{
	if (nargs < 0)
		return TP_FIT_ABSENT;
	if (nargs < need->required)
		return TP_FIT_SHORT;
	if (need->optional >= 0 && nargs <= need->optional)
		return TP_FIT_NO_OPTIONAL;
	return TP_FIT_FULL;
}
