#!/bin/sh
# cmabulk-trace --culprits names the pages in the way as what they are:
# with each cmabulk-load pin method in place, a cma_alloc_bulk() of every
# pageblock fails on pinned pages, and the culprit table must say a
# vmsplice pin is an anon page with a reference beyond its mapping, a
# writeback pin a file page under writeback on /scratch, and the driver's
# pin the driver's page.
. tests/guest/lib.sh
area=$(cma_area) || fail "no CMA area"
name=$(basename "$area")
pb=$(pageblock_pages)
blocks=$(($(cat "$area/count") / pb))
order=0
while [ $((1 << order)) -lt "$pb" ]; do order=$((order + 1)); done
out=/tmp/culprits.json
load=/tmp/culprits-load.json
summary=""
for m in vmsplice writeback module; do
	# NORMAL waits out writeback (MIGRATE_SYNC); FAST's async migration
	# fails on a page under writeback and names it.
	mode=normal
	case $m in
	writeback) extra="--fill 30 --kind file" mode=fast ;;
	module) extra="" ;;
	*) extra="--fill 30" ;;
	esac
	# shellcheck disable=SC2086 # extra is a list of options (busybox sh has no arrays)
	start_load $load pin --method $m --fraction 0.03 --seed 5 $extra
	start_tracer $out /tmp/culprits.err -j --culprits
	# Where there is no vmemmap_base (arm64), a cma_alloc() teaches the
	# tracer where struct pages are.
	echo 1 >"$area/alloc" && echo 1 >"$area/free"
	echo "area=$name order=$order count=$blocks mode=$mode" >$CBT/alloc
	echo 1 >$CBT/release
	stop_tracer || fail "$m: cmabulk-trace exited with $?: $(tail -n 2 /tmp/culprits.err)"
	stop_load $load
	doc=$(grep '"type":"culprits"' $out)
	[ -n "$doc" ] || fail "$m: no culprits report: $(tail -n 2 /tmp/culprits.err)"
	tail -n 1 $out | grep -q '"type":"final"' || fail "$m: the final report is not the last line"
	items=$(echo "$doc" | grep -o '{"pfn":[^}]*}')
	[ -n "$items" ] || fail "$m: no culprit page: $doc"
	case $m in
	vmsplice) want='"kind":"anon".*"extra_refs":[1-9]' ;;
	writeback) want='"kind":"file","failures":[0-9]*,"flags":\[[^]]*"writeback".*"what":"[^"]*/scratch/' ;;
	module) want='"kind":"driver pin".*"what":"cma_bulk_test pin (method alloc)"' ;;
	esac
	echo "$items" | grep -q "$want" || fail "$m: no culprit like $want in: $(echo "$items" | head -n 3)"
	summary="$summary $m: $(echo "$items" | grep -c "$want")/$(echo "$items" | grep -c .) pages"
done
echo "PASS trace_culprits:$summary named as what they are"
