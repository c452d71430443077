#!/bin/sh
# A user-space round trip through the test driver: allocate with
# cma_alloc_bulk(), see the chunks in the CMA debugfs and sysfs counters,
# release, and find CmaFree and the area's used count back where they were.
. tests/guest/lib.sh
area=$(cma_area) || fail "no CMA area"
name=$(basename "$area")
[ -d $CBT ] || fail "no $CBT (CONFIG_CMA_BULK_TEST)"
free0=$(cma_free_kb)
used0=$(cat "$area/used")
succ0=$(cat /sys/kernel/mm/cma/$name/alloc_pages_success)
vm0=$(awk '$1 == "cma_alloc_success" { print $2 }' /proc/vmstat)

echo "area=$name order=4 count=100 strategy=bulk mode=fast" >$CBT/alloc || fail "alloc write refused"
assert_eq "$(result ret)" 0 "ret"
assert_eq "$(result allocated)" 100 "allocated chunks"
assert_eq "$(result held)" 100 "held extents"
assert_eq "$(cat "$area/used")" $((used0 + 1600)) "pages used in the area"
assert_eq "$(cat /sys/kernel/mm/cma/$name/alloc_pages_success)" $((succ0 + 1600)) "sysfs alloc_pages_success"
assert_eq "$(awk '$1 == "cma_alloc_success" { print $2 }' /proc/vmstat)" $((vm0 + 1)) "vmstat cma_alloc_success"
# A second alloc while holding is refused and changes nothing.
if echo "area=$name order=4 count=1" >$CBT/alloc 2>/dev/null; then fail "alloc while holding accepted"; fi
assert_eq "$(result allocated)" 100 "result after refused alloc"

echo 1 >$CBT/release || fail "release refused"
assert_eq "$(result released)" 100 "released extents"
assert_eq "$(cat "$area/used")" "$used0" "pages used after release"
# Nothing of ours left: CmaFree is back (it may be higher, when pages that
# others held in CMA at the start were freed meanwhile).
free1=$(cma_free_kb)
[ "$free1" -ge "$free0" ] || fail "CmaFree after release: $free1 kB, was $free0 kB"
