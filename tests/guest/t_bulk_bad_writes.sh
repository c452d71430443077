#!/bin/sh
# Bad writes to the test driver get EINVAL and change nothing.
. tests/guest/lib.sh
area=$(cma_area) || fail "no CMA area"
name=$(basename "$area")
before=$(cat $CBT/result)
used0=$(cat "$area/used")
expect_einval $CBT/alloc "area=nope order=4 count=1"
expect_einval $CBT/alloc "area=$name order=99 count=1"
expect_einval $CBT/alloc "area=$name order=4 count=0"
expect_einval $CBT/alloc "area=$name order=4 count=12x"
expect_einval $CBT/alloc "area=$name order=4"
expect_einval $CBT/alloc "area=$name order=4 count=1 strategy=magic"
expect_einval $CBT/alloc "area=$name order=4 count=1 mode=turbo"
expect_einval $CBT/alloc "area=$name order=4 count=1 strategy=whole mode=fast"
expect_einval $CBT/alloc "area=$name order=4 count=1 colour=blue"
expect_einval $CBT/alloc "garbage"
expect_einval $CBT/pin "area=$name"
expect_einval $CBT/pin "area=$name fraction=0.1 blocks=1"
expect_einval $CBT/pin "area=$name fraction=1.5"
expect_einval $CBT/pin "area=$name blocks=999999"
expect_einval $CBT/pin "area=$name blocks=1,1"
expect_einval $CBT/pin "area=$name blocks=1 method=glue"
expect_einval $CBT/release "maybe"
assert_eq "$(cat $CBT/result)" "$before" "result after bad writes"
assert_eq "$(cat "$area/used")" "$used0" "area after bad writes"
[ -z "$(cat $CBT/pinned)" ] || fail "something got pinned: $(cat $CBT/pinned)"
