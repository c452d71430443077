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
