#!/bin/sh
# make stress, inside the guest: cmabulk-trace --phases running beside
# cmabulk-bench stress (its own checks), then the tracer's bulk calls
# against the driver's, then the kernel log: no KASAN, lockdep, DEBUG_VM
# or BUG line since boot.
#   scripts/guest/stress.sh MINUTES [cmabulk-bench stress options]
. tests/guest/lib.sh
minutes=${1:-10}
[ $# -gt 0 ] && shift
start_tracer /tmp/stress.trace /tmp/stress.trace.err -j --phases
build/bin/cmabulk-bench stress --minutes "$minutes" "$@" --json >/tmp/stress.json
rc=$?
stop_tracer || { echo "stress: cmabulk-trace exited with $?: $(tail -n 2 /tmp/stress.trace.err)"; exit 1; }
cat /tmp/stress.json
calls=$(sed -n 's/.*"driver_bulk_calls":\([0-9]*\).*/\1/p' /tmp/stress.json)
tcalls=$(tail -n 1 /tmp/stress.trace | grep -o '"kind":"bulk","mode":"[a-z_]*","fallback":"[a-z_]*","order":[0-9]*,"calls":[0-9]*' |
	sed 's/.*"calls"://' | awk '{ c += $1 } END { print c + 0 }')
if [ "$tcalls" != "$calls" ]; then
	echo "stress: the tracer saw $tcalls bulk calls, the driver made $calls"
	rc=1
else
	echo "stress: the tracer saw all $calls bulk calls (--phases on)"
fi
kernel_log_clean stress || exit 1
exit $rc
