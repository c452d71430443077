#!/bin/sh
# Guest side of tests/host/trace_oracle.sh: run cmabulk-trace and ftrace
# over the same known sequence of calls through the test driver, and leave
# both records in the run folder for the host to compare.
#   oracle-scenario.sh OUTDIR
. tests/guest/lib.sh
out=$1
mkdir -p "$out"
area=$(cma_area) || fail "no CMA area"
name=$(basename "$area")
pb=$(pageblock_pages)
blocks=$(($(cat "$area/count") / pb))
per_block=$((pb / 16))

build/tests/bin/bpf-progs >"$out/progs-before"
echo "area=$name fraction=0.04 seed=3" >$CBT/pin || fail "pin"
echo 1 >$CBT/release	# drain per-cpu lists

ftrace_start cma/cma_bulk_start cma/cma_bulk_finish cma/cma_bulk_skip_pageblock \
	cma/cma_bulk_mode_fallback cma/cma_alloc_start cma/cma_alloc_finish \
	kmem/mm_alloc_contig_range_finish
echo 40000 >$TRACEFS/buffer_size_kb
# The session's bounds in CLOCK_BOOTTIME (/proc/uptime), for the timeline.
cut -d' ' -f1 /proc/uptime >"$out/uptime-start"
start_tracer "$out/trace.json" "$out/trace.err" -j --bpf-stats --phases --skips --calls \
	--perfetto "$out/trace.pftrace" --culprits

all=$((blocks * per_block))
for spec in "mode=fast" "mode=fast" "mode=normal" "mode=fast fallback=normal" "mode=normal_once"; do
	echo "area=$name order=4 count=$all $spec" >$CBT/alloc || fail "alloc $spec"
	cat $CBT/result >>"$out/results"
	echo 1 >$CBT/release
done
# Two baseline strategies: many cma_alloc() calls.
echo "area=$name order=4 count=64 strategy=chunks" >$CBT/alloc
echo 1 >$CBT/release
echo "area=$name order=4 count=256 strategy=chunks2m" >$CBT/alloc
echo 1 >$CBT/release

stop_tracer
echo $? >"$out/trace.rc"
cut -d' ' -f1 /proc/uptime >"$out/uptime-end"
ftrace_stop
cat $TRACEFS/trace >"$out/ftrace.txt"
cat $CBT/pinned >"$out/pinned"
echo 1 >$CBT/unpin
build/tests/bin/bpf-progs >"$out/progs-after"
cmabulk-trace --list-enums >"$out/enums"
cat $TRACEFS/events/cma/cma_bulk_skip_pageblock/format >"$out/skip-format"
