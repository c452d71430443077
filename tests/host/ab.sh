#!/bin/bash
# needs: two-kernels
# arch: x86_64
# test-timeout: 1500
# make ab as a user types it. A = B (the series against itself: the main
# kernel, nothing built) passes the gate with FAST and NORMAL "same";
# B = the series plus tests/ab/slow-fast.patch (250 us more per FAST
# window) is built in a folder of its own and fails it: FAST a regression,
# NORMAL still the same. Each kernel's boots are merged (A B B A, 3 trials
# a boot); bad input is one line and exit 2.
. "$(dirname "$0")/../lib.sh"
res=build/tests/ab-results
rm -rf "$res"
args='-s fast,normal -n 6'
# 1. A = B.
out=$(RESULTS=$res make -s ab A=kernel-patch B=kernel-patch SCENARIO=quick AB_ARGS="$args" 2>&1)
rc=$?
[ $rc -eq 0 ] || fail "A=B: make ab exited $rc: $(echo "$out" | tail -n 4)"
echo "$out" | grep -q '^result: no regression' || fail "A=B: no 'no regression' line: $(echo "$out" | tail -n 3)"
for s in fast normal; do
	echo "$out" | grep -q "^$s  *B/A med .* same$" || fail "A=B: $s is not 'same': $(echo "$out" | grep "^$s  *B/A")"
done
echo "$out" | grep -q 'the same kernel as A' || fail "A=B: not recognised as one kernel"
run=$res/latest-ab
/usr/bin/python3 - "$run" <<'PY' || fail "A=B: merged runs wrong"
import csv, json, sys
run = sys.argv[1]
for side, boots in (("A", ["a1", "a2"]), ("B", ["b1", "b2"])):
    meta = json.load(open("%s/%s/meta.json" % (run, side)))
    assert meta["merged_from"] == boots, meta["merged_from"]
    assert meta["status"] == "complete", meta["status"]
    rows = list(csv.DictReader(open("%s/%s/trials.csv" % (run, side))))
    parts = sum(len(list(csv.DictReader(open("%s/%s/trials.csv" % (run, b))))) for b in boots)
    assert len(rows) == parts, (len(rows), parts)
    n = json.load(open("%s/%s/summary.json" % (run, side)))["strategies"]["fast"]["n"]
    assert n == 6, "fast has %d measured trials, want 6 (3 a boot)" % n
# The A/B's own meta.json, written with Python's json.
meta = json.load(open("%s/meta.json" % run))
assert (meta["a"], meta["b"], meta["ab_args"]) == ("kernel-patch", "kernel-patch", "-s fast,normal"), meta
assert meta["gate"]["exit"] == 0 and meta["trials_per_boot"] == 3, meta
PY
t_same=$SECONDS
# 2. B = a FAST made slower on purpose.
slow=build/tests/ab-slow-series
rm -rf "$slow" && cp -r kernel-patch "$slow" && cp tests/ab/slow-fast.patch "$slow/9999-test-slow-fast.patch" &&
	echo 9999-test-slow-fast.patch >>"$slow/series" || fail "cannot make $slow"
out=$(RESULTS=$res make -s ab A=kernel-patch B=$slow SCENARIO=quick AB_ARGS="$args" 2>&1)
rc=$?
# make turns the recipe's status 1 into its own 2; ab.md keeps compare's.
[ $rc -ne 0 ] || fail "slowed FAST: make ab succeeded: $(echo "$out" | tail -n 4)"
echo "$out" | grep -q '^fast  *B/A med .* slower$' || fail "slowed FAST: fast not slower: $(echo "$out" | grep '^fast  *B/A')"
echo "$out" | grep -q '^normal  *B/A med .* same$' || fail "slowed FAST: normal moved: $(echo "$out" | grep '^normal  *B/A')"
echo "$out" | grep -q 'REGRESSION' || fail "slowed FAST: no REGRESSION line"
grep -q 'exit 1 (REGRESSION)' "$res/latest-ab/ab.md" || fail "ab.md does not give the gate"
# 3. Bad input.
out=$(make -s ab A=no/such/thing B=kernel-patch 2>&1)
rc=$?
[ $rc -ne 0 ] && echo "$out" | grep -q "A=no/such/thing: not a series folder" || fail "bad A: rc $rc: $out"
# scripts/ab.sh itself: 2 for bad input (1 is a regression's).
out=$(scripts/ab.sh no/such/thing kernel-patch quick 2>&1)
rc=$?
assert_eq "$rc" 2 "scripts/ab.sh with a bad A ($out)"
out=$(scripts/ab.sh kernel-patch kernel-patch nosuch 2>&1)
rc=$?
assert_eq "$rc" 2 "scripts/ab.sh with no such scenario ($out)"
out=$(make -s ab A=kernel-patch 2>&1)
[ $? -ne 0 ] && echo "$out" | grep -q "give A=... and B=..." || fail "no B: $out"
echo "ab: A=B same (${t_same}s), slowed FAST a regression ($((SECONDS - t_same))s)"
