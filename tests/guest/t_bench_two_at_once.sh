#!/bin/sh
# Two cmabulk-bench runs at once. On one machine the second is refused
# with one line while the first holds the driver (they would measure each
# other), and the first goes on. Into one results folder in the same
# second (two guests sharing it), the second gets a folder of its own.
. tests/guest/lib.sh
R=/tmp/two-results
rm -rf $R
build/bin/cmabulk-bench run quick -s fast -n 1 --warmup 0 --no-trace --results $R -q >/tmp/two1.out 2>&1 &
first=$!
# Its folder appears once it holds the driver's lock.
i=0
while [ -z "$(ls $R 2>/dev/null)" ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
[ -n "$(ls $R 2>/dev/null)" ] || fail "the first run made no folder: $(tail -n 1 /tmp/two1.out)"
expect_fail "in use by another cmabulk-bench run, soak or stress" \
	build/bin/cmabulk-bench run quick -s fast -n 1 --warmup 0 --no-trace --results $R -q
wait $first || fail "the first run failed: $(tail -n 2 /tmp/two1.out)"
assert_eq "$(ls $R | wc -l)" 1 "run folders after a refused second run"

# The same second, one folder: the names a run would take for the next
# few seconds already exist, as another guest's would.
rm -rf $R
mkdir -p $R
now=$(date -u +%s)
for s in 0 1 2 3 4 5 6 7 8 9; do
	mkdir "$R/$(date -u -d "@$((now + s))" +%Y%m%d-%H%M%S)-quick"
done
build/bin/cmabulk-bench run quick -s fast -n 1 --warmup 0 --no-trace --results $R -q >/tmp/two2.out 2>&1 ||
	fail "a run beside another's folder failed: $(tail -n 1 /tmp/two2.out)"
own=''
for d in "$R"/*-quick-2; do
	[ -e "$d" ] && own=${d##*/}
done
[ -n "$own" ] || fail "no -2 folder: $(ls $R | tr '\n' ' ')"
[ -f "$R/$own/meta.json" ] || fail "$own has no meta.json"
for d in $R/*-quick; do
	[ -z "$(ls "$d")" ] || fail "the run wrote into another's folder $d"
done
echo "PASS bench_two_at_once: a second run refused while the first ran; beside another's folder of the same second, $own"
