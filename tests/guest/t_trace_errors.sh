#!/bin/sh
# cmabulk-trace refuses what it cannot do with one clear line and a
# non-zero exit, and leaves no BPF program behind, whatever the exit path.
. tests/guest/lib.sh
progs() { build/tests/bin/bpf-progs | tr '\n' ' '; }
before=$(progs)

# expect_err "message" cmd...: non-zero exit, message on the first line.
expect_err() {
	want=$1
	shift
	if out=$("$@" 2>&1 >/dev/null); then fail "'$*' succeeded"; fi
	echo "$out" | head -n 1 | grep -qF -- "$want" || fail "'$*': '$(echo "$out" | head -n 1)', want '$want'"
	[ "$(progs)" = "$before" ] || fail "'$*' left BPF programs: $(progs)"
}

expect_err "must be run as root" build/tests/bin/run-as-nobody build/bin/cmabulk-trace
expect_err "tracefs is not mounted" unshare -m sh -c 'umount /sys/kernel/tracing; umount /sys/kernel/debug; exec cmabulk-trace'
expect_err "kernel has no BTF" unshare -m sh -c 'mount -t tmpfs none /sys/kernel/btf; exec cmabulk-trace'
expect_err "no CMA area 'nope'" cmabulk-trace -a nope
expect_err "unknown mode 'turbo' (this kernel has: normal, fast, fast_sync, normal_once)" cmabulk-trace -M turbo
expect_err "interval: '0' is not an integer from 1" cmabulk-trace 0
expect_err "count: 'x' is not an integer from 1" cmabulk-trace 1 x
expect_err "unexpected argument '3'" cmabulk-trace 1 2 3
expect_err "--order: '99' is not an integer from 0 to 63" cmabulk-trace -o 99

# SIGTERM ends a run with a final report and exit status 0.
start_tracer /tmp/t.json /tmp/t.err -j
kill -TERM $TRACER_PID
wait $TRACER_PID || fail "exit status $? after SIGTERM: $(cat /tmp/t.err)"
tail -n 1 /tmp/t.json | grep -q '"type":"final"' || fail "no final report after SIGTERM"
[ "$(progs)" = "$before" ] || fail "programs left after SIGTERM: $(progs)"

# Count reached: 2 reports (one interval, one final), then exit 0.
cmabulk-trace -j 1 2 >/tmp/t.json 2>/tmp/t.err || fail "cmabulk-trace 1 2 failed: $(cat /tmp/t.err)"
assert_eq "$(grep -c '"type":"interval"' /tmp/t.json)/$(grep -c '"type":"final"' /tmp/t.json)" "1/1" "interval/final reports"
[ "$(progs)" = "$before" ] || fail "programs left after count: $(progs)"
