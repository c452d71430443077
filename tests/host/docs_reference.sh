#!/bin/bash
# needs: tools
# arch: x86_64
# The option references in docs/reference/ are what the built tools'
# --help say today (scripts/gen-reference.sh --check): a changed option or
# help text without the page regenerated fails here, naming the page. Like
# cli_help, it runs the host's built tools (make tools), no kernel.
. "$(dirname "$0")/../lib.sh"
cd "$(dirname "$0")/../.." || exit 1
out=$(scripts/gen-reference.sh --check 2>&1)
rc=$?
[ "$rc" -eq 0 ] || fail "$(echo "$out" | tr '\n' ' ')(exit $rc)"
