#!/bin/sh
# Runs inside the guest (busybox sh): every tests/guest/t_*.sh, each in its
# own shell with a timeout, printing "PASS name" or "FAIL name: why".
# TEST_FILTER (an extended regex) selects tests by name; TEST_TIMEOUT
# (seconds, default 300) is each one's limit: more for the debug kernel.
# A test may ask for more in its header: "# test-timeout: N" (seconds,
# scaled as TEST_TIMEOUT scales the default). On arm64 a test whose header
# says "# arm64: full" runs only when ARM64_FULL=1 (make ARCH=arm64 test):
# make test's arm64 section is its short form (tests/run.sh).
cd "${CMABULK_ROOT:-/host}" || exit 1
filter=${TEST_FILTER:-.}
rc=0
for t in tests/guest/t_*.sh; do
	name=$(basename "$t" .sh)
	name=${name#t_}
	echo "$name" | grep -qE "$filter" || continue
	if [ "$(uname -m)" = aarch64 ] && [ "${ARM64_FULL:-0}" != 1 ] &&
		sed -n '2,12p' "$t" | grep -qx '# arm64: full'; then
		echo "    ($name: on arm64 in the full run only, make ARCH=arm64 test)"
		continue
	fi
	limit=${TEST_TIMEOUT:-300}
	own=$(sed -n '2,12s/^# test-timeout: \([0-9][0-9]*\)$/\1/p' "$t" | head -n 1)
	[ -n "$own" ] && limit=$((own * limit / 300))
	t0=$(date +%s)
	out=$(timeout "$limit" sh "$t" 2>&1)
	st=$?
	# For the log (tests/run.sh counts PASS and FAIL lines only).
	echo "    ($name: $(($(date +%s) - t0))s)"
	if echo "$out" | grep -qE '^(PASS|FAIL|SKIP) '; then
		echo "$out" | grep -E '^(PASS|FAIL|SKIP) '
		echo "$out" | grep -q '^FAIL ' && rc=1
	elif [ "$st" -eq 0 ]; then
		echo "PASS $name"
	else
		echo "$out" | sed 's/^/    | /' | tail -n 15
		echo "FAIL $name: $(echo "$out" | tail -n 1)"
		rc=1
	fi
	# A test stopped at its limit leaves its children running (timeout
	# ends the shell alone): one still in a bench run holds the test driver
	# and fails every bench test after it.
	if [ "$st" -ne 0 ]; then
		for p in /proc/[0-9]*; do
			case $(cat "$p/comm" 2>/dev/null) in
			cmabulk-*) kill -KILL "${p#/proc/}" 2>/dev/null ;;
			esac
		done
	fi
	# Whatever a test held in the test driver is given back here, so that
	# one failure does not become the next test's; a test that passed and
	# left something held fails for it.
	cbt=/sys/kernel/debug/cma_bulk_test
	[ -d $cbt ] || continue
	held=$(awk '$1 == "held" { print $2 }' $cbt/result)
	# A session left open by a process that is still alive is a leak too.
	if [ -f $cbt/checks ] && [ "$(awk '$1 == "sessions" { print $2 }' $cbt/checks)" != 0 ]; then
		echo "FAIL ${name}_left_clean: it left a driver session open"
		rc=1
	fi
	pins=$(grep -c . $cbt/pinned)
	if [ "${held:-0}" != 0 ] || [ "${pins:-0}" != 0 ]; then
		echo 1 >$cbt/release
		echo 1 >$cbt/unpin
		if [ "$st" -eq 0 ] && ! echo "$out" | grep -q '^FAIL '; then
			echo "FAIL ${name}_left_clean: it left $held allocation(s) and $pins pin(s) in the test driver"
			rc=1
		fi
	fi
done
# Any kernel warning during the tests is a failure of its own.
if dmesg | grep -qE 'WARNING:|BUG:|Oops|Call Trace'; then
	dmesg | grep -m5 -E 'WARNING:|BUG:|Oops'
	echo "FAIL dmesg_clean: kernel warnings during the guest tests"
	rc=1
else
	echo "PASS dmesg_clean"
fi
exit $rc
