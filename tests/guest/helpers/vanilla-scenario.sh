#!/bin/sh
# Guest side of tests/host/vanilla.sh, on the unpatched kernel: the tracer
# must still trace cma_alloc() and name the events it cannot find, and the
# kmem:mm_alloc_contig_migrate_range_info fields are shifted (patch 1's bug).
#   vanilla-scenario.sh OUTDIR
. tests/guest/lib.sh
out=$1
mkdir -p "$out"
uname -r >"$out/release"
area=$(cma_area) || fail "no CMA area"
start_tracer "$out/trace.json" "$out/trace.err" -j
for n in 1 2 4; do echo $n >"$area/alloc" || fail "alloc $n"; done
stop_tracer
echo $? >"$out/trace.rc"
for n in 1 2 4; do echo $n >"$area/free"; done
ftrace_start kmem/mm_alloc_contig_migrate_range_info
echo 16 >"$area/alloc"
ftrace_stop
echo 16 >"$area/free"
grep -m1 mm_alloc_contig_migrate_range_info $TRACEFS/trace >"$out/kmem"
cmabulk-trace --list-enums >"$out/enums" 2>&1
echo $? >"$out/enums.rc"
[ -d /sys/kernel/debug/cma_bulk_test ] && echo yes >"$out/driver"
exit 0
