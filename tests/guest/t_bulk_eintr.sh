#!/bin/sh
# A fatal signal in the middle of a bulk request: the call stops with
# -EINTR, what it had allocated is still held and valid (released it gives
# every page back), and nothing leaks.
. tests/guest/lib.sh
area=$(cma_area) || fail "no CMA area"
name=$(basename "$area")
pb=$(pageblock_pages)
all=$(($(cat "$area/count") / pb * (pb / 16)))
free0=$(cma_free_kb)
used0=$(cat "$area/used")

# Pages to migrate make the request last long enough to be killed in it.
out=/tmp/eintr.json
start_load $out fill 80
echo 1 >$CBT/release
sh -c "echo 'area=$name order=4 count=$all mode=normal' >$CBT/alloc" &
writer=$!
sleep 0.3
kill -KILL $writer
wait $writer 2>/dev/null
ret=$(result ret)
held=$(result held)
allocated=$(result allocated)
echo "killed after 0.3 s: ret $ret, allocated $allocated of $all, held $held"
assert_eq "$ret" -4 "ret (-EINTR)"
[ "$allocated" -lt "$all" ] || fail "the request finished before the signal"
assert_eq "$held" "$allocated" "chunks held"
# What was allocated is in the bitmap (16 pages a chunk, beyond the load's 0).
used=$(cat "$area/used")
[ "$used" -ge $((used0 + allocated * 16)) ] || fail "area used $used pages, want at least $used0 + $allocated chunks"
echo 1 >$CBT/release
stop_load $out
echo 1 >$CBT/release	# drains the per-cpu lists the load's pages went to
assert_eq "$(cat "$area/used")" "$used0" "area used after release"
free1=$(cma_free_kb)
[ "$free1" -ge "$free0" ] || fail "CmaFree at the end: $free1 kB, was $free0 kB"
