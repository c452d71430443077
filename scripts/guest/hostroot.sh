#!/bin/sh
# Inside the guest: run COMMAND chrooted in the host's own root file
# system, shared read-only over 9p (scripts/guest.sh with GUEST_HOSTROOT=1),
# so that the host's programs and their libraries (bpftrace, bpftool) run
# on the guest's kernel as they are. The guest's /proc, /sys (debugfs and
# tracefs with it) and /dev are bound in, /tmp and /run are fresh tmpfs,
# and the project is the guest's writable share at its host path.
#
#   scripts/guest.sh 'scripts/guest/hostroot.sh "COMMAND"'   (GUEST_HOSTROOT=1)
set -u
say() { echo "hostroot: $*" >&2; }
[ $# = 1 ] || { say "usage: hostroot.sh 'COMMAND'"; exit 2; }
root=
for w in $(cat /proc/cmdline); do
	case $w in cmabulk.hostroot=*) root=${w#cmabulk.hostroot=} ;; esac
done
[ -n "$root" ] || { say "the host's root is not shared: boot with GUEST_HOSTROOT=1 scripts/guest.sh"; exit 2; }
m=/hostroot
if ! grep -q " $m 9p " /proc/mounts; then
	mkdir -p $m
	mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000,ro hostroot $m ||
		{ say "cannot mount the host's root (tag hostroot)"; exit 1; }
	for d in proc sys dev; do
		mount -o rbind /$d $m/$d || { say "cannot bind /$d into $m"; exit 1; }
	done
	# The tmpfs first, then the project: a checkout under /tmp or /run gets
	# its mount point made in the fresh tmpfs (elsewhere it exists already).
	mount -t tmpfs tmp $m/tmp && mount -t tmpfs run $m/run && mkdir -p "$m$root" &&
		mount -o bind /host "$m$root" || { say "cannot set up $m (project at $root)"; exit 1; }
fi
exec chroot $m /usr/bin/env -i PATH="$root/build/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
	HOME=/root TERM=linux CMABULK_ROOT="$root" CMABULK_GUEST=1 \
	/bin/sh -c "cd '$root' && $1"
