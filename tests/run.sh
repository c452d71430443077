#!/bin/bash
# The whole test suite: host unit tests, host tests of the build and boot
# machinery, the tests inside the guest (one boot for all of them), and the
# arm64 section: the guest tests and the guest-booting host tests again, on
# the arm64 guest (GUEST_ARCH=arm64).
# Every test prints "PASS name" or "FAIL name[: why]"; the last line is the
# summary "N passed, N failed" and the exit status is non-zero on failure.
#
#   tests/run.sh [unit|host|guest|arm64 ...]    (default: all four)
#   TEST_FILTER=regex                     only tests whose name matches
set -u -o pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 1
export ROOT
BUILD=${BUILD:-$ROOT/build}
sections=${*:-unit host guest arm64}
# The host tests that boot a guest, run again in the arm64 section, and
# those that are about arm64 only (its tools, stock kernels, device sessions).
ARM64_HOST_TESTS="kunit trace_oracle bench_quick farm_lava"
ARM64_ONLY_TESTS="arm64_build stock_kernels device_session"
filter=${TEST_FILTER:-.}
# A debug kernel (KASAN, lockdep: make test DEBUG=1) runs the same guests
# several times slower under TCG: the host tests' time limits grow with it.
slow=1
case ${GUEST_KOUT:-} in *kernel-debug*) slow=4 ;; esac
log=$BUILD/logs/test.log
mkdir -p "$(dirname "$log")"
: >"$log"
pass=0
fail=0
failed=()
t_start=$(date +%s)

# Feed lines of PASS/FAIL results (with a section prefix) into the tally.
tally() {
	local prefix=$1 line
	while IFS= read -r line; do
		case $line in
		PASS\ *) pass=$((pass + 1)); echo "PASS $prefix/${line#PASS }" ;;
		FAIL\ *) fail=$((fail + 1)); failed+=("$prefix/${line#FAIL }"); echo "FAIL $prefix/${line#FAIL }" ;;
		SKIP\ *) echo "SKIP $prefix/${line#SKIP }" ;;
		esac
	done
}

# Run one executable test; its own PASS/FAIL lines count if it prints any,
# otherwise its exit status decides.
run_one() {
	local prefix=$1 name=$2 tmo=$3
	shift 3
	local out rc t0=$(date +%s)
	out=$(timeout -k 5 "$tmo" "$@" 2>&1)
	rc=$?
	printf '=== %s/%s (rc %d, %ds)\n%s\n' "$prefix" "$name" "$rc" $(($(date +%s) - t0)) "$out" >>"$log"
	if echo "$out" | grep -qE '^(PASS|FAIL|SKIP) '; then
		tally "$prefix" < <(echo "$out")
		if [ "$rc" -ne 0 ] && ! echo "$out" | grep -q '^FAIL '; then
			tally "$prefix" <<<"FAIL $name: exited $rc without naming a failed case"
		fi
	elif [ "$rc" -eq 0 ]; then
		tally "$prefix" <<<"PASS $name"
	else
		[ "$rc" -eq 124 ] && out="timed out after ${tmo}s"
		tally "$prefix" <<<"FAIL $name: $(echo "$out" | tail -n 1)"
	fi
}

# One boot runs every guest test; a boot that fails is one failure.
# The guest gets no environment from here: the filter goes in the command.
run_guest() {
	local prefix=$1 quoted out rc
	printf -v quoted '%q' "$filter"
	out=$(scripts/guest.sh "TEST_FILTER=$quoted tests/guest/run-all.sh" 2>&1)
	rc=$?
	printf '=== %s (rc %d)\n%s\n' "$prefix" "$rc" "$out" >>"$log"
	tally "$prefix" < <(echo "$out" | tr -d '\r')
	if [ "$rc" -ne 0 ] && ! echo "$out" | grep -q '^FAIL '; then
		tally "$prefix" <<<"FAIL boot: $(echo "$out" | grep -m1 'error:' || echo "$out" | tail -n 1)"
	fi
}

for section in $sections; do
	case $section in
	unit)
		# One per source: a binary left from a removed test is not run.
		for src in tests/unit/test_*.c; do
			n=$(basename "$src" .c)
			[[ $n =~ $filter ]] || continue
			if [ -x "$BUILD/tests/$n" ]; then
				run_one unit "$n" 60 "$BUILD/tests/$n"
			else
				tally unit <<<"FAIL $n: not built (make unit-bins)"
			fi
		done
		[[ json_roundtrip =~ $filter ]] &&
			run_one unit json_roundtrip 60 /usr/bin/python3 tests/unit/json_roundtrip.py "$BUILD/tests/test_json"
		[[ timeline_decode =~ $filter ]] &&
			run_one unit timeline_decode 60 /usr/bin/python3 tests/unit/timeline_decode.py "$BUILD/tests/test_timeline"
		[[ snapshot_schema =~ $filter ]] &&
			run_one unit snapshot_schema 60 /usr/bin/python3 tests/unit/snapshot_schema.py \
				"$BUILD/tests/test_snapshot" docs/cmabulk-trace.schema.json "$BUILD/tests/test_culprits"
		;;
	host)
		for t in tests/host/*.sh; do
			n=$(basename "$t" .sh)
			[[ $n =~ $filter ]] || continue
			[[ " $ARM64_ONLY_TESTS " == *" $n "* ]] && continue
			# A test may ask for more than 300 s: "# test-timeout: N".
			tmo=$(sed -n '2,5s/^# test-timeout: \([0-9]*\)$/\1/p' "$t")
			run_one host "$n" $((${tmo:-300} * slow)) "$t"
		done
		;;
	guest)
		run_guest guest
		;;
	arm64)
		export GUEST_ARCH=arm64
		for n in $ARM64_ONLY_TESTS $ARM64_HOST_TESTS; do
			[[ $n =~ $filter ]] || continue
			run_one arm64-host "$n" 900 "tests/host/$n.sh"
		done
		run_guest arm64-guest
		unset GUEST_ARCH
		;;
	*)
		echo "tests/run.sh: unknown section '$section' (unit, host, guest, arm64)" >&2
		exit 2
		;;
	esac
done

echo
if [ "$fail" -gt 0 ]; then
	echo "failed:"
	printf '  %s\n' "${failed[@]}"
fi
echo "(full output: ${log#"$ROOT"/}, $(($(date +%s) - t_start))s)"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
