#!/bin/bash
# needs: nothing
# arch: x86_64
# cmabulk-bench and cmabulk-load on bad input, on the host (no guest needed:
# input is checked before anything touches the kernel): one clear line,
# exit 2 (bench) or 1 (load).
. "$(dirname "$0")/../lib.sh"
bench=build/bin/cmabulk-bench
load=build/bin/cmabulk-load
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
printf 'order = 4\ncolour = red\n' >"$t/bad-key"
printf 'chunks = 0\n' >"$t/bad-range"
printf 'fill_pct = 200\n' >"$t/bad-fill"
expect_fail "$t/bad-key:2: unknown key 'colour'" $bench run "$t/bad-key"
expect_fail "$t/bad-range:1: chunks = 0 is out of range" $bench run "$t/bad-range"
expect_fail "fill_pct = 200 is out of range [0, 100]" $bench run "$t/bad-fill"
expect_fail "no-such-scenario: No such file or directory" $bench run no-such-scenario
expect_fail "--trials: trials: 'x' is not a whole number" $bench run quick --trials x
expect_fail "--trials: trials = 0 is out of range [1, 1000]" $bench run quick -n 0
expect_fail "--strategies: strategies: 'fast,slow' is not a list" $bench run quick -s fast,slow
expect_fail "--metric: unknown metric 'speed'" $bench compare a b -m speed
expect_fail "compare needs two results folders" $bench compare a
expect_fail "unknown command 'dance'" $bench dance
$bench --help | grep -q "^Usage: cmabulk-bench" || fail "no --help"
rc=0
$bench run "$t/bad-key" >/dev/null 2>&1 || rc=$?
assert_eq "$rc" 2 "exit status on a bad scenario"
# Valid input, but this host has no test driver: refused before any change.
if [ ! -e /sys/kernel/debug/cma_bulk_test ]; then
	expect_fail "run needs the test driver at /sys/kernel/debug/cma_bulk_test" $bench run quick -o "$t/res"
	[ ! -e "$t/res" ] || [ -z "$(ls "$t/res")" ] || fail "a results folder was left: $(ls "$t/res")"
fi
expect_fail "fill: PERCENT must be in (0, 100], got 150" $load fill 150
expect_fail "unknown command 'dance'" $load dance
$load --help | grep -q "^Usage: cmabulk-load" || fail "no --help"
true
