// SPDX-License-Identifier: GPL-2.0
/*
 * Print the ids of the BPF programs loaded in the kernel, one per line,
 * so a test can check that a tool leaves the list as it found it.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <bpf/bpf.h>

int main(void)
{
	__u32 id = 0;

	while (!bpf_prog_get_next_id(id, &id))
		printf("%u\n", id);
	if (errno != ENOENT) {
		fprintf(stderr, "bpf-progs: %s\n", strerror(errno));
		return 1;
	}
	return 0;
}
