#!/bin/sh
# arm64: full
# A run that does not finish is kept and marked partial, never passed off
# as complete: SIGTERM in the middle, and a trial over its time limit.
# Either way every chunk and pin is given back.
. tests/guest/lib.sh
free0=$(cma_free_kb)
pb=$(pageblock_pages)
res=/tmp/bench-partial
rm -rf $res

# 1. SIGTERM after two trials.
cmabulk-bench run quick -o $res --run-id term --no-trace -s fast,normal >/tmp/b.out 2>/tmp/b.err &
pid=$!
wait_for /tmp/b.err '^\[quick 2/' $pid 120
kill -TERM $pid
wait $pid
assert_eq "$?" 1 "exit status of an interrupted run"
grep -q '"status": "partial"' $res/term/meta.json || fail "meta.json not partial: $(grep status $res/term/meta.json)"
grep -q '"reason": "interrupted after [0-9]* of 12 trials"' $res/term/meta.json || fail "no reason in meta.json"
rows=$(($(wc -l <$res/term/trials.csv) - 1))
[ "$rows" -ge 2 ] && [ "$rows" -lt 12 ] || fail "$rows trials kept, want the 2 or more measured"
grep -q "PARTIAL RUN" $res/term/report.md || fail "report.md does not say partial"
grep -q "what was measured is kept, marked partial" /tmp/b.err || fail "no partial line: $(tail -n 1 /tmp/b.err)"

# 2. A trial over its time limit: 'chunks' of 4800 from a 60% full area
# takes seconds under TCG.
cat >/tmp/slow.scn <<'SCN'
description = every chunk on its own from a 60% full area, with a 1 s limit
fill_pct = 60
chunks = 4800
trials = 1
warmup = 0
strategies = chunks
trial_timeout_s = 1
SCN
cmabulk-bench run /tmp/slow.scn -o $res --run-id slow --no-trace >/tmp/s.out 2>/tmp/s.err
assert_eq "$?" 1 "exit status of a run with a timed-out trial"
grep -q "no answer within 1 s (trial_timeout_s)" /tmp/s.err || fail "timeout not named: $(cat /tmp/s.err)"
grep -q '"status": "partial"' $res/slow/meta.json || fail "timed-out run not partial"

free1=$(cma_free_kb)
[ $((free0 - free1)) -le $((pb * 4)) ] || fail "CmaFree $free0 kB before, $free1 kB after: chunks or pins left"
