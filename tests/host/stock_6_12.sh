#!/bin/bash
# needs: guest
# arch: arm64
# test-timeout: 600
# The static tools on Debian's stock 6.12 kernels, the version the series
# is ported to (what a GKI android16-6.12 device runs, without the
# series). arm64: the tracer attaches to what exists (the feature table is
# kept in build/stock/arm64-6.12/features.txt), counts exactly the
# cma_alloc() calls ftrace records (the virtio disk's vring and a hugetlb
# area's gigantic pages), says in one line why the one that fails failed
# (size: the area is full), and --list-enums refuses; the unpatched
# mm_alloc_contig_migrate_range_info shows the shifted fields patch 1
# fixes. This is what the project's own unpatched build (make
# kernel-vanilla) was tested for. amd64's 6.12 has no CMA: refused cleanly.
# The guest's output stays in build/stock/arm64-6.12/session.txt.
. "$(dirname "$0")/../lib.sh"
# hugetlb_cma: a 1 GiB CMA area for gigantic pages (32 MiB on arm64 with 4
# KiB pages: order 13); 33 of them fill it and one cma_alloc() fails.
out=$(STOCK_MEM=3G STOCK_APPEND=hugetlb_cma=1G scripts/stock-kernel.sh arm64 6.12 '
T=/sys/kernel/tracing
echo 1 >$T/events/cma/cma_alloc_finish/enable
echo 1 >$T/events/kmem/mm_alloc_contig_migrate_range_info/enable
echo "release=$(uname -r)"
cmabulk-trace -j >trace.json 2>trace.err &
p=$!
i=0
until grep -q "^Tracing" trace.err || [ $i -gt 600 ]; do sleep 0.1; i=$((i + 1)); done
modprobe virtio_blk
echo 33 >/sys/kernel/mm/hugepages/hugepages-32768kB/nr_hugepages
sleep 1
kill -INT $p
wait $p
echo "tracer-rc=$?"
echo "ftrace-finish=$(grep -c "cma_alloc_finish:" $T/trace)"
echo "ftrace-failed=$(grep "cma_alloc_finish:" $T/trace | grep -vc "errorno=0")"
grep -m 1 "mm_alloc_contig_migrate_range_info:" $T/trace | sed "s/^.*: /kmem: /"
sed "s/^/err: /" trace.err
grep "\"type\":\"failure\"" trace.json | sed "s/^/failure: /"
echo "final: $(tail -n 1 trace.json)"
# The --calls table on a kernel without mode names: two more gigantic pages.
cmabulk-trace --calls >calls.txt 2>calls.err &
p=$!
i=0
until grep -q "^Tracing" calls.err || [ $i -gt 600 ]; do sleep 0.1; i=$((i + 1)); done
echo 0 >/sys/kernel/mm/hugepages/hugepages-32768kB/nr_hugepages
echo 2 >/sys/kernel/mm/hugepages/hugepages-32768kB/nr_hugepages
kill -INT $p
wait $p
sed -n "1,/^$/s/^/calls: /p" calls.txt
cmabulk-trace -v 1 1 2>&1 >/dev/null | grep -E "^[a-z_0-9]+ +(tracepoint|function|mount) " | sed "s/^/feature: /"
cmabulk-trace --list-enums >/dev/null 2>enums.err; echo "enums-rc=$? $(cat enums.err)"
' 2>&1)
rc=$?
mkdir -p build/stock/arm64-6.12
echo "$out" >build/stock/arm64-6.12/session.txt
echo "$out" | sed -n 's/^feature: //p' >build/stock/arm64-6.12/features.txt
[ "$rc" = 0 ] || fail "the stock 6.12 run failed ($rc): $(echo "$out" | tail -n 3 | tr '\n' ' ')"
echo "$out" | grep -q '^release=6\.12\.[0-9]*+deb12-cloud-arm64$' || fail "$(echo "$out" | grep '^release=')"
echo "$out" | grep -qx 'tracer-rc=0' || fail "cmabulk-trace did not exit 0: $(echo "$out" | grep '^err:' | tr '\n' ' ')"
echo "$out" | grep -q '^err: cmabulk-trace: missing events, not traced: cma_bulk_start, cma_bulk_skip_pageblock, cma_bulk_mode_fallback, cma_bulk_order_windows, cma_bulk_pick_window, cma_bulk_finish, mm_alloc_contig_range_finish$' ||
	fail "missing events not named: $(echo "$out" | grep '^err:.*missing')"
echo "$out" | grep '^err:' | grep -q 'no errorno' && fail "6.12 has errorno"
echo "$out" | grep -Eq '^feature: cma_alloc_start +tracepoint +tp_btf' || fail "cma_alloc_start not attached as tp_btf: $(echo "$out" | grep '^feature:')"
ftrace=$(echo "$out" | sed -n 's/^ftrace-finish=//p')
[ "${ftrace:-0}" -ge 34 ] || fail "ftrace saw $ftrace cma_alloc finishes, want the vring's and 33 gigantic pages'"
final=$(echo "$out" | sed -n 's/^final: //p')
calls=$(echo "$final" | python3 -c 'import json,sys
d=json.load(sys.stdin)
c=[c for c in d["calls"] if c["kind"] == "cma_alloc"]
print(sum(x["calls"] for x in c), sum(x["failed"] for x in c))') || fail "the final report is not JSON: $final"
assert_eq "$calls" "$ftrace $(echo "$out" | sed -n 's/^ftrace-failed=//p')" "cma_alloc calls and failures, tracer vs ftrace"
# The one failure: the hugetlb area was full.
failure=$(echo "$out" | sed -n 's/^failure: //p')
assert_eq "$(echo "$failure" | grep -c .)" 1 "failure lines"
echo "$failure" | python3 -c 'import json,sys
f=json.load(sys.stdin)
assert f["class"] == "size", f["why"]
assert f["area"] == "hugetlb0" and f["requested"] == 8192, f
assert f["area_source"] == "bitmap" and f["free_pages"] == 0 and f["area_pages"] == 262144, f' ||
	fail "the failure: $failure"
# No column prints bytes nothing wrote: each row's MODE says cma_alloc.
rows=$(echo "$out" | sed -n 's/^calls: //p' | grep -c ' hugetlb0 ')
assert_eq "$rows" 2 "--calls rows of the two gigantic pages: $(echo "$out" | grep '^calls:')"
echo "$out" | sed -n 's/^calls: //p' | grep ' hugetlb0 ' | awk '$4 != "cma_alloc" || $5 != "cma_alloc" { exit 1 }' ||
	fail "--calls KIND/MODE columns: $(echo "$out" | grep '^calls:')"
echo "$out" | grep '^calls:' | LC_ALL=C grep -q '[^[:print:]]' && fail "--calls printed unprintable bytes"
# Patch 1's bug: migratetype printed where the migrated count goes.
echo "$out" | grep -q '^kmem: start=0x[0-9a-f]* end=0x[0-9a-f]* migratetype=0 nr_migrated=4 ' ||
	fail "unpatched mm_alloc_contig_migrate_range_info not shifted as expected: $(echo "$out" | grep '^kmem:')"
echo "$out" | grep -q '^enums-rc=1 cmabulk-trace: kernel has no enum alloc_contig_mode: not a cma_alloc_bulk kernel' ||
	fail "--list-enums: $(echo "$out" | grep '^enums-rc')"

# amd64: Debian's 6.12 cloud config has no CMA either.
out=$(scripts/stock-kernel.sh amd64 6.12 '
echo "release=$(uname -r)"
cmabulk-trace 2>err; echo "trace-rc=$? $(wc -l <err) $(cat err)"
cmabulk-load status 2>err; echo "load-rc=$? $(wc -l <err) $(cat err)"
' 2>&1)
[ $? = 0 ] || fail "the stock amd64 6.12 run failed: $(echo "$out" | tail -n 3 | tr '\n' ' ')"
echo "$out" | grep -q '^release=6\.12\.[0-9]*+deb12-cloud-amd64$' || fail "$(echo "$out" | grep '^release=')"
echo "$out" | grep -qx 'trace-rc=1 1 cmabulk-trace: kernel has no cma:cma_alloc_start/finish tracepoints (CONFIG_CMA?)' ||
	fail "amd64 tracer: $(echo "$out" | grep '^trace-rc')"
echo "$out" | grep -q '^load-rc=1 1 cmabulk-load: no CMA area (boot with cma=SIZE' ||
	fail "amd64 load: $(echo "$out" | grep '^load-rc')"
