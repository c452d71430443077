#!/bin/bash
# Boot Debian's stock arm64 6.1 kernel (the layout of a GKI 6.1 device:
# CMA and the cma:* events, no CMA debugfs or sysfs files, no series)
# with the project's static arm64 tools, run one shell command, print its
# output and exit with its status.
#
#   scripts/stock-kernel.sh 'command ...'
#
# The kernel and busybox packages are fetched once with 'apt-get download'
# (no install) into build/stock/; the newest 6.1 cloud-arm64 image there
# is taken. In the guest: the tools on PATH, tracefs and debugfs mounted,
# the virtio modules of the package in /lib/modules (modprobe virtio_pci
# virtio_blk makes the kernel do a real 2-page cma_alloc(), for a virtio
# disk with iommu_platform=on), and no project folder: output only.
set -u -o pipefail
TAG=stock
. "$(dirname "$0")/lib.sh"

CMD=${1:?usage: scripts/stock-kernel.sh 'command'}
DIR=$BUILD/stock/arm64
TOOLS=$BUILD/arm64/bin
QEMU=${QEMU_ARM64:-qemu-system-aarch64}
TIMEOUT=${GUEST_TIMEOUT:-300}

command -v "$QEMU" >/dev/null || die "$QEMU not found: run 'make deps' (package qemu-system-arm)"
for t in cmabulk-trace cmabulk-load cmabulk-bench; do
	[ -x "$TOOLS/$t" ] || die "no $TOOLS/$t: run 'make tools-arm64'"
done

# 1. The packages, once: the newest linux-image-6.1.0-N-cloud-arm64.
fetch() {
	mkdir -p "$DIR/debs" && cd "$DIR/debs" || exit 1
	pkg=$(apt-cache search --names-only '^linux-image-6\.1\.0-[0-9]+-cloud-arm64$' 2>/dev/null |
		awk '{ print $1 }' | sort -V | tail -n 1)
	if [ -z "$pkg" ] && [ "$(id -u)" = 0 ]; then
		apt-get update -qq >/dev/null 2>&1
		pkg=$(apt-cache search --names-only '^linux-image-6\.1\.0-[0-9]+-cloud-arm64$' |
			awk '{ print $1 }' | sort -V | tail -n 1)
	fi
	[ -n "$pkg" ] || die "no linux-image-6.1.0-*-cloud-arm64 in the package lists (is arm64 added? run 'make deps')"
	step_begin "downloading $pkg and busybox-static (arm64)"
	run apt-get download -q "$pkg:arm64" busybox-static:arm64 >/dev/null 2>&1 ||
		die "apt-get download $pkg:arm64 busybox-static:arm64 failed"
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
cp "$DIR/root/bin/busybox" "$IRD/bin/" &&
	cp -r "$MODS/kernel/drivers/virtio" "$IRD/lib/modules/$KVER/kernel/drivers/" &&
	cp "$MODS/kernel/drivers/block/virtio_blk.ko" "$IRD/lib/modules/$KVER/kernel/drivers/block/" &&
	cp "$TOOLS"/cmabulk-* "$IRD/bin/" || die "cannot fill the initramfs"
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
sh /cmd
echo "cmabulk-stock-rc=$?"
poweroff -f
INIT
chmod +x "$IRD/init"
(cd "$IRD" && find . | cpio -o -H newc 2>/dev/null | gzip -1) >"$DIR/initramfs.cpio.gz" ||
	die "cannot pack the initramfs"
truncate -s 16M "$DIR/disk.img"

# 3. Boot (TCG), the console is the output; its last line the status.
say "booting $KVER (arm64, tcg)" >&2
out=$(timeout -k 5 "$TIMEOUT" "$QEMU" -M virt -cpu max,pauth-impdef=on -accel tcg -smp 2 -m 1G \
	-nographic -no-reboot -kernel "$KERNEL" -initrd "$DIR/initramfs.cpio.gz" \
	-append "console=ttyAMA0 quiet panic=-1" \
	-drive "file=$DIR/disk.img,if=none,id=d0,format=raw" \
	-device virtio-blk-pci,drive=d0,disable-legacy=on,iommu_platform=on </dev/null 2>&1 | tr -d '\r')
qrc=$?
printf '%s\n' "$out" | sed -e '/cmabulk-stock-rc=/d' -e '/reboot: Power down/d'
[ "$qrc" = 124 ] && die "timed out after ${TIMEOUT}s"
rc=$(printf '%s\n' "$out" | sed -n 's/^cmabulk-stock-rc=\([0-9]*\).*/\1/p' | tail -n 1)
[ -n "$rc" ] || die "the guest stopped before the command finished (qemu status $qrc)"
exit "$rc"
