#!/bin/bash
# Boot the patched kernel in QEMU, run one shell command inside, print its
# output and exit with its status. With no command: an interactive shell.
#
#   scripts/guest.sh 'command ...'
#
# Environment (all optional):
#   GUEST_ARCH     x86_64 (default) or arm64: QEMU's virt machine under TCG,
#                  booting build/arm64/kernel with build/arm64/guest's initramfs
#   GUEST_MEM      guest RAM (default 2G)
#   GUEST_CMA      CMA area size, passed as cma= (default 384M)
#   GUEST_SMP      vCPUs (default 2)
#   GUEST_TIMEOUT  seconds before a hung guest is killed (default 1200)
#   GUEST_APPEND   extra kernel command line
#   ACCEL          auto (probe KVM, fall back to TCG), kvm, tcg, or icount:
#                  TCG on one thread with guest time counted in instructions
#                  (1 ns each), deterministic but for interrupts: for costs
#                  measured in ratios that host noise would drown (arm64: tcg)
#   GUEST_KOUT     kernel build folder to boot (default build/kernel, build/arm64/kernel)
#   QEMU           QEMU binary (default qemu-system-x86_64, qemu-system-aarch64)
#   GUEST_DISK_BPS scratch disk throughput limit, bytes/s (default 8 MiB/s)
#   GUEST_SSH_PORT a host port (127.0.0.1) forwarded to the guest's port 22,
#                  over a virtio-net device on QEMU's user-mode network
#   GUEST_HOSTROOT 1: also share the host's / read-only (tag "hostroot"), so
#                  that scripts/guest/hostroot.sh can run the host's own
#                  programs (bpftrace, bpftool) in a chroot inside the guest
#
# The project folder is shared read-write at /host (tag "cmabulk"); the
# guest's cwd is /host and build/bin is first on its PATH, so a command can
# write results/... and the host sees them at once. A scratch ext4 disk
# (/scratch in the guest) is slow on purpose, so that writeback and O_DIRECT
# writes stay in flight long enough to pin pages; its writes are thrown
# away at power-off (snapshot=on).
set -u -o pipefail
TAG=guest
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

CMD=${1-}
MEM=${GUEST_MEM:-2G}
CMA=${GUEST_CMA:-384M}
SMP=${GUEST_SMP:-2}
TIMEOUT=${GUEST_TIMEOUT:-1200}
ACCEL=${ACCEL:-auto}
GUEST_ARCH=${GUEST_ARCH:-x86_64}
case $GUEST_ARCH in
x86_64 | x86)
	ABUILD=$BUILD QEMU=${QEMU:-qemu-system-x86_64} QEMU_PKG=qemu-system-x86
	IMAGE=arch/x86/boot/bzImage CONSOLE=ttyS0
	MACHINE=(-vga none)
	;;
arm64)
	# No KVM for an arm64 guest on an x86 host: TCG, with the cheap
	# pointer-authentication model (QEMU's implementation-defined one: the
	# architected QARMA is much slower to emulate).
	ABUILD=$BUILD/arm64 QEMU=${QEMU:-qemu-system-aarch64} QEMU_PKG=qemu-system-arm
	IMAGE=arch/arm64/boot/Image CONSOLE=ttyAMA0
	MACHINE=(-M virt)
	case $ACCEL in auto | tcg) ACCEL=tcg ;; icount) ;; *) die "ACCEL=$ACCEL: an arm64 guest runs only under tcg (or icount) here" ;; esac
	;;
*) die "GUEST_ARCH=$GUEST_ARCH: want x86_64 or arm64" ;;
esac
KOUT=${GUEST_KOUT:-$ABUILD/kernel}
KERNEL=$KOUT/$IMAGE
INITRD=$ABUILD/guest/initramfs.cpio.gz
DISK=$BUILD/guest/scratch.img
DISK_BPS=${GUEST_DISK_BPS:-8388608}

