#!/bin/bash
# Bisectability: build the kernel after each prefix of the series, in a
# build folder of its own, and check each patch with checkpatch --strict.
#
#   scripts/check-series.sh [--checkpatch-only]
#
# Each prefix that touches a widely included header (gfp.h) costs close to
# a full build (about 9 minutes on 2 cores); ccache makes reruns quick.
set -u -o pipefail
TAG=check-series
. "$(dirname "$0")/lib.sh"

mapfile -t patches < <(grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$ROOT/kernel-patch/series")
[ -x "$BUILD/linux/scripts/checkpatch.pl" ] || "$ROOT/scripts/kernel.sh" source || exit 1

errors=0
for p in "${patches[@]}"; do
	out=$(perl "$BUILD/linux/scripts/checkpatch.pl" --strict --terse --no-summary \
		"$ROOT/kernel-patch/$p" 2>&1)
	e=$(echo "$out" | grep -c ': ERROR:')
	w=$(echo "$out" | grep -c ': WARNING:')
	c=$(echo "$out" | grep -c ': CHECK:')
	say "checkpatch $p: $e errors, $w warnings, $c checks"
	[ "$V" = 1 ] && echo "$out"
	errors=$((errors + e))
done
[ "${1:-}" = --checkpatch-only ] && exit 0

series_dir=$BUILD/check-series/series
for i in $(seq 1 ${#patches[@]}); do
	rm -rf "$series_dir"
	mkdir -p "$series_dir"
	for p in "${patches[@]:0:$i}"; do cp "$ROOT/kernel-patch/$p" "$series_dir/"; echo "$p"; done >"$series_dir/series"
	say "prefix $i/${#patches[@]}: ${patches[$((i - 1))]}"
	SERIES_DIR=$series_dir KTREE=$BUILD/check-series/linux KOUT=$BUILD/check-series/kernel \
		"$ROOT/scripts/kernel.sh" build || die "the series does not build after ${patches[$((i - 1))]}"
done
say "every prefix of the series builds ($errors checkpatch errors in total)"
