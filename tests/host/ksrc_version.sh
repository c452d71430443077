#!/bin/bash
# needs: nothing
# arch: x86_64
# The kernel source follows kernel-patch/base-version, not whatever
# linux-source-6.12 the machine has: the installed tarball when it is that
# version; that version fetched with apt-get download when it is another;
# the installed one with a warning when the archive has lost it. Each
# version gets its own extracted tree. apt-get and dpkg-query are stand-ins
# on PATH, the "tarballs" a Makefile and mm/cma.c.
. "$(dirname "$0")/../lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export BUILD=$tmp/build KTREE=$tmp/build/linux BASE_VERSION_FILE=$tmp/base-version
export INSTALLED_TARBALL=$tmp/installed.tar.xz PATH=$tmp/bin:$PATH

# fake_source SUBLEVEL OUT: a tarball as Debian's, of a 6.12.SUBLEVEL tree.
fake_source() {
	local d=$tmp/src.$1
	mkdir -p "$d/linux-source-6.12/mm"
	printf 'VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = %s\n' "$1" >"$d/linux-source-6.12/Makefile"
	touch "$d/linux-source-6.12/mm/cma.c"
	tar -cJf "$2" -C "$d" linux-source-6.12
}
fake_source 118 "$INSTALLED_TARBALL"
# The archive: 6.12.117 as a .deb; anything else "was not found".
mkdir -p "$tmp/deb/usr/src" "$tmp/deb/DEBIAN" "$tmp/bin"
fake_source 117 "$tmp/deb/usr/src/linux-source-6.12.tar.xz"
printf 'Package: linux-source-6.12\nVersion: 6.12.117-1\nArchitecture: all\nMaintainer: t <t@t>\nDescription: t\n' \
	>"$tmp/deb/DEBIAN/control"
dpkg-deb -b -Zxz "$tmp/deb" "$tmp/linux-source-6.12_6.12.117-1_all.deb" >/dev/null || fail "dpkg-deb -b"
cat >"$tmp/bin/dpkg-query" <<'STUB'
#!/bin/sh
echo 6.12.118-1
STUB
cat >"$tmp/bin/apt-get" <<STUB
#!/bin/sh
[ "\$1 \$3" = "download linux-source-6.12=6.12.117-1" ] || { echo "E: Version not found" >&2; exit 100; }
cp "$tmp/linux-source-6.12_6.12.117-1_all.deb" .
STUB
chmod +x "$tmp/bin/dpkg-query" "$tmp/bin/apt-get"
sublevel() { sed -n 's/^SUBLEVEL = //p' "$KTREE/Makefile"; }

# 1. The installed version is the one: no fetch.
echo 6.12.118-1 >"$BASE_VERSION_FILE"
out=$(scripts/kernel.sh source 2>&1) || fail "installed: $out"
echo "$out" | grep -q fetching && fail "fetched although the installed version is the one: $out"
assert_eq "$(sublevel)" 118 "installed: tree's SUBLEVEL"
[ -d "$BUILD/src/linux-source-6.12_6.12.118-1" ] || fail "no tree named for 6.12.118-1: $(ls "$BUILD/src")"

# 2. Another version: fetched, extracted beside, the tree rebuilt from it.
echo 6.12.117-1 >"$BASE_VERSION_FILE"
out=$(scripts/kernel.sh source 2>&1) || fail "fetch: $out"
echo "$out" | grep -q "ported to linux-source-6.12 6.12.117-1, this machine has 6.12.118-1: fetching" ||
	fail "no fetch line: $out"
assert_eq "$(sublevel)" 117 "fetched: tree's SUBLEVEL"
[ -d "$BUILD/src/linux-source-6.12_6.12.118-1" ] && fail "the 6.12.118 tree was left behind"
ls "$BUILD"/src/debs/*.deb >/dev/null 2>&1 && fail "the .deb was left behind"
# Once fetched, kept: no second download.
out=$(scripts/kernel.sh source 2>&1) || fail "again: $out"
echo "$out" | grep -q fetching && fail "fetched twice: $out"

# 3. Gone from the archive: the installed one, with one warning line.
echo 6.12.116-1 >"$BASE_VERSION_FILE"
out=$(scripts/kernel.sh source 2>&1) || fail "lost: $out"
echo "$out" | grep -q "warning: linux-source-6.12 6.12.116-1 cannot be fetched.*trying the installed 6.12.118-1" ||
	fail "no warning: $out"
assert_eq "$(sublevel)" 118 "lost: tree's SUBLEVEL"
# ... and with nothing installed either, one error.
rm "$INSTALLED_TARBALL"
expect_fail "linux-source-6.12 6.12.116-1 cannot be fetched and none is installed" scripts/kernel.sh source
