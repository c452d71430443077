#!/bin/bash
# needs: nothing
# arch: x86_64
# compare with three runs (issue 32's N-way comparison), on a committed
# run: A (results/20261205-025726-pinned), A again (a copy), and B (a copy
# whose latencies, wall clock and kernel, are 1.3 times A's). For FAST and
# fast-normal (the strategies that run decides against itself: NORMAL's
# CV there is 16%) run 2 is the same as run 1 and as its previous, run 3
# slower than both: same/same/slower, exit 1; each verdict is the one the
# 2-way compare gives that pair; A and A again alone exit 0. -o writes
# trend.md with a table and a plot per strategy.
. "$(dirname "$0")/../lib.sh"
bench=build/bin/cmabulk-bench
src=results/20261205-025726-pinned
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
[ -x "$bench" ] || fail "no $bench (make check builds it)"
cp -r "$src" "$t/A"
cp -r "$src" "$t/A2"
cp -r "$src" "$t/B"
python3 - "$t/B/trials.csv" <<'PY' || fail "cannot slow B down"
import csv, sys
p = sys.argv[1]
rows = list(csv.reader(open(p)))
for col in ("wall_ns", "kernel_ns"):
    i = rows[0].index(col)
    for r in rows[1:]:
        r[i] = str(round(int(r[i]) * 1.3))
csv.writer(open(p, "w", newline=""), lineterminator="\n").writerows(rows)
PY

rc=0
out=$("$bench" compare "$t/A" "$t/A2" "$t/B" -s fast,fast-normal -o "$t/trend") || rc=$?
assert_eq "$rc" 1 "exit status of A, A again, B"
echo "$out" | grep -q '^result: REGRESSION: 2 of 4 steps worse than run 1 (fast run 3, fast-normal run 3)$' ||
	fail "no REGRESSION line naming run 3: $(echo "$out" | tail -n 1)"
# The verdicts, against run 1 and against the previous run, per strategy.
for s in fast fast-normal; do
	got=$(echo "$out" | awk -v s="$s" '$1 == s && $2 > 1 { print $2 ":" $8 "/" $12 }' | tr '\n' ' ')
	assert_eq "$got" "2:same/same 3:slower/slower " "$s's verdicts (run:vs first/vs previous)"
done
# ... each the 2-way compare's of that pair.
verdict2() { "$bench" compare "$1" "$2" -s "$3" | awk -v s="$3" '$1 == s && $2 == "B/A" { print $NF }'; }
for s in fast fast-normal; do
	got="$(verdict2 "$t/A" "$t/A2" "$s") $(verdict2 "$t/A" "$t/B" "$s") $(verdict2 "$t/A2" "$t/B" "$s")"
	assert_eq "$got" "same slower slower" "the 2-way compare of A-A2, A-B, A2-B for $s"
done
rc=0
"$bench" compare "$t/A" "$t/A2" -s fast,fast-normal -o "$t/same" >/dev/null || rc=$?
assert_eq "$rc" 0 "exit status of A and A again"
# The document: a table and a plot per strategy.
for s in fast fast-normal; do
	grep -q "^## $s\$" "$t/trend/trend.md" || fail "trend.md has no section for $s"
	[ -s "$t/trend/plots/trend_$s.dat" ] && [ -s "$t/trend/plots/trend_$s.plot" ] ||
		fail "no plot data for $s"
	if command -v gnuplot >/dev/null; then
		[ -s "$t/trend/plots/trend_$s.svg" ] || fail "gnuplot drew no trend_$s.svg"
		grep -q "(plots/trend_$s.svg)" "$t/trend/trend.md" || fail "trend.md does not show trend_$s.svg"
	fi
done
grep -q '^| 3 | 5 | .* | slower 1.30 \[' "$t/trend/trend.md" || fail "trend.md: no slower row for run 3"
# Bad input: one folder, a run of another scenario.
expect_fail "compare needs two results folders" "$bench" compare "$t/A"
expect_fail "refusing to compare runs of different scenarios" "$bench" compare "$t/A" "$t/A2" results/20261205-025910-filled
echo "compare_nway: A, A again, B slowed 30%: same/same/slower for fast and fast-normal, exit 1, as the 2-way compare has each pair"
