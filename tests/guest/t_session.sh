#!/bin/sh
# arm64: full
# The driver's sessions: each open of the session file holds its own
# chunks. Two sessions hold at once, each only its own; a second alloc in
# one session is refused while it holds (-EBUSY) but not in the other;
# "verify" finds every held page valid; closing a session gives its pages
# back; a caller killed inside a bulk call, its session open nowhere else,
# leaves nothing behind; bad commands are -EINVAL and change nothing.
. tests/guest/lib.sh
area=$(cma_area) || fail "no CMA area"
name=$(basename "$area")
S=$CBT/session
check() { awk -v k="$1" '$1 == k { print $2 }' $CBT/checks; }
used0=$(cat "$area/used")
held0=$(check held_pages)
twice0=$(check handed_twice)

exec 3<>$S 4<>$S
echo "alloc area=$name order=4 count=64 mode=fast" >&3 || fail "alloc in session 3"
r3=$(cat <&3)
echo "alloc area=$name order=2 count=100 mode=normal" >&4 || fail "alloc in session 4"
r4=$(cat <&4)
kv() { echo "$1" | awk -v k="$2" '$1 == k { print $2 }'; }
assert_eq "$(kv "$r3" allocated)" 64 "session 3 allocated"
assert_eq "$(kv "$r4" allocated)" 100 "session 4 allocated"
assert_eq "$(kv "$r4" order)" 2 "session 4's result is its own"
assert_eq "$(check sessions)" 2 "sessions open"
assert_eq "$(check held_pages)" $((held0 + 64 * 16 + 100 * 4)) "pages held over all holders"
assert_eq "$(cat "$area/used")" $((used0 + 64 * 16 + 100 * 4)) "the area's bitmap"
# A holder with chunks refuses another alloc; the shared one still takes one.
if echo "alloc area=$name order=4 count=1" >&3 2>/dev/null; then fail "a second alloc in a holding session was taken"; fi
echo "area=$name order=0 count=8 strategy=chunks" >$CBT/alloc || fail "the shared holder refused while sessions hold"
assert_eq "$(result allocated)" 8 "shared holder allocated"
echo 1 >$CBT/release
echo verify >&3 || fail "verify"
v=$(cat <&3)
assert_eq "$(kv "$v" verified)" 1024 "pages verified in session 3"
assert_eq "$(kv "$v" bad)" 0 "bad pages in session 3"
# Bad commands: refused, nothing changes.
for c in "frobnicate" "verify now" "release later" "alloc area=$name order=4" "alloc area=nosuch order=0 count=1"; do
	if printf '%s' "$c" >&4 2>/dev/null; then fail "session command '$c' was taken"; fi
done
echo verify >&4 || fail "verify in session 4"
v=$(cat <&4)
assert_eq "$(kv "$v" held)" 100 "session 4 after bad commands"
assert_eq "$(kv "$v" verified)" 400 "pages verified in session 4"
# Closing gives a session's pages back, the other's stay.
exec 3>&-
assert_eq "$(check held_pages)" $((held0 + 100 * 4)) "pages held after closing session 3"
echo "release nodrain" >&4 || fail "release in session 4"
assert_eq "$(kv "$(cat <&4)" released)" 100 "session 4 released"
exec 4>&-
assert_eq "$(check sessions)" 0 "sessions open at the end"
assert_eq "$(check held_pages)" "$held0" "pages held at the end"

# Killed inside a NORMAL call over a fill: its session closes with the
# process, and what it had goes back.
pb=$(pageblock_pages)
all=$(($(cat "$area/count") / pb * (pb / 16)))
out=/tmp/session.json
start_load $out fill 80
sh -c "exec 5<>$S; echo 'alloc area=$name order=4 count=$all mode=normal' >&5; echo done" >/tmp/session.out &
caller=$!
sleep 0.3
kill -KILL $caller
wait $caller 2>/dev/null
grep -q 'done' /tmp/session.out && fail "the call finished before the signal: make the request longer"
assert_eq "$(check sessions)" 0 "sessions after the caller was killed"
assert_eq "$(check held_pages)" "$held0" "pages held after the caller was killed"
stop_load $out
echo 1 >$CBT/release
assert_eq "$(cat "$area/used")" "$used0" "the area's bitmap at the end"
assert_eq "$(check handed_twice)" "$twice0" "pages handed out while held"
assert_eq "$(check released_unheld)" 0 "pages released but not held"
echo "PASS session"
