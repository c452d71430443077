#!/bin/bash
# KCIDB's patchset_hash of the kernel series: sha256 over the
# newline-terminated sha256 of each patch, in the order kernel-patch/series
# applies them (KCIDB's schema defines it so). scripts/bench.sh and farm.sh
# record it as meta.json's patchset_hash; `cmabulk-bench export --kcidb`
# puts it in the checkout, and refuses a run without one unless
# --patchset-hash gives it. For runs made before it was recorded:
#
#   scripts/patchset-hash.sh           the series in kernel-patch/ now
#   scripts/patchset-hash.sh DIR       the series results folder DIR ran: the
#                                      revision of kernel-patch/ in this
#                                      repository whose series hash (meta.json's
#                                      series_hash) is DIR's
#
# Prints the hash. Exit 1 when no revision has DIR's series (a series
# changed and never committed, or from elsewhere), 2 on bad input.
set -u -o pipefail
TAG=patchset-hash
DIE_STATUS=2
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

[ $# -le 1 ] || die "usage: scripts/patchset-hash.sh [RESULTS_DIR]"
if [ $# = 0 ]; then
	hash_patchset || die "kernel-patch/series names no patch"
	exit 0
fi
dir=$1
[ -f "$dir/meta.json" ] || die "$dir: no meta.json (not a results folder)"
want=$(python3 -c 'import json, sys; m = json.load(open(sys.argv[1])); print(m.get("host", {}).get("series_hash", ""))' \
	"$dir/meta.json") || die "$dir/meta.json: not JSON"
[ -n "$want" ] || die "$dir records no series_hash"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The working tree first, then every revision that changed the series.
if [ "$(hash_series)" = "$want" ]; then
	hash_patchset
	exit 0
fi
for rev in $(git -C "$ROOT" log --format=%H -- kernel-patch/); do
	rm -rf "$tmp/s" && mkdir "$tmp/s" || exit 2
	git -C "$ROOT" archive "$rev" kernel-patch | tar -x -C "$tmp/s" 2>/dev/null || continue
	if [ "$(hash_series "$tmp/s/kernel-patch")" = "$want" ]; then
		say "$dir: the series of $(git -C "$ROOT" log -1 --format='%h (%cs)' "$rev")" >&2
		hash_patchset "$tmp/s/kernel-patch"
		exit 0
	fi
done
printf '%s: error: %s\n' "$TAG" "$dir: no revision of kernel-patch/ has its series (series_hash $want): give --patchset-hash by hand" >&2
exit 1
