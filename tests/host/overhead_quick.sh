#!/bin/bash
# needs: guest
# arch: x86_64
# test-timeout: 600
# cmabulk-bench overhead, short: one boot with the host's root shared,
# cmabulk-trace -j, -j --phases, bpftrace bench/overhead/overhead.bt and a tracer
# that cannot start, two rounds of small calls on an area with no pins.
# tests/host/overhead_check.py
# checks the folder against itself: program runs equal to the driver's
# counts, the passes interleaved, bpftrace's programs the script's probes.
. "$(dirname "$0")/../lib.sh"
[ "$(id -u)" = 0 ] || { echo "SKIP overhead_quick: not root"; exit 0; }
command -v bpftrace >/dev/null || fail "no bpftrace: run 'make deps'"
dir=build/tests/overhead
rm -rf "$dir"
ACCEL=icount GUEST_HOSTROOT=1 scripts/guest.sh "scripts/guest/hostroot.sh \"cmabulk-bench overhead \
	--rounds 2 --calls 2 --stats-calls 3 --count 512 --pin 0 -o $dir --run-id quick \
	--tracer 'trace=cmabulk-trace -j' --tracer 'phases=cmabulk-trace -j --phases' \
	--tracer 'bpftrace=bpftrace bench/overhead/overhead.bt' --tracer 'broken=/nonexistent/tracer'\"" \
	>"$dir.log" 2>&1
rc=$?
[ -f "$dir/quick/summary.json" ] || fail "no summary (guest status $rc): $(tail -n 3 "$dir.log")"
assert_eq "$rc" 1 "exit status with a tracer that cannot start"
exec /usr/bin/python3 tests/host/overhead_check.py "$dir/quick" bench/overhead/overhead.bt
