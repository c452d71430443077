// SPDX-License-Identifier: GPL-2.0
/* The BPF programs a process has attached, and their cost (lib/progstats.h). */
#include <dirent.h>
#include <stdbool.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>

#include "lib/progstats.h"

static __u64 ptr_to_u64(const void *p)
{
	return (__u64)(unsigned long)p;
}

/*
 * The kernel BTF last loaded, kept for one prog_set__of_pid(): every
 * fentry/fexit link names its function in vmlinux's BTF, and loading
 * (parsing) that is the costly part. Not for use from two threads.
 */
static struct btf *btf_cache;
static __u32 btf_cache_id;

static void btf_cache_drop(void)
{
	btf__free(btf_cache);
	btf_cache = NULL;
	btf_cache_id = 0;
}

/* The name of type @type_id in kernel BTF object @btf_id (0: vmlinux), into @out. */
static void btf_type_name(__u32 btf_id, __u32 type_id, char *out, size_t len)
{
	const struct btf_type *t;

	if (!btf_cache || btf_cache_id != btf_id) {
		btf_cache_drop();
		btf_cache = btf_id ? btf__load_from_kernel_by_id(btf_id) : btf__load_vmlinux_btf();
		if (!btf_cache)
			return;
		btf_cache_id = btf_id;
	}
	t = btf__type_by_id(btf_cache, type_id);
	if (t && t->name_off)
		snprintf(out, len, "%s", btf__name_by_offset(btf_cache, t->name_off));
}

/* The program's name and counters; its BTF name, when it has one, is whole. */
static int prog_stat_read(struct prog_stat *p)
{
	struct bpf_prog_info info = {};
	struct bpf_func_info fi = {};
	__u32 len = sizeof(info);
	int fd, err = 0;

	fd = bpf_prog_get_fd_by_id(p->id);
	if (fd < 0)
		return -errno;
	if (bpf_obj_get_info_by_fd(fd, &info, &len)) {
		err = -errno;
		goto out;
	}
	p->run_cnt = info.run_cnt;
	p->run_time_ns = info.run_time_ns;
	if (!p->name[0])
		snprintf(p->name, sizeof(p->name), "%s", info.name);
	/* The 16 bytes of info.name cut "tp_btf_mm_alloc_contig_range_finish". */
	if (info.btf_id && info.nr_func_info && strlen(info.name) == BPF_OBJ_NAME_LEN - 1) {
		struct bpf_prog_info fn = {};

		len = sizeof(fn);
		fn.nr_func_info = 1;
		fn.func_info_rec_size = sizeof(fi);
		fn.func_info = ptr_to_u64(&fi);
		if (!bpf_obj_get_info_by_fd(fd, &fn, &len))
			btf_type_name(info.btf_id, fi.type_id, p->name, sizeof(p->name));
	}
out:
	close(fd);
	return err;
}

/*
 * A link the task-fd query does not describe (fentry, fexit): copy the
 * descriptor into this process and read the link's own info.
 */
static int link_attach(int pidfd, int fd, __u32 *prog_id, char *attach, size_t len)
{
	struct bpf_link_info info = {};
	__u32 ilen = sizeof(info);
	char fn[64] = "?";
	int copy, err = 0;

	copy = syscall(SYS_pidfd_getfd, pidfd, fd, 0);
	if (copy < 0)
		return -errno;
	if (bpf_obj_get_info_by_fd(copy, &info, &ilen)) {
		err = -errno;
		goto out;
	}
	*prog_id = info.prog_id;
	if (info.type == BPF_LINK_TYPE_TRACING) {
		btf_type_name(info.tracing.target_obj_id, info.tracing.target_btf_id, fn, sizeof(fn));
		snprintf(attach, len, "%s:%s",
			 info.tracing.attach_type == BPF_TRACE_FEXIT ? "fexit" :
			 info.tracing.attach_type == BPF_TRACE_FENTRY ? "fentry" : "tracing", fn);
	} else {
		snprintf(attach, len, "link-type-%u", info.type);
	}
out:
	close(copy);
	return err;
}

static const char *fd_type_name(__u32 t)
{
	switch (t) {
	case BPF_FD_TYPE_RAW_TRACEPOINT: return "raw_tp";
	case BPF_FD_TYPE_TRACEPOINT: return "tracepoint";
	case BPF_FD_TYPE_KPROBE: return "kprobe";
	case BPF_FD_TYPE_KRETPROBE: return "kretprobe";
	case BPF_FD_TYPE_UPROBE: return "uprobe";
	case BPF_FD_TYPE_URETPROBE: return "uretprobe";
	default: return "attach";
	}
}

/* Where descriptor @fd of @pid attaches a program: 1 yes (filled), 0 not one. */
static int fd_attachment(pid_t pid, int pidfd, int fd, __u32 *prog_id, char *attach, size_t len)
{
	char path[64], target[64], buf[128];
	__u32 buf_len = sizeof(buf), fd_type = 0;
	__u64 off = 0, addr = 0;
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/fd/%d", (int)pid, fd);
	n = readlink(path, target, sizeof(target) - 1);
	if (n < 0)
		return 0;
	target[n] = 0;
	if (strcmp(target, "anon_inode:[perf_event]") && strcmp(target, "anon_inode:bpf_link"))
		return 0;
	if (!bpf_task_fd_query(pid, fd, 0, buf, &buf_len, prog_id, &fd_type, &off, &addr)) {
		snprintf(attach, len, "%s:%s", fd_type_name(fd_type), buf);
		return 1;
	}
	/* A perf event with no program (perf's own counters) is not one. */
	if (!strcmp(target, "anon_inode:[perf_event]"))
		return 0;
	return link_attach(pidfd, fd, prog_id, attach, len) ? 0 : 1;
}

