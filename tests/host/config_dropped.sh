#!/bin/bash
# needs: kernel-source
# arch: x86_64
# A fragment asking for an option the kernel does not have (or cannot
# satisfy) stops the configure step, naming the option; no config stamp
# is left behind for a later make to trust.
. "$(dirname "$0")/../lib.sh"
[ -f build/linux/Makefile ] || fail "no prepared tree: run make kernel first"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp kernel-patch/cmabulk.config "$tmp/frag.config"
echo "CONFIG_CMABULK_NO_SUCH_OPTION=y" >>"$tmp/frag.config"
KOUT=$tmp/kout KCONFIG_FRAGMENTS=$tmp/frag.config \
	expect_fail "CONFIG_CMABULK_NO_SUCH_OPTION (wanted y)" scripts/kernel.sh config
[ ! -f "$tmp/kout/.cmabulk-config-hash" ] || fail "config stamp written for a bad config"
