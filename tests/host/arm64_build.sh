#!/bin/bash
# The device build: cmabulk-trace cross-compiled for arm64 is a static
# AArch64 executable (no interpreter, no shared libraries needed).
. "$(dirname "$0")/../lib.sh"
bin=build/arm64/bin/cmabulk-trace
[ -x "$bin" ] || fail "$bin missing: make tools-arm64"
hdr=$(readelf -h "$bin") || fail "readelf failed on $bin"
echo "$hdr" | grep -q "Machine: *AArch64" || fail "not an AArch64 binary: $(echo "$hdr" | grep Machine)"
readelf -l "$bin" | grep -q "Requesting program interpreter" && fail "$bin is dynamically linked"
readelf -d "$bin" 2>&1 | grep -q NEEDED && fail "$bin needs shared libraries"
exit 0
