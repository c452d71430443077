#!/bin/bash
# needs: tools
# arch: x86_64
# cmabulk-trace on the build host, whose kernel has no CMA: a fast check of
# the loader's generic paths. It must refuse with one clear line, exit
# non-zero, and leave the host's BPF program list as it was.
. "$(dirname "$0")/../lib.sh"
[ "$(id -u)" = 0 ] || { echo "SKIP trace_host: not root"; exit 0; }
if ls /sys/kernel/tracing/events/cma >/dev/null 2>&1; then
	echo "SKIP trace_host: this host kernel has CMA tracepoints"
	exit 0
fi
before=$(build/tests/bin/bpf-progs | tr '\n' ' ')
out=$(build/bin/cmabulk-trace 2>&1)
rc=$?
[ "$rc" -ne 0 ] || fail "succeeded on a kernel without CMA"
[ "$(echo "$out" | grep -c .)" = 1 ] || fail "more than one line: $out"
echo "$out" | grep -qE "no cma:cma_alloc_start/finish tracepoints|tracefs is not mounted" || fail "unclear: $out"
assert_eq "$(build/tests/bin/bpf-progs | tr '\n' ' ')" "$before" "BPF programs after the run"
out=$(build/bin/cmabulk-trace --list-enums 2>&1)
[ $? -ne 0 ] && echo "$out" | grep -q "not a cma_alloc_bulk kernel" || fail "--list-enums: $out"
