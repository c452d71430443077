#!/bin/bash
# needs: guest
# arch: x86_64
# A guest that hangs is killed after GUEST_TIMEOUT with a clear error; a
# guest kernel that panics ends at once with the panic message. Both exit
# non-zero, never leave QEMU running.
. "$(dirname "$0")/../lib.sh"
t0=$(date +%s)
GUEST_TIMEOUT=15 expect_fail "timed out after 15s" scripts/guest.sh 'sleep 600'
[ $(($(date +%s) - t0)) -lt 60 ] || fail "timeout took $(($(date +%s) - t0))s"
expect_fail "the guest kernel panicked: Kernel panic - not syncing: sysrq triggered crash" \
	scripts/guest.sh 'echo c >/proc/sysrq-trigger; sleep 30'
# Ours only: another clone's guest may be running on the same machine.
pgrep -f "qemu-system-x86_64.*path=$ROOT," >/dev/null && fail "a QEMU process is still running"
exit 0
