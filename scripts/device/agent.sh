#!/bin/sh
# The device agent: the device half of scripts/device.sh. It runs ON the device (Android's
# toybox sh, busybox sh or any POSIX sh), from the folder the host pushed
# it and the static tools to. The host drives it through whatever
# transport it has (adb shell, ssh, a local shell), one short command at a
# time: a session runs detached from the transport, so a dropped
# connection or a Ctrl-C on the host never leaves it half-stopped.
#
#   agent.sh facts                 what the device has, as key=value lines
#   agent.sh start trace SECONDS [TRACER ARGS] [-- COMMAND ...]
#   agent.sh start bench SCENARIO [BENCH ARGS]
#   agent.sh status                running | done RC | none
#   agent.sh stop                  end the session now (the tracer still reports)
#   agent.sh wait [SECONDS]        until it is done (default 600 s)
#   agent.sh leftovers             what is still running or pinned; exit 1 if any
#   agent.sh run ...               (internal: the detached session itself)
#
# Everything the session measures goes to out/ beside this script; the
# host pulls that folder.
cd "$(dirname "$0")" || exit 1
HERE=$(pwd)
OUT=$HERE/out

say() { echo "agent: $*"; }
die() { echo "agent: error: $*" >&2; exit 1; }

# --- facts: one key=value per line, values on one line.
facts() {
	echo "arch=$(uname -m)"
	echo "kernel=$(uname -r)"
	echo "kernel_version=$(uname -v)"
	echo "uid=$(id -u)"
	if [ -r /sys/kernel/btf/vmlinux ]; then echo "btf=yes"; else echo "btf=no"; fi
	tfs=
	for d in /sys/kernel/tracing /sys/kernel/debug/tracing; do
		[ -d "$d/events" ] && { tfs=$d; break; }
	done
	echo "tracefs=${tfs:-none}"
	ev=
	if [ -n "$tfs" ]; then
		for e in "$tfs"/events/cma/*; do
			case ${e##*/} in enable | filter) ;; *) [ -e "$e" ] && ev="$ev${e##*/} " ;; esac
		done
	fi
	echo "cma_events=${ev% }"
	echo "cma_total_kb=$(awk '/^CmaTotal:/ { print $2 }' /proc/meminfo 2>/dev/null)"
	echo "cma_free_kb=$(awk '/^CmaFree:/ { print $2 }' /proc/meminfo 2>/dev/null)"
	areas=$(ls /sys/kernel/mm/cma 2>/dev/null | tr '\n' ' ')
	echo "cma_sysfs_areas=${areas% }"
	areas=$(ls /sys/kernel/debug/cma 2>/dev/null | tr '\n' ' ')
	echo "cma_debugfs_areas=${areas% }"
	if [ -d /sys/kernel/debug/cma_bulk_test ]; then echo "test_driver=yes"; else echo "test_driver=no"; fi
	if command -v getprop >/dev/null 2>&1; then
		echo "model=$(getprop ro.product.model)"
		echo "fingerprint=$(getprop ro.build.fingerprint)"
	fi
}

# --- the detached session.
pid_alive() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null; }

# Wait until FILE has a line matching PATTERN, or PID ends, or 30 s pass.
wait_line() {
	i=0
	while ! grep -q "$2" "$1" 2>/dev/null; do
		pid_alive "$3" || return 1
		[ $i -lt 300 ] || return 1
		sleep 0.1
		i=$((i + 1))
	done
}

# The tracer reports at exit on SIGINT, like Ctrl-C at a terminal.
end_tool() {
	pid_alive "$1" || return 0
	kill -INT "$1" 2>/dev/null
	i=0
	while pid_alive "$1" && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	pid_alive "$1" && kill -KILL "$1" 2>/dev/null
	return 0
}

run_trace() {
	secs=$1
	shift
	targs=
	while [ $# -gt 0 ] && [ "$1" != -- ]; do targs="$targs $1"; shift; done
	[ "${1-}" = -- ] && shift
	# The timeline comes back with the rest: open it beside the device's own
	# Perfetto trace of the same time (docs/cmabulk-trace.md, "The timeline, in Perfetto").
	# shellcheck disable=SC2086 # targs is a list of options (POSIX sh has no arrays)
	./cmabulk-trace $targs --perfetto "$OUT/trace.perfetto" >"$OUT/trace.out" 2>"$OUT/trace.err" &
	tpid=$!
	echo "$tpid" >tool.pid
	if ! wait_line "$OUT/trace.err" '^Tracing' "$tpid"; then
		wait "$tpid"
		return $?
	fi
	echo attached >state
	if [ $# -gt 0 ]; then
		# The user's workload, timed; the session ends when it does.
		t0=$(date +%s)
		"$@" >"$OUT/command.out" 2>&1 &
		cpid=$!
		echo "$cpid" >command.pid
		wait "$cpid"
		echo "command_rc=$? command_s=$(($(date +%s) - t0))" >"$OUT/command.status"
	else
		sleep "$secs" &
		echo $! >command.pid
		wait $!
	fi
	end_tool "$tpid"
	wait "$tpid"
}

run_bench() {
	scenario=$1
	shift
	./cmabulk-bench run "$scenario" -o "$OUT" --run-id bench "$@" >"$OUT/bench.out" 2>&1 &
	bpid=$!
	echo "$bpid" >tool.pid
	echo attached >state
	wait "$bpid"
}

session_run() {
	kind=$1
	shift
	# stop: end the workload or the wait; the tracer then reports.
	trap 'end_tool "$(cat command.pid 2>/dev/null)"; end_tool "$(cat tool.pid 2>/dev/null)"' INT TERM
	trap '' HUP
	case $kind in
	trace) run_trace "$@" ;;
	bench) run_bench "$@" ;;
	esac
	echo $? >"$OUT/rc"
	# done before the pid goes: status() between the two read "none" (a
	# session that ended as its process left looked failed: rc 1).
	echo 'done' >state
	rm -f tool.pid command.pid session.pid
}

