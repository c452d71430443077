#!/bin/bash
# The whole test suite: host unit tests, host tests of the build and boot
# machinery, the tests inside the guest (one boot for all of them), and the
# arm64 section: the guest tests and the host tests made for arm64, on the
# arm64 guest (GUEST_ARCH=arm64).
# Every test prints "PASS name" or "FAIL name[: why]"; the last line is the
# summary "N passed, N failed" and the exit status is non-zero on failure.
#
#   tests/run.sh [unit|host|guest|arm64|quick ...]  (default: unit host guest arm64)
#   tests/run.sh --list [SECTION ...]               the tests they would run, run none
#   TEST_FILTER=regex                               only tests whose name matches
#
#   unit   each tests/unit/test_*.c's binary (make unit-bins), then each
#          tests/unit/*.py whose first lines say "# checks: ARGS": python3 on
#          it with ARGS ($BUILD is the build folder)
#   host   tests/host/*.sh whose "# arch:" names x86_64
#   guest  tests/guest/t_*.sh, in one boot
#   arm64  tests/host/*.sh whose "# arch:" names arm64 (those for arm64 only
#          first), then the guest tests, on the arm64 guest: without
#          ARM64_FULL=1 (make ARCH=arm64 test sets it) not those whose
#          header says "# arm64: full" (arch-independent ones the x86 guest
#          runs: torture, fuzzing, the bench's own failure paths)
#   quick  unit, and the host tests that need no kernel ("# needs: nothing")
#
# A host test says in its first lines (after #!) what it needs and where it
# runs; a test without both lines fails:
#   # needs: WHAT, cheapest first:
#       nothing        a C compiler: unit-bins, cmabulk-bench and cmabulk-load
#       sanitizers     the clang/libFuzzer build of every parser (minutes)
#       tools          all three tools: the tracer's BPF needs the kernel's BTF,
#                      so a kernel build
#       kernel-source  the linux-source tarball, extracted and patched
#       guest          a built kernel, booted under QEMU
#       lava           the LAVA dispatcher, booting the guest
#       two-kernels    a second kernel built beside the first
#   # arch: x86_64 | arm64 | x86_64 arm64
#   # test-timeout: N         (optional: seconds, default 300)
set -u -o pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 1
export ROOT
BUILD=${BUILD:-$ROOT/build}
list=0
if [ "${1:-}" = --list ]; then
	list=1
	shift
fi
sections=${*:-unit host guest arm64}
for section in $sections; do
	case $section in
	unit | host | guest | arm64 | quick) ;;
	*)
		echo "tests/run.sh: unknown section '$section' (unit, host, guest, arm64, quick)" >&2
		exit 2
		;;
	esac
done
filter=${TEST_FILTER:-.}
# A debug kernel (KASAN, lockdep: make test DEBUG=1) runs the same guests
# several times slower under TCG: the host tests' time limits grow with it.
slow=1
case ${GUEST_KOUT:-} in *kernel-debug*) slow=4 ;; esac
log=$BUILD/logs/test.log
if [ "$list" = 0 ]; then
	mkdir -p "$(dirname "$log")"
	: >"$log"
fi
pass=0
fail=0
failed=()
t_start=$(date +%s)

