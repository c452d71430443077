#!/bin/sh
# Guest side of tests/host/trace_perfetto_errors.sh: cmabulk-trace
# --perfetto to a path it cannot create, and to a disk that fills in the
# middle of the session; what it said and left goes to OUTDIR for the host.
#   perfetto-errors.sh OUTDIR
. tests/guest/lib.sh
out=$1
mkdir -p "$out"
area=$(cma_area) || fail "no CMA area"
name=$(basename "$area")
build/tests/bin/bpf-progs >"$out/progs-before"

# 1. A path that cannot be created.
cmabulk-trace --perfetto /nonexistent/t.pftrace >/dev/null 2>"$out/unwritable.err"
echo $? >"$out/unwritable.rc"

# 2. A 64 KiB disk: bulk calls with their windows and phases fill it; the
# tracer must stop by itself.
mkdir -p /tmp/small
mount -t tmpfs -o size=64k small /tmp/small || fail "cannot mount a small tmpfs"
start_tracer "$out/full.out" "$out/full.err" --phases --perfetto /tmp/small/t.pftrace
calls=0
while kill -0 "$TRACER_PID" 2>/dev/null && [ $calls -lt 100 ]; do
	echo "area=$name order=4 count=256 mode=normal" >$CBT/alloc
	echo 1 >$CBT/release
	calls=$((calls + 1))
	sleep 0.2	# a poll (100 ms) between calls: the tracer sees the disk full
done
kill -INT "$TRACER_PID" 2>/dev/null
wait "$TRACER_PID"
echo $? >"$out/full.rc"
echo $calls >"$out/full.calls"
cp /tmp/small/t.pftrace "$out/partial.pftrace"
umount /tmp/small
build/tests/bin/bpf-progs >"$out/progs-after"