start() {
	kind=${1-}
	case $kind in
	trace) [ $# -ge 2 ] || die "usage: agent.sh start trace SECONDS [args] [-- command]" ;;
	bench) [ $# -ge 2 ] || die "usage: agent.sh start bench SCENARIO [args]" ;;
	*) die "start what? (trace or bench)" ;;
	esac
	if [ -f session.pid ] && pid_alive "$(cat session.pid)"; then
		die "a session is already running here (pid $(cat session.pid)); 'agent.sh stop' ends it"
	fi
	rm -rf "$OUT" state tool.pid command.pid
	mkdir -p "$OUT" || die "cannot create $OUT"
	echo starting >state
	# Detached: a new session, no terminal, no tie to the transport.
	if command -v setsid >/dev/null 2>&1; then
		setsid sh "$HERE/agent.sh" run "$@" </dev/null >"$OUT/session.log" 2>&1 &
	else
		sh "$HERE/agent.sh" run "$@" </dev/null >"$OUT/session.log" 2>&1 &
	fi
	echo $! >session.pid
	# Return once the tools are attached (or the session already ended).
	i=0
	while [ "$(cat state 2>/dev/null)" = starting ] && [ $i -lt 600 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	case $(cat state 2>/dev/null) in
	attached) say "started ($kind, pid $(cat session.pid))" ;;
	done) say "ended at once (status $(cat "$OUT/rc" 2>/dev/null)): $(tail -n 1 "$OUT/trace.err" "$OUT/bench.out" 2>/dev/null | grep -v '^==>' | grep . | tail -n 1)" ;;
	*) say "still starting after 60 s" ;;
	esac
}

status() {
	if [ -f "$OUT/rc" ] && [ "$(cat state 2>/dev/null)" = 'done' ]; then
		echo "done $(cat "$OUT/rc")"
	elif [ -f session.pid ] && pid_alive "$(cat session.pid)"; then
		echo running
	else
		echo none
	fi
}

stop() {
	[ -f session.pid ] || { say "no session running"; return 0; }
	kill -TERM "$(cat session.pid)" 2>/dev/null
	wait_done 30
}

wait_done() {
	limit=$((${1:-600} * 10))
	i=0
	while [ "$(status)" = running ] && [ $i -lt "$limit" ]; do
		sleep 0.1
		i=$((i + 1))
	done
	status
}

# Nothing of ours may outlive a session: no process, no pinned BPF object.
# BPF links and programs that are not pinned die with their process.
leftovers() {
	n=0
	for c in /proc/[0-9]*/comm; do
		case $(cat "$c" 2>/dev/null) in
		cmabulk-*)
			p=${c#/proc/}
			echo "leftover: process ${p%/comm} ($(cat "$c"))"
			n=$((n + 1))
			;;
		esac
	done
	for f in /sys/fs/bpf/cmabulk*; do
		[ -e "$f" ] && { echo "leftover: pinned $f"; n=$((n + 1)); }
	done
	cbt=/sys/kernel/debug/cma_bulk_test
	held=$(awk '$1 == "held" { print $2 }' $cbt/result 2>/dev/null)
	if [ -n "$held" ] && [ "$held" != 0 ]; then
		echo "leftover: the test driver holds $held allocations"
		n=$((n + 1))
	fi
	pins=$(grep -c . $cbt/pinned 2>/dev/null)
	if [ -n "$pins" ] && [ "$pins" != 0 ]; then
		echo "leftover: the test driver holds $pins pinned pageblocks"
		n=$((n + 1))
	fi
	[ $n -eq 0 ] && echo "leftovers: none (no cmabulk process, no pinned BPF object, no held CMA pages)"
	[ $n -eq 0 ]
}

cmd=${1-}
[ $# -gt 0 ] && shift
case $cmd in
facts) facts ;;
start) start "$@" ;;
run) session_run "$@" ;;
status) status ;;
stop) stop ;;
wait) wait_done "$@" ;;
leftovers) leftovers ;;
*) die "unknown command '$cmd' (facts, start, status, stop, wait, leftovers)" ;;
esac
