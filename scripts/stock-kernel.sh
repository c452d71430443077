#!/bin/bash
# Boot one of Debian's stock kernels (6.1 or 6.12) with the project's
# static tools, run one shell command, print its output and exit with its
# status. arm64 (the default) is what a GKI device looks like: CMA and the
# cma:* events, no CMA debugfs or sysfs files, no series; amd64 has no CMA
# at all.
#
#   scripts/stock-kernel.sh [arm64|amd64] [6.1|6.12] 'command ...'
#
# The kernel package is fetched once with 'apt-get download' (no install)
# into build/stock/ARCH (6.1) or build/stock/ARCH-6.12; the newest cloud
# image of that version in the package lists is taken. STOCK_APPEND adds
# to the kernel command line, STOCK_MEM sets the guest's memory (1G). In the guest: the tools on PATH, tracefs and debugfs mounted,
# the virtio modules of the package in /lib/modules (modprobe virtio_pci
# virtio_blk makes the kernel do a real 2-page cma_alloc(), for a virtio
# disk with iommu_platform=on), and no project folder: output only.
# STOCK_SSH_PORT=N adds an ssh server (see below) for device sessions.
set -u -o pipefail
TAG=stock
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

ARCH=arm64
case ${1-} in arm64 | amd64) ARCH=$1; shift ;; esac
VERSION=6.1
case ${1-} in 6.1 | 6.12) VERSION=$1; shift ;; esac
CMD=${1:?usage: scripts/stock-kernel.sh [arm64|amd64] [6.1|6.12] 'command'}
DIR=$BUILD/stock/$ARCH
[ "$VERSION" = 6.1 ] || DIR=$DIR-$VERSION
TIMEOUT=${GUEST_TIMEOUT:-300}
if [ "$ARCH" = arm64 ]; then
	TOOLS=$BUILD/arm64/bin
	QEMU=qemu-system-aarch64
	QARGS=(-M virt -cpu "max,pauth-impdef=on" -accel tcg)
	CONSOLE=ttyAMA0
else
	TOOLS=$BUILD/bin
	QEMU=qemu-system-x86_64
	QARGS=(-accel tcg -cpu max)
	CONSOLE=ttyS0
fi

command -v "$QEMU" >/dev/null || die "$QEMU not found: run 'make deps'"
for t in cmabulk-trace cmabulk-load cmabulk-bench; do
	[ -x "$TOOLS/$t" ] || die "no $TOOLS/$t: run 'make tools-arm64' (arm64) or 'make tools'"
done

