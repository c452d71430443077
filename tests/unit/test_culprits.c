// SPDX-License-Identifier: GPL-2.0
/*
 * loader/culprits.c on constructed pages: a /proc with kpageflags,
 * kpagecount, a process whose pagemap maps an anon page and whose fd is
 * a file, the test driver's pinned list and a page_owner record; each
 * culprit must be named as what it is.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <json-c/json.h>
#include <linux/kernel-page-flags.h>

#include "tests/unit/check.h"
#include "loader/culprits.h"

#define PFN_ANON	40
#define PFN_FILE	41
#define PFN_PIN		42
#define PFN_SLAB	43
#define PFN_BUDDY	44
#define PFN_FREE_PCP	45
#define PFN_GUP		46
#define PFN_KPF_ANON	47
#define PFN_OWNED	100	/* page_owner has a record for it */
#define NR_PFNS		128

static char root[256], proc[300], pinned[300], owner[300], file[300];
static struct stat file_st;

static void write_at(const char *path, off_t off, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT, 0644);

	CHECK(fd >= 0 && pwrite(fd, data, len, off) == (ssize_t)len, "%s", path);
	if (fd >= 0)
		close(fd);
}

static void make_fixture(void)
{
	uint64_t kpf[NR_PFNS] = { 0 }, count[NR_PFNS] = { 0 }, pm[16] = { 0 };
	char path[600];
	static const char record[] =
		"Page allocated via order 0, mask 0xcc0(GFP_KERNEL), pid 42, tgid 42 (insmod), ts 5 ns\n"
		"PFN 0x64 type Unmovable Block 0 type Unmovable Flags 0x0()\n"
		" post_alloc_hook+0x1/0x2\n"
		" pin_block+0x10/0x80 [cma_bulk_test]\n"
		"\n";

	snprintf(root, sizeof(root), "%s/cmabulk-culprits-XXXXXX", getenv("TMPDIR") ?: "/tmp");
	if (!mkdtemp(root))
		exit(1);
	snprintf(proc, sizeof(proc), "%s/proc", root);
	mkdir(proc, 0755);
	kpf[PFN_SLAB] = 1ULL << KPF_SLAB;
	kpf[PFN_BUDDY] = 1ULL << KPF_BUDDY;
	kpf[PFN_KPF_ANON] = 1ULL << KPF_ANON | 1ULL << KPF_LRU | 1ULL << KPF_DIRTY;
	count[PFN_KPF_ANON] = 3;
	snprintf(path, sizeof(path), "%s/kpageflags", proc);
	write_at(path, 0, kpf, sizeof(kpf));
	snprintf(path, sizeof(path), "%s/kpagecount", proc);
	write_at(path, 0, count, sizeof(count));

	/* pid 123 maps PFN_ANON at its third anon page; pid 124 has the file open. */
	snprintf(path, sizeof(path), "%s/123", proc);
	mkdir(path, 0755);
	check_put_file(path, "comm", "loadgen\n");
	snprintf(file, sizeof(file), "%s/wb.dat", root);
	check_put_file(root, "wb.dat", "x");
	stat(file, &file_st);
	{
		long ps = sysconf(_SC_PAGESIZE);
		char maps[700];

		snprintf(maps, sizeof(maps), "%lx-%lx rw-p 00000000 00:00 0\n", 4 * ps, 20 * ps);
		check_put_file(path, "maps", maps);
		pm[6] = 1ULL << 63 | PFN_ANON;	/* virtual page 6, inside pages 4..20 */
		snprintf(maps, sizeof(maps), "%s/pagemap", path);
		write_at(maps, 0, pm, sizeof(pm));
	}
	snprintf(path, sizeof(path), "%s/124", proc);
	mkdir(path, 0755);
	check_put_file(path, "maps", "");
	snprintf(path, sizeof(path), "%s/124/fd", proc);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/124/fd/3", proc);
	CHECK(symlink(file, path) == 0, "symlink: %s", strerror(errno));

	snprintf(pinned, sizeof(pinned), "%s/pinned", root);
	check_put_file(root, "pinned", "2 0x2a alloc\n7 0x5a ref\n");	/* as the driver prints them */
	/* A read at offset N starts at pfn N's record: here, the file's offset. */
	snprintf(owner, sizeof(owner), "%s/page_owner", root);
	write_at(owner, PFN_OWNED, record, sizeof(record) - 1);
}

