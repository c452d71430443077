#!/bin/bash
# Pack the guest's initramfs: static busybox plus scripts/guest/init.
# Everything else (the suite's binaries, modules, tests) comes from the
# host share at run time, so this only changes when init changes.
set -u -o pipefail
TAG=initramfs
. "$(dirname "$0")/lib.sh"

out=${1:-$BUILD/guest/initramfs.cpio.gz}
busybox=${BUSYBOX:-/bin/busybox}
[ -x "$busybox" ] || die "$busybox missing: install busybox-static with 'make deps'"
ldd "$busybox" >/dev/null 2>&1 &&
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
