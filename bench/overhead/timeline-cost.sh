#!/bin/sh
# What cmabulk-trace --perfetto costs: the trace's size per 1000 bulk calls
# with and without --phases, and, through cmabulk-bench overhead, the
# added latency and BPF cost per event with the option on and off. In the
# guest:
#   scripts/guest.sh 'bench/overhead/timeline-cost.sh [calls] [count] [trials]'
set -u
calls=${1:-1000}
count=${2:-64}		# order-4 chunks per call: 64 is 2 pageblocks' worth
trials=${3:-10}
CBT=/sys/kernel/debug/cma_bulk_test
[ -d $CBT ] || { echo "timeline-cost: no $CBT" >&2; exit 1; }
area=$(basename "$(ls -d /sys/kernel/debug/cma/*/ | head -n 1)")

echo "| tracer options | calls | windows | phases | bytes | bytes per 1000 calls | bytes per window |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
for opts in "" "--phases"; do
	rm -f /tmp/tc.pftrace /tmp/tc.err
	# shellcheck disable=SC2086
	cmabulk-trace $opts --perfetto /tmp/tc.pftrace >/dev/null 2>/tmp/tc.err &
	pid=$!
	until grep -q '^Tracing' /tmp/tc.err 2>/dev/null; do
		kill -0 $pid 2>/dev/null || { cat /tmp/tc.err >&2; exit 1; }
		sleep 0.05
	done
	i=0
	while [ $i -lt "$calls" ]; do
		echo "area=$area order=4 count=$count mode=fast" >$CBT/alloc
		echo 1 >$CBT/release
		i=$((i + 1))
	done
	kill -INT $pid
	wait $pid
	line=$(grep 'wrote /tmp/tc.pftrace' /tmp/tc.err)
	n() { echo "$line" | sed -n "s/.* \([0-9]*\) $1.*/\1/p"; }
	bytes=$(n bytes) windows=$(n windows) phases=$(n phases)
	echo "| --perfetto $opts | $(n 'bulk and') | $windows | $phases | $bytes | $((bytes * 1000 / calls)) | $((bytes / windows)) |"
done
echo
# The cost, the four of them side by side in one run (bench/overhead/overhead.h).
cmabulk-bench overhead -o /tmp/tc-overhead --rounds "$trials" \
	--tracer 'j=cmabulk-trace -j' --tracer 'j-perfetto=cmabulk-trace -j --perfetto /tmp/tc.pftrace' \
	--tracer 'phases=cmabulk-trace -j --phases' \
	--tracer 'phases-perfetto=cmabulk-trace -j --phases --perfetto /tmp/tc.pftrace' 2>/dev/null
