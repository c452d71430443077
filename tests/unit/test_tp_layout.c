// SPDX-License-Identifier: GPL-2.0
/*
 * The layout decision of loader/tp_layout.c on two kernels' BTF (6.1 and
 * 6.12, tests/unit/btf/) and on tracefs format files alone: what the
 * tracer turns off, and what it reads, on each.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <bpf/btf.h>

#include "loader/tp_layout.h"
#include "tests/unit/check.h"

static const struct tp_need finish_need = { "cma_alloc_finish", 4, 5 };
static const struct tp_need migrate_need = { "mm_migrate_pages", 7, 7 };
static const struct tp_need bulk_need = { "cma_bulk_finish", 8, -1 };

static struct btf *load(const char *name)
{
	char path[512];
	const char *root = getenv("ROOT");
	struct btf *btf;

	snprintf(path, sizeof(path), "%s/build/tests/btf/%s.o", root ? root : ".", name);
	btf = btf__parse(path, NULL);
	CHECK(btf != NULL, "cannot read BTF from %s", path);
	return btf;
}

static void test_btf_6_1(void)
{
	struct btf *btf = load("layout-6.1");

	if (!btf)
		return;
	CHECK_EQ_U64(tp_layout__nargs(btf, NULL, "cma_alloc_finish"), 5);
	CHECK(tp_layout__fit(&finish_need, 5) == TP_FIT_NO_OPTIONAL, "6.1 finish: run without errorno");
	CHECK_EQ_U64(tp_layout__nargs(btf, NULL, "mm_migrate_pages"), 7);
	CHECK(tp_layout__fit(&migrate_need, 7) == TP_FIT_NO_OPTIONAL, "6.1 migrate: reason at 6");
	CHECK(tp_layout__nargs(btf, NULL, "cma_bulk_finish") == -1, "6.1 has no bulk events");
	CHECK(tp_layout__fit(&bulk_need, -1) == TP_FIT_ABSENT, "absent");
	btf__free(btf);
}

static void test_btf_6_12(void)
{
	struct btf *btf = load("layout-6.12");

	if (!btf)
		return;
	CHECK_EQ_U64(tp_layout__nargs(btf, NULL, "cma_alloc_finish"), 6);
	CHECK(tp_layout__fit(&finish_need, 6) == TP_FIT_FULL, "6.12 finish: errorno read");
	CHECK_EQ_U64(tp_layout__nargs(btf, NULL, "mm_migrate_pages"), 8);
	CHECK(tp_layout__fit(&migrate_need, 8) == TP_FIT_FULL, "6.12 migrate");
	CHECK_EQ_U64(tp_layout__nargs(btf, NULL, "cma_bulk_finish"), 8);
	CHECK(tp_layout__fit(&bulk_need, 8) == TP_FIT_FULL, "bulk finish");
	CHECK(tp_layout__fit(&bulk_need, 7) == TP_FIT_SHORT, "a shorter bulk finish cannot load");
	CHECK(tp_layout__fit(&finish_need, 3) == TP_FIT_SHORT, "finish without count");
	btf__free(btf);
}

static void write_format(const char *dir, const char *fields)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/events", dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/events/cma", dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/events/cma/cma_alloc_finish", dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/events/cma/cma_alloc_finish/format", dir);
	f = fopen(path, "w");
	CHECK(f != NULL, "cannot write %s", path);
	if (!f)
		return;
	fprintf(f, "name: cma_alloc_finish\nID: 77\nformat:\n"
		"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
		"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
		"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n%s\n"
		"print fmt: \"name=%%s\", __get_str(name)\n", fields);
	fclose(f);
}

/* Without BTF for the event (raw_tp), the format's fields decide. */
static void test_tracefs_formats(void)
{
	char dir[] = "/tmp/cmabulk-tracefs-XXXXXX";
	const char *v61 = "\tfield:__data_loc char[] name;\toffset:8;\tsize:4;\tsigned:0;\n"
		"\tfield:unsigned long pfn;\toffset:16;\tsize:8;\tsigned:0;\n"
		"\tfield:const struct page * page;\toffset:24;\tsize:8;\tsigned:0;\n"
		"\tfield:unsigned long count;\toffset:32;\tsize:8;\tsigned:0;\n"
		"\tfield:unsigned int align;\toffset:40;\tsize:4;\tsigned:0;\n";
	char v612[1024];

	CHECK(mkdtemp(dir) != NULL, "mkdtemp");
	write_format(dir, v61);
	CHECK_EQ_U64(tp_layout__nargs(NULL, dir, "cma_alloc_finish"), 5);
	CHECK(tp_layout__fit(&finish_need, 5) == TP_FIT_NO_OPTIONAL, "6.1 format: run without errorno");
	CHECK(tp_layout__nargs(NULL, dir, "cma_alloc_start") == -1, "no such event");
	snprintf(v612, sizeof(v612), "%s\tfield:int errorno;\toffset:44;\tsize:4;\tsigned:1;\n", v61);
	write_format(dir, v612);
	CHECK_EQ_U64(tp_layout__nargs(NULL, dir, "cma_alloc_finish"), 6);
	snprintf(v612, sizeof(v612), "rm -rf '%s'", dir);
	CHECK(system(v612) == 0, "clean up");
}

int main(void)
{
	RUN(test_btf_6_1);
	RUN(test_btf_6_12);
	RUN(test_tracefs_formats);
	return CHECK_DONE();
}
