#!/bin/sh
# Every cmabulk-load method on its own, as a markdown table: target,
# achieved, set-up time, and whether a NORMAL cma_alloc_bulk() of every
# pageblock of the area was blocked by it. In the guest:
#   make guest CMD='bench/load/load-methods.sh [fraction] [fill%]'
set -u
fraction=${1:-0.03}
fill=${2:-30}
CBT=/sys/kernel/debug/cma_bulk_test
[ -d $CBT ] || { echo "load-methods: no $CBT (kernel without CONFIG_CMA_BULK_TEST)" >&2; exit 1; }
area=$(ls -d /sys/kernel/debug/cma/*/ | head -n 1)
name=$(basename "$area")
pb=$(awk '/^Pages per block:/ { print $4 }' /proc/pagetypeinfo)
blocks=$(($(cat "$area/count") / pb))
order=0
while [ $((1 << order)) -lt "$pb" ]; do order=$((order + 1)); done
val() { awk -v k="$1" '$1 == k { print $2 }' $CBT/result; }
json() { sed -n "1s/.*\"$1\":\([0-9.]*\).*/\1/p" /tmp/lm.json; }

echo "| load | target | achieved | set-up s | NORMAL bulk over all $blocks pageblocks | blocked migration |"
echo "| --- | --- | --- | ---: | --- | --- |"
run() {
	label=$1
	shift
	rm -f /tmp/lm.json /tmp/lm.err
	pid=
	if [ "$1" != none ]; then
		cmabulk-load "$@" --json --hold inf >/tmp/lm.json 2>/tmp/lm.err &
		pid=$!
		while ! grep -q ready /tmp/lm.err 2>/dev/null; do
			kill -0 $pid 2>/dev/null || { echo "| $label | failed: $(tail -n 1 /tmp/lm.err) |"; return; }
			sleep 0.1
		done
	fi
	echo "area=$name order=$order count=$blocks mode=normal" >$CBT/alloc
	alloc=$(val allocated)
	retries=$(val retries)
	skips=$(grep '^skipped_' $CBT/result | awk '$2 > 0 { printf "%s%s %s", sep, substr($1, 9), $2; sep = ", " }')
	echo 1 >$CBT/release
	td=0
	if [ -n "$pid" ]; then
		kill -TERM $pid
		wait $pid
		td=$?
	fi
	case $label in
	none*) target=-; achieved=-; secs=0 ;;
	fill*) target="$fill% of CMA"; achieved="$(awk -v a="$(json achieved_pct)" 'BEGIN { printf "%.1f%%", a }')"
	       secs=$(json seconds) ;;
	*) target="$(json target_pageblocks) pageblocks"; achieved="$(json pinned_pageblocks) pageblocks"
	   secs=$(awk -v a="$(sed -n '1s/.*"fill":{[^}]*"seconds":\([0-9.]*\).*/\1/p' /tmp/lm.json)" \
		-v b="$(sed -n '1s/.*"pin":{[^}]*"seconds":\([0-9.]*\).*/\1/p' /tmp/lm.json)" 'BEGIN { printf "%.1f", a + b }') ;;
	esac
	blocked=no
	[ "$alloc" -lt "$blocks" ] && blocked="yes: ${skips:-?}"
	[ $td = 0 ] || blocked="$blocked (teardown failed)"
	printf '| %s | %s | %s | %.1f | %s/%s allocated, retries %s | %s |\n' "$label" "$target" "$achieved" \
		"${secs:-0}" "$alloc" "$blocks" "$retries" "$blocked"
}
run "none" none
run "fill anon" fill "$fill"
run "fill shmem" fill "$fill" --kind shmem
for m in vmsplice odirect module module-ref; do
	run "pin $m" pin --method $m --fraction "$fraction" --fill "$fill"
done
# Page cache on ext4 last: the filesystem's own metadata buffers (movable,
# so CMA takes them under pressure) stay behind in CMA while it is mounted.
run "fill file (page cache on /scratch)" fill "$fill" --kind file
run "pin writeback" pin --method writeback --fraction "$fraction" --fill "$fill" --kind file
run "none, after the page cache fills" none
