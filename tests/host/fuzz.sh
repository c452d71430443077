#!/bin/bash
# needs: sanitizers
# arch: x86_64
# The libFuzzer targets (tests/fuzz/fuzz_*.c: the scenario parser, the
# results-folder and device-session readers, the three tools' argument
# parsers), FUZZ_TEST_SECONDS each (default 60), after replaying every
# input that once crashed one (tests/fuzz/regress/), with a fixed seed from
# the committed corpus: what this finds, it finds every time (random, long
# fuzzing: make fuzz). Any sanitizer report,
# leak, broken promise (FUZZ_ASSERT) or multi-line error fails it.
# make fuzz runs the same for longer.
. "$(dirname "$0")/../lib.sh"
make -s fuzz-bins >/dev/null 2>&1 || fail "make fuzz-bins failed: $(make -s fuzz-bins 2>&1 | tail -n 2)"
tests/fuzz/run.sh --seed "${FUZZ_TEST_SEED:-1}" "${FUZZ_TEST_SECONDS:-60}"