command -v "$QEMU" >/dev/null 2>&1 || die "$QEMU not found: run 'make deps' (package $QEMU_PKG)"
mk="make"
[ "$GUEST_ARCH" = arm64 ] && mk="make ARCH=arm64"
[ -f "$KERNEL" ] || die "no kernel at ${KERNEL#"$ROOT"/}: run '$mk kernel'"
[ -f "$INITRD" ] || die "no initramfs at ${INITRD#"$ROOT"/}: run '$mk initramfs'"
case $MEM in *[!0-9GMgm]* | '') die "GUEST_MEM=$MEM: want a size such as 2G or 1536M" ;; esac
case $CMA in *[!0-9GMgm]* | '') die "GUEST_CMA=$CMA: want a size such as 384M" ;; esac
case $SMP in *[!0-9]* | '' | 0) die "GUEST_SMP=$SMP: want a CPU count" ;; esac
case $TIMEOUT in *[!0-9]* | '' | 0) die "GUEST_TIMEOUT=$TIMEOUT: want seconds" ;; esac
case $ACCEL in auto | kvm | tcg | icount) ;; *) die "ACCEL=$ACCEL: want auto, kvm, tcg or icount" ;; esac
case $DISK_BPS in *[!0-9]* | '' | 0) die "GUEST_DISK_BPS=$DISK_BPS: want bytes per second" ;; esac
case ${GUEST_HOSTROOT:-0} in 0 | 1) ;; *) die "GUEST_HOSTROOT=$GUEST_HOSTROOT: want 1 or 0" ;; esac
[ "${GUEST_HOSTROOT:-}" = 1 ] && [ "$GUEST_ARCH" = arm64 ] && die "GUEST_HOSTROOT=1: the host's programs are x86_64; an arm64 guest cannot run them"
case ${GUEST_SSH_PORT:-1} in *[!0-9]* | '' | 0) die "GUEST_SSH_PORT=$GUEST_SSH_PORT: want a port number" ;; esac

if [ ! -f "$DISK" ]; then
	command -v mkfs.ext4 >/dev/null 2>&1 || die "mkfs.ext4 not found: run 'make deps' (package e2fsprogs)"
	mkdir -p "$(dirname "$DISK")"
	truncate -s 256M "$DISK.tmp" && mkfs.ext4 -q -F -L scratch "$DISK.tmp" &&
		mv "$DISK.tmp" "$DISK" || die "cannot create the scratch disk ${DISK#"$ROOT"/}"
fi

to_mb() {
	case $1 in
	*[Gg]) echo $((${1%?} * 1024)) ;;
	*[Mm]) echo "${1%?}" ;;
	*) echo $(($1 / 1048576)) ;;
	esac
}
[ "$(to_mb "$CMA")" -lt "$(to_mb "$MEM")" ] || die "GUEST_CMA=$CMA does not fit in GUEST_MEM=$MEM"

accel_args() {
	cpu=max
	[ "$GUEST_ARCH" = arm64 ] && cpu=max,pauth-impdef=on
	case $1 in
	kvm) echo "-accel kvm -cpu $cpu" ;;
	tcg) echo "-accel tcg,thread=multi -cpu $cpu" ;;
	# Guest time is instructions executed (1 ns each), whatever the host
	# does meanwhile: the vCPUs take turns on one thread.
	icount) echo "-accel tcg,thread=single -icount shift=0,sleep=off -cpu $cpu" ;;
	*) die "ACCEL=$1: want auto, kvm, tcg or icount" ;;
	esac
}

