/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cmabulk-trace's command line: its options (env, retsnoop style: one
 * struct the whole tool reads) and the argp that fills them. Apart from
 * the tracer so that the fuzz target parses it without the BPF skeleton.
 */
#ifndef CMABULK_TRACE_ENV_H
#define CMABULK_TRACE_ENV_H

#include <argp.h>
#include <stdbool.h>

struct trace_env {
	bool verbose, timestamp, milliseconds, json, calls, skips, raw_tp, list_enums;
	bool phases, culprits;
	bool bpf_stats;		/* BPF_ENABLE_STATS while tracing */
	const char *area;
	const char *mode;
	const char *perfetto;	/* --perfetto FILE */
	const char *btf;	/* --btf FILE: the kernel's BTF, where it has none */
	int order;		/* CMABULK_FILTER_ANY: any */
	long interval;		/* seconds; 0: report only at exit */
	long count;		/* reports; 0: until a signal */
};

extern struct trace_env env;
extern const struct argp trace_argp;
extern const char *argp_program_version;

#endif
