#!/bin/bash
# needs: guest
# arch: x86_64
# Runs that do not end well leave nothing that passes for a result:
#  - QEMU killed from the host mid-run: the folder says "running", and
#    report and compare refuse it with one line; bench.sh says the run is
#    unfinished and points 'latest' at nothing new;
#  - Ctrl-C on the host (SIGINT to the whole process group, as a terminal
#    sends it): no QEMU of this tree is left, and no half-written file
#    (*.tmp) in the results folder.
. "$(dirname "$0")/../lib.sh"
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$ROOT" || exit 1
res=build/tests/killed-results
rm -rf "$res" && mkdir -p "$res"
bench=build/bin/cmabulk-bench
# The QEMUs of this tree (a tree elsewhere shares its 9p path with none).
qemus() { pgrep -f "path=$ROOT,mount_tag=cmabulk" ; }
[ -z "$(qemus)" ] || fail "a QEMU of this tree is running already: $(qemus | tr '\n' ' ')"

# Start a long quick run in a session of its own; wait for its 3rd trial.
start() {
	RESULTS=$res BENCH_ARGS="-n 30 -s fast,normal" setsid scripts/bench.sh quick >"$res/$1.log" 2>&1 &
	pid=$!
	for _ in $(seq 240); do
		grep -q '^\[quick 3/' "$res/$1.log" && return 0
		kill -0 $pid 2>/dev/null || fail "$1: the run ended early: $(tail -n 2 "$res/$1.log")"
		sleep 0.5
	done
	fail "$1: no third trial after 120 s: $(tail -n 2 "$res/$1.log")"
}

# 1. QEMU killed.
start killed
mapfile -t pids < <(qemus)
kill -KILL "${pids[@]}"
wait $pid
rc=$?
[ $rc -ne 0 ] || fail "bench.sh exited 0 after its guest was killed"
dir=$(ls -d "$res"/*-quick | head -n 1)
grep -q '"status": *"running"' "$dir/meta.json" || fail "meta.json of a killed run: $(grep status "$dir/meta.json")"
grep -q "is unfinished, report and compare refuse it" "$res/killed.log" || fail "bench.sh did not say: $(tail -n 2 "$res/killed.log")"
[ -e "$res/latest" ] && fail "latest points at the killed run"
expect_fail "never finished (status running" $bench report "$dir"
expect_fail "never finished (status running" $bench compare "$dir" "$dir"
[ "$($bench report "$dir" 2>&1 | wc -l)" = 1 ] || fail "report's refusal is not one line"
rm -rf "$dir"

# 2. Ctrl-C.
start interrupted
kill -INT -- -$pid
for _ in $(seq 40); do
	[ -z "$(qemus)" ] && ! kill -0 $pid 2>/dev/null && break
	sleep 0.5
done
[ -z "$(qemus)" ] || fail "QEMU left after Ctrl-C: $(qemus | tr '\n' ' ')"
kill -0 $pid 2>/dev/null && fail "bench.sh still running 20 s after Ctrl-C"
left=$(find "$res" -name '*.tmp')
[ -z "$left" ] || fail "half-written files after Ctrl-C: $left"
true
