#!/bin/sh
# arm64: full
# cmabulk-load's measured effects and its manners: fill reaches the
# occupancy it reports (and CmaFree says so), fragment adds Unmovable
# pageblocks, churn works in the background and stops with its child
# reaped, SIGTERM in the middle of a fill still tears down, and bad input
# gets one line and a non-zero exit with nothing left behind.
. tests/guest/lib.sh
cma_area >/dev/null || fail "no CMA area"
total=$(awk '/^CmaTotal:/ { print $2 }' /proc/meminfo)
pb=$(pageblock_pages)
free0=$(cma_free_kb)

# Fill: the report's achieved occupancy is CmaFree's, within a pageblock.
out=/tmp/fill.json
cmabulk-load fill 20 --json --hold 0 >$out 2>/tmp/fill.err || fail "fill 20: $(cat /tmp/fill.err)"
ach=$(sed -n '1s/.*"achieved_pct":\([0-9.]*\).*/\1/p' $out)
held=$(sed -n '1s/.*"cma_pages":\([0-9]*\).*/\1/p' $out)
awk -v a="$ach" 'BEGIN { exit !(a >= 20 && a < 23) }' || fail "fill 20 achieved $ach%"
# The pages it says it held make (nearly all of) that occupancy: others
# may have held some CMA pages when it started.
[ $((held * 4 * 100)) -ge $((total * 19)) ] || fail "fill 20 held only $held pages"
grep -q '"phase":"teardown","ok":true' $out || fail "fill teardown: $(tail -n 1 $out)"

# Fill with shmem (page cache of a memfd); occupancy is checked while held.
start_load /tmp/shm.json fill 15 --kind shmem
used=$((total - $(cma_free_kb)))
[ $((used * 100)) -ge $((total * 15)) ] || fail "shmem fill held: only $used of $total kB in use"
stop_load /tmp/shm.json

# Fragment: the unmovable pages it reports are really held (page tables
# show in PageTables), and the pageblock and index numbers are reported.
# PageTables lags by the per-cpu vmstat deltas (it once came 3 pages short
# of what was held): fold them first, and allow 8 pages for other processes.
page_tables_kb() {
	echo 1 >/proc/sys/vm/stat_refresh 2>/dev/null
	awk '/^PageTables:/ { print $2 }' /proc/meminfo
}
pt0=$(page_tables_kb)
start_load $out fragment 30
pt1=$(page_tables_kb)
ptp=$(sed -n '1s/.*"pagetable_pages":\([0-9]*\).*/\1/p' $out)
pip=$(sed -n '1s/.*"pipe_pages":\([0-9]*\).*/\1/p' $out)
[ "${ptp:-0}" -ge 10 ] && [ "${pip:-0}" -ge 10 ] || fail "fragment held $ptp page tables, $pip pipe pages"
[ $((pt1 - pt0)) -ge $(((ptp - 8) * 4)) ] || fail "PageTables grew $((pt1 - pt0)) kB for $ptp page tables"
grep -q '"unusable_index_after":[0-9]' $out || fail "no unusable index in the report"
stop_load $out
pt2=$(page_tables_kb)
[ $((pt2 - pt0)) -lt $((ptp * 2)) ] || fail "page tables not freed: $pt0 -> $pt2 kB"

# Churn: it allocates and writes while held, and its child is gone after.
cmabulk-load churn --alloc-rate 16 --write-rate 2 --hold 2 --json >$out 2>/tmp/churn.err ||
	fail "churn: $(cat /tmp/churn.err)"
mb=$(sed -n '2s/.*"alloc_mb_done":\([0-9]*\).*/\1/p' $out)
wb=$(sed -n '2s/.*"write_mb_done":\([0-9]*\).*/\1/p' $out)
[ "${mb:-0}" -ge 8 ] || fail "churn allocated only ${mb:-0} MiB in 2 s at 16 MiB/s"
[ "${wb:-0}" -ge 1 ] || fail "churn wrote only ${wb:-0} MiB in 2 s at 2 MiB/s"
ps | grep -v grep | grep -q cmabulk-load && fail "a cmabulk-load process is left: $(ps | grep cmabulk-load)"

# A scenario's load, built by the bench: the same reports as cmabulk-load.
cmabulk-bench load quick --json --hold 0 >$out 2>/tmp/scn.err || fail "bench load quick: $(tail -n 1 /tmp/scn.err)"
grep -q '"phase":"ready","ok":true' $out || fail "bench load quick not ready: $(head -n 1 $out)"
grep -q '"phase":"teardown","ok":true' $out || fail "bench load quick teardown: $(tail -n 1 $out)"
grep -q '"pinned_pageblocks":[1-9]' $out || fail "bench load quick pinned nothing: $(head -n 1 $out)"

