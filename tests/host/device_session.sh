#!/bin/bash
# needs: guest
# arch: arm64
# scripts/device.sh end to end over ssh, the way a board is reached:
#  1. the stock arm64 6.1 kernel (no series, no CMA sysfs, debugfs not
#     mounted, as on an Android user build): a tracing
#     session around a command that makes real cma_alloc() calls counts
#     exactly what ftrace records, and names the device in meta.json;
#  2. the arm64 guest with the series: a session around bulk calls, a
#     session stopped like Ctrl-C (still pulled, nothing left behind), and
#     a bench scenario, rendered here.
# Both guests run dropbear (scripts/guest/sshd.sh) behind a forwarded port.
. "$(dirname "$0")/../lib.sh"
. scripts/lib.sh
sshd=$(arm64_sshd) || fail "no ssh server for the guests"
key=$sshd/id_ed25519
res=build/tests/device-results
rm -rf "$res"
mkdir -p "$res"
port=$((20000 + $$ % 20000))
opts=(-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o ConnectTimeout=5)
dev_opts=(--ssh root@127.0.0.1 -p "$port" -i "$key" --ssh-opt StrictHostKeyChecking=no
	--ssh-opt UserKnownHostsFile=/dev/null --ssh-opt LogLevel=ERROR -o "$res")
