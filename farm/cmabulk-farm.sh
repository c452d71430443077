#!/bin/sh
# The device side of farm/cmabulk.yaml: run a bench scenario (MODE=bench)
# or a tracing session (MODE=trace) with the static tools in ./bin, turn
# the results into cases (cmabulk-bench export: Linaro's result.txt) and
# send each with lava-test-case inside a lava-test-set named after the
# scenario (as the export names it: LAVA's characters only). Outside LAVA (no lava-test-case) result.txt is printed: the
# convention of Linaro's test-definitions, which other runners read.
#
# Parameters come from the environment, as LAVA exports a test's params:
# MODE, SCENARIO, RUN_ID, BENCH_ARGS, GATES, TRACE_SECONDS, TRACE_COMMAND, ARTIFACTS, OUT (default
# ./output, Linaro's). POSIX sh: busybox's is enough.
set -u
here=$(cd "$(dirname "$0")" && pwd)
MODE=${MODE:-bench} SCENARIO=${SCENARIO:-quick} BENCH_ARGS=${BENCH_ARGS:-} RUN_ID=${RUN_ID:-}
GATES=${GATES:-fast<=normal} TRACE_SECONDS=${TRACE_SECONDS:-60} TRACE_COMMAND=${TRACE_COMMAND:-}
ARTIFACTS=${ARTIFACTS:-yes}
OUT=${OUT:-$here/output}
BIN=$here/bin
export PATH="$BIN:$PATH" CMABULK_SCENARIOS=$here/scenarios

say() { echo "cmabulk-farm: $*"; }

# One case: through LAVA when it is there, and always into result.txt.
case_line() {
	echo "$*" >>"$OUT/result.txt"
}

# The lava-test-set of scenario $1 (a name or a file's path), whose run
# is in $2 when there is one: the scenario's name as the run recorded it,
# else the file's name, through the export's LAVA naming (LAVA drops a
# set whose name URL quoting would change, such as a path's).
lava_set() {
	if [ -f "${2:-}/scenario" ]; then
		s=$(sed -n 's/^name *= *//p' "$2/scenario" | head -n 1)
	else
		s=${1##*/}
	fi
	cmabulk-bench export --lava-name "$s" 2>/dev/null || echo scenario
}

send_cases() {
	set_name=$1 file=$2
	command -v lava-test-case >/dev/null 2>&1 || { cat "$file"; return 0; }
	lava-test-set start "$set_name"
	while read -r name result measurement units; do
		if [ -n "$measurement" ]; then
			lava-test-case "$name" --result "$result" --measurement "$measurement" ${units:+--units "$units"}
		else
			lava-test-case "$name" --result "$result"
		fi
	done <"$file"
	lava-test-set stop "$set_name"
}

# The results folder into the log, for scripts/farm.sh collect: the farm
# keeps the log, not the device's files.
print_artifact() {
	dir=$1
	[ "$ARTIFACTS" = yes ] || return 0
	echo "<<<CMABULK-ARTIFACT $(basename "$dir").tar.gz"
	tar -czf - -C "$(dirname "$dir")" "$(basename "$dir")" | base64
	echo "CMABULK-ARTIFACT>>>"
}

# What the device is: facts for the log and for meta.json's host block.
facts() {
	say "kernel $(uname -r) $(uname -m), $(grep -c ^processor /proc/cpuinfo) CPUs"
	say "clocksource $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource 2>/dev/null)"
	grep -E '^(MemTotal|CmaTotal|CmaFree)' /proc/meminfo | sed 's/^/cmabulk-farm: /'
}

mkdir -p "$OUT"
: >"$OUT/result.txt"
for t in cmabulk-bench cmabulk-trace; do
	[ -x "$BIN/$t" ] || { say "no $BIN/$t: the bundle is incomplete (scripts/farm.sh bundle)"; exit 1; }
done
facts
# A kernel that fell back to jiffies measures in 4 ms steps: no numbers.
case $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource 2>/dev/null) in
*jiffies*)
	case_line "clocksource fail"
	send_cases "$(lava_set "$SCENARIO")" "$OUT/result.txt"
	exit 0
	;;
esac

case $MODE in
bench)
	id=${RUN_ID:-farm-$SCENARIO}
	gates=
	for g in $GATES; do gates="$gates --gate $g"; done
	say "cmabulk-bench run $SCENARIO $BENCH_ARGS"
	# shellcheck disable=SC2086 # BENCH_ARGS is a list of options: split on purpose
	cmabulk-bench run "$SCENARIO" -o "$OUT" --run-id "$id" $BENCH_ARGS \
		--meta "farm_device=$(uname -n)"
	rc=$?
	if [ ! -f "$OUT/$id/meta.json" ]; then
		say "cmabulk-bench run exited $rc without a results folder"
		case_line "run-complete fail"
	else
		# shellcheck disable=SC2086 # gates is a list of options (POSIX sh has no arrays)
		cmabulk-bench export $gates -o "$OUT/$id/result.txt" "$OUT/$id" &&
			cat "$OUT/$id/result.txt" >>"$OUT/result.txt" ||
			case_line "export fail"
	fi
	send_cases "$(lava_set "$SCENARIO" "$OUT/$id")" "$OUT/result.txt"
	[ -d "$OUT/$id" ] && print_artifact "$OUT/$id"
	;;
trace)
	id=${RUN_ID:-farm-trace}
	dir=$OUT/$id
	mkdir -p "$dir"
	# The device's facts as scripts/device.sh records them (its device half).
	sh "$here/device-agent.sh" facts >"$dir/device.facts" 2>/dev/null
	if [ -n "$TRACE_COMMAND" ]; then
		# As long as the command runs; SIGINT makes the tracer report.
		say "cmabulk-trace -j around: $TRACE_COMMAND"
		cmabulk-trace -j >"$dir/trace.out" 2>"$dir/trace.err" &
		tracer=$!
		i=0
		# 30 s at most (a sleep without fractions: 300 s, still bounded).
		until grep -q '^Tracing' "$dir/trace.err" 2>/dev/null || [ $i -ge 300 ]; do
			sleep 0.1 2>/dev/null || sleep 1
			i=$((i + 1))
		done
		sh -c "$TRACE_COMMAND"
		echo "command_rc=$?" >"$dir/command.status"
		kill -INT "$tracer"
		wait "$tracer"
		rc=$?
	else
		say "cmabulk-trace -j for ${TRACE_SECONDS}s"
		cmabulk-trace -j "$TRACE_SECONDS" 1 >"$dir/trace.out" 2>"$dir/trace.err"
		rc=$?
	fi
	[ $rc -eq 0 ] || say "cmabulk-trace exited $rc: $(tail -n 1 "$dir/trace.err")"
	cmabulk-bench export -o "$dir/result.txt" "$dir" && cat "$dir/result.txt" >>"$OUT/result.txt" ||
		case_line "trace-session fail"
	send_cases trace "$OUT/result.txt"
	print_artifact "$dir"
	;;
*)
	say "MODE=$MODE: want bench or trace"
	case_line "mode fail"
	send_cases "$(lava_set "$SCENARIO")" "$OUT/result.txt"
	;;
esac
# The cases carry the verdicts; the step itself succeeds when they were sent.
exit 0
