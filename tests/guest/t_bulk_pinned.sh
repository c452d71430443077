#!/bin/sh
# Pinned pageblocks through the test driver: FAST's pre-check skips exactly
# the pinned blocks (an allocated page: unmovable) without migrating, the
# rescue takes every chunk of them but the one holding the pin, the
# tracepoints say so with the right reason and the pinned pfn, the same
# seed pins the same blocks, and unpinning gives every block back. Blocks others hold
# pages in from boot (arm64 keeps its atomic DMA pool in CMA) are skipped
# as busy, before and after: a FAST call without pins measures them first.
# The calls go in address order (windows=address, v4's): since v5 the
# default order gives a partly held window's free chunks, which KUnit's
# bulk_partly_held_window covers; here a busy block is one skip.
. tests/guest/lib.sh
area=$(cma_area) || fail "no CMA area"
name=$(basename "$area")
pb=$(pageblock_pages)
[ -n "$pb" ] || fail "cannot read the pageblock size from /proc/pagetypeinfo"
blocks=$(($(cat "$area/count") / pb))
per_block=$((pb / 16))	# order-4 chunks per pageblock
free0=$(cma_free_kb)
used0=$(cat "$area/used")
all=$((blocks * per_block))

# Without pins: every block but those already in use gives its chunks.
echo 1 >$CBT/release
echo "area=$name order=4 count=$all mode=fast windows=address" >$CBT/alloc
base=$(result allocated)
busy0=$(result skipped_busy)
echo 1 >$CBT/release
assert_eq "$base" $(((blocks - busy0) * per_block)) "chunks without pins ($busy0 busy blocks)"
[ "$used0" -gt 0 ] || assert_eq "$busy0" 0 "busy blocks with nothing else in the area"
[ "$busy0" -le "$used0" ] || fail "$busy0 busy blocks, but only $used0 pages were in use at the start"

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
echo "area=$name order=4 count=$all mode=fast windows=address" >$CBT/alloc
ftrace_stop
# Busy blocks are found first; every other pinned block is unmovable.
nu=$(result skipped_unmovable)
assert_eq "$(result skipped_busy)" "$busy0" "skipped_busy with pins"
[ "$nu" -le "$n" ] && [ $((nu + busy0)) -ge "$n" ] ||
	fail "skipped_unmovable $nu: want the $n pinned blocks less those already busy ($busy0)"
assert_eq "$(result prechecked)" "$nu" "blocks the pre-check skipped"
assert_eq "$(result rescued)" $((nu * (per_block - 1))) "chunks rescued from pinned blocks"
assert_eq "$(result allocated)" $(((blocks - nu - busy0) * per_block + nu * (per_block - 1))) "chunks"
assert_eq "$(result ret)" -16 "ret (-EBUSY)"
t=$TRACEFS/trace
assert_eq "$(grep -c 'cma_bulk_skip_pageblock:.*reason=unmovable' $t)" "$nu" "unmovable skip events"
assert_eq "$(grep -c 'cma_bulk_skip_pageblock:' $t)" $((nu + busy0)) "skip events"
# Each unmovable skip event names a pinned block and the pinned page.
for pfn in $(sed -n 's/.*cma_bulk_skip_pageblock: .* pfn=\(0x[0-9a-f]*\) .*reason=unmovable.*/\1/p' $t); do
	blk=$(((pfn - $(cat "$area/base_pfn")) / pb))
	echo "$pinned" | grep -q "^$blk " || fail "skip event for block $blk, which is not pinned"
done
sed -n 's/.*cma_bulk_skip_pageblock: .*reason=unmovable.* failed_pfn=\(0x[0-9a-f]*\) .*nr_rescued=\([0-9]*\).*/\1 \2/p' $t |
	while read -r fpfn resc; do
		echo "$pinned" | grep -q " $fpfn " || fail "failed_pfn $fpfn is not a pinned page"
		assert_eq "$resc" $((per_block - 1)) "chunks rescued around $fpfn"
	done || exit 1
grep -q "cma_bulk_finish: name=$name mode=fast fallback=fast order=4 nr_requests=$all nr_allocated=$(result allocated) nr_skipped=$((nu + busy0)) ret=-16 nr_fallback_skipped=0 nr_rescued=$(result rescued) " $t ||
	fail "cma_bulk_finish does not match the result: $(grep cma_bulk_finish $t)"
# One range per window tried, and one per chunk the rescue tried.
assert_eq "$(grep -c 'mm_alloc_contig_range_finish:.*mode=fast' $t)" $(($(result ranges) + nu * (per_block - 1))) "range events"
echo 1 >$CBT/release

# With the pins gone, every chunk comes back.
echo 1 >$CBT/unpin
echo "area=$name order=4 count=$all mode=fast windows=address" >$CBT/alloc
assert_eq "$(result allocated)" "$base" "chunks after unpin"
echo 1 >$CBT/release
# Nothing of ours left: CmaFree is back (it may be higher, when pages that
# others held in CMA at the start were freed meanwhile).
free1=$(cma_free_kb)
[ "$free1" -ge "$free0" ] || fail "CmaFree at the end: $free1 kB, was $free0 kB"
