# shellcheck shell=dash
# Helpers for tests that run inside the guest (busybox sh). Sourced, from
# the project folder. fail, expect_fail and assert_eq are the shared ones.
. tests/lib.sh

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

# wait_for FILE PATTERN PID [SECONDS]: until FILE has a line matching
# PATTERN; fails if process PID ends first or SECONDS (default 60) pass.
wait_for() {
	_i=0
	until grep -q "$2" "$1" 2>/dev/null; do
		kill -0 "$3" 2>/dev/null || fail "exited before '$2': $(tail -n 2 "$1")"
		[ $_i -lt $((${4:-60} * 10)) ] || fail "no '$2' in $1 within ${4:-60} s"
		sleep 0.1
		_i=$((_i + 1))
	done
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
	wait_for "$_err" '^Tracing' $TRACER_PID 30
}

# start_load OUT ARGS...: cmabulk-load ARGS --json --hold inf in the
# background, returning once it is ready; LOAD_PID is its pid, OUT.err
# its stderr. stop_load OUT ends it and checks its teardown.
start_load() {
	_out=$1
	shift
	rm -f "$_out" "$_out.err"
	cmabulk-load "$@" --json --hold inf >"$_out" 2>"$_out.err" &
	LOAD_PID=$!
	wait_for "$_out.err" 'ready' $LOAD_PID
}

stop_load() {
	kill -TERM $LOAD_PID
	wait $LOAD_PID || fail "cmabulk-load teardown failed: $(tail -n 1 "$1.err")"
	grep -q '"phase":"teardown","ok":true' "$1" || fail "no clean teardown report: $(tail -n 1 "$1")"
}

# stop_tracer: SIGINT, then its exit status.
stop_tracer() {
	kill -INT $TRACER_PID
	wait $TRACER_PID
}

# kernel_log_clean WHO: no KASAN, lockdep, DEBUG_VM or BUG line since boot,
# said on stdout with WHO in front; non-zero when there is one.
kernel_log_clean() {
	if dmesg | grep -qE 'WARNING:|BUG:|Oops|Call Trace|UBSAN'; then
		dmesg | grep -m5 -E 'WARNING:|BUG:|Oops|Call Trace|UBSAN'
		echo "$1: the kernel log has warnings (above)"
		return 1
	fi
	echo "$1: kernel log clean ($(uname -r))"
}
