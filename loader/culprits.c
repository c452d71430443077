// SPDX-License-Identifier: GPL-2.0
/* Culprit pages resolved and tallied; see culprits.h. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <linux/kernel-page-flags.h>	/* KPF_*: the kernel's UAPI bits */

#include "lib/json.h"
#include "loader/culprits.h"

#define CULPRIT_MAX_PAGES	4096	/* distinct pages tallied; more: counted only */
#define CULPRIT_TOP		20
#define CULPRIT_OWNER_LOOKUPS	32	/* pagemap scans per session: they cost */
#define CULPRIT_LAST_SLOTS	64
/*
 * include/linux/mm.h's GUP_PIN_COUNTING_BIAS (a macro: not in BTF): what
 * FOLL_PIN adds to a small page's refcount.
 */
#define GUP_PIN_BIAS		1024

struct culprit_page {
	struct culprit c;
	uint64_t failures;
};

struct culprits {
	char proc[256], pinned[256], page_owner[256];
	int kpageflags_fd, kpagecount_fd, page_owner_fd;
	struct culprit_page *pages;
	size_t nr_pages, cap;
	uint64_t kind_pages[NR_CULPRIT_KINDS], kind_failures[NR_CULPRIT_KINDS];
	uint64_t failures, untallied;
	unsigned int owner_lookups;
	struct { __u32 tid; __u64 pfn; } last[CULPRIT_LAST_SLOTS];
	char limits[512];
};

static const char *const kind_names[NR_CULPRIT_KINDS] = {
	[CK_UNKNOWN] = "unknown", [CK_ANON] = "anon", [CK_FILE] = "file",
	[CK_SHMEM] = "shmem", [CK_KSM] = "ksm", [CK_SLAB] = "slab",
	[CK_PGTABLE] = "page table", [CK_BUDDY] = "free (buddy)",
	[CK_PCP_FREE] = "free (pcp list)", [CK_DRIVER_PIN] = "driver pin",
	[CK_KERNEL] = "kernel",
};

static const struct { uint32_t flag; const char *name; } flag_names[] = {
	{ CF_LRU, "lru" }, { CF_LOCKED, "locked" }, { CF_WRITEBACK, "writeback" },
	{ CF_DIRTY, "dirty" }, { CF_UNEVICTABLE, "unevictable" }, { CF_MLOCKED, "mlocked" },
};

const char *culprit_kind__name(enum culprit_kind k)
{
	return k < NR_CULPRIT_KINDS ? kind_names[k] : "unknown";
}

const char *culprit_flags__str(uint32_t flags, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = 0;
	for (size_t i = 0; i < sizeof(flag_names) / sizeof(flag_names[0]); i++)
		if ((flags & flag_names[i].flag) && used < len)
			used += snprintf(buf + used, len - used, "%s%s", used ? "," : "",
					 flag_names[i].name);
	if (!buf[0])
		snprintf(buf, len, "-");
	return buf;
}

struct culprits *culprits__new(const struct culprit_sources *src)
{
	struct culprits *c = calloc(1, sizeof(*c));
	char path[600];

	if (!c)
		return NULL;
	snprintf(c->proc, sizeof(c->proc), "%s", src->proc ? src->proc : "/proc");
	snprintf(c->pinned, sizeof(c->pinned), "%s", src->pinned ? src->pinned : "");
	snprintf(path, sizeof(path), "%s/kpageflags", c->proc);
	c->kpageflags_fd = open(path, O_RDONLY | O_CLOEXEC);
	snprintf(path, sizeof(path), "%s/kpagecount", c->proc);
	c->kpagecount_fd = open(path, O_RDONLY | O_CLOEXEC);
	c->page_owner_fd = src->page_owner ? open(src->page_owner, O_RDONLY | O_CLOEXEC) : -1;
	/* page_owner exists with CONFIG_PAGE_OWNER but reads -EINVAL unless on. */
	if (c->page_owner_fd >= 0) {
		char b;

		if (pread(c->page_owner_fd, &b, 1, 0) < 0) {
			close(c->page_owner_fd);
			c->page_owner_fd = -1;
		}
	}
	return c;
}