# boot ACCEL TIMEOUT CMD -> sets RUN (the run folder); returns qemu status
boot() {
	local accel=$1 tmo=$2 cmd=$3
	mkdir -p "$BUILD/guest/runs"
	RUN=$(mktemp -d "$BUILD/guest/runs/XXXXXX")
	if [ -n "$cmd" ]; then printf '%s\n' "$cmd" >"$RUN/cmd"; else : >"$RUN/cmd"; fi
	local q acc hostroot_arg=''
	[ "${GUEST_HOSTROOT:-}" = 1 ] && hostroot_arg="cmabulk.hostroot=$ROOT"
	read -r -a acc < <(accel_args "$accel")
	q=("$QEMU" "${MACHINE[@]}" "${acc[@]}" -m "$MEM" -smp "$SMP"
		-kernel "$KERNEL" -initrd "$INITRD"
		-append "console=$CONSOLE panic=-1 quiet loglevel=4 cma=$CMA cmabulk.run=${RUN#"$ROOT"/} $hostroot_arg ${GUEST_APPEND:-}"
		-display none -monitor none -serial stdio -no-reboot
		-virtfs "local,path=$ROOT,mount_tag=cmabulk,security_model=none,id=host0"
		-drive "file=$DISK,if=virtio,format=raw,snapshot=on,throttling.bps-total=$DISK_BPS")
	if [ "${GUEST_HOSTROOT:-}" = 1 ]; then
		# remap: the host's / spans file systems whose inode numbers collide.
		q+=(-virtfs "local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap,id=host1")
	fi
	if [ -n "${GUEST_SSH_PORT:-}" ]; then
		q+=(-netdev "user,id=net0,hostfwd=tcp:127.0.0.1:$GUEST_SSH_PORT-:22" -device "virtio-net-pci,netdev=net0")
	else
		q+=(-nic none)
	fi
	[ "$V" = 1 ] && printf '+ %s\n' "${q[*]}" >&2
	# --foreground everywhere: without it timeout puts QEMU in a process
	# group of its own, and a Ctrl-C (SIGINT to ours) would leave it running.
	if [ -n "${GUEST_QUIET:-}" ]; then
		timeout --foreground -k 5 "$tmo" "${q[@]}" </dev/null >"$RUN/console.log" 2>&1
	elif [ -n "$cmd" ]; then
		# The kernel's last words ("reboot: Restarting system") are noise.
		# sed -u, not tr: progress lines must reach a log file as they come.
		timeout --foreground -k 5 "$tmo" "${q[@]}" </dev/null 2>&1 | tee "$RUN/console.log" |
			sed -u -e 's/\r//g' -e '/reboot: Restarting system/d'
	else
		timeout --foreground -k 5 "$tmo" "${q[@]}"
	fi
}

# KVM is probed once per machine and kernel: -cpu host aborts and some CPU
# models hang on these hosts, so only a guest that really runs counts.
pick_accel() {
	[ "$ACCEL" != auto ] && { echo "$ACCEL"; return; }
	cache=$BUILD/guest/accel
	key="$(stat -c %Y "$KERNEL") $($QEMU --version | head -n1)"
	if [ -f "$cache" ] && [ "$(sed -n 2p "$cache")" = "$key" ]; then
		head -n1 "$cache"
		return
	fi
	a=tcg
	if [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
		GUEST_QUIET=1 boot kvm 30 'true' >/dev/null 2>&1
		[ "$(cat "$RUN/rc" 2>/dev/null)" = 0 ] && a=kvm
		rm -rf "$RUN"
	fi
	printf '%s\n%s\n' "$a" "$key" >"$cache"
	echo "$a"
}

accel=$(pick_accel) || exit 1
t0=$(date +%s)
[ -n "$CMD" ] && say "booting $GUEST_ARCH $(basename "$KERNEL") ($accel, ${MEM} RAM, cma=$CMA, $SMP vCPUs, timeout ${TIMEOUT}s)" >&2
for attempt in 1 2 3 4; do
	boot "$accel" "$TIMEOUT" "$CMD"
	qrc=$?
	# The guest found only a jiffies clock (TSC calibration failed): boot
	# again rather than measure anything with 4 ms steps.
	[ -f "$RUN/clock-retry" ] || break
	say "guest clock fell back to $(cat "$RUN/clock-retry"); booting again ($attempt)" >&2
done
el=$(($(date +%s) - t0))
log=${RUN#"$ROOT"/}/console.log
if [ "$qrc" = 124 ] || { [ "$qrc" = 137 ] && [ "$el" -ge "$TIMEOUT" ]; }; then
	die "timed out after ${TIMEOUT}s: the guest hung (console log: $log)"
fi
if [ "$qrc" -gt 128 ]; then
	die "QEMU was killed (signal $((qrc - 128))) after $(fmt_secs $el): the command did not finish (console log: $log)"
fi
if grep -q 'Kernel panic' "$RUN/console.log" 2>/dev/null; then
	die "the guest kernel panicked: $(grep -m1 'Kernel panic' "$RUN/console.log" | tr -d '\r' | sed 's/^\[[^]]*\] //') (console log: $log)"
fi
[ -f "$RUN/clock-retry" ] && die "the guest found no usable clock in 4 boots (TSC calibration failed; console log: $log)"
[ -f "$RUN/rc" ] || die "the guest stopped before the command finished (qemu status $qrc, console log: $log)"
rc=$(cat "$RUN/rc")
[ -n "$CMD" ] && say "command exited with status $rc after $(fmt_secs $el) ($accel)" >&2
# Keep the last few run folders for debugging, drop older ones.
ls -1dt "$BUILD"/guest/runs/*/ 2>/dev/null | tail -n +11 | xargs -r rm -rf
exit "$rc"
