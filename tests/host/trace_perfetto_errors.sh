#!/bin/bash
# needs: guest
# arch: x86_64
# cmabulk-trace --perfetto on bad ground, in the guest: a path it cannot
# create gives one line and exit 1 before anything is loaded; a disk that
# fills mid-session gives one line, exit 1, the BPF programs detached, and
# a partial file that still decodes (whole packets only).
. "$(dirname "$0")/../lib.sh"
out=build/guest/perfetto-errors
rm -rf "$out"
scripts/guest.sh "tests/guest/helpers/perfetto-errors.sh $out" >/dev/null 2>&1 ||
	fail "guest helper failed: $(tail -n 3 "$out/full.err" 2>/dev/null)"
assert_eq "$(cat "$out/unwritable.rc")" 1 "exit status, unwritable path"
assert_eq "$(wc -l <"$out/unwritable.err")" 1 "lines on stderr, unwritable path"
grep -q "^cmabulk-trace: cannot write /nonexistent/t.pftrace: No such file or directory$" "$out/unwritable.err" ||
	fail "unwritable path: $(cat "$out/unwritable.err")"
assert_eq "$(cat "$out/full.rc")" 1 "exit status, full disk"
grep -q "^cmabulk-trace: writing /tmp/small/t.pftrace: No space left on device" "$out/full.err" ||
	fail "full disk: no line saying so: $(tail -n 2 "$out/full.err")"
[ "$(cat "$out/full.calls")" -lt 100 ] || fail "the tracer did not stop by itself on a full disk"
cmp -s "$out/progs-before" "$out/progs-after" ||
	fail "BPF programs left attached: $(diff "$out/progs-before" "$out/progs-after" | head -n 3)"
size=$(stat -c %s "$out/partial.pftrace")
[ "$size" -gt 0 ] && [ "$size" -le 65536 ] || fail "partial file of $size bytes"
# Decodes (exit 2 would say it cannot); a cut session may leave slices open.
problems=$(/usr/bin/python3 tests/unit/pftrace_check.py "$out/partial.pftrace" 2>&1 >/dev/null)
rc=$?
[ $rc -ne 2 ] || fail "the partial file does not decode: $problems"
echo "$problems" | grep -v "slices never end" | grep -q . && fail "partial file: $problems"
exit 0
