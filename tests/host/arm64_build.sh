#!/bin/bash
# needs: tools
# arch: arm64
# The device build: the tools cross-compiled for arm64 are static AArch64
# executables (no interpreter, no shared libraries needed).
. "$(dirname "$0")/../lib.sh"
for tool in cmabulk-trace cmabulk-load cmabulk-bench; do
	bin=build/arm64/bin/$tool
	[ -x "$bin" ] || fail "$bin missing: make tools-arm64"
	hdr=$(readelf -h "$bin") || fail "readelf failed on $bin"
	echo "$hdr" | grep -q "Machine: *AArch64" || fail "$tool: not an AArch64 binary: $(echo "$hdr" | grep Machine)"
	readelf -l "$bin" | grep -q "Requesting program interpreter" && fail "$bin is dynamically linked"
	readelf -d "$bin" 2>&1 | grep -q NEEDED && fail "$bin needs shared libraries"
done
exit 0
