#!/bin/sh
# arm64: full
# Short pins, one after another (the driver's pins moving every 5 ms, as
# module-short does): NORMAL meets windows pinned, names them pinned (or
# not_free), and still gets every chunk asked for, as FAST does: a skipped
# window costs only the chunk that holds the pin (rescue), and the request
# is half the area. No mode waits on a pin since series v4 (HARD went):
# the driver reports no sleeps.
. tests/guest/lib.sh
area=$(cma_area) || fail "no CMA area"
name=$(basename "$area")
pb=$(pageblock_pages)
blocks=$(($(cat "$area/count") / pb))
per_block=$((pb / 16))
want=$(((blocks / 2) * per_block))

out=/tmp/transient.json
# A fresh load for each mode: a request migrates the other pages out of the
# pinned blocks it meets (rescue does too), and a pin with no other LRU
# page of its block to move to lets go; the next mode on the same load
# would find fewer pins or none.
for mode in normal fast; do
	start_load $out pin --method module-short --fraction 0.03 --seed 5 --fill 80
	grep -q '"phase":"ready","ok":true' $out || fail "not ready: $(head -n 1 $out)"
	n=$(grep -c . $CBT/pinned)
	[ "$n" -ge 2 ] || fail "only $n moving pins"
	echo "area=$name order=4 count=$want mode=$mode" >$CBT/alloc
	# Skipped on a pin: pinned, or not_free when the pin moved on between
	# isolation (which passed the page by) and the final check.
	eval "${mode}_alloc=$(result allocated) ${mode}_ret=$(result ret)" \
		"${mode}_pinned=$(($(result skipped_pinned) + $(result skipped_not_free)))" \
		"${mode}_rescued=$(result rescued)"
	assert_eq "$(result waits)" "" "$mode: a 'waits' line (no mode sleeps since v4)"
	echo "$mode: allocated $(result allocated)/$want ret $(result ret) rescued $(result rescued)" \
		"($(grep '^skipped_' $CBT/result | grep -v ' 0$' | tr '\n' ' '))"
	echo 1 >$CBT/release
	stop_load $out
done

# shellcheck disable=SC2154 # the loop above sets these with eval
{
	[ "$normal_pinned" -ge 1 ] || fail "NORMAL skipped no window on a pin (of $n moving pins)"
	[ "$normal_rescued" -ge 1 ] || fail "NORMAL skipped $normal_pinned windows and rescued no chunk"
	assert_eq "$normal_alloc" "$want" "NORMAL allocated"
	assert_eq "$normal_ret" 0 "NORMAL ret"
	assert_eq "$fast_alloc" "$want" "FAST allocated"
	assert_eq "$fast_ret" 0 "FAST ret"
}
