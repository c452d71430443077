#!/bin/sh
# arm64: full
# A disk that fills up during a run: the run stops, exits 1, and its
# meta.json says partial with the reason (no space left), written in the
# room the run reserved at the start. No half-written file is left (*.tmp).
. tests/guest/lib.sh
full=/tmp/full-disk
mkdir -p $full && mount -t tmpfs -o size=96k tmpfs $full || fail "cannot mount a small tmpfs"
build/bin/cmabulk-bench run quick -o $full --run-id r -n 40 -s fast --no-trace -q >/tmp/full.out 2>&1
rc=$?
dir=$full/r
status=$(sed -n 's/.*"status": *"\([a-z]*\)".*/\1/p' $dir/meta.json)
reason=$(sed -n 's/.*"reason": *"\([^"]*\)".*/\1/p' $dir/meta.json)
left=0
for f in "$dir"/*.tmp "$dir"/.*.tmp; do
	[ -e "$f" ] && left=$((left + 1))
done
umount $full
[ $rc -eq 1 ] || fail "a run on a full disk exited $rc: $(tail -n 2 /tmp/full.out)"
assert_eq "$status" partial "status of a run on a full disk"
echo "$reason" | grep -q "No space left on device" || fail "reason: '$reason'"
assert_eq "$left" 0 "half-written files"
