#!/bin/sh
# test-timeout: 240
# Why a cma_alloc() failed, one line per failure, on one class made each
# way: size (more asked than the area has free, or than it has at all),
# fragmentation (enough free, no range that long), blocked (a pin in every
# pageblock). Each line's facts checked against CMA debugfs (used pages,
# maxchunk) read at the same state; a call that succeeds is never a
# failure; the session's summary counts each class. Then the text form
# with debugfs unmounted and CMA sysfs hidden (Android's user builds).
. tests/guest/lib.sh
A=$(cma_area) || fail "no CMA area in debugfs"
name=${A##*/}
count=$(cat "$A/count")
[ "$(cat "$A/order_per_bit")" = 0 ] || fail "the test assumes one bitmap bit per page"
# What the area holds before (arm64 keeps its atomic DMA pool there).
used0=$(cat "$A/used")
release_all() { echo "$count" >"$A/free"; }
expect_refused() { if echo "$1" >"$2" 2>/dev/null; then fail "'$1' > $2 succeeded"; fi; }
# facts LABEL: the area as debugfs sees it now, for the line to match.
facts() { echo "$1 free=$((count - $(cat "$A/used"))) maxchunk=$(cat "$A/maxchunk")" >>/tmp/f.facts; }
: >/tmp/f.facts

start_tracer /tmp/f.json /tmp/f.err -j --culprits

# A success: no failure line.
echo 16 >"$A/alloc" || fail "16 pages"
release_all
# Few pages held, so that what other tests left in the area (pages the
# holds would have to migrate) does not matter: page cache dropped first.
echo 3 >/proc/sys/vm/drop_caches

# size: 512 pages held, all but 256 of the area asked; then more than the
# whole area (6.12 returns before its finish event).
echo 512 >"$A/alloc" || fail "cannot hold 512 pages"
expect_refused $((count - 256)) "$A/alloc"
facts size1
release_all
expect_refused $((count + 1)) "$A/alloc"
facts size2

# fragmentation: 512 pages held in the middle (half the area taken, then
# all of it but its last 512 given back), then all the free pages asked:
# enough are free, none in one range that long.
echo $((count / 2)) >"$A/alloc" || fail "cannot take half the area"
echo $((count / 2 - 512)) >"$A/free"
expect_refused $((count - used0 - 512)) "$A/alloc"
facts fragmentation
release_all

# blocked: a pin in every pageblock, then one aligned pageblock asked.
echo "area=$name fraction=1 method=alloc" >$CBT/pin || fail "cannot pin"
echo "area=$name order=9 count=1 strategy=whole" >$CBT/alloc || fail "the driver's alloc"
assert_eq "$(result allocated)" 0 "a pageblock allocated past the pins"
facts blocked
echo 1 >$CBT/unpin

kill -INT $TRACER_PID
wait $TRACER_PID || fail "tracer exit $?: $(cat /tmp/f.err)"

grep '"type":"failure"' /tmp/f.json >/tmp/f.lines
# field NAME LINE: a number or string field of a JSON line.
field() { echo "$2" | sed -n "s/.*\"$1\":\"\{0,1\}\([^,\"}]*\).*/\1/p"; }
check_line() { # LABEL CLASS REQUESTED LINE
	l=$4
	assert_eq "$(field class "$l")" "$2" "$1: class ($(field why "$l"))"
	assert_eq "$(field requested "$l")" "$3" "$1: requested"
	assert_eq "$(field area_source "$l")" bitmap "$1: source"
	want=$(grep "^$1 " /tmp/f.facts)
	assert_eq "free=$(field free_pages "$l") maxchunk=$(field largest_free "$l")" "${want#* }" "$1: facts vs debugfs"
}
n=$(wc -l </tmp/f.lines)
assert_eq "$n" 4 "failure lines ($(cut -c1-200 /tmp/f.lines))"
check_line size1 size $((count - 256)) "$(sed -n 1p /tmp/f.lines)"
check_line size2 size $((count + 1)) "$(sed -n 2p /tmp/f.lines)"
check_line fragmentation fragmentation $((count - used0 - 512)) "$(sed -n 3p /tmp/f.lines)"
check_line blocked blocked 512 "$(sed -n 4p /tmp/f.lines)"
busy=$(field busy_ranges "$(sed -n 4p /tmp/f.lines)")
# --culprits resolved the pages in the way: the blocked line names them.
sed -n 4p /tmp/f.lines | grep -Eq '"why":"blocked: [^"]*; in the way \(--culprits\): [^"]*[0-9]+ driver pin' ||
	fail "blocked: no culprits: $(sed -n 4p /tmp/f.lines | sed 's/.*"why"://')"
[ "${busy:-0}" -ge 1 ] || fail "blocked: no busy range counted"
grep -q "\"type\":\"failures\",\"areas\":\[{\"area\":\"$name\",\"size\":2,\"fragmentation\":1,\"blocked\":1,\"other\":0}\]" /tmp/f.json ||
	fail "summary: $(grep '"failures"' /tmp/f.json)"
# The text form, as on an Android user build: no debugfs mounted, no CMA
# sysfs. The tracer reads the area through BTF: the same line.
rm -f /tmp/f.err
free0=$((count - $(cat "$A/used"))) max0=$(cat "$A/maxchunk")
unshare -m sh -c 'umount /sys/kernel/debug && mount -t tmpfs none /sys/kernel/mm 2>/dev/null
	[ ! -e /sys/kernel/debug/cma ] || exit 9
	exec cmabulk-trace -a '"$name"' --perfetto /tmp/f.pftrace' >/tmp/f.txt 2>/tmp/f.err &
TRACER_PID=$!
wait_for /tmp/f.err '^Tracing' $TRACER_PID 30
expect_refused $((count + 1)) "$A/alloc"
kill -INT $TRACER_PID
wait $TRACER_PID || fail "tracer without debugfs: exit $?: $(cat /tmp/f.err)"
grep -q "^FAILED sh [0-9]* area=$name cma_alloc 0/$((count + 1)) pages: size: $((count + 1)) pages asked, more than the area had free: $free0 pages free of $count, the largest free range $max0 (the area's bitmap)$" /tmp/f.txt ||
	fail "text line without debugfs: $(grep FAILED /tmp/f.txt)"
grep -q "^failures area=$name: 1 (size 1, fragmentation 0, blocked 0, other 0)$" /tmp/f.txt ||
	fail "text summary: $(grep '^failures' /tmp/f.txt)"
# What it cannot know there, each in one line: whether the area exists,
# and the area's page counters for the timeline.
grep -q "^cmabulk-trace: -a $name: no CMA debugfs or sysfs here to check the name against: taken as given$" /tmp/f.err ||
	fail "no line about the area's name: $(cat /tmp/f.err)"
grep -q "^cmabulk-trace: --perfetto: no CMA debugfs here: the timeline has no free and used page counters$" /tmp/f.err ||
	fail "no line about the timeline's counters: $(cat /tmp/f.err)"
