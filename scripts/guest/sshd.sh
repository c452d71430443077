#!/bin/sh
# In a test guest (the project's, or a stock kernel's): an ssh server, so
# that the host reaches the guest the way it reaches a board. Brings up
# the virtio network of QEMU's user mode (the host forwards a local port to
# port 22), puts the dropbear root the host prepared (scripts/lib.sh
# arm64_sshd) over /, and serves until /tmp/sshd.stop exists (the host
# creates it over ssh when it is done).
#
#   sh scripts/guest/sshd.sh DROPBEAR_ROOT
root=${1:?usage: sshd.sh DROPBEAR_ROOT}
[ -x "$root/usr/sbin/dropbear" ] || { echo "sshd: no dropbear in $root"; exit 1; }
cp -a "$root/." / || exit 1
chmod 700 /root /root/.ssh && chmod 600 /root/.ssh/authorized_keys
ip link set lo up
ip link set eth0 up || { echo "sshd: no eth0 (no virtio-net device, or no driver)"; exit 1; }
ip addr add 10.0.2.15/24 dev eth0
ip route add default via 10.0.2.2
# -R: host keys made at the first connection; -s: keys only; -E: log to stderr.
/usr/sbin/dropbear -R -s -E -p 22 -P /tmp/dropbear.pid 2>/tmp/dropbear.log || {
	echo "sshd: dropbear did not start: $(tail -n 1 /tmp/dropbear.log)"
	exit 1
}
echo "sshd: ready"
i=0
while [ ! -e /tmp/sshd.stop ] && [ $i -lt 6000 ]; do
	sleep 0.1
	i=$((i + 1))
done
kill "$(cat /tmp/dropbear.pid)" 2>/dev/null
[ -e /tmp/sshd.stop ] || { echo "sshd: no stop after 600 s"; exit 1; }
echo "sshd: stopped"
