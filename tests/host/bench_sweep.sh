#!/bin/bash
# needs: guest
# arch: x86_64
# A two-point sweep end to end, as make sweep runs it: 'quick' at pin
# fraction 0 and 0.02 in one boot. The folder has sweep.json and one
# complete run per point (the 0 point without pins), and sweep.md names
# both points in every table, a verdict per point and the crossovers.
# The sweep's meta.json says how it was made (the command, both as the
# tool and as make saw it, the tool's version of this tree) and that every
# point is complete; a sweep run for one point only says partial.
# Then the door's bad input: a sweep key the scenario lacks, one value.
. "$(dirname "$0")/../lib.sh"
res=build/tests/sweep-results
rm -rf "$res"
out=$(RESULTS=$res SWEEP=pin_fraction=0,0.02 BENCH_ARGS="-n 3 --warmup 0 -s fast,normal,fast-normal --no-trace" \
	scripts/bench.sh quick 2>&1)
rc=$?
[ $rc -eq 0 ] || fail "sweep exited $rc: $(echo "$out" | tail -n 3)"
dir=$res/latest-sweep
[ -L "$dir" ] || fail "$dir is not a link to the newest sweep"
version=$(git describe --always --dirty)
/usr/bin/python3 - "$dir" "$version" <<'PY' || fail "sweep folder not right"
import json, os, re, sys
d, version = sys.argv[1], sys.argv[2]
meta = json.load(open(os.path.join(d, "meta.json")))
assert meta["schema"] == "cmabulk-sweep-meta" and meta["status"] == "complete", meta
assert meta["tool_version"] == version, (meta["tool_version"], version)
assert meta["command"].startswith("cmabulk-bench sweep ") and "pin_fraction=0,0.02" in meta["command"], meta
assert "--meta" not in meta["command"] and "-n 3" in meta["command"], meta["command"]
assert meta["host"]["make_command"].startswith("make sweep SCENARIO=quick SWEEP=pin_fraction=0,0.02 BENCH_ARGS="), meta["host"]
assert [(p["value"], p["dir"], p["status"]) for p in meta["points"]] == \
    [("0", "pin_fraction-0", "complete"), ("0.02", "pin_fraction-0.02", "complete")], meta["points"]
sw = json.load(open(os.path.join(d, "sweep.json")))
assert sw["schema"] == "cmabulk-bench-sweep" and sw["key"] == "pin_fraction", sw
assert sw["values"] == ["0", "0.02"], sw["values"]
for v in sw["values"]:
    p = os.path.join(d, "pin_fraction-" + v)
    meta = json.load(open(os.path.join(p, "meta.json")))
    assert meta["status"] == "complete", (v, meta["status"])
    scn = dict(l.split(" = ", 1) for l in open(os.path.join(p, "scenario")).read().splitlines() if " = " in l)
    assert float(scn["pin_fraction"]) == float(v), scn
    assert meta["tool_version"] == version, (v, meta["tool_version"])
    # Fraction 0 is no pins at all, not a pin method with nothing to do.
    assert (scn["pin_method"] == "none") == (v == "0"), scn["pin_method"]
    rows = open(os.path.join(p, "trials.csv")).read().splitlines()[1:]
    assert len(rows) == 3 * 3, (v, len(rows))
md = open(os.path.join(d, "sweep.md")).read()
for title in ["Median latency", "Success", "Latency / migration floor", "Verdicts", "Crossovers"]:
    assert "## " + title in md, title
assert "## Drains" not in md, "a drains table from a sweep without the tracer"
for v in ["0", "0.02"]:
    # One row per point in each of the four tables.
    assert len(re.findall(r"^\| %s \|" % re.escape(v), md, re.M)) == 4, (v, md)
assert re.search(r"^- fast vs normal: (same|faster|slower|unknown)", md, re.M), md
assert re.search(r"^- fast: (success falls below|at or above) 99% of satisfiable", md, re.M), md
PY
if command -v gnuplot >/dev/null; then
	for p in sweep_latency sweep_success sweep_floor; do
		grep -q '<svg' "$dir/plots/$p.svg" 2>/dev/null || fail "plot $p.svg not rendered"
	done
fi
# One point of two: the sweep is partial, and says which point is missing.
out=$(RESULTS=$res SWEEP=pin_fraction=0,0.02 BENCH_ARGS="-n 2 --warmup 0 -s fast --no-trace --point 0.02" \
	scripts/bench.sh quick 2>&1) || fail "one-point sweep failed: $(echo "$out" | tail -n 3)"
/usr/bin/python3 - "$res/latest-sweep" <<'PY' || fail "one-point sweep not marked partial"
import json, os, sys
meta = json.load(open(os.path.join(sys.argv[1], "meta.json")))
assert meta["status"] == "partial", meta["status"]
assert [(p["value"], p["status"]) for p in meta["points"]] == [("0", "not run"), ("0.02", "complete")], meta
md = open(os.path.join(sys.argv[1], "sweep.md")).read()
assert "- pin_fraction = 0: not run" in md, md
PY
bench=build/bin/cmabulk-bench
expect_fail "unknown key 'colour'" $bench sweep quick colour=1,2
expect_fail "pin_fraction: a sweep needs at least two values" $bench sweep quick pin_fraction=0.01
expect_fail "order=11: order = 11 is out of range [0, 10]" $bench sweep quick order=4,11
true