# SIGTERM in the middle of a fill: interrupted, torn down, exit 1.
cmabulk-load fill 90 >/dev/null 2>/tmp/int.err &
pid=$!
sleep 1
kill -TERM $pid
wait $pid && fail "an interrupted fill exited 0"
grep -q "interrupted" /tmp/int.err || fail "no 'interrupted' line: $(cat /tmp/int.err)"

# Bad input: one line on stderr, exit 1.
bad() {
	if cmabulk-load "$@" >/tmp/bad.out 2>/tmp/bad.err; then
		fail "cmabulk-load $* succeeded"
	fi
	[ "$(wc -l </tmp/bad.err)" -eq 1 ] || fail "cmabulk-load $*: not one line: $(cat /tmp/bad.err)"
	grep -q "^cmabulk-load: .*$1" /tmp/bad.err || grep -q "^cmabulk-load: " /tmp/bad.err ||
		fail "cmabulk-load $*: $(cat /tmp/bad.err)"
}
bad fill 150
bad fill abc
bad fill
bad pin --method glue --fraction 0.1
bad pin --method vmsplice --fraction 2
bad pin --method vmsplice
bad fill 10 --area no-such-area
bad fill 10 --kind swap
bad fill 10 --hold soon
bad churn
bad dance
# An uneven fill (fill_clear_pct): the emptied pageblocks' fill is given
# back, and CmaFree says so at once (the driver drained the per-cpu lists,
# where 6.12 would keep the freed pages out of CmaFree).
printf 'min_cma_mb = 64\nchunks = 16\nfill_pct = 60\nfill_clear_pct = 50\n' >/tmp/uneven
cmabulk-bench load /tmp/uneven --json >/tmp/uneven.json 2>/tmp/uneven.err ||
	fail "load of an uneven fill: $(tail -n 1 /tmp/uneven.err)"
ach=$(sed -n '1s/.*"achieved_pct":\([0-9.]*\).*/\1/p' /tmp/uneven.json)
cleared=$(sed -n '1s/.*"cleared_blocks":\([0-9]*\).*/\1/p' /tmp/uneven.json)
blocks=$(sed -n '1s/.*"pageblocks":\([0-9]*\).*/\1/p' /tmp/uneven.json)
[ -n "$cleared" ] && [ $((cleared * 2 - blocks)) -le 1 ] && [ $((blocks - cleared * 2)) -le 1 ] ||
	fail "fill_clear_pct 50: $cleared of $blocks pageblocks emptied"
awk -v a="$ach" 'BEGIN { exit !(a >= 24 && a <= 36) }' || fail "fill 60, half the pageblocks emptied: occupancy $ach%, not about 30%"
grep -q '"phase":"teardown","ok":true' /tmp/uneven.json || fail "uneven fill teardown: $(tail -n 1 /tmp/uneven.json)"

# pcp_churn: threads on the other CPUs cycle fill pages, and stop with
# everything given back (their CPUs' LRU batches drained).
if [ "$(nproc)" -ge 2 ]; then
	printf 'min_cma_mb = 64\nchunks = 16\nfill_pct = 30\npcp_churn = 1\n' >/tmp/pcp
	cmabulk-bench load /tmp/pcp --json --hold 1 >/tmp/pcp.json 2>/tmp/pcp.err ||
		fail "load with pcp_churn: $(tail -n 1 /tmp/pcp.err)"
	cycles=$(sed -n '2s/.*"pcp_churn":{[^}]*"cycles":\([0-9]*\).*/\1/p' /tmp/pcp.json)
	[ "${cycles:-0}" -gt 0 ] || fail "pcp_churn: no cycle in a second: $(tail -n 1 /tmp/pcp.json)"
	grep -q '"phase":"teardown","ok":true' /tmp/pcp.json || fail "pcp_churn teardown: $(tail -n 1 /tmp/pcp.json)"
fi

# The load of a scenario is the bench's: the same manners.
cmabulk-bench load no-such-scenario 2>/tmp/bad.err && fail "load of no-such-scenario succeeded"
[ "$(wc -l </tmp/bad.err)" -eq 1 ] && grep -q "^cmabulk-bench: .*no-such-scenario" /tmp/bad.err ||
	fail "cmabulk-bench load no-such-scenario: $(cat /tmp/bad.err)"
cmabulk-load fill 10 --area no-such-area 2>&1 | grep -q "no CMA area 'no-such-area'" ||
	fail "unknown area not named"
build/tests/bin/run-as-nobody build/bin/cmabulk-load fill 10 2>/tmp/bad.err && fail "fill as nobody succeeded"
grep -q "must be run as root" /tmp/bad.err || fail "not root: $(cat /tmp/bad.err)"

free1=$(cma_free_kb)
[ $((free0 - free1)) -le $((pb * 4)) ] || fail "CmaFree $free0 kB before, $free1 kB after"
