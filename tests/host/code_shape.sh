#!/bin/bash
# needs: nothing
# arch: x86_64
# The code's shape (scripts/code-shape.py): includes that name their
# folder, no include cycles, functions that fit on a screen. First the
# checker is shown each kind of finding on a small tree made here, then the
# project must have none.
. "$(dirname "$0")/../lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/lib" "$tmp/bench/load"
git -C "$tmp" init -q
{
	echo '#include "json.h"'
	echo 'int long_one(void)'
	echo '{'
	for i in $(seq 85); do echo "	x += $i;"; done
	echo '}'
	echo 'int short_one(void)'
	echo '{'
	echo '	return 0;'
	echo '}'
} >"$tmp/lib/a.c"
echo '#include "bench/load/b.h"' >"$tmp/bench/a.h"
echo '#include "bench/a.h"' >"$tmp/bench/load/b.h"
echo '#include "lib/nothere.h"' >"$tmp/lib/c.c"
out=$(python3 scripts/code-shape.py "$tmp")
rc=$?
assert_eq "$rc" 1 "exit status on a bad tree"
echo "$out" | grep -q 'lib/a.c: #include "json.h" does not name its folder' || fail "include without folder not found: $out"
echo "$out" | grep -q 'lib/a.c:2: long_one() is 88 lines' || fail "long function not found: $out"
echo "$out" | grep -q 'short_one' && fail "short function reported: $out"
echo "$out" | grep -q 'lib/c.c: #include "lib/nothere.h": no such file' || fail "missing header not found: $out"
echo "$out" | grep -q 'cycle between files: bench/a.h -> bench/load/b.h -> bench/a.h' || fail "file cycle not found: $out"
echo "$out" | grep -q 'cycle between folders: bench -> bench/load -> bench' || fail "folder cycle not found: $out"

out=$(python3 scripts/code-shape.py .) || fail "the project: $(echo "$out" | head -n 5 | tr '\n' ';')"
