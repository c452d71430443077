#!/bin/sh
# test-timeout: 240
# A kernel without BTF of its own, as the tracer sees it: /sys/kernel/btf
# hidden under a tmpfs in a mount namespace. Without --btf: one line that
# says how to make the file. With --btf (this kernel's BTF, copied before
# it was hidden) the tracer runs in its no-BTF mode (raw_tp, calls followed
# by thread id, no fentry, the area read through a kprobe) and counts the
# cma_alloc() calls and failures ftrace records, the failure classed size. A file that is not
# BTF, or BTF of another kernel (the 6.1 layout fixture), is refused in
# one line with nothing loaded. make test-nobtf runs it on a kernel built
# without BTF, given CMABULK_BTF (its file, made by pahole): nothing hidden.
. tests/guest/lib.sh
progs() { build/tests/bin/bpf-progs | tr '\n' ' '; }
before=$(progs)
A=$(cma_area) || fail "no CMA area in debugfs"
count=$(cat "$A/count")
if [ -n "${CMABULK_BTF:-}" ]; then
	[ ! -e /sys/kernel/btf/vmlinux ] || fail "CMABULK_BTF given, but this kernel has BTF"
	cp "$CMABULK_BTF" /tmp/vmlinux.btf || fail "cannot read $CMABULK_BTF"
	hidden() { exec "$@"; }
else
	cp /sys/kernel/btf/vmlinux /tmp/vmlinux.btf || fail "no BTF to copy"
	hidden() { exec unshare -m sh -c 'mount -t tmpfs none /sys/kernel/btf && exec "$@"' sh "$@"; }
fi

# first_err WANT CMD...: fails, one line on stderr, starting with WANT.
first_err() {
	want=$1
	shift
	if out=$("$@" 2>&1 >/dev/null); then fail "'$*' succeeded"; fi
	assert_eq "$(echo "$out" | wc -l)" 1 "lines on stderr of '$*' ($out)"
	echo "$out" | grep -qF -- "$want" || fail "'$*': '$out', want '$want'"
	[ "$(progs)" = "$before" ] || fail "'$*' left BPF programs: $(progs)"
}
first_err "cmabulk-trace: kernel has no BTF (/sys/kernel/btf/vmlinux): give it with --btf FILE, made from its vmlinux by 'pahole --btf_encode_detached=FILE vmlinux'" \
	hidden cmabulk-trace
first_err "cmabulk-trace: --btf /etc/passwd: not a BTF file or a vmlinux with BTF" \
	cmabulk-trace --btf /etc/passwd
first_err "cmabulk-trace: --btf build/tests/btf/layout-6.1.o: not the running kernel's BTF: " \
	cmabulk-trace --btf build/tests/btf/layout-6.1.o

ftrace_start cma/cma_alloc_finish
(hidden cmabulk-trace -j --btf /tmp/vmlinux.btf) >/tmp/b.json 2>/tmp/b.err &
TRACER_PID=$!
wait_for /tmp/b.err '^Tracing' $TRACER_PID 60
for n in 64 128 256; do
	echo $n >"$A/alloc" || fail "$n pages"
done
echo 512 >"$A/alloc" || fail "512 pages"
if echo $((count - 256)) >"$A/alloc" 2>/dev/null; then fail "more than free allocated"; fi
echo "$count" >"$A/free"
kill -INT $TRACER_PID
wait $TRACER_PID || fail "tracer exit $?: $(cat /tmp/b.err)"
ftrace_stop
grep -q "^cmabulk-trace: the kernel has no BTF of its own: tracepoints attach as raw_tp" /tmp/b.err ||
	fail "no line on the no-BTF mode: $(cat /tmp/b.err)"
grep -qi libbpf /tmp/b.err && fail "libbpf noise: $(grep -i libbpf /tmp/b.err)"
fcalls=$(grep -c "cma_alloc_finish: name=${A##*/}" $TRACEFS/trace)
ffailed=$(grep "cma_alloc_finish: name=${A##*/}" $TRACEFS/trace | grep -vc 'errorno=0')
final=$(tail -n 1 /tmp/b.json)
tcalls=$(echo "$final" | grep -o '"kind":"cma_alloc","mode":null,"fallback":null,"order":[0-9]*,"calls":[0-9]*,"failed":[0-9]*' |
	sed 's/.*"calls":\([0-9]*\),"failed":\([0-9]*\)/\1 \2/' | awk '{ c += $1; f += $2 } END { print c, f }')
assert_eq "$tcalls" "$fcalls $ffailed" "cma_alloc calls and failures, tracer in no-BTF mode vs ftrace"
assert_eq "$ffailed" 1 "failures made"
# No fentry there: the area is read through the kprobe.
grep '"type":"failure"' /tmp/b.json | grep -q '"class":"size".*"ret":-12,"area_source":"bitmap"' ||
	fail "the failure: $(grep '"type":"failure"' /tmp/b.json)"
[ "$(progs)" = "$before" ] || fail "programs left: $(progs)"