void culprits__free(struct culprits *c)
{
	if (!c)
		return;
	if (c->kpageflags_fd >= 0)
		close(c->kpageflags_fd);
	if (c->kpagecount_fd >= 0)
		close(c->kpagecount_fd);
	if (c->page_owner_fd >= 0)
		close(c->page_owner_fd);
	free(c->pages);
	free(c);
}

const char *culprits__limits(struct culprits *c, bool page_known)
{
	size_t n = 0, len = sizeof(c->limits);

	c->limits[0] = 0;
	if (!page_known)
		n += snprintf(c->limits + n, len - n, "%srefcounts, mappings and inodes unknown until the tracer learns where struct pages are (no vmemmap_base here: a cma_alloc() teaches it)",
			      n ? "; " : "");
	if (c->kpageflags_fd < 0 && n < len)
		n += snprintf(c->limits + n, len - n, "%sno %s/kpageflags: slab, page tables and free pages not told apart",
			      n ? "; " : "", c->proc);
	if (c->page_owner_fd < 0 && n < len)
		n += snprintf(c->limits + n, len - n, "%sno allocation stacks (page_owner off: CONFIG_PAGE_OWNER and page_owner=on)",
			      n ? "; " : "");
	if (!c->pinned[0] && n < len)
		snprintf(c->limits + n, len - n, "%sno test driver: its pins are kernel pages here", n ? "; " : "");
	return c->limits;
}

static bool read_u64_at(int fd, uint64_t index, uint64_t *v)
{
	return fd >= 0 && pread(fd, v, sizeof(*v), (off_t)(index * sizeof(*v))) == sizeof(*v);
}

/* The driver's "block pfn method" lines: the method of its pin on @pfn. */
static bool driver_pin(const struct culprits *c, uint64_t pfn, char *method, size_t len)
{
	long long block, p;
	char m[32], line[128];
	bool found = false;
	FILE *f;

	if (!c->pinned[0] || !(f = fopen(c->pinned, "re")))
		return false;
	while (!found && fgets(line, sizeof(line), f))
		/* The driver prints the pfn in hex ("0x7a365"): %lli reads either. */
		if (sscanf(line, "%lli %lli %31s", &block, &p, m) == 3 && (uint64_t)p == pfn) {
			snprintf(method, len, "%s", m);
			found = true;
		}
	fclose(f);
	return found;
}

/* A path under which @dev:@ino is open (/proc/PID/fd) or mapped (maps). */
static bool find_inode(const struct culprits *c, dev_t dev, uint64_t ino, char *out, size_t len)
{
	DIR *procs = opendir(c->proc), *fds;
	struct dirent *p, *fd;
	char path[600], line[700];
	bool found = false;
	struct stat st;

	while (procs && !found && (p = readdir(procs))) {
		FILE *maps;

		if (p->d_name[0] < '0' || p->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "%s/%s/fd", c->proc, p->d_name);
		fds = opendir(path);
		while (fds && !found && (fd = readdir(fds))) {
			snprintf(path, sizeof(path), "%s/%.16s/fd/%.32s", c->proc, p->d_name, fd->d_name);
			if (fd->d_name[0] == '.' || stat(path, &st) || st.st_dev != dev || st.st_ino != ino)
				continue;
			ssize_t n = readlink(path, out, len - 1);

			if (n > 0) {
				out[n] = 0;
				found = true;
			}
		}
		if (fds)
			closedir(fds);
		snprintf(path, sizeof(path), "%s/%s/maps", c->proc, p->d_name);
		maps = found ? NULL : fopen(path, "re");
		while (maps && !found && fgets(line, sizeof(line), maps)) {
			unsigned int maj, min;
			unsigned long long i;
			int at = 0;

			if (sscanf(line, "%*s %*s %*s %x:%x %llu %n", &maj, &min, &i, &at) == 3 && at &&
			    i == ino && makedev(maj, min) == dev) {
				snprintf(out, len, "%s", line + at);
				out[strcspn(out, "\n")] = 0;
				found = true;
			}
		}
		if (maps)
			fclose(maps);
	}
	if (procs)
		closedir(procs);
	return found;
}

