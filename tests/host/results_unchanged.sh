#!/bin/bash
# needs: nothing
# arch: x86_64
# The committed results folders still read to the same numbers and
# verdicts: for each, the digest of the report.md (or sweep.md) the bench
# writes again from its data, its farm cases (every number and gate, as
# result.txt lines), and compare's verdicts for each pair of runs of one
# scenario, against tests/golden/results.txt. That file was written by the
# bench before the house was rearranged (a484f7a's code), so a refactor
# that changes what a run reads as fails here, naming the first line.
#
#   tests/host/results_unchanged.sh            check
#   tests/host/results_unchanged.sh --update   write the golden file again
#                                              (after a change meant to alter it)
. "$(dirname "$0")/../lib.sh"
cd "$(dirname "$0")/../.." || exit 1
bench=${CMABULK_BENCH:-$PWD/build/bin/cmabulk-bench}
golden=tests/golden/results.txt
[ -x "$bench" ] || fail "no $bench (make build/bin/cmabulk-bench)"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
cp -r results "$t/"

# Everything the bench reads a folder as, one line per fact, in a fixed order.
describe() (
	local d id scen prev='' b
	cd "$t/results" || exit 1
	for d in */; do
		id=${d%/}
		# The latest-* links of a checkout that ran something: not results.
		[ -L "$id" ] && continue
		[ -f "$id/meta.json" ] || [ -f "$id/sweep.json" ] || continue
		"$bench" report --no-plot -q "$id" >/dev/null 2>&1
		echo "report $id rc=$? $(cat "$id/report.md" "$id/sweep.md" 2>/dev/null | sha256sum | cut -c1-16)"
		[ -f "$id/trials.csv" ] || [ -f "$id/trace.out" ] || continue
		"$bench" export "$id" 2>&1 | sed "s|^|export $id: |"
	done
	# Pairs of runs of one scenario, in date order: the gate's verdicts.
	for d in */; do
		id=${d%/}
		[ -L "$id" ] && continue
		[ -f "$id/trials.csv" ] || continue
		scen=$(sed -n 's/^name *= *//p' "$id/scenario" 2>/dev/null)
		b=${scen:-?}
		if [ -n "$prev" ] && [ "${prev#* }" = "$b" ]; then
			"$bench" compare "${prev%% *}" "$id" 2>&1 | grep -E '^(  )?[a-z-]+ .*(faster|slower|same|unknown|higher|lower)|refus|differ' |
				sed "s|^|compare ${prev%% *} $id: |"
			echo "compare ${prev%% *} $id rc=${PIPESTATUS[0]}"
		fi
		prev="$id $b"
	done
)

describe >"$t/now.txt"
if [ "${1:-}" = --update ]; then
	cp "$t/now.txt" "$golden"
	echo "wrote $golden: $(wc -l <"$golden") lines"
	exit 0
fi
[ -s "$t/now.txt" ] || fail "the bench described no folder"
n=$(grep -c '^report ' "$t/now.txt")
[ "$n" -ge 20 ] || fail "only $n folders described"
if ! diff -u "$golden" "$t/now.txt" >"$t/diff"; then
	fail "$(grep -c '^[-+][a-z]' "$t/diff") lines differ from $golden, first: $(grep -m1 '^[-+][a-z]' "$t/diff")"
fi
echo "results_unchanged: $n folders, $(wc -l <"$golden") facts as before"
