#!/bin/sh
# arm64: full
# cmabulk-load's pin methods really block migration: with each method's
# pins in place, a NORMAL cma_alloc_bulk() of every pageblock of the area
# leaves out the pinned blocks (skipped with a reason, or retried), and the
# teardown gives CmaFree back. The same seed pins the same blocks twice.
. tests/guest/lib.sh
area=$(cma_area) || fail "no CMA area"
name=$(basename "$area")
pb=$(pageblock_pages)
blocks=$(($(cat "$area/count") / pb))
order=0
while [ $((1 << order)) -lt "$pb" ]; do order=$((order + 1)); done
free0=$(cma_free_kb)

# The pinned blocks of the "ready" report, one per line.
pinned_blocks() {
	sed -n '1s/.*"blocks":\[\([0-9,]*\)\].*/\1/p' "$1" | tr ',' '\n'
}

out=/tmp/load.json
for m in module module-ref vmsplice odirect writeback; do
	case $m in
	writeback) extra="--fill 30 --kind file" ;;
	module) extra="" ;;
	*) extra="--fill 30" ;;
	esac
	# shellcheck disable=SC2086 # extra is a list of options (busybox sh has no arrays)
	start_load $out pin --method $m --fraction 0.03 --seed 5 $extra
	grep -q '"phase":"ready","ok":true' $out || fail "$m: not ready: $(head -n 1 $out)"
	want=$(((blocks * 3 + 50) / 100))
	n=$(pinned_blocks $out | grep -c .)
	assert_eq "$n" "$want" "$m: pinned pageblocks"
	[ "$m" = module ] && first_module=$(pinned_blocks $out)
	echo "area=$name order=$order count=$blocks mode=normal" >$CBT/alloc
	alloc=$(result allocated)
	# Every reason the kernel names, whatever they are.
	skipped=$(awk '/^skipped_/ { s += $2 } END { print s + 0 }' $CBT/result)
	retries=$(result retries)
	echo "$m: allocated $alloc/$blocks skipped $skipped retries $retries ret $(result ret)" \
		"($(grep skipped_ $CBT/result | grep -v ' 0$' | tr '\n' ' '))"
	echo 1 >$CBT/release
	case $m in
	writeback)
		# Pinned only while in flight: migration must at least have had to
		# retry or give up somewhere (21-29 retries, 4-7 skips measured).
		[ $((skipped + retries)) -gt 0 ] || fail "$m: no skip and no retry with $n blocks under writeback"
		;;
	*)
		[ "$skipped" -ge "$n" ] || fail "$m: $n blocks pinned, only $skipped skipped"
		[ "$alloc" -le $((blocks - n)) ] || fail "$m: allocated $alloc of $blocks with $n pinned"
		;;
	esac
	stop_load $out
done

# The same seed pins the same blocks.
start_load $out pin --method module --fraction 0.03 --seed 5
assert_eq "$(pinned_blocks $out)" "$first_module" "module pins with the same seed"
stop_load $out
start_load $out pin --method module --fraction 0.03 --seed 6
[ "$(pinned_blocks $out)" != "$first_module" ] || fail "seed 6 pinned the same blocks as seed 5"
stop_load $out

free1=$(cma_free_kb)
[ $((free0 - free1)) -le $((pb * 4)) ] || fail "CmaFree $free0 kB before, $free1 kB after"
