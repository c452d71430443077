/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The facts about the machine a measurement ran on, as every results
 * folder's meta.json carries them: the tool's version, the kernel, the
 * CPU, memory, clock source and page size, and the host's facts the guest
 * cannot see (--meta KEY=VALUE from scripts/bench.sh).
 */
#ifndef CMABULK_MACHINE_META_H
#define CMABULK_MACHINE_META_H

struct json_writer;

/* tool_version, kernel_release/version, machine, cpu_model, cpus, ... */
void machine_meta__write(struct json_writer *w);

/* The KEY=VALUE pairs as the "host" object; malformed ones are left out. */
void machine_meta__host(struct json_writer *w, int nr_meta, const char *const *meta);

#endif
