#!/bin/sh
# The tracer shows the series' emptiest-first order (v5) as the driver
# counted it, call by call: windows ranked, struct pages read and time
# ranking (cma_bulk_order_windows), windows picked and their pages in use
# when picked (cma_bulk_pick_window). A request the free windows hold
# reads about one struct page per window (patch 16); with a pin in 5% of
# the blocks and every chunk asked, the rest is counted page by page and
# the pinned blocks, picked last, carry their pinned pages.
. tests/guest/lib.sh
area=$(cma_area) || fail "no CMA area"
name=$(basename "$area")
pb=$(pageblock_pages)
[ -n "$pb" ] || fail "cannot read the pageblock size from /proc/pagetypeinfo"
blocks=$(($(cat "$area/count") / pb))
per_block=$((pb / 16))	# order-4 chunks per pageblock
out=/tmp/trace-ordering.json
err=/tmp/trace-ordering.err

# ordering KEY LINE: KEY of the call record's "ordering" object.
ordering() {
	echo "$2" | sed -n "s/.*\"ordering\":{[^}]*\"$1\":\([0-9]*\).*/\1/p"
}

# check_call N WHAT: the tracer's Nth bulk call against the driver's result.
check_call() {
	line=$(grep '"type":"call"' $out | grep '"kind":"bulk"' | sed -n "${1}p")
	[ -n "$line" ] || fail "$2: no call record $1 in $out: $(cat $err)"
	assert_eq "$(ordering windows "$line")" "$(result ordered)" "$2: windows ranked"
	assert_eq "$(ordering struct_pages_read "$line")" "$(result order_read)" "$2: struct pages read"
	assert_eq "$(ordering ns "$line")" "$(result order_ns)" "$2: ns ranking"
}

echo 1 >$CBT/release
start_tracer $out $err --calls -j
# The free windows hold 4 windows' chunks: none is read page by page.
echo "area=$name order=4 count=$((4 * per_block)) mode=fast" >$CBT/alloc ||
	fail "alloc refused"
assert_eq "$(result allocated)" $((4 * per_block)) "chunks from free windows"
ranges=$(result ranges)
read1=$(result order_read)
[ "$read1" -le $((blocks + 16)) ] ||
	fail "$read1 struct pages read for $blocks windows: the free windows were read page by page"
r1=$(cat $CBT/result)
echo 1 >$CBT/release

echo "area=$name fraction=0.05 seed=7" >$CBT/pin || fail "pin refused"
npins=$(grep -c . $CBT/pinned)
echo "area=$name order=4 count=$((blocks * per_block)) mode=fast" >$CBT/alloc
r2=$(cat $CBT/result)
echo 1 >$CBT/release
echo 1 >$CBT/unpin
stop_tracer || fail "cmabulk-trace exited with $?: $(cat $err)"

# result() reads the driver's file: give it each call's saved copy.
CBT_SAVED=$CBT
CBT=/tmp/ordering-r1
mkdir -p $CBT && echo "$r1" >$CBT/result
check_call 1 "free windows"
line=$(grep '"type":"call"' $out | grep '"kind":"bulk"' | sed -n 1p)
assert_eq "$(ordering picked "$line")" "$ranges" "free windows: windows picked (one per window tried)"
assert_eq "$(ordering picked_used "$line")" 0 "free windows: pages in use in them"
echo "$r2" >$CBT/result
check_call 2 "pins in 5%"
line=$(grep '"type":"call"' $out | grep '"kind":"bulk"' | sed -n 2p)
read2=$(result order_read)
[ "$read2" -gt "$read1" ] || fail "pins in 5%: $read2 struct pages read, not more than the $read1 with free windows"
used=$(ordering picked_used "$line")
[ "$used" -ge "$npins" ] || fail "pins in 5%: $used pages in use in the picked windows, fewer than the $npins pins"
CBT=$CBT_SAVED
# The exit report's row adds up the two calls.
final=$(grep '"type":"final"' $out)
echo "$final" | grep -q "\"kind\":\"bulk\".*\"ordering\":{\"calls\":2,\"ns\":[0-9]*,\"windows\":$(( $(echo "$r1" | awk '$1 == "ordered" { print $2 }') + $(echo "$r2" | awk '$1 == "ordered" { print $2 }') ))," ||
	fail "the exit report's ordering is not the two calls': $(echo "$final" | grep -o '"ordering":{[^}]*}')"
