/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Injected allocation failures for the bench's request thread only: the
 * kernel's fail_page_alloc and failslab (CONFIG_FAULT_INJECTION, debugfs),
 * with the task filter on, so that the request's page and slab
 * allocations (migration targets included) fail at a given probability
 * while the rest of the machine, and the bench's other threads, are left
 * alone. A trial so hit must come back as a failed trial with its errno.
 */
#ifndef CMABULK_FAULTS_H
#define CMABULK_FAULTS_H

/*
 * Set both fault attributes to fail @pct percent of the marked threads'
 * allocations, GFP_KERNEL ones and order 0 included, quietly. The old
 * settings are kept for fault_inject__restore(). 0, or -1 with the reason said.
 */
int fault_inject__setup(unsigned int pct);
void fault_inject__restore(void);

/*
 * The calling thread's make-it-fail, opened before it is marked (a marked
 * thread's own open could fail); fd or -errno. Then mark it (on) around
 * the request and unmark it through the same fd.
 */
int fault_inject__thread_open(void);
int fault_inject__mark(int fd, int on);

#endif
