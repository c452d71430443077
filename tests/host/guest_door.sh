#!/bin/bash
# needs: guest
# arch: x86_64
# scripts/guest.sh, the one door into the guest: the command's output comes
# back, its exit status is ours, files written in /host appear on the host,
# and bad settings give one clear line.
. "$(dirname "$0")/../lib.sh"
out=$(scripts/guest.sh 'echo "hello $((6 * 7))"; echo from-guest >build/guest/door.txt; exit 7' 2>/dev/null)
rc=$?
assert_eq "$rc" 7 "exit status of the guest command"
echo "$out" | grep -qx 'hello 42' || fail "command output missing: $out"
assert_eq "$(cat build/guest/door.txt 2>/dev/null)" from-guest "file written through the share"
rm -f build/guest/door.txt

QEMU=/nonexistent/qemu expect_fail "/nonexistent/qemu not found" scripts/guest.sh true
GUEST_MEM=lots expect_fail "GUEST_MEM=lots" scripts/guest.sh true
GUEST_MEM=1G GUEST_CMA=2G expect_fail "does not fit" scripts/guest.sh true
ACCEL=hvf expect_fail "ACCEL=hvf" scripts/guest.sh true
GUEST_HOSTROOT=yes expect_fail "GUEST_HOSTROOT=yes" scripts/guest.sh true
GUEST_HOSTROOT=1 GUEST_ARCH=arm64 expect_fail "cannot run them" scripts/guest.sh true

# ACCEL=icount: the guest clock counts instructions, so the same bulk call
# takes the same time to within a fraction of a percent (plain TCG here
# varies 10-30% between calls).
out=$(ACCEL=icount scripts/guest.sh 'd=/sys/kernel/debug/cma_bulk_test
for i in 1 2 3 4; do
	echo "area=$(ls /sys/kernel/debug/cma | head -n 1) order=4 count=1024 mode=fast" >$d/alloc
	awk "\$1 == \"ns\" { print \$2 }" $d/result
	echo 1 >$d/release
done' 2>/dev/null)
spread=$(echo "$out" | tail -n 3 | sort -n | awk 'NR == 1 { lo = $1 } { hi = $1 } END { if (lo > 0) printf "%.4f", hi / lo }')
[ -n "$spread" ] && awk -v s="$spread" 'BEGIN { exit !(s < 1.005) }' ||
	fail "ACCEL=icount: calls of the same work differ by more than 0.5%: $(echo "$out" | tr '\n' ' ')"

# The host's root, shared only when asked for.
out=$(scripts/guest.sh 'scripts/guest/hostroot.sh "true"' 2>&1)
[ $? = 2 ] && echo "$out" | grep -q "boot with GUEST_HOSTROOT=1" || fail "hostroot.sh without the share: $out"
out=$(GUEST_HOSTROOT=1 scripts/guest.sh 'scripts/guest/hostroot.sh "test -x /usr/bin/dpkg && pwd && touch build/guest/hostroot.txt"' 2>/dev/null)
[ -f build/guest/hostroot.txt ] && echo "$out" | grep -qx "$PWD" || fail "hostroot.sh: not in the host's root at the project: $out"
rm -f build/guest/hostroot.txt
GUEST_KOUT=/nonexistent expect_fail "no kernel at" scripts/guest.sh true

# make guest passes CMD to the guest as written: shell variables, $(...),
# both kinds of quotes; make cannot return the command's status (it exits
# 2 on any failure), but the status is named on stderr.
cmd='x=5; echo "v=$x $(echo sub)" '"'"'q $HOME'"'"'; exit 3'
out=$(make -s guest CMD="$cmd" 2>&1)
rc=$?
echo "$out" | tr -d '\r' | grep -qxF 'v=5 sub q $HOME' || fail "make guest changed the command: $(echo "$out" | tail -n 3)"
[ "$rc" -ne 0 ] || fail "make guest succeeded although the command exited 3"
echo "$out" | grep -q "command exited with status 3" || fail "status 3 not named: $(echo "$out" | tail -n 1)"
