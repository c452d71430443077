#!/bin/sh
# What cmabulk-trace costs: median latency of the same bulk allocation with
# and without the tracer attached (alternating trials, one run), and the
# BPF run time per event of each program (BPF_ENABLE_STATS). In the guest:
#   make guest CMD='bench/trace-overhead.sh [trials] [count] [mode] [pin-fraction]'
set -u
trials=${1:-20}
count=${2:-4800}
mode=${3:-fast}
fraction=${4:-0.01}
targs=${5:-}	# extra cmabulk-trace arguments, e.g. --phases
CBT=/sys/kernel/debug/cma_bulk_test
[ -d $CBT ] || { echo "trace-overhead: no $CBT" >&2; exit 1; }
area=$(basename "$(ls -d /sys/kernel/debug/cma/*/ | head -n 1)")
val() { awk -v k="$1" '$1 == k { print $2 }' $CBT/result; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

[ "$fraction" != 0 ] && echo "area=$area fraction=$fraction seed=1" >$CBT/pin
plain=""
traced=""
last=/tmp/overhead-trace.json
# One warm-up trial, not counted.
echo "area=$area order=4 count=$count mode=$mode" >$CBT/alloc; echo 1 >$CBT/release
for i in $(seq 1 "$trials"); do
	for with in 0 1; do
		if [ $with = 1 ]; then
			rm -f /tmp/overhead.err
			# shellcheck disable=SC2086
			cmabulk-trace -j $targs >$last 2>/tmp/overhead.err &
			pid=$!
			until grep -q '^Tracing' /tmp/overhead.err 2>/dev/null; do
				kill -0 $pid 2>/dev/null || { cat /tmp/overhead.err >&2; exit 1; }
				sleep 0.05
			done
		fi
		echo "area=$area order=4 count=$count mode=$mode" >$CBT/alloc
		ns=$(val ns)
		echo 1 >$CBT/release
		if [ $with = 1 ]; then
			kill -INT $pid
			wait $pid
			traced="$traced $ns"
		else
			plain="$plain $ns"
		fi
	done
	printf 'trial %d/%d\r' "$i" "$trials" >&2
done
echo 1 >$CBT/unpin
mp=$(for x in $plain; do echo "$x"; done | median)
mt=$(for x in $traced; do echo "$x"; done | median)
echo "bulk $mode, $count order-4 chunks, pinned fraction $fraction, $trials trials each, alternating, tracer args '$targs'"
echo "median without tracer: $((mp / 1000)) us; with tracer: $((mt / 1000)) us; overhead: $(awk -v a="$mp" -v b="$mt" 'BEGIN { printf "%+.2f%%", (b - a) * 100 / a }')"
echo
echo "BPF cost per event (last traced trial):"
echo "| program | runs | mean ns |"
echo "| --- | --- | --- |"
tail -n 1 $last | grep -o '{"prog":"[^"]*","run_cnt":[0-9]*,"run_time_ns":[0-9]*}' |
	sed 's/{"prog":"\([^"]*\)","run_cnt":\([0-9]*\),"run_time_ns":\([0-9]*\)}/\1 \2 \3/' |
	awk '$2 > 0 { printf "| %s | %d | %.0f |\n", $1, $2, $3 / $2 }'
echo
echo "tracer: $(tail -n 1 $last | grep -o '"ringbuf_drops":[0-9]*,"filtered":[0-9]*')"
