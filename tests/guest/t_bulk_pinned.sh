#!/bin/sh
# Pinned pageblocks through the test driver: FAST skips exactly the pinned
# blocks, the tracepoints say so with the right reason, the same seed pins
# the same blocks, and unpinning gives every block back.
. tests/guest/lib.sh
area=$(cma_area) || fail "no CMA area"
name=$(basename "$area")
pb=$(pageblock_pages)
[ -n "$pb" ] || fail "cannot read the pageblock size from /proc/pagetypeinfo"
blocks=$(($(cat "$area/count") / pb))
per_block=$((pb / 16))	# order-4 chunks per pageblock
free0=$(cma_free_kb)
# Pages others hold in the area from boot (arm64 keeps its atomic DMA pool
# there): a pinned block that also holds some is skipped as busy instead.
used0=$(cat "$area/used")

echo "area=$name fraction=0.05 seed=7" >$CBT/pin || fail "pin refused"
pinned=$(cat $CBT/pinned)
n=$(echo "$pinned" | grep -c .)
assert_eq "$n" $(((blocks * 5 + 50) / 100)) "pinned blocks for 5% of $blocks"
echo 1 >$CBT/unpin
echo "area=$name fraction=0.05 seed=7" >$CBT/pin
assert_eq "$(cat $CBT/pinned)" "$pinned" "pins with the same seed"

# Drain per-cpu lists (release with nothing held) so that FAST meets only
# the pins, not pages freed by earlier tests.
echo 1 >$CBT/release
ftrace_start cma/cma_bulk_start cma/cma_bulk_finish cma/cma_bulk_skip_pageblock kmem/mm_alloc_contig_range_finish
# Ask for every chunk of the area: only the unpinned blocks can give them.
echo "area=$name order=4 count=$((blocks * per_block)) mode=fast" >$CBT/alloc
ftrace_stop
assert_eq "$(result allocated)" $(((blocks - n) * per_block)) "chunks from unpinned blocks"
assert_eq "$(result ret)" -16 "ret (-EBUSY)"
busy=$(result skipped_busy)
assert_eq "$(($(result skipped_not_free) + busy))" "$n" "skipped_not_free + skipped_busy"
[ "$used0" -gt 0 ] || assert_eq "$busy" 0 "skipped_busy with nothing else in the area"
[ "$busy" -le "$used0" ] || fail "skipped_busy $busy, but only $used0 pages were in use at the start"
t=$TRACEFS/trace
assert_eq "$(grep -c 'cma_bulk_skip_pageblock:.*reason=not_free' $t)" "$(result skipped_not_free)" "not_free skip events"
assert_eq "$(grep -c 'cma_bulk_skip_pageblock:' $t)" "$n" "skip events"
# Each skip event names a pinned block.
for pfn in $(sed -n 's/.*cma_bulk_skip_pageblock: .* pfn=\(0x[0-9a-f]*\) .*/\1/p' $t); do
	blk=$(((pfn - $(cat "$area/base_pfn")) / pb))
	echo "$pinned" | grep -q "^$blk " || fail "skip event for block $blk, which is not pinned"
done
grep -q "cma_bulk_finish: name=$name mode=fast fallback=fast order=4 nr_requests=$((blocks * per_block)) nr_allocated=$(result allocated) nr_skipped=$n ret=-16" $t ||
	fail "cma_bulk_finish does not match the result: $(grep cma_bulk_finish $t)"
assert_eq "$(grep -c 'mm_alloc_contig_range_finish:.*mode=fast' $t)" "$(result ranges)" "range events"
echo 1 >$CBT/release

# With the pins gone, every chunk comes back.
echo 1 >$CBT/unpin
echo "area=$name order=4 count=$((blocks * per_block)) mode=fast" >$CBT/alloc
assert_eq "$(result allocated)" $((blocks * per_block)) "chunks after unpin"
echo 1 >$CBT/release
# Nothing of ours left: CmaFree is back (it may be higher, when pages that
# others held in CMA at the start were freed meanwhile).
free1=$(cma_free_kb)
[ "$free1" -ge "$free0" ] || fail "CmaFree at the end: $free1 kB, was $free0 kB"
