#!/bin/bash
# A regression run across two kernels: build A and B (one after the
# other, a kernel once however often it is named), boot them in turn with
# the scenario's trials shared out over the boots (A B B A ...: a drift of
# the host over the run falls on both), merge each kernel's boots into one
# run and print the gate: cmabulk-bench compare A B.
#
#   scripts/ab.sh A B SCENARIO      (what make ab A=... B=... SCENARIO=... runs)
#
# A and B are each
#   - a folder with a `series` file and its patches (kernel-patch, or a copy
#     with a patch added): built on the Debian version its base-version names;
#   - a revision of this repository (HEAD~3, a tag, a commit): its
#     kernel-patch/, exported, built as above;
#   - a Linux 6.12 source tree (Makefile, mm/cma.c), built as it is.
# A side whose series is the tree's own kernel-patch is the kernel 'make'
# builds (build/kernel): nothing to build for A=B=kernel-patch.
#
# Environment: AB_ROUNDS (2: boots per kernel), AB_ARGS (cmabulk-bench run
# options, e.g. "-s fast,normal"; -n N is the trials per kernel, shared out),
# AB_METRIC (latency), AB_THRESHOLD (10, percent), A_BASE / B_BASE (a Debian
# linux-source-6.12 version for a series that names none), ACCEL (icount:
# guest time is instructions, so the kernels' difference is not lost in the
# emulator's noise; tcg measures wall time), RESULTS (results), and what
# scripts/guest.sh takes. Output: RESULTS/<date>-ab-SCENARIO/ with a1 b1 b2
# a2 ... (each boot's run), A and B (merged), compare.txt, ab.md.
# Exit status: compare's: 0 no regression, 1 a regression, 3 undecided; 2 bad input.
set -u -o pipefail
TAG=ab
# Exit 1 is compare's "regression": any error of ours, input or setup, is 2.
DIE_STATUS=2
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3

