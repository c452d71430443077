// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/sysfacts.h"

void sys_stat_refresh(void)
{
	int fd = open("/proc/sys/vm/stat_refresh", O_WRONLY);

	if (fd >= 0) {
		if (write(fd, "1", 1) < 0) {
			/* Not root or no procfs sysctl: reads stay approximate. */
		}
		close(fd);
	}
}

void sys_read_fields(const char *path, const char *const *keys, long long *out)
{
	char line[256];
	int n = 0;
	FILE *f;

	while (keys[n])
		out[n++] = -1;
	f = fopen(path, "r");
	if (!f)
		return;
	/* "Key: value" (meminfo, pagetypeinfo) or "key value" (vmstat). */
	while (fgets(line, sizeof(line), f)) {
		for (int i = 0; i < n; i++) {
			size_t len = strlen(keys[i]);

			if (out[i] < 0 && strncmp(line, keys[i], len) == 0 &&
			    (line[len] == ':' || line[len] == ' '))
				out[i] = strtoll(line + len + 1, NULL, 10);
		}
	}
	fclose(f);
}

/* The number after @key in a "key value" file, or -1. */
static long long field_of(const char *path, const char *key)
{
	const char *keys[] = { key, NULL };
	long long v;

	sys_read_fields(path, keys, &v);
	return v;
}

long sys_meminfo_kb(const char *field)
{
	return (long)field_of("/proc/meminfo", field);
}

long long sys_vmstat(const char *name)
{
	return field_of("/proc/vmstat", name);
}

long long sys_read_ll(const char *path)
{
	char buf[64];
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	return strtoll(buf, NULL, 0);
}

long sys_pcp_pages(void)
{
	char line[256];
	long total = 0, v;
	FILE *f = fopen("/proc/zoneinfo", "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, " count: %ld", &v) == 1)
			total += v;
	fclose(f);
	return total;
}

unsigned int sys_pageblock_pages(void)
{
	long long v = field_of("/proc/pagetypeinfo", "Pages per block");

	return v > 0 ? (unsigned int)v : 0;
}

static int area_read(struct cma_area *a, const char *name)
{
	char path[256];
	long long base, count;

	snprintf(path, sizeof(path), CMA_DEBUGFS "/%s/base_pfn", name);
	base = sys_read_ll(path);
	snprintf(path, sizeof(path), CMA_DEBUGFS "/%s/count", name);
	count = sys_read_ll(path);
	if (base < 0 || count <= 0) {
		/* CMA_SYSFS names the area, but only debugfs has its range. */
		snprintf(path, sizeof(path), CMA_SYSFS "/%s", name);
		if (access(path, F_OK))
			return -ENOENT;
		snprintf(a->name, sizeof(a->name), "%s", name);
		return -ENODATA;
	}
	snprintf(a->name, sizeof(a->name), "%s", name);
	a->base_pfn = base;
	a->nr_pages = count;
	a->pageblock_pages = sys_pageblock_pages();
	return a->pageblock_pages ? 0 : -ENOENT;
}

int cma_area__find(struct cma_area *a, const char *name)
{
	struct dirent *d;
	char first[256] = "";
	DIR *dir;
	int err;

	memset(a, 0, sizeof(*a));
	if (name)
		return area_read(a, name);
	/* The default area (cma= on the command line) is called "reserved". */
	err = area_read(a, "reserved");
	if (err != -ENOENT)
		return err;
	dir = opendir(CMA_DEBUGFS);
	if (!dir)
		dir = opendir(CMA_SYSFS);
	if (!dir)
		return -ENOENT;
	while ((d = readdir(dir))) {
		if (d->d_name[0] == '.')
			continue;
		if (!first[0] || strcmp(d->d_name, first) < 0)
			snprintf(first, sizeof(first), "%s", d->d_name);
	}
	closedir(dir);
	return first[0] ? area_read(a, first) : -ENOENT;
}

int sys_pagemap_pfns(const void *addr, size_t n, uint64_t *pfns)
{
	long page = sysconf(_SC_PAGESIZE);
	off_t off = (uintptr_t)addr / page * sizeof(uint64_t);
	size_t want = n * sizeof(uint64_t), got = 0;
	int fd = open("/proc/self/pagemap", O_RDONLY);

	if (fd < 0)
		return -errno;
	while (got < want) {
		ssize_t r = pread(fd, (char *)pfns + got, want - got, off + got);

		if (r <= 0) {
			int err = r < 0 ? -errno : -EIO;

			close(fd);
			return err;
		}
		got += r;
	}
	close(fd);
	for (size_t i = 0; i < n; i++) {
		/* bit 63: present; bits 0-54: PFN */
		pfns[i] = (pfns[i] >> 63) ? pfns[i] & ((1ULL << 55) - 1) : 0;
	}
	return 0;
}

size_t sys_page_size(void)
{
	static size_t size;

	if (!size) {
		long v = sysconf(_SC_PAGESIZE);

		size = v > 0 ? (size_t)v : 4096;
	}
	return size;
}

double pages_to_mib_at(double pages, size_t page_size)
{
	return pages * page_size / (1024.0 * 1024.0);
}

double pages_to_mib(uint64_t pages)
{
	return pages_to_mib_at((double)pages, sys_page_size());
}

uint64_t mib_to_pages(double mib)
{
	return (uint64_t)(mib * 1024.0 * 1024.0 / sys_page_size());
}

const char *cma_area__why(int err, const char *name)
{
	static char why[256];

	if (err == -ENODATA)
		snprintf(why, sizeof(why), "CMA area '%s' exists, but its PFN range is only in "
			 CMA_DEBUGFS " (CONFIG_CMA_DEBUGFS, debugfs mounted at /sys/kernel/debug)",
			 name ? name : "reserved");
	else if (name)
		snprintf(why, sizeof(why), "no CMA area '%s' (see " CMA_SYSFS "/)", name);
	else if (sys_meminfo_kb("CmaTotal") > 0)
		/* A GKI device: CMA is there, the files that locate it are not. */
		snprintf(why, sizeof(why), "the kernel has %ld MiB of CMA (CmaTotal), but no "
			 CMA_DEBUGFS " to find its areas' PFN ranges (CONFIG_CMA_DEBUGFS, debugfs mounted)",
			 sys_meminfo_kb("CmaTotal") / 1024);
	else
		snprintf(why, sizeof(why), "no CMA area (boot with cma=SIZE; needs CONFIG_CMA_DEBUGFS and debugfs at /sys/kernel/debug)");
	return why;
}

uint64_t sys_kallsyms(const char *name)
{
	unsigned long long addr;
	char line[256], sym[128];
	uint64_t found = 0;
	FILE *f = fopen("/proc/kallsyms", "re");

	while (f && !found && fgets(line, sizeof(line), f))
		if (sscanf(line, "%llx %*s %127s", &addr, sym) == 2 && !strcmp(sym, name))
			found = addr;
	if (f)
		fclose(f);
	return found;
}
