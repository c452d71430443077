#!/bin/bash
# The device-farm side of cmabulk (farm/README.md): what a LAVA job needs,
# and a LAVA job run here by the real dispatcher (lava-run, no server).
#
#   scripts/farm.sh bundle          build/farm/cmabulk-farm-ARCH.tar.gz: the test
#                                   definition, its script, the static tools, the
#                                   scenarios (a job takes it from: url)
#   scripts/farm.sh initramfs       build/farm/initramfs-ARCH.cpio.gz (ends in a shell)
#   scripts/farm.sh job [OUT]       farm/jobs/qemu.yaml.in rendered with file:// URLs
#   scripts/farm.sh run             bundle + initramfs + job, then lava-run on
#                                   farm/devices/qemu-ARCH.yaml; prints the cases,
#                                   takes the results folder out of the log
#   scripts/farm.sh job-ab [OUT]    farm/jobs/ab-qemu.yaml.in rendered (FARM_KERNEL_A, _B)
#   scripts/farm.sh run-ab          the A/B job (farm/jobs/ab-qemu.yaml.in): kernels
#                                   FARM_KERNEL_A and FARM_KERNEL_B booted A B B A
#   FARM_SERVER=1 ... run | run-ab  the same submitted to the LAVA server on this
#                                   machine instead (scripts/farm-server.sh submit)
#   scripts/farm.sh ab LOG [DIR]    an A/B job's log: its four runs, merged per
#                                   kernel, and the gate (cmabulk-bench compare)
#   scripts/farm.sh cases LOG       the cases a LAVA log recorded
#   scripts/farm.sh collect LOG DIR the results folders a LAVA log carries
#
# Environment: ARCH (x86_64, arm64), FARM_MODE (bench, trace), FARM_SCENARIO
# (quick), FARM_GATES ("fast<=normal"), FARM_BENCH_ARGS, FARM_TRACE_SECONDS
# (60), FARM_TRACE_COMMAND (MODE=trace: trace around it), FARM_KERNEL (default:
# the project's kernel for ARCH), FARM_CMA (384M),
# FARM_OUT (build/farm/jobs/<date>: the log, the job, the results).
# The jobs are Jinja2 templates rendered by farm/render_job.py, every value
# quoted for where it goes: any value, quotes and backslashes too, arrives
# on the device as it was given.
set -u -o pipefail
TAG=farm
# Exit 1 is compare's "regression" (farm.sh ab): our own errors are 2.
DIE_STATUS=2
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

ARCH=${ARCH:-x86_64}
case $ARCH in
x86_64 | x86) ARCH=x86_64 ABUILD=$BUILD IMAGE=arch/x86/boot/bzImage CONSOLE=ttyS0 ;;
arm64) ABUILD=$BUILD/arm64 IMAGE=arch/arm64/boot/Image CONSOLE=ttyAMA0 ;;
*) die "ARCH=$ARCH: want x86_64 or arm64" ;;
esac
FARM=$BUILD/farm
BUNDLE=$FARM/cmabulk-farm-$ARCH.tar.gz
INITRD=$FARM/initramfs-$ARCH.cpio.gz
MODE=${FARM_MODE:-bench} SCENARIO=${FARM_SCENARIO:-quick} GATES=${FARM_GATES:-fast<=normal}
BENCH_ARGS=${FARM_BENCH_ARGS:-} TRACE_SECONDS=${FARM_TRACE_SECONDS:-60} CMA=${FARM_CMA:-384M}
TRACE_COMMAND=${FARM_TRACE_COMMAND:-}
case $TRACE_SECONDS in *[!0-9]* | '') die "FARM_TRACE_SECONDS=$TRACE_SECONDS: want whole seconds" ;; esac
# It goes on the kernel command line, inside QEMU's -append "...".
case $CMA in *[!0-9A-Za-z@:._-]* | '') die "FARM_CMA=$CMA: want a size such as 384M (cma= of the kernel command line)" ;; esac
KOUT=${GUEST_KOUT:-$ABUILD/kernel}
KERNEL=${FARM_KERNEL:-$KOUT/$IMAGE}
MK='make'
[ "$ARCH" = arm64 ] && MK='make ARCH=arm64'
LAVA_LOG=$ROOT/farm/lava_log.py
PY=/usr/bin/python3

