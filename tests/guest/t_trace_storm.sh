#!/bin/sh
# test-timeout: 600
# arm64: full
# An event storm: one cma_alloc() per page of the whole area (the driver's
# chunks strategy at order 0), traced with --calls and --phases. The
# tracer's totals stay exact against the driver's count of its calls and
# against ftrace (with a buffer large enough that it lost nothing); each
# call is a record on stdout or a counted ring-buffer drop, never neither;
# and the tracer's peak RSS stays bounded. Prints the rate, the drops and
# the RSS.
. tests/guest/lib.sh
area=$(cma_area) || fail "no CMA area"
name=$(basename "$area")
# Every free page (arm64 keeps its atomic DMA pool in the area).
pages=$(($(cat "$area/count") - $(cat "$area/used")))
out=/tmp/storm.json
err=/tmp/storm.err
bufsize=$(cat $TRACEFS/buffer_size_kb)
echo 8192 >$TRACEFS/buffer_size_kb
start_tracer $out $err -j --calls --phases
ftrace_start cma/cma_alloc_finish
t0=$(date +%s)
echo "area=$name order=0 count=$pages strategy=chunks" >$CBT/alloc || fail "alloc of every page"
secs=$(($(date +%s) - t0))
ftrace_stop
calls=$(result cma_alloc_calls)
allocated=$(result allocated)
echo 1 >$CBT/release
hwm=$(awk '/^VmHWM:/ { print $2 }' /proc/$TRACER_PID/status)
stop_tracer || fail "cmabulk-trace exited with $?: $(tail -n 2 $err)"
# Read the trace before the buffer shrinks back: shrinking drops pages.
overrun=$(cat $TRACEFS/per_cpu/cpu*/stats | awk '/^overrun:/ { o += $2 } END { print o }')
fcalls=$(grep -c "cma_alloc_finish: name=$name" $TRACEFS/trace)
echo "$bufsize" >$TRACEFS/buffer_size_kb
assert_eq "$overrun" 0 "ftrace events lost (its buffer was too small to be the oracle)"
assert_eq "$fcalls" "$calls" "ftrace cma_alloc_finish against the driver's calls"
# Nearly every free page (a few may be held by movable pages that will not move).
[ "$allocated" -ge $((pages * 99 / 100)) ] || fail "only $allocated of $pages pages allocated one by one"
json=$(tail -n 1 $out)
echo "$json" | grep -q '"type":"final"' || fail "no final report: $(tail -c 200 $out)"
tcalls=$(echo "$json" | grep -o '"kind":"cma_alloc","mode":null,"fallback":null,"order":[0-9]*,"calls":[0-9]*' |
	sed 's/.*"calls"://' | awk '{ c += $1 } END { print c }')
assert_eq "$tcalls" "$calls" "the tracer's cma_alloc calls against the driver's"
drops=$(echo "$json" | sed -n 's/.*"ringbuf_drops":\([0-9]*\).*/\1/p')
records=$(grep -c '"type":"call"' $out)
assert_eq "$((records + drops))" "$calls" "call records + ring-buffer drops against calls"
[ "$hwm" -lt 65536 ] || fail "the tracer's peak RSS is $hwm kB"
echo "PASS trace_storm: $calls calls in ${secs}s, $records call records, $drops ring-buffer drops, tracer peak RSS $hwm kB"
