#!/bin/bash
# Pack the guest's initramfs: static busybox plus scripts/guest/init.
#
#   scripts/mkinitramfs.sh [OUT]     (ARCH=arm64 for the arm64 guest)
# Everything else (the suite's binaries, modules, tests) comes from the
# host share at run time, so this only changes when init changes.
set -u -o pipefail
TAG=initramfs
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

# ARCH=arm64: the same init with Debian's arm64 busybox.
out=${1:-$BUILD/guest/initramfs.cpio.gz}
busybox=$(static_busybox "${ARCH:-x86_64}") || die "no static busybox for ${ARCH:-x86_64}"
[ -x "$busybox" ] || die "$busybox missing: install busybox-static with 'make deps'"
readelf -l "$busybox" 2>/dev/null | grep -q 'program interpreter' &&
	die "$busybox is dynamically linked: install busybox-static with 'make deps'"

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/bin" "$(dirname "$out")"
cp "$busybox" "$stage/bin/busybox"
cp "$ROOT/scripts/guest/init" "$stage/init"
chmod 755 "$stage/init"
(cd "$stage" && find . | cpio -o -H newc --quiet | gzip -9) >"$out.tmp" ||
	die "packing $out failed"
mv "$out.tmp" "$out"
say "packed ${out#"$ROOT"/} ($(du -k "$out" | cut -f1) KiB)"
