#!/bin/sh
# cmabulk-trace counts what ftrace records for the same cma_alloc calls in
# the same run: calls, pages and the latency histogram's total.
. tests/guest/lib.sh
area=$(cma_area) || fail "no CMA area"
name=$(basename "$area")
out=/tmp/trace.json
err=/tmp/trace.err
cmabulk-trace -j >$out 2>$err &
pid=$!
# Attached once it has announced itself (or died).
i=0
while [ $i -lt 100 ] && kill -0 $pid 2>/dev/null && ! [ -s $err ]; do
	sleep 0.1
	i=$((i + 1))
done
kill -0 $pid 2>/dev/null || fail "cmabulk-trace exited early: $(cat $err)"
ftrace_start cma/cma_alloc_finish
for n in 1 2 4 8 16; do
	echo $n >"$area/alloc" || fail "alloc $n"
done
ftrace_stop
for n in 1 2 4 8 16; do echo $n >"$area/free"; done
kill -INT $pid
wait $pid || fail "cmabulk-trace exited with $?: $(cat $err)"
calls=$(grep -c "cma_alloc_finish: name=$name" $TRACEFS/trace)
assert_eq "$calls" 5 "ftrace cma_alloc_finish events"
json=$(tail -n 1 $out)
echo "$json" | grep -q '"type":"final"' || fail "no final report: $json"
echo "$json" | grep -q "\"area\":\"$name\",\"calls\":$calls,\"failed\":0,\"pages_requested\":31,\"pages_allocated\":31" ||
	fail "loader counts differ from ftrace ($calls calls, 31 pages): $json"
echo "$json" | grep -q "\"latency\":{\"unit\":\"usecs\",\"total\":$calls," ||
	fail "latency histogram total is not the call count: $json"