static struct culprit_event ev(uint64_t pfn, __u32 tid)
{
	return (struct culprit_event){ .type = RECORD_CULPRIT, .pid = 1, .tid = tid,
				       .reason = -1, .pfn = pfn, .area = "reserved" };
}

static struct culprits *open_all(void)
{
	struct culprit_sources src = { .proc = proc, .pinned = pinned, .page_owner = owner };

	return culprits__new(&src);
}

static void kinds_named(void)
{
	struct culprits *c = open_all();
	struct culprit r;
	struct culprit_event e;
	char buf[64];

	/* An anon page with a reference beyond its mapping: a vmsplice pin. */
	e = ev(PFN_ANON, 1);
	e.has_page = 1, e.mapping = 0xffff888000001001ULL, e.refcount = 2, e.mapcount = 1;
	e.flags = CF_LRU | CF_SWAPBACKED;
	CHECK(culprits__add(c, &e, &r), "not counted");
	CHECK_STREQ(culprit_kind__name(r.kind), "anon");
	CHECK_EQ_INT(r.extra_refs, 1);
	CHECK_EQ_INT(r.pinned, 0);
	CHECK_STREQ(r.what, "mapped by pid 123 (loadgen)");
	CHECK_STREQ(culprit_flags__str(r.flags, buf, sizeof(buf)), "lru");

	/* A file page under writeback, open in pid 124. */
	e = ev(PFN_FILE, 2);
	e.has_page = 1, e.mapping = 0xffff888000002000ULL, e.refcount = 2, e.mapcount = 0;
	e.flags = CF_LRU | CF_WRITEBACK;
	e.ino = file_st.st_ino;
	e.dev = major(file_st.st_dev) << 20 | minor(file_st.st_dev);
	culprits__add(c, &e, &r);
	CHECK_STREQ(culprit_kind__name(r.kind), "file");
	CHECK_EQ_INT(r.extra_refs, 1);	/* the page cache's own is not extra */
	CHECK(strstr(r.what, file) != NULL, "what: %s", r.what);
	CHECK_STREQ(culprit_flags__str(r.flags, buf, sizeof(buf)), "lru,writeback");

	/* The same page with swapbacked: shmem. */
	e.flags |= CF_SWAPBACKED;
	e.tid = 3;
	culprits__add(c, &e, &r);
	CHECK_STREQ(culprit_kind__name(r.kind), "shmem");

	/* The driver's pin, whatever the page looks like. */
	e = ev(PFN_PIN, 4);
	e.has_page = 1, e.refcount = 1;
	culprits__add(c, &e, &r);
	CHECK_STREQ(culprit_kind__name(r.kind), "driver pin");
	CHECK_STREQ(r.what, "cma_bulk_test pin (method alloc)");

	/* What only kpageflags tells. */
	e = ev(PFN_SLAB, 5);
	e.has_page = 1, e.refcount = 1;
	culprits__add(c, &e, &r);
	CHECK_STREQ(culprit_kind__name(r.kind), "slab");
	e = ev(PFN_BUDDY, 6);
	culprits__add(c, &e, &r);
	CHECK_STREQ(culprit_kind__name(r.kind), "free (buddy)");

	/* Free, yet no buddy flag: parked in a per-cpu list. */
	e = ev(PFN_FREE_PCP, 7);
	e.has_page = 1, e.refcount = 0;
	culprits__add(c, &e, &r);
	CHECK_STREQ(culprit_kind__name(r.kind), "free (pcp list)");

	/* FOLL_PIN: the refcount past GUP's bias. */
	e = ev(PFN_GUP, 8);
	e.has_page = 1, e.mapping = 0x1001, e.refcount = 1025, e.mapcount = 1;
	culprits__add(c, &e, &r);
	CHECK_EQ_INT(r.pinned, 1);

	/* No struct page read: kpageflags and kpagecount alone. */
	e = ev(PFN_KPF_ANON, 9);
	culprits__add(c, &e, &r);
	CHECK_STREQ(culprit_kind__name(r.kind), "anon");
	CHECK_EQ_INT(r.has_refs, 0);
	CHECK_EQ_INT(r.mapcount, 3);
	CHECK_STREQ(culprit_flags__str(r.flags, buf, sizeof(buf)), "lru,dirty");

	/* An unmovable kernel page with page_owner's stack. */
	e = ev(PFN_OWNED, 10);
	e.has_page = 1, e.refcount = 1;
	culprits__add(c, &e, &r);
	CHECK_STREQ(culprit_kind__name(r.kind), "kernel");
	CHECK_STREQ(r.stack, "pid 42 (insmod): post_alloc_hook+0x1/0x2 < pin_block+0x10/0x80 [cma_bulk_test]");
	culprits__free(c);
}

