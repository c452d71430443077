/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Log2 histograms: the bucket math shared with the BPF side and the two
 * renderings users expect, bcc's print_log2_hist text layout and JSON.
 *
 * Slot i counts values in [2^i, 2^(i+1) - 1], except slot 0 which also
 * takes 0, so every u64 has a slot and the ranges tile without gaps.
 */
#ifndef CMABULK_HIST_H
#define CMABULK_HIST_H

#include <linux/types.h>
#include <stdint.h>
#include <stdio.h>

struct json_writer;

/* Slot of @v: floor(log2(v)), and 0 for v == 0. */
unsigned int hist_log2_slot(uint64_t v);

/* Inclusive value range of @slot. */
uint64_t hist_slot_low(unsigned int slot);
uint64_t hist_slot_high(unsigned int slot);

/* Sum of all slots. */
uint64_t hist_total(const __u64 *slots, unsigned int nr_slots);

/*
 * Print @slots in bcc's layout: a header naming @unit, then one row per
 * slot from the first to the last non-empty one with a bar scaled to the
 * largest count. Prints nothing when all slots are zero.
 */
void hist_print_log2(FILE *out, const __u64 *slots, unsigned int nr_slots,
		     const char *unit);

/*
 * The same rows for several histograms side by side (e.g. FAST beside
 * NORMAL): one count column and a 20-wide bar per histogram, bars scaled
 * to the largest count of any of them. @labels name the columns.
 */
void hist_print_log2_columns(FILE *out, const __u64 *const *slots,
			     const char *const *labels, unsigned int nr_cols,
			     unsigned int nr_slots, const char *unit);

/*
 * A linear histogram with one value per slot; the last slot holds
 * everything from its value up ("15+").
 */
void hist_print_linear(FILE *out, const __u64 *slots, unsigned int nr_slots,
		       const char *what);

/*
 * Write @slots as a JSON object {"unit", "total", "buckets": [{"low",
 * "high", "count"}...]} listing only non-empty buckets.
 */
void hist_json_log2(struct json_writer *w, const __u64 *slots,
		    unsigned int nr_slots, const char *unit);

/* JSON for a linear histogram: {"total", "buckets": [{"value", "count"}]}
 * where the last bucket also has "and_above": true. */
void hist_json_linear(struct json_writer *w, const __u64 *slots,
		      unsigned int nr_slots);

#endif
