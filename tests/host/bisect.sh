#!/bin/bash
# needs: two-kernels
# arch: x86_64
# test-timeout: 1500
# make bisect on a small history of the series made here: c0 the series,
# c1 a cover letter edit (the same kernel), c2 tests/ab/slow-fast.patch
# added (250 us more per FAST window), c3 another cover letter edit, c4 a
# file outside kernel-patch/. GOOD=c0 BAD=c4 names c2 and no other, each
# step with its verdict; a range with no regression, a revision that is
# not one and a BAD before GOOD are one line and exit 2; the user's
# repository is left without bisect state and no guest is left running.
. "$(dirname "$0")/../lib.sh"
repo=${BUILD:-$ROOT/build}/tests/bisect-repo res=build/tests/bisect-results
rm -rf "$repo" "$res"
mkdir -p "$repo" && git -C "$repo" init -q && cp -r kernel-patch "$repo/" || fail "cannot make $repo"
commit() { git -C "$repo" add -A && git -C "$repo" -c user.name=t -c user.email=t@example.invalid commit -q -m "$1" || fail "commit $1"; }
commit "c0: the series"
echo "A word more." >>"$repo/kernel-patch/0000-cover-letter.patch" && commit "c1: cover letter, a word"
cp tests/ab/slow-fast.patch "$repo/kernel-patch/9999-test-slow-fast.patch" &&
	echo 9999-test-slow-fast.patch >>"$repo/kernel-patch/series" && commit "c2: FAST 250 us slower per window"
echo "Another word." >>"$repo/kernel-patch/0000-cover-letter.patch" && commit "c3: cover letter, another word"
echo notes >"$repo/NOTES" && commit "c4: notes, outside the series"
rev() { git -C "$repo" log --format=%H --grep="^$1:" -1; }

# 1. The bisection.
# One boot per kernel (A B): FAST 250 us slower a window is no subtle change.
out=$(BISECT_REPO=$repo RESULTS=$res AB_ROUNDS=1 AB_ARGS='-s fast,normal -n 6' make -s bisect GOOD="$(rev c0)" BAD="$(rev c4)" SCENARIO=quick 2>&1)
rc=$?
[ $rc -eq 0 ] || fail "make bisect exited $rc: $(echo "$out" | tail -n 5)"
report=$res/latest-bisect/bisect.md
[ -f "$report" ] || fail "no $report"
grep -q "^\*\*First bad commit: $(rev c2 | cut -c1-12) c2: FAST 250 us slower per window\*\*$" "$report" ||
	fail "the first bad commit is not c2: $(grep 'irst bad' "$report")"
# Every step's verdict: BAD (c4) a regression, then c1 and c2 or c3.
rows=$(grep -E '^\| (BAD|[0-9]+) \|' "$report")
echo "$rows" | grep -q "^| BAD | $(rev c4 | cut -c1-12) | .* | bad | regression" || fail "BAD's row: $rows"
echo "$rows" | grep -q "| $(rev c2 | cut -c1-12) | .* | bad | regression .*fast [0-9.]* \[[0-9., ]*\] slower |" ||
	fail "c2 was not measured a FAST regression: $rows"
if echo "$rows" | grep -q "| $(rev c1 | cut -c1-12) |"; then
	echo "$rows" | grep -q "| $(rev c1 | cut -c1-12) | .* | good | the same kernel as GOOD: no run |" || fail "c1's row: $rows"
fi
echo "$rows" | grep -q "$(rev c0 | cut -c1-12)" && fail "GOOD itself was a step: $rows"
echo "$rows" | grep -q "| skip |" && fail "a step was skipped: $rows"
grep -q "$(rev c2)" "$res/latest-bisect/bisect.log" || fail "no git bisect log"
[ -z "$(git -C "$repo" for-each-ref refs/bisect)" ] || fail "the repository was left bisecting"
[ ! -d "$res/latest-bisect/work/clone" ] || fail "the scratch clone was left"
pgrep -f "qemu-system-x86_64.*bisect" >/dev/null && fail "a guest was left running"

# 2. Bad input: one line, exit 2, no run.
bad() {
	local want=$1
	shift
	out=$(BISECT_REPO=$repo RESULTS=$res "$@" 2>&1)
	rc=$?
	[ $rc -eq 2 ] || fail "$*: exit $rc, want 2: $out"
	[ "$(echo "$out" | grep -c 'error:')" -eq 1 ] && echo "$out" | grep -q "$want" || fail "$*: $out (want '$want')"
}
bad "no regression from GOOD to BAD" scripts/bisect.sh "$(rev c0)" "$(rev c1)" quick
bad "GOOD=nothing-here: not a revision" scripts/bisect.sh nothing-here "$(rev c4)" quick
bad "is not an ancestor of BAD" scripts/bisect.sh "$(rev c4)" "$(rev c0)" quick
bad "no scenario 'nope'" scripts/bisect.sh "$(rev c0)" "$(rev c4)" nope
out=$(make -s bisect GOOD="$(rev c0)" 2>&1)
[ $? -ne 0 ] && echo "$out" | grep -q "give GOOD=... and BAD=..." || fail "make bisect without BAD: $out"
echo "bisect: c2 named in $(grep -c '^| [0-9B]' "$report") steps ($report)"
