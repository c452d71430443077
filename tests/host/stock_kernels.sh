#!/bin/bash
# needs: guest
# arch: arm64
# The static tools on Debian's stock 6.1 kernels. arm64 (what a GKI
# 6.1 device looks like: CMA and the cma:* events, 6.1's cma_alloc_finish
# without errorno, no CMA debugfs, no series): the tracer loads, says in
# one line what it does without, and counts exactly the cma_alloc() calls
# ftrace sees when the virtio disk's vring is allocated; cmabulk-load
# names the real lack (debugfs), not a missing area.
. "$(dirname "$0")/../lib.sh"
# hugetlb_cma: a 1 GiB area for gigantic pages; asking 33 of them makes
# cma_alloc() fail where 6.1 has no fentry (-ENOTSUPP on arm64): the
# failure's area is read through the kprobe.
out=$(STOCK_MEM=3G STOCK_APPEND=hugetlb_cma=1G scripts/stock-kernel.sh '
T=/sys/kernel/tracing
echo 1 >$T/events/cma/cma_alloc_finish/enable
cmabulk-trace -j --culprits >trace.json 2>trace.err &
p=$!
i=0
until grep -q "^Tracing" trace.err || [ $i -gt 600 ]; do sleep 0.1; i=$((i + 1)); done
modprobe virtio_pci && modprobe virtio_blk
echo 33 >/sys/kernel/mm/hugepages/hugepages-32768kB/nr_hugepages
sleep 1
kill -INT $p
wait $p
echo "tracer-rc=$?"
echo "ftrace-finish=$(grep -c "cma_alloc_finish:" $T/trace)"
sed "s/^/err: /" trace.err
echo "final: $(tail -n 1 trace.json)"
echo "culprits: $(grep "\"type\":\"culprits\"" trace.json)"
grep "\"type\":\"failure\"" trace.json | sed "s/^/failure: /"
cmabulk-load status 2>&1 | sed "s/^/load: /"
printf "order = 4\nchunks = 16\nmin_cma_mb = 1\n" >s.scn
cmabulk-bench run ./s.scn 2>&1 | sed "s/^/bench: /"
' 2>&1)
rc=$?
[ "$rc" = 0 ] || fail "the stock kernel run failed ($rc): $(echo "$out" | tail -n 3 | tr '\n' ' ')"
echo "$out" | grep -qx 'tracer-rc=0' || fail "cmabulk-trace did not exit 0: $(echo "$out" | grep '^err:' | tr '\n' ' ')"
echo "$out" | grep -q '^err: cmabulk-trace: cma_alloc_finish has no errorno on this kernel' ||
	fail "no line about 6.1's cma_alloc_finish: $(echo "$out" | grep '^err:' | tr '\n' ' ')"
echo "$out" | grep -q '^err: cmabulk-trace: missing events, not traced: cma_bulk_start' ||
	fail "missing events not named"
echo "$out" | grep '^err:' | grep -qi 'libbpf' && fail "libbpf noise on stderr: $(echo "$out" | grep '^err:.*libbpf')"
# --culprits on 6.1: it loads, reports (no failure here), and says what this
# kernel cannot tell; the vring's cma_alloc() taught it where struct pages are.
echo "$out" | grep -q '^culprits: {"schema":"cmabulk-trace","version":1,"type":"culprits","failures":0,' ||
	fail "no culprits report: $(echo "$out" | grep '^culprits:')"
echo "$out" | grep -q '^err: cmabulk-trace: --culprits: no allocation stacks (page_owner off' ||
	fail "--culprits did not say what 6.1 lacks: $(echo "$out" | grep '^err:' | tr '\n' ' ')"
echo "$out" | grep '^err: cmabulk-trace: --culprits:' | grep -q refcounts &&
	fail "--culprits did not learn where struct pages are from the vring's cma_alloc()"
ftrace=$(echo "$out" | sed -n 's/^ftrace-finish=//p')
[ "${ftrace:-0}" -ge 1 ] || fail "ftrace saw no cma_alloc: the virtio disk did not allocate"
final=$(echo "$out" | sed -n 's/^final: //p')
calls=$(echo "$final" | python3 -c 'import json,sys
d=json.load(sys.stdin)
print(sum(c["calls"] for c in d["calls"] if c["kind"] == "cma_alloc"))') ||
	fail "the final report is not JSON: $final"
assert_eq "$calls" "$ftrace" "cma_alloc calls, tracer vs ftrace"
# Why the gigantic pages past the area failed, its bitmap read through
# the kprobe: size or fragmentation, with the area's own numbers.
failures=$(echo "$out" | sed -n 's/^failure: //p')
[ -n "$failures" ] || fail "no failure line for the gigantic pages past the area"
echo "$failures" | python3 -c 'import json, sys
for line in sys.stdin:
    f = json.loads(line)
    assert f["area"] == "hugetlb0" and f["requested"] == 8192, f
    assert f["area_source"] == "bitmap" and f["area_pages"] == 262144, f
    assert f["class"] in ("size", "fragmentation") and f["largest_free"] < 8192, f' ||
	fail "the failure lines: $failures"
echo "$out" | grep -q "^err: cmabulk-trace: cannot attach .*; a failure's area is read through a kprobe$" ||
	fail "no line about the kprobe: $(echo "$out" | grep '^err:' | tr '\n' ' ')"
# 1088 MiB: the 64 of the DMA area and the 1024 of hugetlb_cma.
echo "$out" | grep -q '^load: cmabulk-load: the kernel has 1088 MiB of CMA (CmaTotal), but no /sys/kernel/debug/cma' ||
	fail "cmabulk-load: $(echo "$out" | grep '^load:' | tail -n 1)"
echo "$out" | grep -q '^bench: cmabulk-bench: run needs the test driver at .*cmabulk-trace still traces cma_alloc()' ||
	fail "cmabulk-bench: $(echo "$out" | grep '^bench:' | tail -n 1)"

# amd64: no Debian 6.1 amd64 flavour has CMA. Each tool refuses cleanly:
# one line, exit 1 (2 for the bench's bad input), nothing left behind.
out=$(scripts/stock-kernel.sh amd64 '
cmabulk-trace 2>err; echo "trace-rc=$? $(wc -l <err) $(cat err)"
cmabulk-load status 2>err; echo "load-rc=$? $(wc -l <err) $(cat err)"
cmabulk-bench run quick 2>err; echo "bench-rc=$? $(wc -l <err) $(cat err)"
echo "progs=$(ls /sys/fs/bpf 2>/dev/null | wc -l)"
' 2>&1)
[ $? = 0 ] || fail "the stock amd64 run failed: $(echo "$out" | tail -n 3 | tr '\n' ' ')"
echo "$out" | grep -qx 'trace-rc=1 1 cmabulk-trace: kernel has no cma:cma_alloc_start/finish tracepoints (CONFIG_CMA?)' ||
	fail "amd64 tracer: $(echo "$out" | grep '^trace-rc')"
echo "$out" | grep -q '^load-rc=1 1 cmabulk-load: no CMA area (boot with cma=SIZE' ||
	fail "amd64 load: $(echo "$out" | grep '^load-rc')"
echo "$out" | grep -q "^bench-rc=2 1 cmabulk-bench: no scenario folder bench/scenarios here for 'quick'" ||
	fail "amd64 bench: $(echo "$out" | grep '^bench-rc')"