#!/bin/sh
# Filters keep exactly the calls asked for; --raw-tp attaches without BTF
# tracepoints and counts the same; --calls prints one line per call.
. tests/guest/lib.sh
area=$(cma_area) || fail "no CMA area"
name=$(basename "$area")

run_traced() { # out-file loader-args...
	f=$1
	shift
	start_tracer "$f" /tmp/err -j "$@"
	echo "area=$name order=4 count=64 mode=fast" >$CBT/alloc; echo 1 >$CBT/release
	echo "area=$name order=4 count=64 mode=normal" >$CBT/alloc; echo 1 >$CBT/release
	echo "area=$name order=5 count=8 mode=fast" >$CBT/alloc; echo 1 >$CBT/release
	stop_tracer || fail "cmabulk-trace $*: exit $?: $(tail -n 3 /tmp/err)"
}

run_traced /tmp/f.json -M fast -o 4
final=$(tail -n 1 /tmp/f.json)
rows=$(echo "$final" | sed 's/"ranges":.*//')	# the calls rows only
echo "$rows" | grep -q '"kind":"bulk","mode":"fast","fallback":"fast","order":4,"calls":1,' || fail "fast order 4 missing: $rows"
echo "$rows" | grep -q '"mode":"normal"' && fail "normal not filtered: $rows"
echo "$rows" | grep -q '"order":5' && fail "order 5 not filtered: $rows"
echo "$final" | grep -q '"filtered":2' || fail "filtered count: $final"

run_traced /tmp/r.json --raw-tp -v
grep -q "cma_bulk_finish *tracepoint *raw_tp" /tmp/err || fail "not attached with raw_tp: $(cat /tmp/err)"
final=$(tail -n 1 /tmp/r.json)
echo "$final" | grep -q '"mode":"normal","fallback":"normal","order":4,"calls":1,' || fail "raw_tp missed a call: $final"

run_traced /tmp/c.json --calls
assert_eq "$(grep -c '"type":"call","comm"' /tmp/c.json)" 3 "per-call records"

# SIGUSR1 reports what happened since the last report, and the tracer goes
# on: one interval with the first call, one with the second, a final with
# both (cmabulk-bench takes one report per trial this way).
start_tracer /tmp/u.json /tmp/err -j
echo "area=$name order=4 count=64 mode=fast" >$CBT/alloc; echo 1 >$CBT/release
kill -USR1 $TRACER_PID
wait_for /tmp/u.json '"type":"interval"' $TRACER_PID 10
echo "area=$name order=4 count=64 mode=normal" >$CBT/alloc; echo 1 >$CBT/release
kill -USR1 $TRACER_PID
i=0
until [ "$(grep -c '"type":"interval"' /tmp/u.json)" = 2 ]; do
	kill -0 $TRACER_PID 2>/dev/null || fail "cmabulk-trace died after SIGUSR1: $(tail -n 2 /tmp/err)"
	[ $i -lt 100 ] || fail "no second interval report"
	sleep 0.1
	i=$((i + 1))
done
stop_tracer || fail "cmabulk-trace exit $?: $(tail -n 3 /tmp/err)"
first=$(grep '"type":"interval"' /tmp/u.json | head -n 1)
second=$(grep '"type":"interval"' /tmp/u.json | sed -n 2p)
echo "$first" | grep -q '"mode":"fast","fallback":"fast","order":4,"calls":1,' || fail "first interval: $first"
echo "$first" | grep -q '"mode":"normal","fallback":"normal","order":4,"calls":1,' && fail "first interval has the second call: $first"
echo "$second" | grep -q '"mode":"normal","fallback":"normal","order":4,"calls":1,' || fail "second interval: $second"
tail -n 1 /tmp/u.json | grep -q '"type":"final"' || fail "no final report"
