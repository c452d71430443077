#!/bin/bash
# needs: nothing
# arch: x86_64
# cmabulk-bench report, compare, export and merge on results folders that are not right:
# a copy of a committed run with its meta.json cut short, missing, of
# another schema or of the wrong type, or a trials.csv with an unknown or
# ragged row. Each is refused with one clear line and exit 2; the copy as
# it is still reports.
. "$(dirname "$0")/../lib.sh"
bench=build/bin/cmabulk-bench
ref=results/20261126-032613-idle
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT

# expect_refused "substring" cmd...: exit 2, one line on stderr, saying substring.
expect_refused() {
	local want=$1 err rc=0
	shift
	err=$("$@" 2>&1 >/dev/null) || rc=$?
	assert_eq "$rc" 2 "exit status of '$*'"
	assert_eq "$(echo "$err" | wc -l)" 1 "lines on stderr of '$*' ($err)"
	echo "$err" | grep -qF -- "$want" || fail "'$*' said '$err', expected '$want'"
}

copy() {
	rm -rf "${t:?}/$1"
	cp -r "$ref" "$t/$1"
	echo "$t/$1"
}

d=$(copy ok)
$bench report "$d" >/dev/null || fail "report of a copy of $ref failed"
grep -q '^| fast |' "$d/report.md" || fail "no fast row in the report of the copy"

d=$(copy truncated)
head -c 200 "$ref/meta.json" >"$d/meta.json"
expect_refused "$d/meta.json: not JSON: byte 200: the document ends too early" $bench report "$d"
expect_refused "$d/meta.json: not JSON: byte 200" $bench compare "$ref" "$d"

d=$(copy missing)
rm "$d/meta.json"
expect_refused "$d is not a cmabulk-bench results folder (no meta.json)" $bench report "$d"
expect_refused "$d is not a cmabulk-bench results folder (no meta.json)" $bench compare "$d" "$ref"

# broken NAME FILE SED-EXPRESSION WANT report|compare: a copy with FILE edited, refused.
broken() {
	local d=$t/$1
	copy "$1" >/dev/null
	sed -i "$3" "$d/$2"
	if [ "$5" = report ]; then
		expect_refused "$4" $bench report "$d"
	else
		expect_refused "$4" $bench compare "$ref" "$d"
	fi
}
broken foreign meta.json 's/"cmabulk-bench-meta"/"cmabulk-trace"/' \
	"$t/foreign/meta.json is not cmabulk-bench metadata (schema 'cmabulk-trace')" report
broken status meta.json 's/"status": "complete"/"status": 1/' \
	"$t/status/meta.json: status is not a string" compare
broken column trials.csv '1s/^seq,/colour,/' \
	"$t/column/trials.csv: unknown column 'colour' (not in bench/core/trials.h)" report
broken ragged trials.csv '3s/$/,1/' "$t/ragged/trials.csv:3:" compare

# export and merge: the same refusals, and their own bad input.
expect_refused "$t/missing is not a cmabulk-bench results folder (no meta.json)" $bench export "$t/missing"
expect_refused "$t/truncated/meta.json: not JSON" $bench export --kcidb "$t/truncated"
expect_refused "gate 'fast>normal': want S<A" $bench export --gate 'fast>normal' "$ref"
expect_refused "gate 'fast<nope': unknown strategy" $bench export --gate 'fast<nope' "$ref"
expect_refused "--origin 'My Lab': KCIDB wants lower-case letters" $bench export --kcidb --origin 'My Lab' "$ref"
expect_refused "--git-commit 'abc': want the full 40-digit" $bench export --kcidb --git-commit abc "$ref"
expect_refused "cannot write $t/no/such/dir/out.txt" $bench export -o "$t/no/such/dir/out.txt" "$ref"
expect_refused "merge needs -o DIR" $bench merge "$ref"
expect_refused "and $ref are not one scenario: fill_pct differs" $bench merge -o "$t/m1" results/20261126-033021-pinned "$ref"
expect_refused "cannot create $t/ok" $bench merge -o "$t/ok" "$ref"
[ ! -e "$t/m1" ] || fail "a refused merge left $t/m1"
# The committed run exported: one gate, the default, and no gate at all.
n=$($bench export "$ref" | grep -c -- '-gate ')
assert_eq "$n" 1 "gate cases of a default export"
n=$($bench export --gate none "$ref" | grep -c -- '-gate ')
assert_eq "$n" 0 "gate cases with --gate none"
$bench merge -o "$t/m2" "$ref" "$ref" || fail "merging a run with itself failed"
assert_eq "$(($(wc -l <"$t/m2/trials.csv") - 1))" "$((2 * ($(wc -l <"$ref/trials.csv") - 1)))" "rows of a run merged with itself"
