#!/bin/bash
# needs: nothing
# arch: x86_64
# KSRC pointing at nothing, at a non-kernel folder, or at another kernel
# version: one clear line each, non-zero exit.
. "$(dirname "$0")/../lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export BUILD=$tmp/build

KSRC=$tmp/nope expect_fail "KSRC=$tmp/nope: no such directory" scripts/kernel.sh source
mkdir -p "$tmp/notlinux"
KSRC=$tmp/notlinux expect_fail "not a Linux source tree" scripts/kernel.sh source
mkdir -p "$tmp/old/mm"
touch "$tmp/old/mm/cma.c"
printf 'VERSION = 5\nPATCHLEVEL = 10\nSUBLEVEL = 1\n' >"$tmp/old/Makefile"
KSRC=$tmp/old expect_fail "is Linux 5.10.1; the series targets 6.12" scripts/kernel.sh source
# An in-tree-configured 6.12 tree cannot be used for an O= build.
mkdir -p "$tmp/dirty/mm"
touch "$tmp/dirty/mm/cma.c" "$tmp/dirty/.config"
printf 'VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 3\n' >"$tmp/dirty/Makefile"
KSRC=$tmp/dirty expect_fail "make mrproper" scripts/kernel.sh source
