#!/bin/bash
# Which commit made it slower: git bisect run between a good and a bad
# revision, with make ab's gate (scripts/ab.sh: GOOD's kernel against the
# step's, A B B A boots) as the test of each step.
#
#   scripts/bisect.sh GOOD BAD SCENARIO   (what make bisect GOOD=... BAD=... runs)
#
# What is bisected:
#   - by default the series: revisions of this repository (or of the git
#     repository BISECT_REPO), each step's kernel built from its
#     kernel-patch/ (only commits that change kernel-patch/ are steps);
#   - with BISECT_KTREE=/path/to/linux, a kernel git tree: each step is
#     the tree at that commit, built as it is, or with the series folder
#     BISECT_SERIES applied on top (a step it does not apply to is skipped).
#
# First GOOD against BAD: the bisection starts only if the gate calls BAD a
# regression. A step whose kernel is GOOD's (the same series) is good
# without a run. A step that does not build or boot, or whose verdict is
# undecided, is skipped (git bisect's 125). Kernels are built one at a
# time, with ccache, in make ab's folders (build/ab/<id>), so a kernel
# named twice is built once.
#
# Environment: what scripts/ab.sh takes (AB_ARGS, AB_ROUNDS, AB_METRIC,
# AB_THRESHOLD, ACCEL), BISECT_REPO, BISECT_KTREE, BISECT_SERIES, RESULTS.
# Output: RESULTS/<date>-bisect-SCENARIO/: bisect.md (each step's verdict
# and interval, the first bad commit), bisect.log (git bisect log), steps/
# (each step's A/B folder).
# Exit status: 0 the first bad commit named; 1 no single commit (skipped
# steps left a range); 2 bad input or no regression from GOOD to BAD.
set -u -o pipefail
TAG=bisect
DIE_STATUS=2
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

# --- A step, run by git bisect run inside the scratch clone ----------------
# Its verdict goes to steps.tsv: commit, verdict, why, A/B folder.
if [ "${1:-}" = --step ]; then
	work=$BISECT_WORK
	# The commit to judge: git bisect's (started --no-checkout: nothing is
	# checked out in the scratch clone), or BAD's for the first check.
	rev=${BISECT_REV:-$(git rev-parse BISECT_HEAD)} || exit 125
	n=$(($(wc -l <"$work/steps.tsv") + 1))
	subject=$(git log -1 --format=%s "$rev" | tr '\t' ' ' | cut -c1-72)
	# Tabs between fields, never an empty one: read would merge two tabs.
	record() { printf '%s\t%s\t%s\t%s\t%s\n' "$rev" "$1" "$2" "${3:--}" "${subject:--}" >>"$work/steps.tsv"; }
	if [ -n "${BISECT_KTREE:-}" ]; then
		# A tree of its own per step: make ab's build of a tree is keyed by
		# its path, and its build tree links the files it had at first.
		step=$work/trees/${rev:0:12}
		rm -rf "$step"
		git worktree add -q --detach "$step" "$rev" >/dev/null 2>&1 || {
			record skip "cannot check it out"
			exit 125
		}
		if [ -n "${BISECT_SERIES:-}" ]; then
			while read -r p; do
				git -C "$step" apply --index "$BISECT_SERIES/$p" 2>/dev/null || {
					git worktree remove --force "$step"
					record skip "the series does not apply ($p)"
					say "step $n ${rev:0:12}: skip (the series does not apply)"
					exit 125
				}
			done < <(grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$BISECT_SERIES/series")
		fi
	else
		step=$work/series/${rev:0:12}
		rm -rf "$step" && mkdir -p "$step" &&
			git archive "$rev" kernel-patch | tar -x -C "$step" --strip-components=1 2>/dev/null
		if [ ! -f "$step/series" ]; then
			record skip "no kernel-patch/series at this commit"
			exit 125
		fi
		if [ "$(series_id "$step")" = "$(cat "$work/good.id")" ]; then
			record good "the same kernel as GOOD: no run"
			say "step $n ${rev:0:12}: good (the same kernel as GOOD)"
			exit 0
		fi
	fi
	say "step $n ${rev:0:12} $subject: GOOD against it"
	RESULTS=$work/steps "$ROOT/scripts/ab.sh" "$(cat "$work/good.spec")" "$step" "$BISECT_SCENARIO" >"$work/step-$n.log" 2>&1
	rc=$?
	ab=$(readlink "$work/steps/latest-ab" 2>/dev/null)
	[ -n "${BISECT_KTREE:-}" ] && git worktree remove --force "$step"
	case $rc in
	0) record good "no regression" "$ab" ;;
	1) record bad "regression" "$ab" ;;
	3) record skip "undecided" "$ab" ;;
	*) record skip "did not build or boot: $(grep -m1 'error:' "$work/step-$n.log" | cut -c1-120)" ;;
	esac
	say "step $n ${rev:0:12}: $(tail -n 1 "$work/steps.tsv" | cut -f2,3 | tr '\t' ' ')"
	case $rc in 0) exit 0 ;; 1) exit 1 ;; *) exit 125 ;; esac
