#!/bin/bash
# cmabulk-bench report and compare on results folders that are not right:
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

d=$(copy foreign)
sed -i 's/"cmabulk-bench-meta"/"cmabulk-trace"/' "$d/meta.json"
expect_refused "$d/meta.json is not cmabulk-bench metadata (schema 'cmabulk-trace')" $bench report "$d"

d=$(copy status)
sed -i 's/"status": "complete"/"status": 1/' "$d/meta.json"
expect_refused "$d/meta.json: status is not a string" $bench compare "$ref" "$d"

d=$(copy column)
sed -i '1s/^seq,/colour,/' "$d/trials.csv"
expect_refused "$d/trials.csv: unknown column 'colour' (not in bench/trials.h)" $bench report "$d"

d=$(copy ragged)
sed -i '3s/$/,1/' "$d/trials.csv"
expect_refused "$d/trials.csv:3:" $bench compare "$ref" "$d"
true
