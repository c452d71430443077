#!/bin/bash
# The benchmark from the host: boot the guest once per scenario, run
# cmabulk-bench there into results/<run-id>/, then render the plots and the
# report here (gnuplot is on the host, not in the guest), point
# results/latest at the newest run and print its headline table.
#
#   scripts/bench.sh SCENARIO...      (a name in bench/scenarios, or 'all')
#   scripts/bench.sh --overhead       (cmabulk-bench overhead: what the tracers
#                                     cost, bpftrace among them, run from the
#                                     host's root in a chroot in the guest,
#                                     ACCEL=icount unless set; OVERHEAD_ARGS
#                                     adds options)
#   SWEEP=KEY=V1,V2,... scripts/bench.sh SCENARIO
#                                     (a sweep: cmabulk-bench sweep in one boot;
#                                     for KEY guest_smp, one boot per value)
#
# Environment: RESULTS (default results), BENCH_MEM guest RAM for the bench
# (default 1G: less ballast to fill CMA with, same 384M area), BENCH_ARGS
# extra cmabulk-bench options, and everything scripts/guest.sh takes.
set -u -o pipefail
TAG=bench
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

RESULTS=${RESULTS:-results}
BENCH_MEM=${BENCH_MEM:-1G}
BENCH=$BUILD/bin/cmabulk-bench
[ $# -ge 1 ] || die "usage: scripts/bench.sh SCENARIO... (or all, or --overhead)"
[ -x "$BENCH" ] || die "no $BENCH: run 'make tools'"
overhead=
[ "$1" = --overhead ] && { overhead=1; shift; }
[ -n "$overhead" ] && [ $# -gt 0 ] && die "--overhead takes no scenario (OVERHEAD_ARGS has its options)"
[ -n "$overhead" ] && [ "${GUEST_ARCH:-x86_64}" = arm64 ] && die "--overhead: x86_64 only (bpftrace comes from this host's root)"
[ -n "$overhead" ] && ! command -v bpftrace >/dev/null && die "--overhead: no bpftrace on this host: run 'make deps'"
# Tracer costs are a few percent of a call: under icount the guest's clock
# counts instructions, and host noise (10-30% between passes under plain
# TCG here) is gone. ACCEL=tcg measures wall time instead.
[ -n "$overhead" ] && export ACCEL=${ACCEL:-icount}
scenarios=$*
# all: every shipped scenario but the one made for tests.
if [ "$scenarios" = all ]; then
	scenarios=''
	for f in "$ROOT"/bench/scenarios/*; do
		[ "${f##*/}" = quick ] || scenarios+="${f##*/} "
	done
fi
for s in $scenarios; do
	[ -f "$ROOT/bench/scenarios/$s" ] || die "no scenario '$s' (have: $(ls "$ROOT/bench/scenarios" | tr '\n' ' '))"
done
case $RESULTS in /*) ;; *) RESULTS=$ROOT/$RESULTS ;; esac
case $RESULTS in "$ROOT"/*) ;; *) die "RESULTS=$RESULTS must be inside the project (the guest sees only that)" ;; esac
mkdir -p "$RESULTS"

# Facts only the host knows, for meta.json (the guest's own architecture
# is in it as "machine"): the series (its short hash, and KCIDB's patchset
# hash), the base tree's commit when the kernel was built from a clean git
# checkout (KSRC; scripts/kernel.sh notes the source in the build folder),
# and host_meta_args' (scripts/lib.sh).
series_hash=$(hash_series)
patchset_hash=$(hash_patchset)
if [ "${GUEST_ARCH:-x86_64}" = arm64 ]; then
	kout=${GUEST_KOUT:-$BUILD/arm64/kernel} accel=tcg
else
	kout=${GUEST_KOUT:-$BUILD/kernel}
	accel=${ACCEL:-auto}
	[ "$accel" = auto ] && accel=$(head -n1 "$BUILD/guest/accel" 2>/dev/null || echo auto)
fi
kernel_commit=$(kernel_git_commit "$(cat "$kout/.cmabulk-source" 2>/dev/null)")

# The host's facts for a run's meta.json, with the guest's CPUs of this boot.
meta_args() {
	echo "--meta $(sq "series_hash=$series_hash") --meta $(sq "patchset_hash=$patchset_hash")" \
		"${kernel_commit:+--meta $(sq "kernel_git_commit=$kernel_commit")}" \
		"$(host_meta_args "$kout" "$accel" "$BENCH_MEM")"
}

if [ -n "$overhead" ]; then
	id=$(date -u +%Y%m%d-%H%M%S)-overhead
	rel=${RESULTS#"$ROOT"/}
	say "overhead -> $rel/$id (the host's root shared read-only for bpftrace)"
	GUEST_HOSTROOT=1 GUEST_MEM=$BENCH_MEM "$ROOT/scripts/guest.sh" \
		"scripts/guest/hostroot.sh \"cmabulk-bench overhead -o $rel --run-id $id ${OVERHEAD_ARGS:-} $(meta_args)\""
	rc=$?
	[ -f "$RESULTS/$id/report.md" ] || die "overhead: no report (guest status $rc)"
	ln -sfn "$id" "$RESULTS/latest-overhead"
	say "overhead report: $rel/$id/report.md"
	exit $rc
fi

if [ -n "${SWEEP:-}" ]; then
	set -- $scenarios
	[ $# -eq 1 ] || die "a sweep takes one scenario, not '$scenarios'"
	s=$1 key=${SWEEP%%=*} values=${SWEEP#*=}
	# What the user typed, near enough to type again (the sweep's meta.json).
	make_cmd="make sweep SCENARIO=$s SWEEP=$SWEEP${BENCH_ARGS:+ BENCH_ARGS=\"$BENCH_ARGS\"}"
	id=$(date -u +%Y%m%d-%H%M%S)-sweep-$s-$key
	rel=${RESULTS#"$ROOT"/}
	rc=0
	if [ "$key" = guest_smp ]; then
		for v in ${values//,/ }; do
			say "sweep $s: guest_smp=$v -> $rel/$id/guest_smp-$v"
					GUEST_SMP=$v GUEST_MEM=$BENCH_MEM "$ROOT/scripts/guest.sh" \
				"cmabulk-bench sweep $s '$SWEEP' --point $v -o $rel --run-id $id ${BENCH_ARGS:-} $(GUEST_SMP=$v meta_args) --meta 'make_command=$make_cmd'" || rc=1
		done
	else
		say "sweep $s over $key = $values -> $rel/$id (one boot)"
			GUEST_MEM=$BENCH_MEM "$ROOT/scripts/guest.sh" \
			"cmabulk-bench sweep $s '$SWEEP' -o $rel --run-id $id ${BENCH_ARGS:-} $(meta_args) --meta 'make_command=$make_cmd'" || rc=1
	fi
	[ -f "$RESULTS/$id/sweep.json" ] || die "sweep $s: no results"
	(cd "$ROOT" && "$BENCH" report --quiet "$rel/$id") || rc=1
	ln -sfn "$id" "$RESULTS/latest-sweep"
	say "sweep report: $rel/$id/sweep.md"
	exit $rc
fi

rc=0
for s in $scenarios; do
	id=$(date -u +%Y%m%d-%H%M%S)-$s
	rel=${RESULTS#"$ROOT"/}
	say "scenario $s -> $rel/$id (guest RAM $BENCH_MEM)"
	GUEST_MEM=$BENCH_MEM "$ROOT/scripts/guest.sh" "cmabulk-bench run $s -o $rel --run-id $id ${BENCH_ARGS:-} $(meta_args)"
	st=$?
	dir=$RESULTS/$id
	if [ ! -f "$dir/meta.json" ]; then
		say "scenario $s: no results (guest status $st)" >&2
		rc=1
		continue
	fi
	# A guest killed or timed out mid-run leaves "running": nothing to report.
	if grep -q '"status": *"running"' "$dir/meta.json"; then
		say "scenario $s: the guest ended (status $st) before the run did: $rel/$id is unfinished, report and compare refuse it" >&2
		rc=1
		continue
	fi
	(cd "$ROOT" && "$BENCH" report --quiet "$rel/$id") || rc=1
	ln -sfn "$id" "$RESULTS/latest"
	if [ "$st" != 0 ]; then
		say "scenario $s: PARTIAL run (guest status $st): see $rel/$id/meta.json" >&2
		rc=1
	fi
	say "report: $rel/$id/report.md"
done
exit $rc