fi

# --- The bisection ---------------------------------------------------------
[ $# -eq 3 ] || die "usage: scripts/bisect.sh GOOD BAD SCENARIO (make bisect GOOD=... BAD=... SCENARIO=...)"
good=$1 bad=$2 scenario=$3
RESULTS=${RESULTS:-results}
case $RESULTS in /*) ;; *) RESULTS=$ROOT/$RESULTS ;; esac
case $RESULTS in "$ROOT"/*) ;; *) die "RESULTS=$RESULTS must be inside the project (the guest sees only that)" ;; esac
[ -f "$ROOT/bench/scenarios/$scenario" ] || die "no scenario '$scenario' (have: $(ls "$ROOT/bench/scenarios" | tr '\n' ' '))"
if [ -n "${BISECT_KTREE:-}" ]; then
	src=$BISECT_KTREE what="kernel tree $BISECT_KTREE" paths=()
	[ -f "$src/Makefile" ] && [ -f "$src/mm/cma.c" ] || die "BISECT_KTREE=$src: not a Linux source tree"
	if [ -n "${BISECT_SERIES:-}" ]; then
		BISECT_SERIES=$(cd "$BISECT_SERIES" 2>/dev/null && pwd) && [ -f "$BISECT_SERIES/series" ] ||
			die "BISECT_SERIES=${BISECT_SERIES}: not a series folder (with a series file)"
		what="$what with the series $BISECT_SERIES on top"
	fi
else
	src=${BISECT_REPO:-$ROOT} what="the series (kernel-patch/) of $src" paths=(-- kernel-patch)
fi
git -C "$src" rev-parse -q --git-dir >/dev/null 2>&1 || die "$src: not a git repository"
good_rev=$(git -C "$src" rev-parse --verify -q "$good^{commit}") || die "GOOD=$good: not a revision of $src"
bad_rev=$(git -C "$src" rev-parse --verify -q "$bad^{commit}") || die "BAD=$bad: not a revision of $src"
git -C "$src" merge-base --is-ancestor "$good_rev" "$bad_rev" || die "GOOD=$good is not an ancestor of BAD=$bad"
[ "$good_rev" != "$bad_rev" ] || die "GOOD and BAD are the same commit"

id=$(date -u +%Y%m%d-%H%M%S)-bisect-$scenario
out=$RESULTS/$id rel=${out#"$ROOT"/}
work=$out/work
mkdir -p "$work/steps" "$work/series" || die "cannot create $out"
: >"$work/steps.tsv"
clone=$work/clone
# A scratch clone: the user's checkout and its bisect state stay as they are.
cleanup() {
	[ -d "$clone" ] && git -C "$clone" bisect reset >/dev/null 2>&1
	rm -rf "$clone" "$work/good-tree" "$work/series" "$work/trees"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
git clone -q --shared --no-checkout "$src" "$clone" || die "cannot clone $src"

# GOOD as make ab's A: a series folder, or the tree checked out aside.
if [ -n "${BISECT_KTREE:-}" ]; then
	git clone -q --shared --no-checkout "$src" "$work/good-tree" &&
		git -C "$work/good-tree" checkout -q "$good_rev" || die "cannot check out GOOD"
	if [ -n "${BISECT_SERIES:-}" ]; then
		while read -r p; do
			git -C "$work/good-tree" apply --index "$BISECT_SERIES/$p" || die "the series does not apply to GOOD ($p)"
		done < <(grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$BISECT_SERIES/series")
	fi
	echo "$work/good-tree" >"$work/good.spec"
	: >"$work/good.id"
else
	mkdir -p "$work/good-series" &&
		git -C "$src" archive "$good_rev" kernel-patch | tar -x -C "$work/good-series" --strip-components=1 ||
		die "GOOD=$good: cannot export its kernel-patch/"
	[ -f "$work/good-series/series" ] || die "GOOD=$good: no kernel-patch/series at that revision"
	echo "$work/good-series" >"$work/good.spec"
	series_id "$work/good-series" >"$work/good.id"
fi
n_revs=$(git -C "$src" rev-list --count "$good_rev..$bad_rev" "${paths[@]}")
say "$what: ${good_rev:0:12}..${bad_rev:0:12}, $n_revs commits to bisect; $scenario, gate of make ab (AB_ARGS='${AB_ARGS:-}')"

# 1. The endpoints: is BAD a regression against GOOD at all?
t0=$SECONDS
(cd "$clone" && BISECT_REV=$bad_rev BISECT_WORK=$work BISECT_SCENARIO=$scenario "$ROOT/scripts/bisect.sh" --step)
rc=$?
verdict=$(tail -n 1 "$work/steps.tsv" | cut -f2,3 | tr '\t' ' ')
case $rc in
1) ;;
0) die "no regression from GOOD to BAD ($verdict, $rel): nothing to bisect" ;;
*) die "GOOD against BAD: $verdict ($rel): nothing to bisect on" ;;
esac

# 2. The bisection, BAD's verdict given.
export BISECT_WORK=$work BISECT_SCENARIO=$scenario BISECT_KTREE=${BISECT_KTREE:-} BISECT_SERIES=${BISECT_SERIES:-}
git -C "$clone" bisect start --no-checkout "$bad_rev" "$good_rev" "${paths[@]}" >/dev/null || die "git bisect start failed"
(cd "$clone" && git bisect run "$ROOT/scripts/bisect.sh" --step) >"$work/bisect-run.log" 2>&1
git -C "$clone" bisect log >"$out/bisect.log" 2>/dev/null
first=$(sed -n 's/^\([0-9a-f]\{40\}\) is the first bad commit$/\1/p' "$work/bisect-run.log")
rc=0
[ -n "$first" ] || rc=1

# 3. The report.
{
	echo "# make bisect: $scenario"
	echo
	echo "- $what"
	echo "- GOOD ${good_rev:0:12} ($(git -C "$src" log -1 --format=%s "$good_rev" | cut -c1-72)), BAD ${bad_rev:0:12} ($(git -C "$src" log -1 --format=%s "$bad_rev" | cut -c1-72)): $n_revs commits"
	echo "- each step: make ab's gate, GOOD's kernel (A) against the step's (B), AB_ARGS='${AB_ARGS:-}', AB_ROUNDS=${AB_ROUNDS:-2}, ACCEL=${ACCEL:-icount}; $(fmt_secs $((SECONDS - t0))) in all"
	echo
	if [ -n "$first" ]; then
		echo "**First bad commit: ${first:0:12} $(git -C "$src" log -1 --format=%s "$first")**"
	else
		echo "**No single first bad commit** (skipped steps leave a range: bisect.log)"
	fi
	echo
	echo "| step | commit | subject | verdict | why | B/A median [95% interval] per strategy |"
	echo "| ---: | --- | --- | --- | --- | --- |"
	i=0
	while IFS=$'\t' read -r rev v why ab subject; do
		ratios=-
		if [ "$ab" != - ] && [ -f "$work/steps/$ab/compare.txt" ]; then
			ratios=$(awk '$2 == "B/A" && $3 == "med" { printf "%s%s %s %s %s %s", sep, $1, $4, $5, $6, $7; sep = "; " }' "$work/steps/$ab/compare.txt")
			why="$why ([A/B](work/steps/$ab/ab.md))"
		fi
		label=$i
		[ $i -eq 0 ] && label="BAD"
		i=$((i + 1))
		echo "| $label | ${rev:0:12} | $subject | $v | $why | $ratios |"
	done <"$work/steps.tsv"
} >"$out/bisect.md"
ln -sfn "$id" "$RESULTS/latest-bisect"
cat "$out/bisect.md"
say "report: $rel/bisect.md"
exit $rc
