#!/bin/bash
# Bisectability: build the kernel after each prefix of the series, in a
# build folder of its own, and check each patch with checkpatch --strict.
#
#   scripts/check-series.sh [--checkpatch-only | --quick]
#
# Each prefix that touches a widely included header (gfp.h) costs close to
# a full build (about 9 minutes on 2 cores); ccache makes reruns quick.
# --quick compiles, for each prefix, only what the series touches: mm/,
# kernel/dma/ and lib/kunit/ (every file the series changes is in mm/ or
# include/, and these directories include all of those headers).
set -u -o pipefail
TAG=check-series
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

mapfile -t patches < <(grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$ROOT/kernel-patch/series")
[ -x "$BUILD/linux/scripts/checkpatch.pl" ] || "$ROOT/scripts/kernel.sh" source || exit 1

errors=0
for p in "${patches[@]}"; do
	# An absolute path on purpose: inside a git checkout checkpatch takes a
	# relative path that git tracks for a source file, not for a patch.
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
quick=false
[ "${1:-}" = --quick ] && quick=true

series_dir=$BUILD/check-series/series
for i in $(seq 1 ${#patches[@]}); do
	rm -rf "$series_dir"
	mkdir -p "$series_dir"
	for p in "${patches[@]:0:$i}"; do cp "$ROOT/kernel-patch/$p" "$series_dir/"; echo "$p"; done >"$series_dir/series"
	say "prefix $i/${#patches[@]}: ${patches[$((i - 1))]}"
	# Options the series itself adds exist only from their patch on.
	SERIES_DIR=$series_dir KTREE=$BUILD/check-series/linux KOUT=$BUILD/check-series/kernel \
		"$ROOT/scripts/kernel.sh" patch >/dev/null || exit 1
	frag=$BUILD/check-series/fragment.config
	cp "$ROOT/kernel-patch/cmabulk.config" "$frag"
	for opt in CMA_BULK_TEST CMA_BULK_KUNIT_TEST; do
		grep -q "^config $opt\$" "$BUILD/check-series/linux/mm/Kconfig" ||
			sed -i "/CONFIG_$opt=/d" "$frag"
	done
	export KCONFIG_FRAGMENTS=$frag
	if $quick; then
		SERIES_DIR=$series_dir KTREE=$BUILD/check-series/linux KOUT=$BUILD/check-series/kernel \
			"$ROOT/scripts/kernel.sh" config || exit 1
		run_logged "$BUILD/logs/check-series-$i.log" \
			make -C "$BUILD/check-series/linux" O="$BUILD/check-series/kernel" ARCH=x86_64 \
			CC="ccache gcc" -j"$(($(nproc) + 1))" mm/ kernel/dma/ lib/kunit/ ||
			die "the series does not compile after ${patches[$((i - 1))]} (log: build/logs/check-series-$i.log)"
	else
		SERIES_DIR=$series_dir KTREE=$BUILD/check-series/linux KOUT=$BUILD/check-series/kernel \
			"$ROOT/scripts/kernel.sh" build || die "the series does not build after ${patches[$((i - 1))]}"
	fi
done
say "every prefix of the series $($quick && echo "compiles (mm/, kernel/dma/, lib/kunit/)" || echo builds) ($errors checkpatch errors in total)"
