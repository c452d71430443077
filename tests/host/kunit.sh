#!/bin/bash
# The series' KUnit suite (cma_bulk), run in a guest booted with
# kunit.enable=1; each KUnit case becomes one PASS/FAIL line.
. "$(dirname "$0")/../lib.sh"
out=$(GUEST_APPEND="kunit.enable=1" scripts/guest.sh \
	'cat /sys/kernel/debug/kunit/cma_bulk/results; dmesg | grep -E "WARNING:|BUG:" | head -5' 2>&1)
rc=$?
echo "$out" | grep -qE '^\s*(ok|not ok) ' || { echo "$out" | tail -n 20; fail "no KUnit results (guest status $rc)"; }
echo "$out" | sed -n 's/^    \(ok\|not ok\) [0-9]* \([a-z_]*\).*/\1 \2/p' | while read -r a b c; do
	if [ "$a" = ok ]; then echo "PASS kunit_$b"; else echo "FAIL kunit_${c:-$b}: see build/logs/test.log"; fi
done
echo "$out" | grep -E "WARNING:|BUG:" && fail "kernel warnings while KUnit ran"
n=$(echo "$out" | grep -cE '^    (ok|not ok) ')
[ "$n" -ge 4 ] || fail "only $n KUnit cases ran"
echo "$out" | grep -q '^ok [0-9]* cma_bulk' || { echo "$out" | grep -E 'not ok' ; exit 1; }
