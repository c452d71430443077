#!/bin/sh
# arm64: full
# The test driver's parsers take 100,000 seeded random and mutated lines
# (build/tests/bin/debugfs-fuzz): every reply is success or a documented
# errno, and afterwards nothing is held: no pins, the area's bitmap as
# before and CmaFree within a pageblock of it, and no new splat in dmesg. DEBUGFS_FUZZ_LINES and
# DEBUGFS_FUZZ_SEED change the run.
. tests/guest/lib.sh
area=$(cma_area) || fail "no CMA area"
name=$(basename "$area")
used0=$(cat "$area/used")
free0=$(cma_free_kb)
lines0=$(dmesg | wc -l)
t0=$(date +%s)
out=$(build/tests/bin/debugfs-fuzz "$name" "${DEBUGFS_FUZZ_LINES:-100000}" "${DEBUGFS_FUZZ_SEED:-1}" 2>&1) ||
	fail "$(echo "$out" | head -n 2 | tr '\n' ' ')"
echo "$out" | tail -n 1 | grep -q "outside the documented replies: 0$" || fail "no summary: $out"
[ -z "$(cat $CBT/pinned)" ] || fail "pins left: $(cat $CBT/pinned | head -n 2)"
assert_eq "$(cat "$area/used")" "$used0" "area's used pages after the fuzz"
# CmaFree: within a pageblock (pages on per-cpu lists, other allocations).
slack=$(($(pageblock_pages) * 4))
[ "$(cma_free_kb)" -ge $((free0 - slack)) ] || fail "CmaFree $(cma_free_kb) kB after the fuzz, $free0 before"
splat=$(dmesg | tail -n +$((lines0 + 1)) | grep -m1 -E "WARNING:|BUG:|Oops|Call Trace|UBSAN")
[ -z "$splat" ] || fail "dmesg: $splat"
echo "PASS debugfs_fuzz: $(echo "$out" | tail -n 1 | sed 's/^debugfs-fuzz: //') ($(($(date +%s) - t0)) s)"
