# Helpers for tests that run inside the guest (busybox sh). Sourced.
fail() {
	echo "FAIL: $*"
	exit 1
}

assert_eq() {
	[ "$1" = "$2" ] || fail "${3:-value}: got '$1', want '$2'"
}

# The first (default) CMA area's debugfs folder.
cma_area() {
	for d in /sys/kernel/debug/cma/*/; do
		[ -f "$d/count" ] && { echo "${d%/}"; return 0; }
	done
	return 1
}

TRACEFS=/sys/kernel/tracing

# ftrace as an independent oracle: reset, enable the given events.
ftrace_start() {
	echo 0 >$TRACEFS/tracing_on
	echo >$TRACEFS/trace
	echo 0 >$TRACEFS/events/enable
	for e in "$@"; do
		echo 1 >"$TRACEFS/events/$e/enable" || fail "cannot enable $e"
	done
	echo 1 >$TRACEFS/tracing_on
}

ftrace_stop() {
	echo 0 >$TRACEFS/tracing_on
	echo 0 >$TRACEFS/events/enable
}

CBT=/sys/kernel/debug/cma_bulk_test

# Value of KEY in the test driver's result file.
result() {
	awk -v k="$1" '$1 == k { print $2 }' $CBT/result
}

# Exact CmaFree in kB: fold per-cpu vmstat deltas first.
cma_free_kb() {
	echo 1 >/proc/sys/vm/stat_refresh 2>/dev/null
	awk '/^CmaFree:/ { print $2 }' /proc/meminfo
}

# A write that must be refused with EINVAL ("Invalid argument").
expect_einval() {
	f=$1
	shift
	if out=$(echo "$*" 2>&1 >"$f"); then
		fail "'$*' > $f was accepted"
	fi
	echo "$out" | grep -q "Invalid argument" || fail "'$*' > $f: $out (want Invalid argument)"
}

# Pages per pageblock of the running kernel (512 with 2 MiB pageblocks).
pageblock_pages() {
	awk '/^Pages per block:/ { print $4 }' /proc/pagetypeinfo
}

# start_tracer OUT ERR [args]: run cmabulk-trace in the background and
# return once it has attached (its "Tracing" line); TRACER_PID is its pid.
start_tracer() {
	_out=$1
	_err=$2
	shift 2
	rm -f "$_err"
	cmabulk-trace "$@" >"$_out" 2>"$_err" &
	TRACER_PID=$!
	_i=0
	until grep -q '^Tracing' "$_err" 2>/dev/null; do
		kill -0 $TRACER_PID 2>/dev/null || fail "cmabulk-trace $* exited early: $(tail -n 3 "$_err")"
		[ $_i -lt 300 ] || fail "cmabulk-trace $* did not attach within 30 s"
		sleep 0.1
		_i=$((_i + 1))
	done
}

# stop_tracer: SIGINT, then its exit status.
stop_tracer() {
	kill -INT $TRACER_PID
	wait $TRACER_PID
}
