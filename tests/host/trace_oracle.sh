#!/bin/bash
# needs: guest
# arch: x86_64 arm64
# cmabulk-trace against ftrace as an independent oracle: one guest run, a
# known sequence of bulk and cma_alloc calls over pinned pageblocks; the
# loader's counts must equal what the kernel's own trace buffer recorded.
. "$(dirname "$0")/../lib.sh"
out=build/guest/oracle
rm -rf "$out"
scripts/guest.sh "tests/guest/helpers/oracle-scenario.sh $out" >/dev/null 2>&1 ||
	fail "guest scenario failed: $(tail -n 3 "$out/trace.err" 2>/dev/null)"
exec /usr/bin/python3 tests/host/trace_oracle.py "$out" docs/cmabulk-trace.schema.json