static int prog_set__add(struct prog_set *s, __u32 id, const char *attach)
{
	struct prog_stat *v;

	for (size_t i = 0; i < s->n; i++) {
		if (s->v[i].id != id)
			continue;
		/* One program on several attach points: counted once. */
		size_t l = strlen(s->v[i].attach);

		snprintf(s->v[i].attach + l, sizeof(s->v[i].attach) - l, ",%s", attach);
		return 0;
	}
	v = realloc(s->v, (s->n + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	s->v = v;
	memset(&v[s->n], 0, sizeof(*v));
	v[s->n].id = id;
	snprintf(v[s->n].attach, sizeof(v[s->n].attach), "%s", attach);
	s->n++;
	return 0;
}

/* The programs one process has attached, added to @s. */
static int add_process(struct prog_set *s, pid_t pid, char *err, size_t err_len)
{
	char path[64], attach[160];
	struct dirent *de;
	int pidfd, ret = 0;
	DIR *d;

	snprintf(path, sizeof(path), "/proc/%d/fd", (int)pid);
	pidfd = syscall(SYS_pidfd_open, pid, 0);
	if (pidfd < 0) {
		ret = -errno;
		snprintf(err, err_len, "process %d: %s", (int)pid, strerror(errno));
		return ret;
	}
	d = opendir(path);
	if (!d) {
		ret = -errno;
		snprintf(err, err_len, "%s: %s", path, strerror(errno));
		close(pidfd);
		return ret;
	}
	while ((de = readdir(d))) {
		__u32 id = 0;
		int fd;

		if (de->d_name[0] < '0' || de->d_name[0] > '9')
			continue;
		fd = atoi(de->d_name);
		if (fd_attachment(pid, pidfd, fd, &id, attach, sizeof(attach)) != 1 || !id)
			continue;
		ret = prog_set__add(s, id, attach);
		if (ret) {
			snprintf(err, err_len, "out of memory");
			break;
		}
	}
	closedir(d);
	close(pidfd);
	return ret;
}

/* The parent of @pid from /proc/PID/stat (after the command's ")"), or -1. */
static pid_t parent_of(pid_t pid)
{
	char path[64], buf[512], *p;
	FILE *f;
	int ppid = -1;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (fgets(buf, sizeof(buf), f) && (p = strrchr(buf, ')')))
		sscanf(p + 1, " %*c %d", &ppid);
	fclose(f);
	return ppid;
}

/* Is @pid @root or below it? */
static bool descends_from(pid_t pid, pid_t root)
{
	for (int depth = 0; pid > 1 && depth < 64; depth++) {
		if (pid == root)
			return true;
		pid = parent_of(pid);
	}
	return pid == root;
}

int prog_set__of_pid(struct prog_set *s, pid_t pid, char *err, size_t err_len)
{
	struct dirent *de;
	int ret;
	DIR *d;

	s->v = NULL;
	s->n = 0;
	ret = add_process(s, pid, err, err_len);
	/* Its children too: "sh -c CMD" may or may not exec CMD. */
	d = opendir("/proc");
	while (!ret && d && (de = readdir(d))) {
		pid_t p = atoi(de->d_name);

		if (p > 0 && p != pid && descends_from(p, pid))
			ret = add_process(s, p, err, err_len);
		if (ret == -ESRCH || ret == -ENOENT)
			ret = 0;	/* it exited meanwhile */
	}
	if (d)
		closedir(d);
	for (size_t i = 0; !ret && i < s->n; i++) {
		ret = prog_stat_read(&s->v[i]);
		if (ret)
			snprintf(err, err_len, "program %u: %s", s->v[i].id, strerror(-ret));
	}
	btf_cache_drop();
	if (ret)
		prog_set__free(s);
	return ret;
}

void prog_set__sub(struct prog_set *after, const struct prog_set *before)
{
	for (size_t i = 0; i < after->n; i++)
		for (size_t j = 0; j < before->n; j++) {
			if (after->v[i].id != before->v[j].id)
				continue;
			after->v[i].run_cnt -= before->v[j].run_cnt;
			after->v[i].run_time_ns -= before->v[j].run_time_ns;
			break;
		}
}

uint64_t prog_set__runs(const struct prog_set *s)
{
	uint64_t n = 0;

	for (size_t i = 0; i < s->n; i++)
		n += s->v[i].run_cnt;
	return n;
}

uint64_t prog_set__run_time_ns(const struct prog_set *s)
{
	uint64_t n = 0;

	for (size_t i = 0; i < s->n; i++)
		n += s->v[i].run_time_ns;
	return n;
}

const struct prog_stat *prog_set__find(const struct prog_set *s, const char *suffix)
{
	size_t ls = strlen(suffix);

	for (size_t i = 0; i < s->n; i++) {
		/* Each of its attach points, comma-separated. */
		const char *a = s->v[i].attach;

		while (*a) {
			size_t la = strcspn(a, ",");

			if (la >= ls && !strncmp(a + la - ls, suffix, ls))
				return &s->v[i];
			a += la;
			if (*a == ',')
				a++;
		}
	}
	return NULL;
}

void prog_set__free(struct prog_set *s)
{
	free(s->v);
	s->v = NULL;
	s->n = 0;
}

int prog_stats__enable(void)
{
	int fd = bpf_enable_stats(BPF_STATS_RUN_TIME);

	return fd < 0 ? -errno : fd;
}
