#!/bin/bash
# cmabulk-trace as it was at a git revision, built against this tree's
# kernel (its vmlinux.h and enums; no kernel build), for measuring one
# version against another in the same boot:
#
#   scripts/tracer-at.sh REV...     -> build/overhead/cmabulk-trace-<rev>
#   cmabulk-bench overhead --tracer old='build/overhead/cmabulk-trace-<rev> -j' \
#                          --tracer new='cmabulk-trace -j'
set -u -o pipefail
TAG=tracer-at
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
[ $# -ge 1 ] || die "usage: scripts/tracer-at.sh REV..."
for f in vmlinux.h cmabulk_kernel.h cmabulk_kernel.checked; do
	[ -f "$BUILD/bpf/$f" ] || die "no build/bpf/$f: run 'make tools' first"
done
out=$BUILD/overhead
mkdir -p "$out"
for rev in "$@"; do
	sha=$(git -C "$ROOT" rev-parse --short "$rev^{commit}" 2>/dev/null) || die "no revision '$rev'"
	wt=$out/src-$sha
	rm -rf "$wt"
	git -C "$ROOT" worktree add -q --detach "$wt" "$sha" || die "cannot check out $sha"
	mkdir -p "$wt/build/bpf"
	cp -p "$BUILD"/bpf/vmlinux.h "$BUILD"/bpf/cmabulk_kernel.h "$BUILD"/bpf/cmabulk_kernel.checked* "$wt/build/bpf/"
	# Oldest first, so that make sees the check as done after what it checks.
	touch "$wt/build/bpf/vmlinux.h" "$wt/build/bpf/cmabulk_kernel.h"
	touch "$wt"/build/bpf/cmabulk_kernel.checked*
	say "building cmabulk-trace at $sha"
	if make -s -C "$wt" "$wt/build/bin/cmabulk-trace" >"$out/build-$sha.log" 2>&1; then
		cp "$wt/build/bin/cmabulk-trace" "$out/cmabulk-trace-$sha"
		say "build/overhead/cmabulk-trace-$sha"
	else
		warn "cmabulk-trace at $sha did not build: build/overhead/build-$sha.log"
		rc=1
	fi
	git -C "$ROOT" worktree remove --force "$wt"
done
exit "${rc:-0}"
