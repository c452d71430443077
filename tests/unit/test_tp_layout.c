// SPDX-License-Identifier: GPL-2.0
/*
 * The layout decision of loader/tp_layout.c on the BTF of the kernels in
 * tests/unit/btf/ (6.1, 6.12, 7.0, the cma_alloc_at series) and on tracefs
 * format files alone: what the tracer turns off, and where it finds each
 * argument it reads, by name, on each.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <bpf/btf.h>

#include "loader/feature_probe.h"
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

/* The names the tracer looks arguments up by (loader/cmabulk-trace.c). */
static const char *const count_names[] = { "request_count", "count", NULL };
static const char *const available_names[] = { "available_count", NULL };
static const char *const errorno_names[] = { "errorno", NULL };
static const char *const reason_names[] = { "reason", NULL };
static const char *const name_names[] = { "name", NULL };

static int arg_at(const struct btf *btf, const char *tracefs, const char *tp,
		  const char *const *names, const char *want_source)
{
	const char *source = NULL;
	int at = tp_layout__arg_index(btf, tracefs, tp, names, &source);

	if (want_source)
		CHECK_STREQ(source, want_source);
	return at;
}

/*
 * By name: 6.1 has names only for events that are their own class; 6.12
 * for every event; 7.0's start has three counts; the cma_alloc_at series
 * moves the request two places on. A kernel's event without the name is
 * -1, an event nothing knows -2.
 */
static void test_arg_index(void)
{
	struct btf *v61 = load("layout-6.1"), *v612 = load("layout-6.12");
	struct btf *v70 = load("layout-7.0"), *at = load("layout-cma-alloc-at");

	if (!v61 || !v612 || !v70 || !at)
		return;
	CHECK_EQ_INT(arg_at(v61, NULL, "cma_alloc_start", count_names, "BTF __bpf_trace_"), 1);
	CHECK_EQ_INT(arg_at(v61, NULL, "cma_alloc_start", available_names, NULL), -1);
	CHECK_EQ_INT(arg_at(v61, NULL, "mm_migrate_pages", reason_names, NULL), 6);
	CHECK_EQ_INT(arg_at(v61, NULL, "cma_alloc_finish", errorno_names, "tracefs format"), -2);
	CHECK_EQ_INT(arg_at(v612, NULL, "cma_alloc_start", count_names, "BTF __probestub_"), 1);
	CHECK_EQ_INT(arg_at(v612, NULL, "cma_alloc_finish", errorno_names, NULL), 5);
	CHECK_EQ_INT(arg_at(v612, NULL, "mm_migrate_pages", reason_names, NULL), 7);
	CHECK_EQ_INT(arg_at(v70, NULL, "cma_alloc_start", count_names, NULL), 1);
	CHECK_EQ_INT(arg_at(v70, NULL, "cma_alloc_start", available_names, NULL), 2);
	CHECK_EQ_INT(arg_at(v70, NULL, "cma_alloc_finish", errorno_names, NULL), 5);
	CHECK_EQ_INT(arg_at(at, NULL, "cma_alloc_start", name_names, NULL), 0);
	CHECK_EQ_INT(arg_at(at, NULL, "cma_alloc_start", count_names, NULL), 3);
	CHECK_EQ_INT(arg_at(at, NULL, "cma_alloc_start", available_names, NULL), 4);
	btf__free(v61);
	btf__free(v612);
	btf__free(v70);
	btf__free(at);
}

/*
 * The functions a program attaches to, on each kernel: the window's start
 * and the call that holds its struct cma moved (7.0's frozen API, 6.1's
 * older names); a kernel without the series has no bulk call.
 */
static void test_function_moves(void)
{
	struct btf *v61 = load("layout-6.1"), *v612 = load("layout-6.12");
	struct btf *v70 = load("layout-7.0");
	const char *in;

	if (!v61 || !v612 || !v70)
		return;
	CHECK_STREQ(features__function_in(v612, "__cma_alloc"), "__cma_alloc");
	CHECK_STREQ(features__function_in(v612, "__alloc_contig_range_noprof"),
		    "__alloc_contig_range_noprof");
	/* The fixture has series v4's body: v5's __cma_alloc_bulk_order moves to it. */
	CHECK_STREQ(features__function_in(v612, "__cma_alloc_bulk_order"), "__cma_alloc_bulk");
	CHECK_STREQ(features__function_in(v70, "__cma_alloc"), "cma_alloc_frozen");
	CHECK_STREQ(features__function_in(v70, "__alloc_contig_range_noprof"),
		    "alloc_contig_frozen_range_noprof");
	CHECK_STREQ(features__function_in(v61, "__cma_alloc"), "cma_alloc");
	CHECK_STREQ(features__function_in(v61, "__alloc_contig_range_noprof"),
		    "alloc_contig_range");
	in = features__function_in(v61, "__cma_alloc_bulk_order");
	CHECK(in == NULL, "6.1 has a bulk call: %s", in);
	in = features__function_in(v70, "test_pages_isolated");
	CHECK(in == NULL, "a function no fixture has: %s", in);
	btf__free(v61);
	btf__free(v612);
	btf__free(v70);
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
	/* 6.1's finish has no BTF names: the format's give count and no errorno. */
	CHECK_EQ_INT(arg_at(NULL, dir, "cma_alloc_finish", count_names + 1, "tracefs format"), 3);
	CHECK_EQ_INT(arg_at(NULL, dir, "cma_alloc_finish", errorno_names, NULL), -1);
	CHECK(tp_layout__nargs(NULL, dir, "cma_alloc_start") == -1, "no such event");
	snprintf(v612, sizeof(v612), "%s\tfield:int errorno;\toffset:44;\tsize:4;\tsigned:1;\n", v61);
	write_format(dir, v612);
	CHECK_EQ_U64(tp_layout__nargs(NULL, dir, "cma_alloc_finish"), 6);
	CHECK_EQ_INT(arg_at(NULL, dir, "cma_alloc_finish", errorno_names, NULL), 5);
	snprintf(v612, sizeof(v612), "rm -rf '%s'", dir);
	CHECK(system(v612) == 0, "clean up");
}

int main(void)
{
	RUN(test_btf_6_1);
	RUN(test_btf_6_12);
	RUN(test_tracefs_formats);
	RUN(test_arg_index);
	RUN(test_function_moves);
	return CHECK_DONE();
}
