#!/bin/bash
# needs: lava
# arch: x86_64 arm64
# The project's LAVA job through the real dispatcher (lava-run, no server):
# the QEMU device dictionary boots the project's kernel and the farm's
# initramfs, farm/cmabulk.yaml runs the quick scenario from the bundle's
# static tools and sends every number and gate as a case. The log is
# parsed with a YAML parser (the job passes whatever the cases say):
# every number equals the run's summary.json, a gate meant to fail
# (chunks<fast: one cma_alloc() per chunk is ~70x FAST here) fails,
# export on the results folder taken out of the log gives the same cases,
# and its KCIDB form validates against farm/kcidb's subset with the same
# numbers. Then a trace-mode job around three cma_alloc() calls reports
# exactly those, and its session renders here.
# GUEST_ARCH=arm64 (the arm64 section): the same on the arm64 device.
. "$(dirname "$0")/../lib.sh"
[ "$(id -u)" = 0 ] || { echo "SKIP farm_lava: lava-run needs root"; exit 0; }
command -v lava-run >/dev/null || fail "no lava-run: run 'make deps' (lava-dispatcher)"
arch=${GUEST_ARCH:-x86_64}
out=$ROOT/build/tests/farm-lava-$arch
rm -rf "$out"
t0=$(date +%s)
# 1. A bench job: the quick scenario, the default gate and one meant to fail.
msg=$(ARCH=$arch FARM_OUT=$out/bench FARM_SCENARIO=quick FARM_GATES='fast<=normal chunks<fast' \
	scripts/farm.sh run 2>&1) || fail "farm.sh run: $(echo "$msg" | tail -n 2)"
t_bench=$(($(date +%s) - t0))
log=$out/bench/lava.log
run=$out/bench/results/farm-quick
[ -f "$run/summary.json" ] || fail "no results folder taken out of the log: $(echo "$msg" | tail -n 2)"
# 2. The same folder exported here, as result.txt and as KCIDB.
build/bin/cmabulk-bench export --gate 'fast<=normal' --gate 'chunks<fast' -o "$out/result.txt" "$run" ||
	fail "export of $run failed"
build/bin/cmabulk-bench export --kcidb --tree test --gate 'fast<=normal' --gate 'chunks<fast' -o "$out/kcidb.json" "$run" ||
	fail "export --kcidb of $run failed"
facts=$(/usr/bin/python3 tests/host/farm_lava_check.py "$log" "$run" "$out/result.txt" "$out/kcidb.json" \
	farm/kcidb/kcidb-v5.3-subset.schema.json chunks-vs-fast-gate) || fail "$facts"
# 3. The cases as farm.sh reads them: what a person sees.
scripts/farm.sh cases "$log" | grep -q "^quick	chunks-vs-fast-gate	fail" || fail "farm.sh cases does not show the failed gate"
# 4. A tracing session (what a stock kernel gets) around three 8-page
# cma_alloc() calls through CMA's debugfs: exactly those in its cases.
t1=$(date +%s)
area=reserved
cmd="for i in 1 2 3; do echo 8 > /sys/kernel/debug/cma/$area/alloc; done; echo 24 > /sys/kernel/debug/cma/$area/free"
msg=$(ARCH=$arch FARM_OUT=$out/trace FARM_MODE=trace FARM_TRACE_COMMAND="$cmd" scripts/farm.sh run 2>&1) ||
	fail "farm.sh run (trace): $(echo "$msg" | tail -n 2)"
got=$(scripts/farm.sh cases "$out/trace/lava.log" | cut -f1-4 | tr '\t' ' ' | grep -v -e '-mean-us ' | tr '\n' ';')
assert_eq "$got" "trace trace-session pass ;trace $area-cma_alloc-o3-calls pass 3.0;trace $area-cma_alloc-o3-failed pass 0.0;trace $area-cma_alloc-o3-pages pass 24.0;trace $area-cma_alloc-o3-skipped pass 0.0;" \
	"the trace job's cases"
grep -q '"type":"final"' "$out/trace/results/farm-trace/trace.out" || fail "trace job: no final JSON in the session taken out of the log"
# ... and the session renders here as a device session does.
build/bin/cmabulk-bench session --no-plot "$out/trace/results/farm-trace" >/dev/null ||
	fail "the trace job's session does not render"
echo "farm_lava ($arch): $facts; bench job ${t_bench}s, trace job $(($(date +%s) - t1))s"
