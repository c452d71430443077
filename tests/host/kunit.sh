#!/bin/bash
# needs: guest
# arch: x86_64 arm64
# The series' KUnit suite (cma_bulk), run in a guest booted with
# kunit.enable=1; each KUnit case becomes one PASS/FAIL line.
. "$(dirname "$0")/../lib.sh"
out=$(GUEST_APPEND="kunit.enable=1" scripts/guest.sh \
	'cat /sys/kernel/debug/kunit/cma_bulk/results; dmesg | grep -E "WARNING:|BUG:" | head -5' 2>&1)
rc=$?
echo "$out" | grep -qE '^\s*(ok|not ok) ' || { echo "$out" | tail -n 20; fail "no KUnit results (guest status $rc)"; }
# KTAP case lines: "    ok 1 name", "    not ok 2 name", "    ok 3 name # SKIP why"
echo "$out" | grep -E '^    (ok|not ok) [0-9]+ ' | while read -r line; do
	name=$(echo "$line" | sed -E 's/^ *(not )?ok [0-9]+ ([a-z_0-9]+).*/\2/')
	case $line in
	*"# SKIP"*) echo "SKIP kunit_$name: ${line#*# SKIP}" ;;
	"not ok"*) echo "FAIL kunit_$name: see build/logs/test.log" ;;
	*) echo "PASS kunit_$name" ;;
	esac
done
echo "$out" | grep -E "WARNING:|BUG:" && fail "kernel warnings while KUnit ran"
n=$(echo "$out" | grep -cE '^    (ok|not ok) ')
[ "$n" -ge 4 ] || fail "only $n KUnit cases ran"
echo "$out" | grep -q '^ok [0-9]* cma_bulk' || { echo "$out" | grep -E 'not ok' ; exit 1; }
