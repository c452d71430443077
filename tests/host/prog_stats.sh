#!/bin/bash
# needs: nothing
# arch: x86_64
# lib/progstats on the build host, with bpftrace as the tracer: its
# tracepoint programs (perf events, found through the child of an "sh -c"
# that does not exec it) are named by tracepoint and counted while BPF
# statistics are on; a process that is gone is one clear line and exit 1.
. "$(dirname "$0")/../lib.sh"
[ "$(id -u)" = 0 ] || { echo "SKIP prog_stats: not root"; exit 0; }
command -v bpftrace >/dev/null || fail "no bpftrace: run 'make deps'"
[ -d /sys/kernel/tracing/events/sched ] || mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
[ -d /sys/kernel/tracing/events/sched ] || { echo "SKIP prog_stats: no tracefs with sched events on this host"; exit 0; }
tool=build/tests/bin/prog-stats
out=$(mktemp)
trap 'kill %1 2>/dev/null; rm -f "$out"' EXIT
# "true" after it: the shell must stay, bpftrace its child.
sh -c 'bpftrace -e "tracepoint:sched:sched_switch { @s = count(); } tracepoint:sched:sched_wakeup { @w = count(); }"; true' >"$out" 2>&1 &
sh_pid=$!
for _ in $(seq 100); do grep -q Attaching "$out" && break; sleep 0.1; done
grep -q Attaching "$out" || fail "bpftrace did not start: $(cat "$out")"
sleep 1
list=$("$tool" "$sh_pid" 1) || fail "prog-stats: $list"
assert_eq "$(echo "$list" | awk '{ print $2 }' | sort | tr '\n' ' ')" \
	"tracepoint:sched_switch tracepoint:sched_wakeup " "attach points of bpftrace's programs"
switches=$(echo "$list" | awk '$2 == "tracepoint:sched_switch" { print $4 }')
[ "$switches" -gt 0 ] || fail "no sched_switch runs counted in 1 s: $list"
ns=$(echo "$list" | awk '$2 == "tracepoint:sched_switch" { print $5 }')
[ "$ns" -gt 0 ] || fail "no run time with statistics on: $list"
kill %1
wait 2>/dev/null
err=$("$tool" 999999999 2>&1)
rc=$?
[ $rc = 1 ] || fail "a process that is gone: exit $rc"
[ "$(echo "$err" | grep -c .)" = 1 ] || fail "more than one line: $err"
echo "$err" | grep -q "process 999999999" || fail "unclear: $err"
echo "PASS prog_stats: bpftrace's 2 programs, $switches sched_switch runs in 1 s"
