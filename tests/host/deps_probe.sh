#!/bin/bash
# needs: nothing
# arch: x86_64
# The deps probe that 'make run' and 'make test' call first: silent and
# quick when everything is there; not as root, one line that names what is
# missing and how to install it.
. "$(dirname "$0")/../lib.sh"
t0=$(date +%s%N)
out=$(scripts/deps.sh --probe 2>&1) || fail "probe failed with every package present: $out"
ms=$((($(date +%s%N) - t0) / 1000000))
assert_eq "$out" "" "probe output with nothing missing"
[ "$ms" -lt 2000 ] || fail "probe took $ms ms"

out=$(HOME=/tmp CMABULK_DEPS_EXTRA="cmabulk-no-such-pkg" setpriv --reuid=65534 --regid=65534 --clear-groups \
	scripts/deps.sh --probe 2>&1)
rc=$?
assert_eq "$rc" 1 "exit status, not root, a package missing"
assert_eq "$(echo "$out" | wc -l)" 1 "lines of output"
echo "$out" | grep -q "missing packages: cmabulk-no-such-pkg;" || fail "does not name the package: $out"
echo "$out" | grep -q "make deps" || fail "does not say how to install: $out"

# make run and make test probe before anything else.
for t in run test; do
	make -n "$t" 2>/dev/null | head -n 1 | grep -q 'deps.sh --probe' ||
		fail "'make $t' does not start with the deps probe"
done