/* Does process @pid map @pfn (/proc/PID/pagemap)? Anonymous mappings only. */
static bool maps_pfn(const struct culprits *c, const char *pid, uint64_t pfn)
{
	char path[600], line[512];
	long psize = sysconf(_SC_PAGESIZE);
	bool found = false;
	uint64_t buf[512];
	FILE *maps;
	int pm;

	snprintf(path, sizeof(path), "%s/%s/pagemap", c->proc, pid);
	pm = open(path, O_RDONLY | O_CLOEXEC);
	snprintf(path, sizeof(path), "%s/%s/maps", c->proc, pid);
	maps = pm >= 0 ? fopen(path, "re") : NULL;
	while (maps && !found && fgets(line, sizeof(line), maps)) {
		unsigned long long lo, hi, ino;

		if (sscanf(line, "%llx-%llx %*s %*s %*s %llu", &lo, &hi, &ino) != 3 || ino)
			continue;
		for (uint64_t v = lo / psize; v < hi / psize && !found;) {
			size_t n = (hi / psize - v) < 512 ? (size_t)(hi / psize - v) : 512;
			ssize_t got = pread(pm, buf, n * 8, (off_t)(v * 8));

			if (got <= 0)
				break;
			for (size_t i = 0; i < (size_t)got / 8; i++)
				if ((buf[i] >> 63) && (buf[i] & ((1ULL << 55) - 1)) == pfn)
					found = true;
			v += (size_t)got / 8;
		}
	}
	if (maps)
		fclose(maps);
	if (pm >= 0)
		close(pm);
	return found;
}

/* The process mapping anon page @pfn: "pid N (comm)". */
static bool find_owner(const struct culprits *c, uint64_t pfn, char *out, size_t len)
{
	DIR *procs = opendir(c->proc);
	struct dirent *p;
	bool found = false;

	while (procs && !found && (p = readdir(procs))) {
		char path[600], comm[64] = "?";
		FILE *f;

		if (p->d_name[0] < '0' || p->d_name[0] > '9' || !maps_pfn(c, p->d_name, pfn))
			continue;
		snprintf(path, sizeof(path), "%s/%s/comm", c->proc, p->d_name);
		f = fopen(path, "re");
		if (f) {
			if (fgets(comm, sizeof(comm), f))
				comm[strcspn(comm, "\n")] = 0;
			fclose(f);
		}
		snprintf(out, len, "mapped by pid %.16s (%s)", p->d_name, comm);
		found = true;
	}
	if (procs)
		closedir(procs);
	return found;
}

/*
 * page_owner's record of @pfn: a read at offset N starts at the first
 * allocated page from pfn N on, so the record is @pfn's when its PFN line
 * says so. Frames are joined into @out, the allocating task first.
 */