dssh() { ssh -p "$port" -i "$key" "${opts[@]}" root@127.0.0.1 "$@"; }
gpid=
stop_guest() {
	[ -n "$gpid" ] || return 0
	dssh 'touch /tmp/sshd.stop' 2>/dev/null
	wait "$gpid"
	gpid=
}
trap 'stop_guest; [ -n "$gpid" ] && kill "$gpid" 2>/dev/null' EXIT
wait_ssh() {
	for _ in $(seq 120); do
		dssh true 2>/dev/null && return 0
		kill -0 "$gpid" 2>/dev/null || return 1
		sleep 1
	done
	return 1
}
newest() { ls -d "$res"/*-device-"$1"* 2>/dev/null | tail -n 1; }
# Calls of KIND in the final report of a session's trace.out.
calls_of() {
	/usr/bin/python3 - "$1/trace.out" "$2" <<'PY'
import json, sys
final = [json.loads(l) for l in open(sys.argv[1]) if '"type":"final"' in l.replace(" ", "")]
print(sum(r["calls"] for r in final[-1]["calls"] if r["kind"] == sys.argv[2]) if final else -1)
PY
}
meta() { /usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1/meta.json" "$2"; }

# --- 1. The stock kernel: what a GKI device without the series looks like.
# As on an Android user build: no debugfs mounted (and this kernel has no
# CMA sysfs): the session must not need either.
STOCK_SSH_PORT=$port scripts/stock-kernel.sh arm64 'umount /sys/kernel/debug; modprobe virtio_pci; modprobe virtio_net; sh /sshd.sh /sshd-root' \
	>build/tests/device-stock.log 2>&1 &
gpid=$!
wait_ssh || fail "no ssh into the stock kernel: $(tail -n 2 build/tests/device-stock.log)"
dssh 'cd /sys/kernel/tracing && echo 1 >events/cma/cma_alloc_finish/enable && echo 1 >tracing_on' ||
	fail "cannot start ftrace on the stock kernel"
# modprobe virtio_blk sets up the queues of a disk with iommu_platform=on:
# dma_alloc_coherent() -> cma_alloc().
out=$(scripts/device.sh "${dev_opts[@]}" --name stock trace --calls -- modprobe virtio_blk 2>&1)
rc=$?
[ $rc -eq 0 ] || fail "stock session exited $rc: $(echo "$out" | tail -n 3)"
echo "$out" | grep -q "cma events: \[.*cma_alloc_finish" || fail "the device check did not list the cma events: $out"
echo "$out" | grep -q "leftovers: none" || fail "no clean leftovers check: $out"
run=$(newest trace-stock)
[ -n "$run" ] || fail "no session folder pulled"
ftrace=$(dssh 'grep -c "cma_alloc_finish:" /sys/kernel/tracing/trace')
traced=$(calls_of "$run" cma_alloc)
[ "$ftrace" -ge 1 ] || fail "ftrace saw no cma_alloc on the stock kernel"
assert_eq "$traced" "$ftrace" "cma_alloc calls traced on the stock kernel vs ftrace"
assert_eq "$(meta "$run" machine)" aarch64 "meta.json machine"
assert_eq "$(meta "$run" transport)" ssh "meta.json transport"
assert_eq "$(meta "$run" status)" complete "meta.json status"
case $(meta "$run" kernel) in 6.1.0-*-cloud-arm64) ;; *) fail "meta.json kernel: $(meta "$run" kernel)" ;; esac
grep -q "cma_alloc_finish has no errorno" "$run/report.md" || fail "report.md does not say what the kernel lacks"
grep -q "| modprobe |" "$run/report.md" || fail "report.md has no per-call row of modprobe"
# The timeline came back too, and holds the same calls.
slices() {
	/usr/bin/python3 tests/unit/pftrace_check.py --json "$1" |
		/usr/bin/python3 -c 'import json, sys; print(json.load(sys.stdin)["slices"].get(sys.argv[1], 0))' "$2"
}
assert_eq "$(slices "$run/trace.perfetto" cma_alloc)" "$ftrace" "cma_alloc slices in the pulled trace.perfetto"
grep -q '^\[trace.perfetto\](trace.perfetto)' "$run/report.md" || fail "report.md does not link the timeline"
[ "$(dssh 'ls /tmp/cmabulk 2>/dev/null | wc -l')" = 0 ] || fail "the tools stayed on the device"
stop_guest

# --- 2. The arm64 guest with the series.
GUEST_ARCH=arm64 GUEST_SSH_PORT=$port scripts/guest.sh "sh scripts/guest/sshd.sh ${sshd#"$ROOT"/}/root" \
	>build/tests/device-guest.log 2>&1 &
gpid=$!
wait_ssh || fail "no ssh into the arm64 guest: $(tail -n 2 build/tests/device-guest.log)"
cbt=/sys/kernel/debug/cma_bulk_test
bulk="echo 'area=reserved order=4 count=64 mode=fast' >$cbt/alloc && echo 1 >$cbt/release"
out=$(scripts/device.sh "${dev_opts[@]}" --name bulk trace -- sh -c "$bulk" 2>&1) ||
	fail "bulk session failed: $(echo "$out" | tail -n 3)"
run=$(newest trace-bulk)
assert_eq "$(calls_of "$run" bulk)" 1 "bulk calls traced in the session"
assert_eq "$(slices "$run/trace.perfetto" cma_alloc_bulk)" 1 "bulk slices in the pulled trace.perfetto"
grep -q "reserved bulk fast order 4" "$run/report.md" || fail "report.md has no FAST row"

# Ctrl-C on the host (SIGINT, reset from the background's SIG_IGN): the
# device side stops, the tracer still reports, the results come back.
env --default-signal=INT scripts/device.sh "${dev_opts[@]}" --name int trace -d 600 \
	>build/tests/device-int.out 2>build/tests/device-int.err &
dpid=$!
for _ in $(seq 100); do grep -q "agent: started" build/tests/device-int.err && break; sleep 0.3; done
grep -q "agent: started" build/tests/device-int.err || fail "the long session did not start: $(tail -n 2 build/tests/device-int.err)"
kill -INT $dpid
t0=$(date +%s)
wait $dpid
rc=$?
assert_eq "$rc" 130 "device.sh status after Ctrl-C"
[ $(($(date +%s) - t0)) -lt 60 ] || fail "Ctrl-C took more than 60 s to stop the session"
grep -q "leftovers: none" build/tests/device-int.err || fail "no clean leftovers check after Ctrl-C: $(tail -n 3 build/tests/device-int.err)"
run=$(newest trace-int)
assert_eq "$(meta "$run" status)" interrupted "meta.json status after Ctrl-C"
[ "$(calls_of "$run" bulk)" -ge 0 ] || fail "the interrupted session has no final report"
dssh "pidof cmabulk-trace" && fail "cmabulk-trace still runs on the device"

# A bench scenario on the device, rendered here.
out=$(scripts/device.sh "${dev_opts[@]}" --name quick bench quick -n 1 -s fast,normal 2>&1) ||
	fail "bench session failed: $(echo "$out" | tail -n 3)"
run=$(newest bench-quick)
[ -f "$run/bench/report.md" ] || fail "no bench report rendered from the device's run"
grep -q '"machine": "aarch64"' "$run/bench/meta.json" || fail "the bench run's meta.json does not say aarch64"
[ -s "$run/bench/trace.perfetto.gz" ] || fail "the bench run's timeline did not come back"
stop_guest
exit 0
