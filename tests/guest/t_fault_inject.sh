#!/bin/sh
# test-timeout: 600
# arm64: full
# Injected allocation failures (CONFIG_FAULT_INJECTION, FAIL_PAGE_ALLOC,
# FAILSLAB). First systematically: a NORMAL bulk call over an 80% fill
# (so that it migrates) with the Nth page or slab allocation of its thread
# failed, N = 1..12 and then sparser up to 5000, each in a session of its
# own (tests/tools/fail-nth). Every call must come back with one of the
# documented errnos (0, EBUSY, ENOSPC, ENOMEM, EINTR, EINVAL), what it
# kept valid (verify) and nothing left when its session closes; failures
# must have been injected and some must have come back -ENOMEM. Then
# cmabulk-bench run --inject-failures: failed trials are recorded as
# such, the run completes. The kernel log may hold the allocator's own
# failure reports, and nothing else.
. tests/guest/lib.sh
area=$(cma_area) || fail "no CMA area"
name=$(basename "$area")
FI=/sys/kernel/debug
[ -f $FI/fail_page_alloc/probability ] || fail "no fail_page_alloc in debugfs: the kernel lacks CONFIG_FAIL_PAGE_ALLOC"
check() { awk -v k="$1" '$1 == k { print $2 }' $CBT/checks; }
used0=$(cat "$area/used")
held0=$(check held_pages)
twice0=$(check handed_twice)
dmesg_lines0=$(dmesg | wc -l)
# fail-nth counts only where the attributes let allocations fail: GFP_KERNEL
# and order 0 too; nothing printed per injection; no random failures.
for a in fail_page_alloc failslab; do
	echo N >$FI/$a/ignore-gfp-wait
	echo 0 >$FI/$a/verbose
	echo 0 >$FI/$a/probability
done
echo 0 >$FI/fail_page_alloc/min-order
echo N >$FI/fail_page_alloc/ignore-gfp-highmem	# migration targets may be __GFP_HIGHMEM
restore() {
	echo Y >$FI/fail_page_alloc/ignore-gfp-highmem
	for a in fail_page_alloc failslab; do echo Y >$FI/$a/ignore-gfp-wait; echo 2 >$FI/$a/verbose; done
	echo 1 >$FI/fail_page_alloc/min-order
}
# Most of the area: the call must migrate most of the fill.
count=$(($(cat "$area/count") / 16 * 9 / 10))
injected=0 enomem=0 taken=0 summary="" calls=0
points="$(seq 1 12) 20 50 100 200 500 1000 2000 5000"
# arm64 under TCG is several times slower, and so is the debug kernel
# (KASAN, lockdep: make ... DEBUG=1): fewer points, the same span.
case "$(uname -m) $(uname -r)" in
aarch64*|*-debug) points="1 2 3 4 5 6 50 500 5000" ;;
esac
for n in $points; do
	# A fresh fill each time: a call that succeeds has migrated it out.
	start_load /tmp/fi.json fill 80
	out=$(build/tests/bin/fail-nth $n "alloc area=$name order=4 count=$count mode=normal") ||
		{ restore; fail "fail-nth $n: $out"; }
	kv() { echo "$out" | awk -v k="$1" '$1 == k { print $2 }' | head -n 1; }
	ret=$(kv ret) wr=$(kv write) got=$(kv allocated)
	[ "$(kv injected)" = yes ] && injected=$((injected + 1))
	case "$wr" in 0|12) ;; *) restore; fail "N=$n: the write failed with errno $wr" ;; esac
	case "${ret:-0}" in 0|-16|-28|-12|-4|-22) ;; *) restore; fail "N=$n: ret $ret is not a documented errno" ;; esac
	[ "${ret:-0}" = -12 ] || [ "$wr" = 12 ] && enomem=$((enomem + 1))
	assert_eq "$(kv verify_bad)" 0 "N=$n: bad pages kept"
	if [ "$wr" = 0 ]; then
		assert_eq "$(kv verified)" $((got * 16)) "N=$n: pages verified against allocated"
		taken=$((taken + got))
	fi
	summary="$summary $n:${ret:-w$wr}/$got"
	assert_eq "$(check sessions)" 0 "N=$n: sessions after the close"
	assert_eq "$(check held_pages)" "$held0" "N=$n: pages held after the close"
	stop_load /tmp/fi.json
	calls=$((calls + 1))
done
echo "fail-nth N:ret/allocated:$summary"
[ $injected -ge $((calls - 2)) ] || { restore; fail "only $injected of $calls calls had the failure injected"; }
[ $enomem -ge 1 ] || { restore; fail "no injected failure came back as -ENOMEM"; }

# The bench: a fifth of the request's allocations fail; the run completes,
# and trials that failed say so. Four trials: each takes 15-20 s of TCG here
# (2026-12-04); the fail-nth points before it take about 4 minutes. The
# request must migrate: 'quick' asks 64 MiB of a quarter-full area, which
# series v5 takes from empty windows, allocating nothing that could fail.
# So: 128 MiB of an area 80% full.
sed -e 's/^chunks = .*/chunks = 2048/' -e 's/^fill_pct = .*/fill_pct = 80/' \
	-e 's/^name = .*//' bench/scenarios/quick >/tmp/fi-quick
rm -rf /tmp/fi-results
build/bin/cmabulk-bench run /tmp/fi-quick --inject-failures 20 -s fast,normal -n 2 --warmup 0 --no-trace \
	--results /tmp/fi-results -q >/tmp/fi-run.out 2>&1
rc=$?
restore
dir=$(ls -d /tmp/fi-results/*-fi-quick 2>/dev/null | head -n 1)
[ -n "$dir" ] || fail "no run folder: $(tail -n 2 /tmp/fi-run.out)"
grep -Eq '"status": ?"complete"' "$dir/meta.json" || fail "run not complete (rc $rc): $(tail -n 2 /tmp/fi-run.out)"
grep -Eq '"inject_failures_pct": ?20' "$dir/meta.json" || fail "meta.json does not say failures were injected"
failed=$(grep -c '"ret":"-12"' "$dir/trials.jsonl")
[ "$failed" -ge 1 ] || fail "no trial failed with -ENOMEM under 20% injected failures"
assert_eq "$(cat "$area/used")" "$used0" "the area's bitmap at the end"
assert_eq "$(check handed_twice)" "$twice0" "pages handed out while held"
# The kernel log since the start: allocation-failure reports only.
bad=$(dmesg | tail -n +$((dmesg_lines0 + 1)) | grep -E 'BUG:|KASAN|WARNING:|Oops|possible .*deadlock|UBSAN|list_add corruption' | head -n 3)
[ -z "$bad" ] || fail "kernel log: $bad"
# The allocator's failure reports carry stacks that the suite-wide log
# check would call warnings: checked above, then cleared.
dmesg -c >/dev/null
echo "PASS fault_inject: $injected of $calls bulk calls failed at their Nth allocation ($enomem -ENOMEM), $taken chunks kept valid and given back; a run with 20% failing allocations: $failed trials failed with -ENOMEM, run complete"