# 1. The packages, once: the newest linux-image-6.1.0-N-cloud-ARCH, or
# linux-image-6.12.N+deb12-cloud-ARCH (its -unsigned build where the
# signed one is not in the lists).
newest_image() {
	local pattern="^linux-image-6\.1\.0-[0-9]+-cloud-$ARCH\$"
	[ "$VERSION" = 6.12 ] && pattern="^linux-image-6\.12\.[0-9]+\+deb12-cloud-$ARCH(-unsigned)?\$"
	apt-cache search --names-only "$pattern" 2>/dev/null |
		awk '{ print $1 }' | sort -V | tail -n 1
}
fetch() {
	mkdir -p "$DIR/debs" && cd "$DIR/debs" || exit 1
	pkg=$(newest_image)
	if [ -z "$pkg" ] && [ "$(id -u)" = 0 ]; then
		apt-get update -qq >/dev/null 2>&1
		pkg=$(newest_image)
	fi
	[ -n "$pkg" ] || die "no linux-image-$VERSION cloud-$ARCH package in the package lists (run 'make deps')"
	step_begin "downloading $pkg"
	run apt-get download -q "$pkg:$ARCH" >/dev/null 2>&1 ||
		die "apt-get download $pkg:$ARCH failed"
	rm -rf ../root && for d in *.deb; do dpkg-deb -x "$d" ../root || die "cannot unpack $d"; done
	step_end
	cd - >/dev/null || exit 1
}
ls "$DIR"/root/boot/vmlinuz-* >/dev/null 2>&1 || fetch
KERNEL=$(ls "$DIR"/root/boot/vmlinuz-* | sort -V | tail -n 1)
KVER=${KERNEL##*/vmlinuz-}
MODS=$DIR/root/lib/modules/$KVER

# 2. An initramfs: busybox, the virtio modules, the tools, the command.
IRD=$DIR/initramfs
rm -rf "$IRD" && mkdir -p "$IRD"/{bin,proc,sys,dev,tmp} "$IRD/lib/modules/$KVER/kernel/drivers/block"
busybox=$(static_busybox "$ARCH") || die "no static busybox for $ARCH"
cp "$busybox" "$IRD/bin/" &&
	cp -r "$MODS/kernel/drivers/virtio" "$IRD/lib/modules/$KVER/kernel/drivers/" &&
	cp "$MODS"/kernel/drivers/block/virtio_blk.ko* "$IRD/lib/modules/$KVER/kernel/drivers/block/" &&
	cp "$MODS"/modules.builtin* "$IRD/lib/modules/$KVER/" &&
	cp "$TOOLS"/cmabulk-* "$IRD/bin/" || die "cannot fill the initramfs"
# STOCK_SSH_PORT: an ssh server in the guest (arm64), the host's port
# forwarded to it, and the network modules it needs; the command starts it
# with 'modprobe virtio_net; sh /sshd.sh /sshd-root'.
NETARGS=(-nic none)
if [ -n "${STOCK_SSH_PORT:-}" ]; then
	[ "$ARCH" = arm64 ] || die "STOCK_SSH_PORT: the test ssh server is built for arm64 only"
	sshd=$(arm64_sshd) || die "no ssh server for the guest"
	mkdir -p "$IRD/lib/modules/$KVER/kernel/drivers/net" "$IRD/lib/modules/$KVER/kernel/net/core" &&
		cp "$MODS"/kernel/drivers/net/{virtio_net,net_failover}.ko* "$IRD/lib/modules/$KVER/kernel/drivers/net/" &&
		cp "$MODS"/kernel/net/core/failover.ko* "$IRD/lib/modules/$KVER/kernel/net/core/" &&
		cp -a "$sshd/root" "$IRD/sshd-root" && cp "$ROOT/scripts/guest/sshd.sh" "$IRD/sshd.sh" ||
		die "cannot add the ssh server to the initramfs"
	NETARGS=(-netdev "user,id=net0,hostfwd=tcp:127.0.0.1:$STOCK_SSH_PORT-:22" -device "virtio-net-pci,netdev=net0")
fi
# 6.12's modules are xz-compressed; busybox's insmod reads plain ones.
find "$IRD/lib/modules" -name '*.ko.xz' -exec xz -d {} + || die "cannot decompress the modules"
depmod -b "$IRD" "$KVER" 2>/dev/null || die "depmod failed for $KVER"
printf '%s\n' "$CMD" >"$IRD/cmd"
cat >"$IRD/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null
mount -t debugfs nodev /sys/kernel/debug 2>/dev/null
cd /tmp
echo
echo "cmabulk-stock-start"
sh /cmd
echo "cmabulk-stock-rc=$?"
poweroff -f
INIT
chmod +x "$IRD/init"
(cd "$IRD" && find . | cpio -o -H newc 2>/dev/null | gzip -1) >"$DIR/initramfs.cpio.gz" ||
	die "cannot pack the initramfs"
truncate -s 16M "$DIR/disk.img"

# 3. Boot (TCG). The console from the init's start marker on (the
# firmware's and kernel's lines before it are not the command's) is the
# output; its last line the status.
say "booting $KVER ($ARCH, tcg)" >&2
out=$(timeout -k 5 "$TIMEOUT" "$QEMU" "${QARGS[@]}" -smp 2 -m "${STOCK_MEM:-1G}" \
	-nographic -no-reboot -kernel "$KERNEL" -initrd "$DIR/initramfs.cpio.gz" \
	-append "console=$CONSOLE quiet panic=-1 ${STOCK_APPEND:-}" \
	-drive "file=$DIR/disk.img,if=none,id=d0,format=raw" \
	-device virtio-blk-pci,drive=d0,disable-legacy=on,iommu_platform=on "${NETARGS[@]}" </dev/null 2>&1 | tr -d '\r' |
	tee "$DIR/console.log" | sed -n '/cmabulk-stock-start/,$p' | sed 1d)
qrc=$?
printf '%s\n' "$out" | sed -e '/^cmabulk-stock-rc=[0-9]*$/d' -e 's/cmabulk-stock-rc=[0-9]*//' -e '/reboot: Power down/d'
[ "$qrc" = 124 ] && die "timed out after ${TIMEOUT}s"
# Not anchored: a kernel message may share the status line.
rc=$(printf '%s\n' "$out" | sed -n 's/.*cmabulk-stock-rc=\([0-9]*\).*/\1/p' | tail -n 1)
[ -n "$rc" ] || die "the guest stopped before the command finished (qemu status $qrc; console log: ${DIR#"$ROOT"/}/console.log)"
exit "$rc"
