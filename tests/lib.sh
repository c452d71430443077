# shellcheck shell=dash
# Helpers for every shell test, on the host (bash) and in the guest
# (busybox sh): POSIX sh plus "local". Sourced.
# A test script either exits 0 (pass) / non-zero (fail, last line says why),
# or prints its own "PASS case" / "FAIL case: why" lines.

fail() {
	echo "FAIL: $*"
	exit 1
}

# expect_fail "substring" cmd...: cmd must exit non-zero and print substring
# on its last line of stderr (the one clear line).
expect_fail() {
	local want=$1 out rc
	shift
	out=$("$@" 2>&1 >/dev/null)
	rc=$?
	[ "$rc" -ne 0 ] || fail "'$*' succeeded, expected failure with '$want'"
	echo "$out" | tail -n 1 | grep -qF -- "$want" ||
		fail "'$*' said '$(echo "$out" | tail -n 1)', expected '$want'"
}

assert_eq() {
	[ "$1" = "$2" ] || fail "${3:-value}: got '$1', want '$2'"
}
