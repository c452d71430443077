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

static bool name_in(const char *name, const char *const *names)
{
	for (; *names; names++)
		if (!strcmp(name, *names))
			return true;
	return false;
}

/*
 * The fields of @tp's format after the common_* ones: their number, or
 * with @names the index of the first called one of them (-1 if none);
 * -2 when tracefs has no such event.
 */
static int format_fields(const char *tracefs, const char *tp, const char *const *names)
{
	FILE *f = open_format(tracefs, tp);
	char line[512];
	int n = 0;

	if (!f)
		return -2;
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
		if (names && name_in(name, names))
			break;
		n++;
	}
	if (names && feof(f))
		n = -1;
	fclose(f);
	return n;
}

/*
 * The parameters of function @func in @btf, after the tracepoint's void
 * *data: the index of the one called one of @names (-1 if none); -2 when
 * @btf has no such function.
 */
static int btf_param_index(const struct btf *btf, const char *func, const char *const *names)
{
	const struct btf_param *p;
	const struct btf_type *t;
	int id;

	id = btf ? btf__find_by_name_kind(btf, func, BTF_KIND_FUNC) : -1;
	if (id <= 0)
		return -2;
	t = btf__type_by_id(btf, btf__type_by_id(btf, id)->type);
	if (!t || !btf_is_func_proto(t))
		return -2;
	p = btf_params(t);
	for (int i = 1; i < btf_vlen(t); i++)
		if (name_in(btf__name_by_offset(btf, p[i].name_off), names))
			return i - 1;
	return -1;
}

int tp_layout__arg_index(const struct btf *btf, const char *tracefs, const char *tp,
			 const char *const *names, const char **source)
{
	static const char *const prefixes[] = { "__probestub_", "__bpf_trace_" };
	char func[96];
	int i;

	for (size_t k = 0; k < sizeof(prefixes) / sizeof(prefixes[0]); k++) {
		snprintf(func, sizeof(func), "%s%s", prefixes[k], tp);
		i = btf_param_index(btf, func, names);
		if (i != -2) {
			if (source)
				*source = k ? "BTF __bpf_trace_" : "BTF __probestub_";
			return i;
		}
	}
	if (source)
		*source = "tracefs format";
	return format_fields(tracefs, tp, names);
}

int tp_layout__nargs(const struct btf *btf, const char *tracefs, const char *tp)
{
	int n = btf_nargs(btf, tp);

	if (n >= 0)
		return n;
	n = format_fields(tracefs, tp, NULL);
	return n >= 0 ? n : -1;
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
