#!/bin/bash
# needs: kernel-source
# arch: x86_64
# Too little disk for the kernel source: one clear line before anything is
# written. Uses a 64 MiB tmpfs as the build folder (needs root).
. "$(dirname "$0")/../lib.sh"
tmp=$(mktemp -d)
trap 'umount "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
if ! mount -t tmpfs -o size=64m tmpfs "$tmp" 2>/dev/null; then
	echo "SKIP no_space: cannot mount a tmpfs (not root?)"
	exit 0
fi
BUILD=$tmp expect_fail "no space left for the kernel source" scripts/kernel.sh source
[ -z "$(ls -A "$tmp/src" 2>/dev/null)" ] || fail "something was extracted"