static void owner_stack(const struct culprits *c, uint64_t pfn, char *out, size_t len)
{
	char buf[4096], *line, *save = NULL, task[96] = "";
	unsigned long long got = ~0ULL;
	size_t used = 0;
	int frames = 0;
	ssize_t n;

	out[0] = 0;
	if (c->page_owner_fd < 0)
		return;
	n = pread(c->page_owner_fd, buf, sizeof(buf) - 1, (off_t)pfn);
	if (n <= 0)
		return;
	buf[n] = 0;
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *pid = strstr(line, ", pid "), comm[64] = "?";
		int p = 0;

		if (!strncmp(line, "Page allocated", 14) && pid) {
			if (frames)
				break;		/* the next record */
			if (sscanf(pid, ", pid %d, tgid %*d (%63[^)])", &p, comm) >= 1)
				snprintf(task, sizeof(task), "pid %d (%s)", p, comm);
		} else if (sscanf(line, "PFN 0x%llx", &got) == 1 || sscanf(line, "PFN %llu", &got) == 1) {
			if (got != pfn)
				return;
		} else if (line[0] == ' ' && got == pfn && frames < 8 && used < len) {
			while (*line == ' ')
				line++;
			used += snprintf(out + used, len - used, "%s%s", used ? " < " : "", line);
			frames++;
		}
	}
	if (got != pfn) {
		out[0] = 0;
		return;
	}
	if (task[0] && used < len) {
		char tmp[400];

		snprintf(tmp, sizeof(tmp), "%s", out);
		snprintf(out, len, "%.90s: %s", task, tmp);
	}
}

static enum culprit_kind kind_of(const struct culprit_event *e, bool kpf_ok, uint64_t kpf)
{
	bool has = e->has_page;
	uint64_t m = e->mapping;

	if (kpf_ok && (kpf & (1ULL << KPF_SLAB)))
		return CK_SLAB;
	if (kpf_ok && (kpf & (1ULL << KPF_PGTABLE)))
		return CK_PGTABLE;
	if (kpf_ok && (kpf & (1ULL << KPF_BUDDY)))
		return CK_BUDDY;
	/*
	 * KSM from the mapping's two bits, never from KPF_KSM: 6.12's
	 * fs/proc/page.c sets that for every anon page (it tests mapping &
	 * PAGE_MAPPING_KSM, which PAGE_MAPPING_ANON alone passes).
	 */
	if (has && (m & 3) == 3)
		return CK_KSM;
	if (has && (m & 1))
		return CK_ANON;
	if (has && m && !(m & 3))
		return (e->flags & CF_SWAPBACKED) ? CK_SHMEM : CK_FILE;
	if (!has && kpf_ok && (kpf & (1ULL << KPF_ANON)))
		return CK_ANON;
	if (!has && kpf_ok && (kpf & (1ULL << KPF_SWAPBACKED)))
		return CK_SHMEM;
	if (!has && kpf_ok && (kpf & ((1ULL << KPF_LRU) | (1ULL << KPF_MMAP))))
		return CK_FILE;
	if (has && e->refcount == 0)
		return CK_PCP_FREE;	/* free, yet not in the buddy lists */
	if (has || kpf_ok)
		return CK_KERNEL;
	return CK_UNKNOWN;
}

/* Flags from /proc/kpageflags, for a page BPF could not read. */
static uint32_t kpf_flags(uint64_t kpf)
{
	return ((kpf >> KPF_LRU) & 1 ? CF_LRU : 0) | ((kpf >> KPF_LOCKED) & 1 ? CF_LOCKED : 0) |
	       ((kpf >> KPF_WRITEBACK) & 1 ? CF_WRITEBACK : 0) |
	       ((kpf >> KPF_DIRTY) & 1 ? CF_DIRTY : 0) |
	       ((kpf >> KPF_UNEVICTABLE) & 1 ? CF_UNEVICTABLE : 0);
}

