#!/bin/sh
# Install every Debian package cmabulk needs. Idempotent: when all are
# present it only runs dpkg-query and returns in well under a second.
set -eu

PKGS="
build-essential make gcc bc bison flex perl python3 python3-jsonschema cpio xz-utils kmod
libssl-dev libelf-dev zlib1g-dev libzstd-dev libjson-c-dev dwarves
linux-source-6.12
clang llvm libbpf-dev bpftool
qemu-system-x86 busybox-static e2fsprogs
ccache gnuplot-nox
gcc-aarch64-linux-gnu libc6-dev-arm64-cross
libbpf-dev:arm64 libelf-dev:arm64 zlib1g-dev:arm64 libzstd-dev:arm64 libjson-c-dev:arm64
"

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done

if [ -z "$missing" ]; then
	echo "deps: all $(echo $PKGS | wc -w) packages present"
	exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing packages:$missing (run 'make deps' as root)" >&2
	exit 1
fi

echo "deps: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
# The arm64 libraries are for the static device build of the tools.
dpkg --print-foreign-architectures | grep -qx arm64 || dpkg --add-architecture arm64
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
echo "deps: done"