/* The skip event and the isolation test of one failure count once. */
static void tally_and_json(void)
{
	struct culprits *c = open_all();
	struct culprit_event e = ev(PFN_PIN, 1);
	struct json_object *doc, *top, *kinds, *v;
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	CHECK(culprits__add(c, &e, NULL), "first");
	CHECK(!culprits__add(c, &e, NULL), "the same page on the same thread again");
	e.tid = 2;
	CHECK(culprits__add(c, &e, NULL), "another thread");
	e = ev(PFN_SLAB, 2);
	culprits__add(c, &e, NULL);
	culprits__limits(c, false);
	f = open_memstream(&text, &len);
	CHECK_EQ_INT(culprits__print_json(c, f), 0);
	fclose(f);
	doc = json_tokener_parse(text);
	CHECK(doc != NULL, "not JSON: %s", text);
	if (doc) {
		CHECK(json_object_object_get_ex(doc, "failures", &v) && json_object_get_int(v) == 3, "failures");
		CHECK(json_object_object_get_ex(doc, "pages", &v) && json_object_get_int(v) == 2, "pages");
		CHECK(json_object_object_get_ex(doc, "kinds", &kinds) &&
		      json_object_object_get_ex(kinds, "driver pin", &v), "kinds");
		CHECK(json_object_object_get_ex(doc, "top", &top) &&
		      json_object_array_length(top) == 2, "top");
		v = json_object_array_get_idx(top, 0);
		CHECK(v && json_object_get_int(json_object_object_get(v, "pfn")) == PFN_PIN &&
		      json_object_get_int(json_object_object_get(v, "failures")) == 2, "top[0] is the pin, twice");
		CHECK(json_object_object_get_ex(doc, "limits", &v) &&
		      strstr(json_object_get_string(v), "refcounts") != NULL, "limits");
		json_object_put(doc);
	}
	free(text);
	culprits__free(c);
}

/* What a kernel without page_owner, driver or kpageflags cannot tell. */
static void limits_said(void)
{
	struct culprit_sources src = { .proc = "/nonexistent" };
	struct culprits *c = culprits__new(&src);
	struct culprit_event e = ev(5, 1);
	struct culprit r;
	const char *l = culprits__limits(c, true);

	CHECK(strstr(l, "kpageflags") && strstr(l, "page_owner") && strstr(l, "test driver") &&
	      !strstr(l, "refcounts"), "%s", l);
	culprits__add(c, &e, &r);
	CHECK_STREQ(culprit_kind__name(r.kind), "unknown");
	culprits__free(c);
}

/* --sample: one culprits document, for snapshot_schema.py's validator. */
static int print_sample(void)
{
	struct culprits *c = open_all();
	struct culprit_event e = ev(PFN_ANON, 1);
	int ret;

	e.has_page = 1, e.mapping = 0x1001, e.refcount = 2, e.mapcount = 1, e.flags = CF_LRU;
	culprits__add(c, &e, NULL);
	e = ev(PFN_KPF_ANON, 2);	/* no struct page: no refcount in the JSON */
	culprits__add(c, &e, NULL);
	e = ev(PFN_PIN, 3);
	culprits__add(c, &e, NULL);
	culprits__limits(c, true);
	ret = culprits__print_json(c, stdout);
	culprits__free(c);
	return ret ? 1 : 0;
}

int main(int argc, char **argv)
{
	char cmd[300];
	int ret;

	make_fixture();
	if (argc == 2 && !strcmp(argv[1], "--sample")) {
		ret = print_sample();
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
		return system(cmd) ? 1 : ret;
	}
	RUN(kinds_named);
	RUN(tally_and_json);
	RUN(limits_said);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	if (system(cmd))
		return 1;
	return CHECK_DONE();
}
