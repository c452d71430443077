// SPDX-License-Identifier: GPL-2.0
#include <string.h>

#include "hist.h"
#include "json.h"

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
	char bar[BAR_WIDTH + 1];

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
	for (int i = first; i <= last; i++) {
		int stars = (int)((slots[i] * BAR_WIDTH + max - 1) / max);

		memset(bar, '*', stars);
		memset(bar + stars, ' ', BAR_WIDTH - stars);
		bar[BAR_WIDTH] = '\0';
		fprintf(out, "%*llu -> %-*llu : %-8llu |%s|\n", width + 1,
			(unsigned long long)hist_slot_low(i), width,
			(unsigned long long)hist_slot_high(i),
			(unsigned long long)slots[i], bar);
	}
}

void hist_json_log2(struct json_writer *w, const __u64 *slots,
		    unsigned int nr_slots, const char *unit)
{
	json_object_begin(w);
	json_key_string(w, "unit", unit);
	json_key_u64(w, "total", hist_total(slots, nr_slots));
	json_key(w, "buckets");
	json_array_begin(w);
	for (unsigned int i = 0; i < nr_slots; i++) {
		if (!slots[i])
			continue;
		json_object_begin(w);
		json_key_u64(w, "low", hist_slot_low(i));
		json_key_u64(w, "high", hist_slot_high(i));
		json_key_u64(w, "count", slots[i]);
		json_object_end(w);
	}
	json_array_end(w);
	json_object_end(w);
}
