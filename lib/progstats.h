/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The BPF programs a process has attached, whatever the tool (ours,
 * bpftrace, bcc, bpftool), with where each is attached and what it has
 * cost: the kernel's run count and run time (BPF_ENABLE_STATS).
 *
 * Found through the process's file descriptors: a perf event or a raw
 * tracepoint link is asked with BPF_TASK_FD_QUERY (the tracepoint's name);
 * any other link (fentry, fexit, tp_btf on kernels whose query does not
 * know it) is copied with pidfd_getfd() and asked for its link info, the
 * traced function named from the kernel's BTF. So a program is counted
 * once per attachment, and loaded-but-unattached programs not at all.
 */
#ifndef CMABULK_PROGSTATS_H
#define CMABULK_PROGSTATS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct prog_stat {
	uint32_t id;
	char name[64];		/* the program's (BTF name when it has one) */
	char attach[160];	/* "tracepoint:cma_bulk_start", "fexit:cma_alloc" */
	uint64_t run_cnt, run_time_ns;
};

struct prog_set {
	struct prog_stat *v;
	size_t n;
};

/*
 * Every program process @pid and its descendants have attached (a tool
 * started as "sh -c CMD" is the shell's child where the shell does not
 * exec it), with their counters now.
 * 0 or -errno with the reason in @err (no such process, no permission).
 * A process with no attached program is an empty set, not an error.
 */
int prog_set__of_pid(struct prog_set *s, pid_t pid, char *err, size_t err_len);

/* @after minus @before, by program id (a program new in @after is kept whole). */
void prog_set__sub(struct prog_set *after, const struct prog_set *before);

/* Totals over the set. */
uint64_t prog_set__runs(const struct prog_set *s);
uint64_t prog_set__run_time_ns(const struct prog_set *s);

/* The first program whose attach point ends with @suffix, or NULL. */
const struct prog_stat *prog_set__find(const struct prog_set *s, const char *suffix);

void prog_set__free(struct prog_set *s);

/*
 * Turn on the kernel's run-time statistics for as long as the returned fd
 * is open (BPF_ENABLE_STATS; kernel.bpf_stats_enabled is left alone).
 * The fd, or -errno.
 */
int prog_stats__enable(void);

#endif
