#!/bin/sh
# lib/progstats finds a tracer's programs through its descriptors, names
# where each is attached (tp_btf links as raw_tp, fentry and fexit by the
# traced function) and reads the counters the tracer itself reports.
. tests/guest/lib.sh
CBT=/sys/kernel/debug/cma_bulk_test
area=$(basename "$(cma_area)") || fail "no CMA area"
start_tracer /tmp/ps.json /tmp/ps.err -j --phases --bpf-stats
for i in 1 2; do
	echo "area=$area order=4 count=64 mode=fast" >$CBT/alloc || fail "bulk call $i"
	echo 1 >$CBT/release
done
build/tests/bin/prog-stats $TRACER_PID >/tmp/ps.list || fail "prog-stats: $(cat /tmp/ps.list)"
stop_tracer || fail "cmabulk-trace exited with $?: $(cat /tmp/ps.err)"
for a in raw_tp:cma_bulk_start raw_tp:mm_alloc_contig_range_finish \
	fentry:start_isolate_page_range fexit:start_isolate_page_range fexit:cma_alloc; do
	grep -q " $a " /tmp/ps.list || fail "no program attached at $a: $(cat /tmp/ps.list)"
done
# Each program's run count as the tracer reports it, by name.
final=$(tail -n 1 /tmp/ps.json)
n=0
while read -r _ attach name runs _; do
	want=$(echo "$final" | grep -o "{\"prog\":\"$name\",\"run_cnt\":[0-9]*" | sed 's/.*://')
	[ -n "$want" ] || fail "$name ($attach) is not in the tracer's report"
	assert_eq "$runs" "$want" "runs of $name ($attach)"
	n=$((n + 1))
done </tmp/ps.list
bulk=$(awk '$2 == "raw_tp:cma_bulk_start" { print $4 }' /tmp/ps.list)
assert_eq "$bulk" 2 "cma_bulk_start runs for 2 calls"
[ "$n" -ge 15 ] || fail "only $n programs found: $(cat /tmp/ps.list)"
echo "prog_stats: $n programs, runs equal to the tracer's own"
