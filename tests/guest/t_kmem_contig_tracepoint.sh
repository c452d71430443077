#!/bin/sh
# Patch "pass migratetype last to mm_alloc_contig_migrate_range_info": a
# cma_alloc on an idle area migrates nothing, so the event must report
# migratetype=4 (MIGRATE_CMA) and nr_migrated=0. Unpatched 6.12 shows
# nr_migrated=4 and migratetype=0 (the arguments are shifted).
. tests/guest/lib.sh
area=$(cma_area) || fail "no CMA area"
ftrace_start kmem/mm_alloc_contig_migrate_range_info
echo 16 >"$area/alloc" || fail "debugfs alloc failed"
ftrace_stop
echo 16 >"$area/free" || fail "debugfs free failed"
line=$(grep -m1 mm_alloc_contig_migrate_range_info $TRACEFS/trace)
[ -n "$line" ] || fail "no mm_alloc_contig_migrate_range_info event"
echo "$line" | grep -q 'migratetype=4 nr_migrated=0 ' || fail "fields shifted: $line"
