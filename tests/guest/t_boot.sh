#!/bin/sh
# The guest boots the patched kernel with what the suite needs.
. tests/guest/lib.sh
uname -r | grep -qE -- '-cmabulk(-debug)?$' || fail "kernel release $(uname -r) is not the cmabulk build"
area=$(cma_area) || fail "no CMA area in /sys/kernel/debug/cma"
# The area has exactly the size asked for on the command line (cma=).
want=$(sed -n 's/.*cma=\([0-9]*\)M.*/\1/p' /proc/cmdline)
[ -n "$want" ] || fail "no cma=NM on the command line"
pages=$(cat "$area/count")
assert_eq "$((pages * 4096 / 1048576))" "$want" "CMA area size in MiB"
grep -q "CmaTotal: *$((want * 1024)) kB" /proc/meminfo || fail "CmaTotal is not ${want} MiB"
for e in cma_alloc_start cma_alloc_finish cma_alloc_busy_retry cma_release; do
	[ -d "$TRACEFS/events/cma/$e" ] || fail "tracepoint cma:$e missing"
done
[ -r /sys/kernel/btf/vmlinux ] || fail "no kernel BTF"
[ -d "/sys/kernel/mm/cma/$(basename "$area")" ] || fail "no /sys/kernel/mm/cma (CMA_SYSFS)"
command -v cmabulk-trace >/dev/null || fail "cmabulk-trace not on PATH ($PATH)"
