#!/bin/sh
# arm64: full
# The soak's short form (make soak runs 1000 cycles): 100 cycles under a
# 50% fill, churn and moving pins. Its JSON summary holds every check:
# no violation, the teardown gave CmaFree back, every strategy ran, and
# the kernel's page counters grew by exactly the pages handed out and
# released. Then a soak with a foreign cma_alloc() caller beside it (the
# kernel's own debugfs alloc file) must notice and fail.
. tests/guest/lib.sh
area=$(cma_area) || fail "no CMA area"
out=$(build/bin/cmabulk-bench soak --cycles "${SOAK_TEST_CYCLES:-100}" --json -q 2>/tmp/soak.err)
rc=$?
[ $rc -eq 0 ] || fail "soak exited $rc: $(head -n 2 /tmp/soak.err | tr '\n' ' ')"
# A top-level number of the summary (the per-strategy objects come last).
json_int() { echo "$out" | sed 's/"strategies".*//' | sed -n "s/.*\"$1\":\([0-9-]*\).*/\1/p"; }
assert_eq "$(json_int cycles)" "${SOAK_TEST_CYCLES:-100}" "cycles run"
assert_eq "$(json_int violations)" 0 "violations"
echo "$out" | grep -q '"teardown_ok":true' || fail "teardown not ok: $out"
out_pages=$(json_int pages_out)
[ "$out_pages" -gt 0 ] || fail "no page handed out: $out"
assert_eq "$(json_int alloc_pages_success)" "$out_pages" "sysfs alloc_pages_success"
assert_eq "$(json_int release_pages_success)" "$out_pages" "sysfs release_pages_success"
for s in normal fast fast-normal fast-sync normal-once whole chunks2m chunks; do
	echo "$out" | grep -q "\"$s\":{\"cycles\":[1-9]" || fail "strategy $s never ran: $out"
done

# A second caller allocating from the area through the kernel's own
# debugfs file: the books no longer add up, and the soak must say so.
# It allocates one page at a time for as long as the soak runs.
build/bin/cmabulk-bench soak --cycles 20 --fill 0 --churn 0 --pins 0 -q >/tmp/soak2.out 2>&1 &
soak=$!
while kill -0 $soak 2>/dev/null; do echo 1 >"$area/alloc" 2>/dev/null; done
wait $soak
rc=$?
echo 100000 >"$area/free"	# every debugfs allocation back (it stops at the last)
[ $rc -eq 1 ] || fail "a soak beside a foreign caller exited $rc, not 1: $(tail -n 2 /tmp/soak2.out)"
grep -q ", want " /tmp/soak2.out || fail "no violation named: $(head -n 3 /tmp/soak2.out)"
echo "PASS soak: $(json_int cycles) cycles in $(echo "$out" | sed -n 's/.*"seconds":\([0-9.]*\).*/\1/p') s, $out_pages pages out and back; a foreign caller caught"
