// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include <bpf/btf.h>

#include "loader/kernel_names.h"

/* Copy enumerators of enum @type, minus @prefix, lower case, by value. */
static int load_enum(const struct btf *btf, const char *type,
		     const char *prefix, char names[][24], int max)
{
	const struct btf_type *t;
	const struct btf_enum *e;
	int id, n = 0;

	id = btf__find_by_name_kind(btf, type, BTF_KIND_ENUM);
	if (id < 0)
		return 0;
	t = btf__type_by_id(btf, id);
	e = btf_enum(t);
	for (int i = 0; i < btf_vlen(t); i++, e++) {
		const char *s = btf__name_by_offset(btf, e->name_off);
		size_t plen = strlen(prefix);
		int v = e->val;

		if (strncmp(s, prefix, plen) || v < 0 || v >= max)
			continue;	/* NR_ALLOC_CONTIG_FAIL and the like */
		snprintf(names[v], 24, "%s", s + plen);
		for (char *c = names[v]; *c; c++)
			*c = tolower((unsigned char)*c);
		if (v + 1 > n)
			n = v + 1;
	}
	return n;
}

bool kernel_names__load(struct kernel_names *kn, const struct btf *btf)
{
	memset(kn, 0, sizeof(*kn));
	kn->nr_modes = load_enum(btf, "alloc_contig_mode", "ALLOC_CONTIG_",
				 kn->mode, KNAMES_MAX);
	kn->nr_fails = load_enum(btf, "alloc_contig_fail", "ALLOC_CONTIG_FAIL_",
				 kn->fail, KNAMES_MAX);
	return kn->nr_modes > 0 && kn->nr_fails > 0;
}

static const char *lookup(const char names[][24], int n, int v,
			  const char *what, char *buf)
{
	if (v >= 0 && v < n && names[v][0])
		return names[v];
	snprintf(buf, 24, "%s%d", what, v);
	return buf;
}

const char *kernel_names__mode(const struct kernel_names *kn, int value)
{
	static char buf[24];

	return lookup(kn->mode, kn->nr_modes, value, "mode", buf);
}

const char *kernel_names__fail(const struct kernel_names *kn, int value)
{
	static char buf[24];

	return lookup(kn->fail, kn->nr_fails, value, "reason", buf);
}

int kernel_names__mode_value(const struct kernel_names *kn, const char *name)
{
	for (int i = 0; i < kn->nr_modes; i++)
		if (!strcmp(kn->mode[i], name))
			return i;
	return -1;
}

const char *kernel_names__mode_list(const struct kernel_names *kn)
{
	static char list[KNAMES_MAX * 26];
	size_t len = 0;

	list[0] = 0;
	for (int i = 0; i < kn->nr_modes && len < sizeof(list); i++)
		len += snprintf(list + len, sizeof(list) - len, "%s%s", i ? ", " : "", kn->mode[i]);
	return list;
}