# header FILE KEY: the value of the "# KEY: value" line in FILE's first lines.
header() {
	sed -n "2,12s/^# $2: //p" "$1" | head -n 1
}

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
# otherwise its exit status decides. With --list: only its name.
run_one() {
	local prefix=$1 name=$2 tmo=$3
	shift 3
	if [ "$list" = 1 ]; then
		echo "$prefix/$name"
		return 0
	fi
	local out rc t0
	t0=$(date +%s)
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
	local prefix=$1 quoted out rc t n
	if [ "$list" = 1 ]; then
		for t in tests/guest/t_*.sh; do
			n=$(basename "$t" .sh)
			n=${n#t_}
			# As tests/guest/run-all.sh selects them.
			if [ "$prefix" = arm64-guest ] && [ "${ARM64_FULL:-0}" != 1 ] &&
				sed -n '2,12p' "$t" | grep -qx '# arm64: full'; then
				continue
			fi
			echo "$n" | grep -qE "$filter" && echo "$prefix/$n"
		done
		echo "$prefix/dmesg_clean"
		return 0
	fi
	printf -v quoted '%q' "$filter"
	# Every guest test in one boot: measured at 19 min under TCG here
	# (2026-12-04), so the boot gets 30 (GUEST_TIMEOUT overrides), and each
	# test its own limit; both grow with a debug kernel (13 tests took the
	# whole 30 minutes under KASAN and lockdep).
	out=$(GUEST_TIMEOUT=${GUEST_TIMEOUT:-$((1800 * slow))} scripts/guest.sh "ARM64_FULL=${ARM64_FULL:-0} TEST_TIMEOUT=$((300 * slow)) TEST_FILTER=$quoted tests/guest/run-all.sh" 2>&1)
	rc=$?
	printf '=== %s (rc %d)\n%s\n' "$prefix" "$rc" "$out" >>"$log"
	tally "$prefix" < <(echo "$out" | tr -d '\r')
	if [ "$rc" -ne 0 ] && ! echo "$out" | grep -q '^FAIL '; then
		tally "$prefix" <<<"FAIL boot: $(echo "$out" | grep -m1 'error:' || echo "$out" | tail -n 1)"
	fi
}

run_unit() {
	local src n py args words
	# One per source: a binary left from a removed test is not run.
	for src in tests/unit/test_*.c; do
		n=$(basename "$src" .c)
		[[ $n =~ $filter ]] || continue
		if [ -x "$BUILD/tests/$n" ] || [ "$list" = 1 ]; then
			run_one unit "$n" 60 "$BUILD/tests/$n"
		else
			tally unit <<<"FAIL $n: not built (make unit-bins)"
		fi
	done
	# The Python checkers of those binaries' output: "# checks: ARGS".
	for py in tests/unit/*.py; do
		n=$(basename "$py" .py)
		args=$(header "$py" checks)
		[ -n "$args" ] || continue
		[[ $n =~ $filter ]] || continue
		read -r -a words <<<"$args"
		run_one unit "$n" 60 /usr/bin/python3 "$py" "${words[@]//\$BUILD/$BUILD}"
	done
}

# host_test FILE: sets needs, arch and tmo from FILE's header; when a line
# is missing or says something unknown, sets why and returns 1.
host_test() {
	local a
	needs=$(header "$1" needs) arch=$(header "$1" arch) tmo=$(header "$1" test-timeout) why=''
	case $needs in
	nothing | sanitizers | tools | kernel-source | guest | lava | two-kernels) ;;
	'') why="no '# needs:' line in its header" ;;
	*) why="'# needs: $needs': want nothing, sanitizers, tools, kernel-source, guest, lava or two-kernels" ;;
	esac
	[ -n "$arch" ] || why=${why:-"no '# arch:' line in its header"}
	for a in $arch; do
		case $a in x86_64 | arm64) ;; *) why=${why:-"'# arch: $arch': want x86_64, arm64 or both"} ;; esac
	done
	case $tmo in *[!0-9]*) why=${why:-"'# test-timeout: $tmo': want seconds"} ;; esac
	[ -z "$why" ]
}

# run_host PREFIX WHICH: the host tests for the x86_64 host (WHICH=x86_64),
# those of them that need nothing (quick), or the arm64 ones (arm64-only,
# then arm64-both). A test whose header is wrong fails once per run.
declare -A said
run_host() {
	local prefix=$1 which=$2 t n limit needs arch tmo why
	for t in tests/host/*.sh; do
		n=$(basename "$t" .sh)
		[[ $n =~ $filter ]] || continue
		if ! host_test "$t"; then
			[ -z "${said[$n]:-}" ] || continue
			said[$n]=1
			if [ "$list" = 1 ]; then echo "$prefix/$n: $why"; else tally "$prefix" <<<"FAIL $n: $why"; fi
			continue
		fi
		case $which in
		x86_64) [[ " $arch " == *" x86_64 "* ]] || continue ;;
		quick) [[ " $arch " == *" x86_64 "* && $needs == nothing ]] || continue ;;
		arm64-only) [ "$arch" = arm64 ] || continue ;;
		arm64-both) [[ " $arch " == *" arm64 "* && $arch != arm64 ]] || continue ;;
		esac
		if [ "$prefix" = arm64-host ]; then
			# The arm64 guest is TCG: 900 s unless the test asks for more.
			limit=$((${tmo:-0} > 900 ? tmo : 900))
		else
			limit=$((${tmo:-300} * slow))
		fi
		run_one "$prefix" "$n" "$limit" "$t"
	done
}

for section in $sections; do
	case $section in
	unit)
		run_unit
		;;
	host)
		run_host host x86_64
		;;
	quick)
		run_unit
		run_host host quick
		;;
	guest)
		run_guest guest
		;;
	arm64)
		export GUEST_ARCH=arm64
		run_host arm64-host arm64-only
		run_host arm64-host arm64-both
		run_guest arm64-guest
		unset GUEST_ARCH
		;;
	esac
done

[ "$list" = 1 ] && exit 0
echo
if [ "$fail" -gt 0 ]; then
	echo "failed:"
	printf '  %s\n' "${failed[@]}"
fi
echo "(full output: ${log#"$ROOT"/}, $(($(date +%s) - t_start))s)"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
