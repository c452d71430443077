#!/bin/sh
# arm64: full
# The stress's short form (make stress runs it for minutes): two bulk
# callers with a session each, a debugfs cma_alloc() caller, moving pins,
# a fill with churn, and cmabulk-trace --phases, for STRESS_TEST_SECONDS;
# a bulk caller is killed inside its call every 3 s. Its own checks must
# hold (no page handed out twice, valid pages after every call and every
# kill, the bitmap equal to what the callers hold, the books at the end),
# kills must have cut calls short, and the tracer must have seen every
# bulk call the driver made. Then the control: with a foreign debugfs
# caller that the stress is not told of, its bitmap check must fail.
. tests/guest/lib.sh
area=$(cma_area) || fail "no CMA area"
secs=${STRESS_TEST_SECONDS:-30}
start_tracer /tmp/stress.trace /tmp/stress.trace.err -j --phases
out=$(build/bin/cmabulk-bench stress --seconds "$secs" --kill-every 3 --json -q 2>/tmp/stress.err)
rc=$?
stop_tracer || fail "cmabulk-trace exited with $?: $(tail -n 2 /tmp/stress.trace.err)"
[ $rc -eq 0 ] || fail "stress exited $rc: $(head -n 3 /tmp/stress.err | tr '\n' ' ')"
json_int() { echo "$out" | sed -n "s/.*\"$1\":\([0-9-]*\).*/\1/p"; }
assert_eq "$(json_int violations)" 0 "violations"
assert_eq "$(json_int handed_twice)" 0 "pages handed out while held"
assert_eq "$(json_int bad)" 0 "bad pages after calls"
assert_eq "$(json_int used_end)" "$(json_int used_start)" "the bitmap at the end"
calls=$(json_int driver_bulk_calls)
[ "$calls" -gt 10 ] || fail "only $calls bulk calls in $secs s"
[ "$(json_int debug_calls)" -gt 10 ] || fail "the debugfs caller made $(json_int debug_calls) calls"
kills=$(json_int kills)
[ "$kills" -ge $((secs / 3 - 1)) ] || fail "$kills kills in $secs s"
[ "$(json_int kills_eintr)" -ge 1 ] || fail "no kill cut a call short: $out"
json=$(tail -n 1 /tmp/stress.trace)
tcalls=$(echo "$json" | grep -o '"kind":"bulk","mode":"[a-z_]*","fallback":"[a-z_]*","order":[0-9]*,"calls":[0-9]*' |
	sed 's/.*"calls"://' | awk '{ c += $1 } END { print c + 0 }')
assert_eq "$tcalls" "$calls" "the tracer's bulk calls against the driver's"

# The control: a cma_alloc() caller the stress does not know of.
build/bin/cmabulk-bench stress --seconds 6 --no-debug-caller --kill-every 0 --fill 0 --churn 0 -q \
	>/tmp/stress2.out 2>&1 &
stress=$!
while kill -0 $stress 2>/dev/null; do echo 16 >"$area/alloc" 2>/dev/null; sleep 0.05; done
wait $stress
rc=$?
echo 100000 >"$area/free"
[ $rc -eq 1 ] || fail "a stress beside a foreign caller exited $rc, not 1: $(tail -n 2 /tmp/stress2.out)"
grep -q "bitmap pages with every caller holding" /tmp/stress2.out ||
	fail "the foreign caller was not named: $(head -n 3 /tmp/stress2.out)"
echo "PASS stress: $secs s, $calls bulk calls, $(json_int debug_calls) debugfs calls, $kills kills ($(json_int kills_eintr) cut short, $(json_int kept_chunks) chunks kept and verified), tracer exact; a foreign caller caught"