[ $# -eq 3 ] || die "usage: scripts/ab.sh A B SCENARIO (make ab A=... B=... SCENARIO=...)"
ROUNDS=${AB_ROUNDS:-2} METRIC=${AB_METRIC:-latency} THRESHOLD=${AB_THRESHOLD:-10}
RESULTS=${RESULTS:-results} BENCH_MEM=${BENCH_MEM:-1G}
export ACCEL=${ACCEL:-icount}
case $ROUNDS in *[!0-9]* | '' | 0) die "AB_ROUNDS=$ROUNDS: want a number of boots per kernel" ;; esac
[ "${GUEST_ARCH:-x86_64}" = x86_64 ] || die "make ab: x86_64 guests only for now (GUEST_ARCH=$GUEST_ARCH)"
BENCH=$BUILD/bin/cmabulk-bench
[ -x "$BENCH" ] || die "no $BENCH: run 'make tools'"
scenario=$3
[ -f "$ROOT/bench/scenarios/$scenario" ] || die "no scenario '$scenario' (have: $(ls "$ROOT/bench/scenarios" | tr '\n' ' '))"
case $RESULTS in /*) ;; *) RESULTS=$ROOT/$RESULTS ;; esac
case $RESULTS in "$ROOT"/*) ;; *) die "RESULTS=$RESULTS must be inside the project (the guest sees only that)" ;; esac

# The trials per kernel: -n in AB_ARGS, else the scenario's; the rest of
# AB_ARGS goes to every boot.
trials='' args=()
read -r -a words <<<"${AB_ARGS:-}"
for ((i = 0; i < ${#words[@]}; i++)); do
	case ${words[i]} in
	-n | --trials) trials=${words[i + 1]:-}; i=$((i + 1)) ;;
	--trials=*) trials=${words[i]#--trials=} ;;
	-o | --results | --run-id | --until-decided) die "AB_ARGS: ${words[i]} is make ab's to set" ;;
	*) args+=("${words[i]}") ;;
	esac
done
# The scenario's trials, as the bench reads the scenario.
[ -n "$trials" ] || trials=$(CMABULK_SCENARIOS=$ROOT/bench/scenarios "$BUILD/bin/cmabulk-bench" keys "$scenario" trials) ||
	die "cannot read the scenario '$scenario' (make tools builds cmabulk-bench)"
trials=${trials:-5}
case $trials in *[!0-9]* | '' | 0) die "AB_ARGS: -n $trials is not a number of trials" ;; esac
per_boot=$(((trials + ROUNDS - 1) / ROUNDS))

# --- 1. Each side: a series folder (and base) or a source tree, and an id.
ab_dir=$BUILD/ab
mkdir -p "$ab_dir/series"
# side_resolve NAME SPEC BASE: sets SERIES KSRC_DIR LABEL ID for the side.
side_resolve() {
	local name=$1 spec=$2 base=$3 rev files
	KSRC_DIR='' SERIES=''
	if [ -d "$spec" ] && [ -f "$spec/series" ]; then
		SERIES=$(cd "$spec" && pwd) LABEL="series $spec"
	elif [ -d "$spec" ] && [ -f "$spec/Makefile" ] && [ -f "$spec/mm/cma.c" ]; then
		KSRC_DIR=$(cd "$spec" && pwd) LABEL="tree $spec"
		SERIES=$ab_dir/series/empty
		mkdir -p "$SERIES" && : >"$SERIES/series"
	elif rev=$(git -C "$ROOT" rev-parse --verify -q "$spec^{commit}" 2>/dev/null); then
		SERIES=$ab_dir/series/${rev:0:12}
		if [ ! -f "$SERIES/series" ]; then
			rm -rf "$SERIES.tmp" && mkdir -p "$SERIES.tmp" &&
				git -C "$ROOT" archive "$rev" kernel-patch | tar -x -C "$SERIES.tmp" --strip-components=1 &&
				mv "$SERIES.tmp" "$SERIES" || die "$name=$spec: cannot export kernel-patch/ at $rev"
		fi
		[ -f "$SERIES/series" ] || die "$name=$spec: revision ${rev:0:12} has no kernel-patch/series"
		LABEL="series at $(git -C "$ROOT" log -1 --format='%h %s' "$rev" | cut -c1-72)"
	else
		die "$name=$spec: not a series folder (with a series file), a Linux source tree or a revision of this repository"
	fi
	if [ -n "$base" ]; then
		[ -z "$KSRC_DIR" ] || die "${name}_BASE: a source tree is built as it is"
		# A copy of the series naming the base, so the original stays as it is.
		files=$ab_dir/series/$(hash_of "$SERIES" "$base")
		rm -rf "$files" && cp -r "$SERIES" "$files" && echo "$base" >"$files/base-version" ||
			die "cannot copy $SERIES"
		SERIES=$files LABEL="$LABEL on $base"
	fi
	ID=$(series_id "$SERIES" "$KSRC_DIR")
}

# The kernel build folder of a side: the main one when it is the same series.
main_id=$(series_id "$ROOT/kernel-patch" "")
side_kout() {
	if [ "$1" = "$main_id" ]; then echo "$BUILD/kernel"; else echo "$ab_dir/$1/kernel"; fi
}

side_build() {
	local id=$1 series=$2 ksrc=$3 kout frags f
	kout=$(side_kout "$id")
	# The side's own config fragments when its series has them.
	frags=
	for f in cmabulk.config x86_64.config; do
		if [ -f "$series/$f" ]; then frags="$frags $series/$f"; else frags="$frags $ROOT/kernel-patch/$f"; fi
	done
	if [ "$kout" = "$BUILD/kernel" ]; then
		KOUT=$kout "$ROOT/scripts/kernel.sh" build || exit 2
	else
		# Other sources stay: the main tree's must not be taken away.
		SERIES_DIR=$series KTREE=$ab_dir/$id/linux KOUT=$kout KCONFIG_FRAGMENTS="${frags# }" \
			BASE_VERSION_FILE=$series/base-version CMABULK_KEEP_SOURCES=1 KSRC=$ksrc \
			ARCH=x86_64 "$ROOT/scripts/kernel.sh" build || exit 2
	fi
}

side_resolve A "$1" "${A_BASE:-}"
A_SERIES=$SERIES A_KSRC=$KSRC_DIR A_LABEL=$LABEL A_ID=$ID
side_resolve B "$2" "${B_BASE:-}"
B_SERIES=$SERIES B_KSRC=$KSRC_DIR B_LABEL=$LABEL B_ID=$ID
say "A: $A_LABEL ($A_ID)"
say "B: $B_LABEL ($B_ID)$([ "$A_ID" = "$B_ID" ] && echo ': the same kernel as A')"

# --- 2. The kernels, one build at a time.
side_build "$A_ID" "$A_SERIES" "$A_KSRC"
[ "$B_ID" = "$A_ID" ] || side_build "$B_ID" "$B_SERIES" "$B_KSRC"

# --- 3. The boots: A B, B A, A B, ... each with its share of the trials.
id=$(date -u +%Y%m%d-%H%M%S)-ab-$scenario
out=$RESULTS/$id rel=${RESULTS#"$ROOT"/}/$id
mkdir -p "$out" || die "cannot create $out"
git_rev=$(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo unknown)
runs_a=() runs_b=()
rc_boot=0
for ((r = 1; r <= ROUNDS; r++)); do
	order="A B"
	[ $((r % 2)) -eq 0 ] && order="B A"
	for side in $order; do
		if [ "$side" = A ]; then kid=$A_ID; else kid=$B_ID; fi
		run=$(echo "$side" | tr AB ab)$r
		say "round $r/$ROUNDS: kernel $side, $per_boot trials per strategy -> $rel/$run"
		GUEST_KOUT=$(side_kout "$kid") GUEST_MEM=$BENCH_MEM "$ROOT/scripts/guest.sh" \
			"cmabulk-bench run $scenario -q -o $rel --run-id $run -n $per_boot ${args[*]:-} --meta 'ab_side=$side' --meta 'ab_kernel=$kid' --meta 'series_hash=$kid' $(host_meta_args "$(side_kout "$kid")" "$ACCEL" "$BENCH_MEM")" ||
			rc_boot=1
		[ -f "$out/$run/meta.json" ] || die "boot $run left no results (guest log above)"
		if [ "$side" = A ]; then runs_a+=("$out/$run"); else runs_b+=("$out/$run"); fi
	done
done

# --- 4. Each kernel's boots as one run, then the gate.
"$BENCH" merge -o "$out/A" "${runs_a[@]}" && "$BENCH" merge -o "$out/B" "${runs_b[@]}" || die "merging the boots failed"
"$BENCH" compare "$out/A" "$out/B" -m "$METRIC" -t "$THRESHOLD" >"$out/compare.txt" 2>&1
rc=$?
# The kernel release a merged run's meta.json names.
release() {
	"$PY" -c 'import json, sys; print(json.load(open(sys.argv[1])).get("kernel_release", ""))' "$1/meta.json" 2>/dev/null
}
{
	echo "# make ab: $scenario, A against B"
	echo
	echo "- A: $A_LABEL (kernel $A_ID, $(release "$out/A"))"
	echo "- B: $B_LABEL (kernel $B_ID, $(release "$out/B"))"
	echo "- $ROUNDS boots per kernel (A B, B A, ...), $per_boot trials per strategy each, ACCEL=$ACCEL; tools $git_rev"
	echo "- gate: cmabulk-bench compare A B -m $METRIC -t $THRESHOLD: exit $rc ($(case $rc in 0) echo 'no regression' ;; 1) echo REGRESSION ;; 3) echo undecided ;; *) echo error ;; esac))"
	echo
	echo '```'
	cat "$out/compare.txt"
	echo '```'
} >"$out/ab.md"
cat "$out/compare.txt"
# How this A/B was made, for the folder's readers: JSON written by json,
# so any A, B or AB_ARGS (quotes, backslashes) stays a valid string.
write_meta() {
	"$PY" - "$@" >"$out/meta.json.tmp" <<'PY' && mv "$out/meta.json.tmp" "$out/meta.json"
import json, sys
keys = ["scenario", "a", "b", "a_kernel_id", "b_kernel_id", "rounds", "trials_per_boot",
        "ab_args", "accelerator", "tools_git", "metric", "threshold_pct", "exit"]
v = dict(zip(keys, sys.argv[1:]))
def number(text):
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text
meta = {"schema": "cmabulk-ab-meta", "version": 1}
for k in keys[:5]:
    meta[k] = v[k]
meta["rounds"] = int(v["rounds"])
meta["trials_per_boot"] = int(v["trials_per_boot"])
for k in ("ab_args", "accelerator", "tools_git"):
    meta[k] = v[k]
meta["gate"] = {"metric": v["metric"], "threshold_pct": number(v["threshold_pct"]), "exit": int(v["exit"])}
json.dump(meta, sys.stdout, indent=2)
print()
PY
}
write_meta "$scenario" "$1" "$2" "$A_ID" "$B_ID" "$ROUNDS" "$per_boot" "${args[*]:-}" "$ACCEL" "$git_rev" \
	"$METRIC" "$THRESHOLD" "$rc" || { rm -f "$out/meta.json.tmp"; warn "cannot write $out/meta.json"; }
ln -sfn "$id" "$RESULTS/latest-ab"
say "A/B: ${rel}/ab.md"
[ $rc_boot -eq 0 ] || warn "a boot's run was partial (see its meta.json)"
exit $rc
