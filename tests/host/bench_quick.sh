#!/bin/bash
# needs: guest
# arch: x86_64 arm64
# The benchmark end to end: 'scripts/bench.sh quick' (what 'make run
# SCENARIO=quick' does) boots the guest, runs every strategy, and leaves a
# results folder that an independent checker finds complete and consistent.
# Then the gate: a run compared with itself shows no regression; a copy with
# 1.5x slower latencies is flagged and fails; a copy of another scenario, a
# partial run and a folder that is not a run are refused with one line.
. "$(dirname "$0")/../lib.sh"
res=build/tests/bench-results
rm -rf "$res"
# --until-decided with a budget of the scenario's 5 trials (the fewest a
# verdict takes): the run says how it ended, and the checker holds it to that.
out=$(RESULTS=$res BENCH_ARGS="--until-decided --max-trials 5" scripts/bench.sh quick 2>&1)
rc=$?
[ $rc -eq 0 ] || fail "bench.sh quick exited $rc: $(echo "$out" | tail -n 3)"
# The last trial's line: N/N, whatever the number of strategies.
echo "$out" | grep -q '^\[quick \([0-9]*\)/\1\] .* elapsed, ~0s left' || fail "no progress line for the last trial"
echo "$out" | grep -q "quick: --until-decided: \(all [0-9]* comparisons decided\|[0-9]* of [0-9]* undecided\)" ||
	fail "no line on how --until-decided ended"
run=$res/latest
[ -L "$run" ] || fail "$run is not a link to the newest run"
# The checker reads the trials table's columns from the generated schema.
make -s "$ROOT/build/trials-schema.json" "$ROOT/build/summary-schema.json" >/dev/null || fail "cannot generate the build's schemas"
check=$(/usr/bin/python3 tests/host/bench_check.py "$run") || fail "results not consistent: $check"
if command -v gnuplot >/dev/null; then
	for p in latency_cdf tradeoff success skips phases timeline_fast timeline_normal; do
		grep -q '<svg' "$run/plots/$p.svg" 2>/dev/null || fail "plot $p.svg not rendered"
	done
fi
# The run's timeline: compressed, decodable on its own, sound, one slice per
# traced call, and linked from the report.
tl="$run/trace.perfetto.gz"
[ -s "$tl" ] && [ ! -e "$run/trace.perfetto" ] || fail "no trace.perfetto.gz alone in $run"
summ=$(/usr/bin/python3 tests/unit/pftrace_check.py --json "$tl") || fail "trace.perfetto.gz: $summ"
want=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	{ b += $c["trace_bulk_calls"]; a += $c["trace_cma_alloc_calls"] } END { print b, a }' "$run/trials.csv")
got=$(echo "$summ" | /usr/bin/python3 -c 'import json, sys; s = json.load(sys.stdin)["slices"]
print(s.get("cma_alloc_bulk", 0), s.get("cma_alloc", 0))')
assert_eq "$got" "$want" "bulk and cma_alloc slices in trace.perfetto.gz vs the trials' traced calls"
grep -q '^\[trace.perfetto.gz\](trace.perfetto.gz)' "$run/report.md" || fail "report.md does not link the timeline"

bench=build/bin/cmabulk-bench
# A run against itself is never worse: "same", or "unknown" (exit 3) when
# its few trials leave the interval wider than the threshold.
out=$($bench compare "$run" "$run")
rc=$?
[ $rc -eq 0 ] || [ $rc -eq 3 ] || fail "compare with itself exited $rc: $(echo "$out" | tail -n 2)"
echo "$out" | grep -q "REGRESSION\|  faster$\|  slower$" && fail "compare with itself found a change: $out"
echo "$out" | grep -q "^fast .*B/A med .*  \(same\|unknown\)$" || fail "no verdict for fast: $out"
# With no tolerance at all, noisy trials cannot be "same": undecided, 3.
out=$($bench compare "$run" "$run" -t 0)
rc=$?
[ $rc -eq 3 ] || fail "compare with itself at -t 0 exited $rc, not 3 (undecided): $(echo "$out" | tail -n 2)"
echo "$out" | grep -q "^result: undecided: " || fail "no undecided line: $out"

# A doctored copy: every latency of 'fast' made slower by 1.5x the mean,
# or by more than the whole spread when one outlier makes that larger
# (arm64 under TCG once gave a max of 9x the median). A shift keeps the
# spread, and one past it puts every doctored trial above 1.2x every
# original one, so no resample's median ratio can come out below that:
# the verdict cannot hang on how noisy this particular quick run was.
slow=$res/slow
cp -r "$(readlink -f "$run")" "$slow"
/usr/bin/python3 - "$slow/trials.csv" <<'PY' || fail "cannot doctor the copy"
import sys
sys.path.insert(0, "tests/host")
from trials_schema import C, read_csv, write_csv
p = sys.argv[1]
header, rows = read_csv(p)
fast = [float(r[C.WALL_NS]) for r in rows if r[C.STRATEGY] == "fast" and r[C.WARMUP] == "0"]
shift = max(1.5 * sum(fast) / len(fast), 1.2 * max(fast) - min(fast))
for r in rows:
    if r[C.STRATEGY] == "fast":
        r[C.WALL_NS] = str(int(float(r[C.WALL_NS]) + shift))
write_csv(p, header, rows)
PY
out=$($bench compare "$run" "$slow" -s fast)
rc=$?
[ $rc -eq 1 ] || fail "a 'fast' slower beyond its spread passed the gate (exit $rc): $out"
echo "$out" | grep -q "^fast .*REGRESSION: latency rose: 95% interval" || fail "no REGRESSION line: $out"
echo "$out" | grep -q "^fast .*B/A med .*  slower$" || fail "no 'slower' verdict: $out"
# ... but not on a metric that did not change.
$bench compare "$run" "$slow" -s fast -m success >/dev/null
rc=$?
[ $rc -eq 0 ] || [ $rc -eq 3 ] || fail "success gate exited $rc on a latency change"

other=$res/other
cp -r "$(readlink -f "$run")" "$other"
sed -i 's/^fill_pct = .*/fill_pct = 50/' "$other/scenario"
expect_fail "refusing to compare runs of different scenarios: fill_pct differs" $bench compare "$run" "$other"
part=$res/partial
cp -r "$(readlink -f "$run")" "$part"
sed -i 's/"status": "complete"/"status": "partial"/' "$part/meta.json"
expect_fail "is a partial run, not a complete one" $bench compare "$run" "$part"
expect_fail "is not a cmabulk-bench results folder (no meta.json)" $bench compare "$run" bench
expect_fail "not a folder" $bench compare "$run" /nonexistent
true
