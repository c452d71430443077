#!/bin/sh
# One table of every strategy of the test driver on the same request, on an
# idle area and with a fraction of its pageblocks pinned. Runs in the guest:
#   make guest CMD='bench/modes-table.sh [order] [count] [fraction] [trials]'
# Prints a markdown table: strategy, mode, requested, allocated, skipped
# windows by reason, and the median time over the trials.
set -u
order=${1:-4}
count=${2:-4800}
fraction=${3:-0.01}
trials=${4:-3}
CBT=/sys/kernel/debug/cma_bulk_test
[ -d $CBT ] || { echo "modes-table: no $CBT (kernel without CONFIG_CMA_BULK_TEST)" >&2; exit 1; }
area=
for d in /sys/kernel/debug/cma/*/; do [ -f "$d/count" ] && { area=$(basename "$d"); break; }; done
[ -n "$area" ] || { echo "modes-table: no CMA area" >&2; exit 1; }

val() { awk -v k="$1" '$1 == k { print $2 }' $CBT/result; }

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

run() { # label alloc-args
	label=$1
	shift
	times=""
	for t in $(seq 1 "$trials"); do
		echo "area=$area order=$order count=$count $*" >$CBT/alloc || exit 1
		times="$times $(val ns)"
		alloc=$(val allocated)
		ret=$(val ret)
		skips=$(awk '$1 ~ /^skipped_/ && $2 > 0 { sub("skipped_", "", $1); printf "%s%s=%s", sep, $1, $2; sep = " " }' $CBT/result)
		calls=$(val cma_alloc_calls)
		retries=$(val retries)
		echo 1 >$CBT/release
	done
	ms=$(for x in $times; do echo "$x"; done | median | awk '{ printf "%.1f", $1 / 1e6 }')
	printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$state" "$label" "$count" "$alloc" "$ret" \
		"${skips:-0}" "$calls/$retries" "$ms"
}

echo "order=$order count=$count ($((count << order >> 8)) MiB) area=$area trials=$trials, pinned fraction=$fraction"
echo
echo "| area | strategy | requested | allocated | ret | skipped windows | cma_alloc calls / migration retries | median ms |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
for state in idle pinned; do
	if [ $state = pinned ]; then
		echo "area=$area fraction=$fraction seed=1" >$CBT/pin || exit 1
	fi
	run "whole cma_alloc" strategy=whole
	run "2 MiB cma_alloc x N" strategy=chunks2m
	run "chunk cma_alloc x N" strategy=chunks
	run "bulk NORMAL" mode=normal
	run "bulk FAST" mode=fast
	run "bulk FAST->NORMAL" mode=fast fallback=normal
	run "bulk HARD" mode=hard
done
echo 1 >$CBT/unpin
