// SPDX-License-Identifier: GPL-2.0
#include <string.h>

#include "lib/hist.h"
#include "lib/json.h"

#define BAR_WIDTH 40

unsigned int hist_log2_slot(uint64_t v)
{
	return v ? 63 - __builtin_clzll(v) : 0;
}

uint64_t hist_slot_low(unsigned int slot)
{
	return slot ? 1ULL << slot : 0;
}

uint64_t hist_slot_high(unsigned int slot)
{
	return slot >= 63 ? UINT64_MAX : (2ULL << slot) - 1;
}

uint64_t hist_total(const __u64 *slots, unsigned int nr_slots)
{
	uint64_t sum = 0;

	for (unsigned int i = 0; i < nr_slots; i++)
		sum += slots[i];
	return sum;
}

/* @width characters: '*' scaled to @v / @max (rounded up), then spaces. */
static const char *bar(char *buf, int width, __u64 v, __u64 max)
{
	int stars = (int)((v * width + max - 1) / max);

	memset(buf, '*', stars);
	memset(buf + stars, ' ', width - stars);
	buf[width] = '\0';
	return buf;
}

static int digits(uint64_t v)
{
	int n = 1;

	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

void hist_print_log2(FILE *out, const __u64 *slots, unsigned int nr_slots,
		     const char *unit)
{
	int first = -1, last = -1, width;
	uint64_t max = 0;
	char buf[BAR_WIDTH + 1];

	for (unsigned int i = 0; i < nr_slots; i++) {
		if (!slots[i])
			continue;
		if (first < 0)
			first = i;
		last = i;
		if (slots[i] > max)
			max = slots[i];
	}
	if (last < 0)
		return;

	/* Columns wide enough for the largest bound, at least bcc's 10. */
	width = digits(hist_slot_high(last));
	if (width < 10)
		width = 10;

	fprintf(out, "%*s%-*s : count    distribution\n", width + 1, "",
		width + 4, unit);
	for (int i = first; i <= last; i++)
		fprintf(out, "%*llu -> %-*llu : %-8llu |%s|\n", width + 1,
			(unsigned long long)hist_slot_low(i), width,
			(unsigned long long)hist_slot_high(i),
			(unsigned long long)slots[i],
			bar(buf, BAR_WIDTH, slots[i], max));
}

/* "total" and the non-empty "buckets" of a log2 or linear histogram. */
static void json_buckets(struct json_writer *w, const __u64 *slots,
			 unsigned int nr_slots, bool log2)
{
	json_key_u64(w, "total", hist_total(slots, nr_slots));
	json_key(w, "buckets");
	json_array_begin(w);
	for (unsigned int i = 0; i < nr_slots; i++) {
		if (!slots[i])
			continue;
		json_object_begin(w);
		if (log2) {
			json_key_u64(w, "low", hist_slot_low(i));
			json_key_u64(w, "high", hist_slot_high(i));
		} else {
			json_key_u64(w, "value", i);
		}
		json_key_u64(w, "count", slots[i]);
		if (!log2 && i == nr_slots - 1)
			json_key_bool(w, "and_above", true);
		json_object_end(w);
	}
	json_array_end(w);
}

void hist_json_log2(struct json_writer *w, const __u64 *slots,
		    unsigned int nr_slots, const char *unit)
{
	json_object_begin(w);
	json_key_string(w, "unit", unit);
	json_buckets(w, slots, nr_slots, true);
	json_object_end(w);
}

void hist_print_log2_columns(FILE *out, const __u64 *const *slots,
			     const char *const *labels, unsigned int nr_cols,
			     unsigned int nr_slots, const char *unit)
{
	enum { COL_BAR = 20 };
	int first = -1, last = -1, width;
	char buf[COL_BAR + 1];
	__u64 max = 0;

	for (unsigned int i = 0; i < nr_slots; i++) {
		for (unsigned int c = 0; c < nr_cols; c++) {
			if (!slots[c][i])
				continue;
			if (first < 0 || (int)i < first)
				first = i;
			if ((int)i > last)
				last = i;
			if (slots[c][i] > max)
				max = slots[c][i];
		}
	}
	if (last < 0)
		return;
	width = digits(hist_slot_high(last));
	if (width < 10)
		width = 10;

	fprintf(out, "%*s%-*s :", width + 1, "", width + 4, unit);
	for (unsigned int c = 0; c < nr_cols; c++)
		/* A label may use its whole column ("unmovable", "fast>normal"). */
		fprintf(out, " %-*.*s", COL_BAR + 11, COL_BAR + 11, labels[c]);
	fputc('\n', out);
	for (int i = first; i <= last; i++) {
		fprintf(out, "%*llu -> %-*llu :", width + 1,
			(unsigned long long)hist_slot_low(i), width,
			(unsigned long long)hist_slot_high(i));
		for (unsigned int c = 0; c < nr_cols; c++)
			fprintf(out, " %-8llu |%s|", (unsigned long long)slots[c][i],
				bar(buf, COL_BAR, slots[c][i], max));
		fputc('\n', out);
	}
}

void hist_print_linear(FILE *out, const __u64 *slots, unsigned int nr_slots,
		       const char *what)
{
	int last = -1;
	__u64 max = 0;
	char buf[BAR_WIDTH + 1], label[24];

	for (unsigned int i = 0; i < nr_slots; i++) {
		if (slots[i])
			last = i;
		if (slots[i] > max)
			max = slots[i];
	}
	if (last < 0)
		return;
	fprintf(out, "%12s : count    distribution\n", what);
	for (int i = 0; i <= last; i++) {
		snprintf(label, sizeof(label), i == (int)nr_slots - 1 ? "%d+" : "%d", i);
		fprintf(out, "%12s : %-8llu |%s|\n", label,
			(unsigned long long)slots[i], bar(buf, BAR_WIDTH, slots[i], max));
	}
}

void hist_json_linear(struct json_writer *w, const __u64 *slots,
		      unsigned int nr_slots)
{
	json_object_begin(w);
	json_buckets(w, slots, nr_slots, false);
	json_object_end(w);
}
