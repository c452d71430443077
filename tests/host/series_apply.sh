#!/bin/bash
# needs: nothing
# arch: x86_64
# The series machinery on a small fake tree: patches apply in series order,
# a re-apply after one patch changed rewrites only the files whose content
# changed (kbuild then rebuilds only those), a dropped patch restores the
# pristine file with a fresh mtime, and a patch that does not apply stops
# with its name and leaves the tree as it was.
. "$(dirname "$0")/../lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export BUILD=$tmp/build KTREE=$tmp/build/linux SERIES_DIR=$tmp/series
src=$tmp/src
mkdir -p "$src/mm" "$SERIES_DIR"
printf 'VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 9\n' >"$src/Makefile"
printf 'a\nb\nc\n' >"$src/mm/cma.c"
printf 'x\ny\nz\n' >"$src/mm/other.c"
export KSRC=$src

mkpatch() { # name file old new
	cat >"$SERIES_DIR/$1" <<EOP
From: test
Subject: [PATCH] $1

---
diff --git a/$2 b/$2
--- a/$2
+++ b/$2
@@ -1,3 +1,3 @@
 $(sed -n 1p "$src/$2")
-$3
+$4
 $(sed -n 3p "$src/$2")
EOP
}
mkpatch p1.patch mm/cma.c b B
mkpatch p2.patch mm/other.c y Y
printf 'p1.patch\n# comment\n\np2.patch\n' >"$SERIES_DIR/series"
scripts/kernel.sh patch >/dev/null || fail "first apply failed"
assert_eq "$(sed -n 2p "$KTREE/mm/cma.c")" B "patched cma.c"
assert_eq "$(sed -n 2p "$KTREE/mm/other.c")" Y "patched other.c"
[ "$(stat -c %h "$src/mm/cma.c")" = 1 ] || fail "pristine cma.c was modified through a hard link"
assert_eq "$(sed -n 2p "$src/mm/cma.c")" b "pristine cma.c"

# Change p2 only: cma.c must keep its mtime, other.c must change.
touch -d '2000-01-01' "$KTREE/mm/cma.c" "$KTREE/mm/other.c"
mkpatch p2.patch mm/other.c y W
scripts/kernel.sh patch >/dev/null || fail "re-apply failed"
assert_eq "$(stat -c %Y "$KTREE/mm/cma.c")" "$(date -d 2000-01-01 +%s)" "mtime of untouched cma.c"
assert_eq "$(sed -n 2p "$KTREE/mm/other.c")" W "re-patched other.c"
[ "$(stat -c %Y "$KTREE/mm/other.c")" -gt "$(date -d 2001-01-01 +%s)" ] || fail "other.c kept its old mtime"

# Drop p2: other.c back to pristine content, with a new mtime.
touch -d '2000-01-01' "$KTREE/mm/other.c"
printf 'p1.patch\n' >"$SERIES_DIR/series"
scripts/kernel.sh patch >/dev/null || fail "apply after drop failed"
assert_eq "$(sed -n 2p "$KTREE/mm/other.c")" y "restored other.c"
[ "$(stat -c %Y "$KTREE/mm/other.c")" -gt "$(date -d 2001-01-01 +%s)" ] || fail "restored other.c kept its old mtime"

# A patch that does not apply: named, non-zero, tree untouched.
mkpatch p3.patch mm/cma.c nothere X
printf 'p1.patch\np3.patch\n' >"$SERIES_DIR/series"
before=$(cat "$KTREE/mm/cma.c" "$KTREE/.cmabulk/series-hash" | md5sum)
expect_fail "patch $SERIES_DIR/p3.patch does not apply" scripts/kernel.sh patch
assert_eq "$(cat "$KTREE/mm/cma.c" "$KTREE/.cmabulk/series-hash" | md5sum)" "$before" "tree after failed apply"

# A series naming a missing file.
printf 'p1.patch\nmissing.patch\n' >"$SERIES_DIR/series"
expect_fail "series names missing.patch" scripts/kernel.sh patch