static void resolve(struct culprits *c, const struct culprit_event *e, struct culprit *r)
{
	uint64_t kpf = 0, count = 0;
	bool kpf_ok = read_u64_at(c->kpageflags_fd, e->pfn, &kpf);
	char method[32];

	memset(r, 0, sizeof(*r));
	r->pfn = e->pfn;
	if (kpf_ok && (kpf & (1ULL << KPF_NOPAGE)))
		kpf_ok = false;
	r->kpageflags = kpf_ok ? kpf : 0;
	r->kind = kind_of(e, kpf_ok, kpf);
	r->flags = e->has_page ? e->flags & ~(CF_SWAPBACKED | CF_COMPOUND) : kpf_ok ? kpf_flags(kpf) : 0;
	if (e->has_page) {
		bool cached = r->kind == CK_FILE || r->kind == CK_SHMEM ||
			      (kpf_ok && (kpf & (1ULL << KPF_SWAPCACHE)));

		r->has_refs = true;
		r->refcount = e->refcount;
		r->mapcount = e->mapcount;
		r->extra_refs = e->refcount - e->mapcount - (cached ? 1 : 0);
		r->pinned = !(e->flags & CF_COMPOUND) && e->refcount >= GUP_PIN_BIAS;
	} else if (read_u64_at(c->kpagecount_fd, e->pfn, &count)) {
		r->mapcount = (int)count;
	}
	if (driver_pin(c, e->pfn, method, sizeof(method))) {
		r->kind = CK_DRIVER_PIN;
		snprintf(r->what, sizeof(r->what), "cma_bulk_test pin (method %s)", method);
	} else if ((r->kind == CK_FILE || r->kind == CK_SHMEM) && e->ino) {
		dev_t dev = makedev(e->dev >> 20, e->dev & 0xfffff);	/* the kernel's dev_t */
		char path[200] = "";

		find_inode(c, dev, e->ino, path, sizeof(path));
		snprintf(r->what, sizeof(r->what), "dev %u:%u ino %" PRIu64 "%s%s", major(dev),
			 minor(dev), (uint64_t)e->ino, path[0] ? " " : "", path);
	} else if (r->kind == CK_ANON && c->owner_lookups < CULPRIT_OWNER_LOOKUPS) {
		c->owner_lookups++;
		find_owner(c, e->pfn, r->what, sizeof(r->what));
	}
	owner_stack(c, e->pfn, r->stack, sizeof(r->stack));
}

static struct culprit_page *page_of(struct culprits *c, uint64_t pfn)
{
	for (size_t i = 0; i < c->nr_pages; i++)
		if (c->pages[i].c.pfn == pfn)
			return &c->pages[i];
	return NULL;
}

bool culprits__add(struct culprits *c, const struct culprit_event *e, struct culprit *out)
{
	unsigned int slot = e->tid % CULPRIT_LAST_SLOTS;
	struct culprit_page *p;
	struct culprit r;

	if (c->last[slot].tid == e->tid && c->last[slot].pfn == e->pfn) {
		if (out)
			memset(out, 0, sizeof(*out));
		return false;
	}
	c->last[slot].tid = e->tid;
	c->last[slot].pfn = e->pfn;
	resolve(c, e, &r);
	if (out)
		*out = r;
	c->failures++;
	c->kind_failures[r.kind]++;
	p = page_of(c, e->pfn);
	if (!p && c->nr_pages < CULPRIT_MAX_PAGES) {
		if (c->nr_pages == c->cap) {
			size_t cap = c->cap ? c->cap * 2 : 16;
			struct culprit_page *n = realloc(c->pages, cap * sizeof(*n));

			if (!n) {
				c->untallied++;
				return true;
			}
			c->pages = n;
			c->cap = cap;
		}
		p = &c->pages[c->nr_pages++];
		p->failures = 0;
		c->kind_pages[r.kind]++;
	}
	if (!p) {
		c->untallied++;
		return true;
	}
	p->c = r;		/* the latest word on it */
	p->failures++;
	return true;
}

static int by_failures(const void *a, const void *b)
{
	const struct culprit_page *x = a, *y = b;

	if (x->failures != y->failures)
		return x->failures > y->failures ? -1 : 1;
	return x->c.pfn < y->c.pfn ? -1 : x->c.pfn > y->c.pfn;
}

/* The pages, most failures first (a sorted copy). */
static struct culprit_page *sorted(const struct culprits *c)
{
	struct culprit_page *s = malloc((c->nr_pages + 1) * sizeof(*s));

	if (s) {
		memcpy(s, c->pages, c->nr_pages * sizeof(*s));
		qsort(s, c->nr_pages, sizeof(*s), by_failures);
	}
	return s;
}

