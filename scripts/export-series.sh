#!/bin/bash
# Export the series from a kernel git tree where it is developed as commits
# on top of the pristine source, into kernel-patch/ (patches + series).
#
#   scripts/export-series.sh /path/to/linux-git BASE
#
# BASE is the commit of the pristine 6.12 source. When its subject names
# the Debian package it came from ("... (Debian linux-source-6.12
# 6.12.118-1~deb12u1)"), that version goes to kernel-patch/base-version,
# which the kernel build then uses. The cover letter
# (kernel-patch/0000-cover-letter.patch) is kept: it is written by hand.
set -u -o pipefail
TAG='export'
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

tree=${1:-}
base=${2:-}
[ -n "$tree" ] && [ -n "$base" ] || die "usage: scripts/export-series.sh KERNEL_GIT_TREE BASE_COMMIT"
git -C "$tree" rev-parse --verify -q "$base^{commit}" >/dev/null || die "$base is not a commit in $tree"
out=$ROOT/kernel-patch
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
git -C "$tree" format-patch -q --no-signature -o "$tmp" "$base..HEAD" || die "git format-patch failed"
n=$(ls "$tmp" | wc -l)
[ "$n" -gt 0 ] || die "no commits between $base and HEAD in $tree"
find "$out" -maxdepth 1 -name '0*.patch' ! -name '0000-cover-letter.patch' -delete
cp "$tmp"/*.patch "$out/"
(cd "$out" && printf '%s\n' 0*.patch | grep -vx '0000-cover-letter.patch' >series)
debver=$(git -C "$tree" log -1 --format=%s "$base" | sed -n 's/.*linux-source-6\.12 \([^ )]*\).*/\1/p')
if [ -n "$debver" ]; then
	echo "$debver" >"$out/base-version"
	say "exported $n patches to kernel-patch/ (series updated), ported to linux-source-6.12 $debver"
else
	say "exported $n patches to kernel-patch/ (series updated)"
	say "the subject of $base names no Debian linux-source-6.12 version: kernel-patch/base-version left as it is"
fi
