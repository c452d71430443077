#!/bin/bash
# Run the libFuzzer targets (build/fuzz/fuzz_*, make fuzz-bins): first each
# replays its regression inputs (tests/fuzz/regress/<target>/, inputs that
# once crashed it), then fuzzes for SECONDS, two targets at a time (one per
# core), from the committed corpus (tests/fuzz/corpus/<target>/, read
# only) into a working corpus build/fuzz/corpus/<target>/ that grows from
# run to run. One line per target: "PASS fuzz_<target>: N runs in S s,
# corpus M inputs" or "FAIL fuzz_<target>: why, input in <artifact>".
#
#   tests/fuzz/run.sh SECONDS [TARGET ...]     (targets: scenario, results, ...)
#   make fuzz FUZZ_SECONDS=3600                (every target, an hour each)
#
#   tests/fuzz/run.sh --seed N SECONDS [TARGET ...]
#                       what make test runs: the same seed every time, from
#                       the committed corpus only (a fresh working corpus),
#                       so a run finds what the last one found and CI never
#                       fails by chance; random long fuzzing is make fuzz.
#
# To keep what a long run found: copy build/fuzz/corpus/<target>/ into
# tests/fuzz/corpus/<target>/ after 'build/fuzz/fuzz_<target> -merge=1
# tests/fuzz/corpus/<target> build/fuzz/corpus/<target>'.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 1
FUZZ=${BUILD:-$ROOT/build}/fuzz
seed=
if [ "${1:-}" = --seed ]; then
	seed=${2:-}
	case $seed in '' | *[!0-9]*) echo "tests/fuzz/run.sh: --seed wants a number" >&2; exit 2 ;; esac
	shift 2
	FUZZ=$FUZZ/seeded
fi
secs=${1:-}
case $secs in
'' | *[!0-9]* | 0) echo "usage: tests/fuzz/run.sh [--seed N] SECONDS [TARGET ...]" >&2; exit 2 ;;
esac
shift
targets=${*:-$(ls tests/fuzz/fuzz_*.c | sed 's|.*/fuzz_||; s|\.c$||')}
for t in $targets; do
	[ -x "${FUZZ%/seeded}/fuzz_$t" ] || { echo "tests/fuzz/run.sh: no $FUZZ/fuzz_$t (make fuzz-bins)" >&2; exit 2; }
done

# One target: the regressions, then the fuzzing. The parsers' error lines
# go to stderr: libFuzzer's own report is kept, the targets' output not
# (-close_fd_mask=1 closes both for the target, libFuzzer keeps its copy).
one() {
	local t=$1 bin=${FUZZ%/seeded}/fuzz_$1 work=$FUZZ/corpus/$1 art=$FUZZ/artifacts/$1 log=$FUZZ/logs/$1.log
	local regress=() opts=() runs n t0
	t0=$(date +%s)
	mkdir -p "$work" "$art" "$(dirname "$log")"
	rm -f "$art"/*
	# Seeded: the working corpus starts empty, so the run depends only on the tree.
	[ -n "$seed" ] && rm -rf "${work:?}"/* && opts+=(-seed="$seed")
	mapfile -t regress < <(ls -d tests/fuzz/regress/"$t"/* 2>/dev/null)
	if [ ${#regress[@]} -gt 0 ] && ! "$bin" -close_fd_mask=1 "${regress[@]}" >"$log" 2>&1; then
		echo "FAIL fuzz_$t: a regression input crashes it again: $(grep -m1 -E 'ERROR|fuzz:|runtime error' "$log")"
		return
	fi
	"$bin" "${opts[@]}" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -close_fd_mask=1 \
		-print_final_stats=1 -artifact_prefix="$art/" "$work" "tests/fuzz/corpus/$t" >"$log" 2>&1
	local rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	n=$(ls "$work" | wc -l)
	if [ $rc -ne 0 ]; then
		echo "FAIL fuzz_$t: $(grep -m1 -E 'ERROR|fuzz:|runtime error|timeout|out-of-memory' "$log" | cut -c1-200), input in $(ls "$art"/* 2>/dev/null | head -n 1) (log: ${log#"$ROOT"/})"
	else
		echo "PASS fuzz_$t: ${runs:-?} runs in $(($(date +%s) - t0)) s, corpus $n inputs"
	fi
}

set -- $targets
while [ $# -gt 0 ]; do
	one "$1" &
	[ $# -gt 1 ] && one "$2" &
	wait
	shift $(($# > 1 ? 2 : 1))
done
