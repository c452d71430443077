#!/bin/bash
# needs: guest
# arch: x86_64
# On the unpatched 6.12 kernel (make kernel-vanilla): cmabulk-trace still
# traces the cma_alloc() baseline and names, in one line, the events it
# cannot find; --list-enums refuses; and mm_alloc_contig_migrate_range_info
# shows the shifted fields that patch 1 fixes (so t_kmem_contig_tracepoint
# is a test that fails without the patch).
. "$(dirname "$0")/../lib.sh"
[ -f build/vanilla/kernel/arch/x86/boot/bzImage ] || fail "no vanilla kernel: make kernel-vanilla"
out=build/guest/vanilla
rm -rf "$out"
GUEST_KOUT=build/vanilla/kernel scripts/guest.sh "tests/guest/helpers/vanilla-scenario.sh $out" >/dev/null 2>&1 ||
	fail "vanilla guest run failed"
grep -q -- '-cmabulk$' "$out/release" || fail "release $(cat "$out/release")"
assert_eq "$(cat "$out/trace.rc")" 0 "tracer exit status"
assert_eq "$(grep -c 'missing events' "$out/trace.err")" 1 "lines naming missing events"
grep -q "missing events, not traced: cma_bulk_start, cma_bulk_skip_pageblock, cma_bulk_mode_fallback, cma_bulk_finish, mm_alloc_contig_range_finish$" "$out/trace.err" ||
	fail "missing-events line: $(grep missing "$out/trace.err")"
calls=$(/usr/bin/python3 -c 'import json,sys; d=json.loads(open(sys.argv[1]).read().splitlines()[-1]); print(sum(c["calls"] for c in d["calls"] if c["kind"] == "cma_alloc"), d["type"])' "$out/trace.json")
assert_eq "$calls" "3 final" "cma_alloc calls traced on vanilla"
grep -q "migratetype=0 nr_migrated=4 " "$out/kmem" || fail "unpatched kmem event not shifted as expected: $(cat "$out/kmem")"
assert_eq "$(cat "$out/enums.rc")" 1 "--list-enums exit status"
grep -q "not a cma_alloc_bulk kernel" "$out/enums" || fail "--list-enums: $(cat "$out/enums")"
[ ! -f "$out/driver" ] || fail "the test driver exists on the vanilla kernel"
