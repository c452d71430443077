#!/bin/sh
# make soak, inside the guest: cmabulk-bench soak (its checks against the
# kernel's counters), then the kernel log: no KASAN, lockdep, DEBUG_VM or
# BUG line since boot.
#   scripts/guest/soak.sh CYCLES [cmabulk-bench soak options]
. tests/guest/lib.sh
cycles=${1:-1000}
[ $# -gt 0 ] && shift
build/bin/cmabulk-bench soak --cycles "$cycles" "$@"
rc=$?
kernel_log_clean soak || exit 1
exit $rc