# The test definition with what it runs: the top of the tarball is what
# the job's `path: cmabulk.yaml` is relative to.
do_bundle() {
	local stage t
	for t in cmabulk-bench cmabulk-trace cmabulk-load; do
		[ -x "$ABUILD/bin/$t" ] || die "no ${ABUILD#"$ROOT"/}/bin/$t: run '$MK tools'"
	done
	stage=$(mktemp -d) || die "mktemp failed"
	mkdir -p "$stage/bin" "$stage/scenarios" "$FARM"
	cp "$ROOT/farm/cmabulk.yaml" "$ROOT/farm/cmabulk-farm.sh" "$stage/" &&
		cp "$ROOT/scripts/device/agent.sh" "$stage/device-agent.sh" &&
		cp "$ABUILD"/bin/cmabulk-bench "$ABUILD"/bin/cmabulk-trace "$ABUILD"/bin/cmabulk-load "$stage/bin/" &&
		cp "$ROOT"/bench/scenarios/* "$stage/scenarios/" &&
		tar -czf "$BUNDLE.tmp" -C "$stage" . && mv "$BUNDLE.tmp" "$BUNDLE" ||
		{ rm -rf "$stage" "$BUNDLE.tmp"; die "packing $BUNDLE failed"; }
	rm -rf "$stage"
	say "bundle ${BUNDLE#"$ROOT"/} ($(du -k "$BUNDLE" | cut -f1) KiB)"
}

do_initramfs() {
	local stage busybox
	busybox=$(static_busybox "$ARCH") || die "no static busybox for $ARCH"
	[ -x "$busybox" ] || die "$busybox missing: install busybox-static with 'make deps'"
	stage=$(mktemp -d) || die "mktemp failed"
	mkdir -p "$stage/bin" "$FARM"
	cp "$busybox" "$stage/bin/busybox" && cp "$ROOT/farm/guest/init" "$stage/init" && chmod 755 "$stage/init" &&
		(cd "$stage" && find . | cpio -o -H newc --quiet | gzip -9) >"$INITRD.tmp" &&
		mv "$INITRD.tmp" "$INITRD" || { rm -rf "$stage" "$INITRD.tmp"; die "packing $INITRD failed"; }
	rm -rf "$stage"
}

# render TEMPLATE OUT NAME=VALUE...: farm/jobs/TEMPLATE rendered into OUT
# (farm/render_job.py: the values quoted, the job parsed before it is written).
render() {
	local template=$1 out=$2
	shift 2
	"$PY" "$ROOT/farm/render_job.py" "$ROOT/farm/jobs/$template" -o "$out" "$@" || exit "$DIE_STATUS"
}

do_job() {
	local out=${1:-$FARM/job-$ARCH.yaml} minutes=20 k
	[ -f "$KERNEL" ] || die "no kernel at ${KERNEL#"$ROOT"/}: run '$MK kernel'"
	case $MODE in bench | trace) ;; *) die "FARM_MODE=$MODE: want bench or trace" ;; esac
	[ "$MODE" = trace ] && minutes=$((TRACE_SECONDS / 60 + 5))
	k=$(basename "$KERNEL") args=$BENCH_ARGS
	# The project's own kernel: the run records its series and config, as
	# scripts/bench.sh's do (KCIDB's checkout and build ids come from them).
	# The QEMU device's accelerator and the tools' revision too, as make run records them.
	[ -n "${FARM_KERNEL:-}" ] || args="$args --meta series_hash=$(hash_series) --meta patchset_hash=$(hash_patchset)\
 --meta config_hash=$(hash_config "$KOUT")\
 --meta accelerator=tcg --meta git=$(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo unknown)"
	render qemu.yaml.in "$out" arch="$ARCH" console="$CONSOLE" cma="$CMA" \
		kernel_url="file://$KERNEL" kernel_name="$k" initrd_url="file://$INITRD" bundle_url="file://$BUNDLE" \
		mode="$MODE" scenario="$SCENARIO" bench_args="$args" gates="$GATES" \
		trace_seconds="$TRACE_SECONDS" trace_command="$TRACE_COMMAND" \
		test_minutes="$minutes" job_minutes="$((minutes + 5))"
}

# The A/B job: the same, with two kernels and a run id per boot.
do_job_ab() {
	local out=${1:-$FARM/job-ab-$ARCH.yaml} a=${FARM_KERNEL_A:-} b=${FARM_KERNEL_B:-}
	[ -f "$a" ] && [ -f "$b" ] || die "run-ab: give FARM_KERNEL_A and FARM_KERNEL_B, two kernel images"
	render ab-qemu.yaml.in "$out" arch="$ARCH" console="$CONSOLE" cma="$CMA" \
		a_kernel_url="file://$a" b_kernel_url="file://$b" initrd_url="file://$INITRD" bundle_url="file://$BUNDLE" \
		scenario="$SCENARIO" bench_args="$BENCH_ARGS" gates="$GATES" test_minutes=20 job_minutes=90
}

# An A/B job's log: a1 b1 b2 a2 out of it, A and B merged, the gate.
do_ab() {
	local log=$1 dir=${2:-} bench=$BUILD/bin/cmabulk-bench rc
	[ -f "$log" ] || die "ab: $log: no such file"
	dir=${dir:-$(dirname "$log")/ab}
	rm -rf "$dir/A" "$dir/B"
	"$PY" "$LAVA_LOG" collect "$log" "$dir" >/dev/null || exit 1
	for r in a1 a2 b1 b2; do [ -f "$dir/$r/meta.json" ] || die "ab: no run $r in $log"; done
	"$bench" merge -o "$dir/A" "$dir/a1" "$dir/a2" && "$bench" merge -o "$dir/B" "$dir/b1" "$dir/b2" ||
		die "ab: merging the boots failed"
	"$bench" compare "$dir/A" "$dir/B" -m "${AB_METRIC:-latency}" -t "${AB_THRESHOLD:-10}"
	rc=$?
	say "A/B of ${log#"$ROOT"/}: $dir (compare exit $rc)"
	return $rc
}

do_run() {
	local out log rc n ab=${1:-}
	command -v lava-run >/dev/null || die "no lava-run: install lava-dispatcher with 'make deps'"
	[ "$(id -u)" = 0 ] || die "lava-run needs root (it mounts and writes /var/lib/lava)"
	out=${FARM_OUT:-$FARM/jobs/$(date -u +%Y%m%d-%H%M%S)-$ARCH-$MODE}
	mkdir -p "$out" || die "cannot create $out"
	if [ -n "$ab" ]; then
		do_bundle && do_initramfs && do_job_ab "$out/job.yaml" || exit 1
	else
		do_bundle && do_initramfs && do_job "$out/job.yaml" || exit 1
	fi
	log=$out/lava.log
	say "lava-run: $MODE ${SCENARIO} on qemu $ARCH (log: ${log#"$ROOT"/})"
	step_begin "running the job"
	# A job id of our own per run: LAVA's scratch folder is named after it.
	lava-run --device "$ROOT/farm/devices/qemu-$ARCH.yaml" --job-id "$$" \
		--output-dir "$out/lava-out" "$out/job.yaml" >"$log" 2>&1
	rc=$?
	step_end
	[ $rc -eq 0 ] || die "lava-run exited $rc (log: ${log#"$ROOT"/}): $(grep -m1 -o '"msg": "[^"]*[Ee]rror[^"]*"' "$log")"
	"$PY" "$LAVA_LOG" cases "$log" >"$out/cases.tsv" || die "cannot read the cases of $log"
	n=$(grep -c . "$out/cases.tsv")
	say "job $("$PY" -c 'import sys; sys.path.insert(0, sys.argv[1]); import lava_log; print(lava_log.job_result(sys.argv[2]))' "$ROOT/farm" "$log"), $n cases, $(cut -f3 "$out/cases.tsv" | sort | uniq -c | awk '{ printf "%s%s %s", s, $1, $2; s = ", " }')"
	grep -v '	pass	' "$out/cases.tsv" | sed 's/^/  not passed: /' >&2
	if [ -z "$ab" ] && "$PY" "$LAVA_LOG" collect "$log" "$out/results" >/dev/null; then
		say "results folder(s): ${out#"$ROOT"/}/results/$(ls "$out/results" | tr '\n' ' ')"
	fi
	echo "$out" >"$FARM/last"
	[ -z "$ab" ] || do_ab "$log" "$out/ab"
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case $cmd in
bundle) do_bundle ;;
initramfs) do_initramfs && say "initramfs ${INITRD#"$ROOT"/}" ;;
job) do_job "$@" ;;
# FARM_SERVER=1: the same jobs through the LAVA server of scripts/farm-server.sh.
run) if [ "${FARM_SERVER:-0}" = 1 ]; then exec "$ROOT/scripts/farm-server.sh" submit; fi; do_run ;;
run-ab) if [ "${FARM_SERVER:-0}" = 1 ]; then exec "$ROOT/scripts/farm-server.sh" submit-ab; fi; do_run ab ;;
job-ab) do_job_ab "$@" ;;
ab) [ $# -ge 1 ] || die "usage: scripts/farm.sh ab LOG [DIR]"; do_ab "$@" ;;
cases) [ $# -eq 1 ] || die "usage: scripts/farm.sh cases LOG"; exec "$PY" "$LAVA_LOG" cases "$1" ;;
collect) [ $# -eq 2 ] || die "usage: scripts/farm.sh collect LOG DIR"; exec "$PY" "$LAVA_LOG" collect "$1" "$2" ;;
*) die "usage: scripts/farm.sh bundle|initramfs|job [OUT]|job-ab [OUT]|run|run-ab|ab LOG [DIR]|cases LOG|collect LOG DIR" ;;
esac