void culprits__print_text(const struct culprits *c, FILE *out)
{
	struct culprit_page *s = sorted(c);
	char flags[96];

	fprintf(out, "\nCulprits: %" PRIu64 " failures on %zu pages\n", c->failures, c->nr_pages);
	if (!c->failures) {
		free(s);
		return;
	}
	fprintf(out, "  %-16s %8s %8s\n", "KIND", "PAGES", "FAILURES");
	for (int k = 0; k < NR_CULPRIT_KINDS; k++)
		if (c->kind_failures[k])
			fprintf(out, "  %-16s %8" PRIu64 " %8" PRIu64 "\n", kind_names[k],
				c->kind_pages[k], c->kind_failures[k]);
	fprintf(out, "  %8s %-12s %-16s %-22s %5s %5s %5s  %s\n", "FAILURES", "PFN", "KIND", "FLAGS",
		"REFS", "MAPS", "EXTRA", "WHAT");
	for (size_t i = 0; s && i < c->nr_pages && i < CULPRIT_TOP; i++) {
		const struct culprit *p = &s[i].c;
		char refs[16] = "?", extra[16] = "?";

		if (p->has_refs) {
			snprintf(refs, sizeof(refs), "%d", p->refcount);
			snprintf(extra, sizeof(extra), "%d", p->extra_refs);
		}
		fprintf(out, "  %8" PRIu64 " %#-12" PRIx64 " %-16s %-22s %5s %5d %5s  %s%s%s%s\n",
			s[i].failures, p->pfn, kind_names[p->kind],
			culprit_flags__str(p->flags, flags, sizeof(flags)), refs, p->mapcount, extra,
			p->pinned ? "pinned (FOLL_PIN) " : "", p->what, p->stack[0] ? " from " : "",
			p->stack);
	}
	free(s);
}

int culprits__print_json(const struct culprits *c, FILE *out)
{
	struct culprit_page *s = sorted(c);
	struct json_writer w;

	json_document_begin(&w, out, false, "cmabulk-trace", 1);
	json_key_string(&w, "type", "culprits");
	json_key_u64(&w, "failures", c->failures);
	json_key_u64(&w, "pages", c->nr_pages);
	json_key(&w, "kinds");
	json_object_begin(&w);
	for (int k = 0; k < NR_CULPRIT_KINDS; k++) {
		if (!c->kind_failures[k])
			continue;
		json_key(&w, kind_names[k]);
		json_object_begin(&w);
		json_key_u64(&w, "pages", c->kind_pages[k]);
		json_key_u64(&w, "failures", c->kind_failures[k]);
		json_object_end(&w);
	}
	json_object_end(&w);
	json_key(&w, "top");
	json_array_begin(&w);
	for (size_t i = 0; s && i < c->nr_pages && i < CULPRIT_TOP; i++) {
		const struct culprit *p = &s[i].c;

		json_object_begin(&w);
		json_key_u64(&w, "pfn", p->pfn);
		json_key_string(&w, "kind", kind_names[p->kind]);
		json_key_u64(&w, "failures", s[i].failures);
		json_key(&w, "flags");
		json_array_begin(&w);
		for (size_t f = 0; f < sizeof(flag_names) / sizeof(flag_names[0]); f++)
			if (p->flags & flag_names[f].flag)
				json_string(&w, flag_names[f].name);
		json_array_end(&w);
		json_key_i64(&w, "mapcount", p->mapcount);
		if (p->has_refs) {
			json_key_i64(&w, "refcount", p->refcount);
			json_key_i64(&w, "extra_refs", p->extra_refs);
			json_key_bool(&w, "pinned", p->pinned);
		}
		json_key_string(&w, "what", p->what);
		json_key_string(&w, "stack", p->stack);
		json_object_end(&w);
	}
	json_array_end(&w);
	json_key_u64(&w, "untallied", c->untallied);
	json_key_string(&w, "limits", c->limits);
	json_object_end(&w);
	free(s);
	return json_finish(&w);
}
