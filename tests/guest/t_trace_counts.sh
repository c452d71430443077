#!/bin/sh
# cmabulk-trace counts what ftrace records for the same cma_alloc calls in
# the same run: calls, pages and the latency histogram's total.
. tests/guest/lib.sh
area=$(cma_area) || fail "no CMA area"
name=$(basename "$area")
out=/tmp/trace.json
err=/tmp/trace.err
start_tracer $out $err -j
ftrace_start cma/cma_alloc_finish
for n in 1 2 4 8 16; do
	echo $n >"$area/alloc" || fail "alloc $n"
done
ftrace_stop
for n in 1 2 4 8 16; do echo $n >"$area/free"; done
stop_tracer || fail "cmabulk-trace exited with $?: $(cat $err)"
calls=$(grep -c "cma_alloc_finish: name=$name" $TRACEFS/trace)
assert_eq "$calls" 5 "ftrace cma_alloc_finish events"
json=$(tail -n 1 $out)
echo "$json" | grep -q '"type":"final"' || fail "no final report: $json"
# One row per size class (log2 of pages): sum them.
sums=$(echo "$json" | grep -o '"kind":"cma_alloc","mode":null,"fallback":null,"order":[0-9]*,"calls":[0-9]*,"failed":[0-9]*,"requested":[0-9]*,"allocated":[0-9]*' |
	sed 's/[^0-9,]//g' | awk -F, '{ c += $5; f += $6; r += $7; a += $8 } END { print c, f, r, a }')
assert_eq "$sums" "$calls 0 31 31" "loader calls/failed/requested/allocated vs ftrace ($calls calls, 31 pages)"
tot=$(echo "$json" | grep -o '"latency":{"unit":"usecs","total":[0-9]*' | sed 's/.*://' | awk '{ t += $1 } END { print t }')
assert_eq "$tot" "$calls" "latency histogram totals"
