/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Who is blocking CMA (cmabulk-trace --culprits): each page an allocation
 * failed on (struct culprit_event: what BPF read of its struct page the
 * moment it failed), resolved at once into what it is and whose:
 *
 *   kind      anon, file, shmem, ksm, slab, page table, free (buddy), free
 *             but parked in a PCP list, the test driver's pin, another
 *             kernel page (no LRU, no mapping), or unknown;
 *   flags     lru, locked, writeback, dirty, unevictable, mlocked;
 *   refs      refcount against mapcount: extra references, and whether it
 *             is pinned (FOLL_PIN);
 *   what      a file page's device, inode and a path it is open or mapped
 *             under (/proc/PID/fd, /proc/PID/maps); an anon page's process
 *             (/proc/PID/pagemap); the driver's pin method;
 *   stack     its allocation stack, where page_owner is on.
 *
 * from the event, /proc/kpageflags, /proc/kpagecount, the driver's
 * "pinned" file and debugfs page_owner, each where the kernel has it: what
 * one cannot tell is said once (culprits__limits()). Then tallied: a table
 * of kinds and the pages seen most, as text or JSON.
 */
#ifndef CMABULK_CULPRITS_H
#define CMABULK_CULPRITS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <linux/types.h>

#include "bpf/cmabulk_kernel.h"
#include "bpf/cmabulk_trace.h"

enum culprit_kind {
	CK_UNKNOWN,
	CK_ANON,
	CK_FILE,
	CK_SHMEM,
	CK_KSM,
	CK_SLAB,
	CK_PGTABLE,
	CK_BUDDY,
	CK_PCP_FREE,
	CK_DRIVER_PIN,
	CK_KERNEL,
	NR_CULPRIT_KINDS
};

/* A page resolved. */
struct culprit {
	uint64_t pfn;
	enum culprit_kind kind;
	uint32_t flags;			/* enum culprit_flag */
	uint64_t kpageflags;		/* /proc/kpageflags at the resolution, or 0 */
	bool has_refs;			/* refcount/mapcount known (from BPF) */
	int refcount, mapcount, extra_refs;
	bool pinned;			/* FOLL_PIN: refcount past GUP's bias */
	char what[256];			/* path, process, or pin method; may be "" */
	char stack[512];		/* page_owner's, frames joined by " < " */
};

/* Where the resolver reads; the tests point it at fixtures. */
struct culprit_sources {
	const char *proc;		/* "/proc": kpageflags, kpagecount, PID/... */
	const char *pinned;		/* the test driver's "pinned" file, or NULL */
	const char *page_owner;		/* debugfs page_owner, or NULL */
};

struct culprits;

struct culprits *culprits__new(const struct culprit_sources *src);
void culprits__free(struct culprits *c);

/*
 * Resolve @e into @out (may be NULL) and count it. The same page failing
 * the same thread twice in a row (the skip event and the isolation test
 * of one failure) counts once. Returns true when it was counted.
 */
bool culprits__add(struct culprits *c, const struct culprit_event *e, struct culprit *out);

/*
 * What this kernel cannot tell, one clause each ("" when it tells all),
 * also kept for culprits__print_json(). @page_known: the tracer knows
 * where struct pages are.
 */
const char *culprits__limits(struct culprits *c, bool page_known);

const char *culprit_kind__name(enum culprit_kind k);
/* The flags as "lru,writeback" ("-" for none) into @buf. */
const char *culprit_flags__str(uint32_t flags, char *buf, size_t len);

/* The tally: a table of kinds and the top pages, as text or one JSON document. */
void culprits__print_text(const struct culprits *c, FILE *out);
int culprits__print_json(const struct culprits *c, FILE *out);

#endif
