#!/bin/bash
# needs: nothing
# arch: x86_64
# The command lines of cmabulk-bench and cmabulk-load, on the host (parsing
# comes before anything touches the kernel): every command answers --help
# with its examples, unknown commands and options get exactly one line and
# the documented exit status, and 'cmabulk-bench keys' lists exactly the
# keys the scenario parser takes.
. "$(dirname "$0")/../lib.sh"
bench=build/bin/cmabulk-bench
load=build/bin/cmabulk-load
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT

# expect_one_line STATUS WANT cmd...: exit STATUS, exactly one stderr line
# starting with the tool's name and containing WANT.
expect_one_line() {
	local status=$1 want=$2 rc=0 tool
	shift 2
	tool=$(basename "$1")
	"$@" >/dev/null 2>"$t/err" || rc=$?
	assert_eq "$rc" "$status" "exit status of '$*'"
	assert_eq "$(wc -l <"$t/err")" 1 "stderr lines of '$*' ($(cat "$t/err"))"
	grep -q "^$tool: .*$want" "$t/err" || fail "'$*' said '$(cat "$t/err")', want '$want'"
}

# The commands a tool's --help lists ("  NAME  summary" after "Commands:").
commands() {
	"$1" --help | sed -n '/^Commands:/,/^$/p' | awk 'NF > 1 { print $1 }'
}

for tool in $bench $load; do
	$tool --help | grep -q "^Usage: $(basename $tool) COMMAND" || fail "$tool --help: no usage"
	$tool --help | grep -q "COMMAND --help" || fail "$tool --help does not point to COMMAND --help"
	n=0
	for c in $(commands $tool); do
		out=$($tool "$c" --help) || fail "$tool $c --help failed"
		echo "$out" | grep -q "^Usage: $(basename $tool) $c" || fail "$tool $c --help: no usage line"
		echo "$out" | grep -qE "Examples|EXAMPLES" || fail "$tool $c --help: no examples"
		$tool "$c" -h | cmp -s - <(echo "$out") || fail "$tool $c -h differs from --help"
		n=$((n + 1))
	done
	[ $n -ge 5 ] || fail "$tool --help lists only $n commands"
done
commands $bench | grep -qx load || fail "cmabulk-bench has no load command"
commands $load | grep -qx scenario && fail "cmabulk-load still has a scenario command"
$bench run --help | grep -q "cmabulk-bench keys" || fail "run --help does not mention keys"

# Unknown commands and options: one line, exit 2 (bench) or 1 (load).
expect_one_line 2 "unknown command 'dance'" $bench dance
expect_one_line 1 "unknown command 'dance'" $load dance
expect_one_line 2 "unknown option '--bogus'" $bench --bogus
expect_one_line 1 "unknown option '--bogus'" $load --bogus
expect_one_line 2 "unrecognized option '--bogus'" $bench run quick --bogus
expect_one_line 2 "invalid option" $bench compare a b -x
expect_one_line 1 "unrecognized option '--bogus'" $load fill 10 --bogus
expect_one_line 1 "requires an argument" $load fill 10 --hold
expect_one_line 2 "no COMMAND" $bench
expect_one_line 1 "no COMMAND" $load
# Options belong to their command: --fraction is pin's, --no-plot report's.
expect_one_line 1 "unrecognized option '--fraction" $load fill 10 --fraction 0.1
expect_one_line 2 "unrecognized option '--no-plot'" $bench run quick --no-plot
# sweep takes run's options through the same parser, and refuses bad ones in one line.
expect_one_line 2 "'fast,bogus' is not a list of" $bench sweep quick pin_fraction=0,0.02 -s fast,bogus
expect_one_line 2 "unrecognized option '--bogus'" $bench sweep quick pin_fraction=0,0.02 --bogus
expect_one_line 2 "--max-trials: '4' is not an integer from 5 to 10000" $bench run quick --max-trials 4
expect_one_line 2 "--max-time: '5x' is not a duration" $bench run quick --max-time 5x
expect_one_line 2 "--seed: '-1' is not an integer from 1 to" $bench compare a b --seed -1
expect_one_line 2 "strategy hard left the series in v4" $bench run quick -s hard
expect_one_line 2 "strategy hard left the series in v4" $bench sweep quick pin_fraction=0,0.02 -s hard
# One range per value, named in the message, found before the root check.
expect_one_line 1 "--fraction must be in (0, 1], got 2" $load pin --fraction 2 --method vmsplice
expect_one_line 1 "fill: PERCENT must be in (0, 100], got 0" $load fill 0
expect_one_line 1 "fragment: PERCENT must be in (0, 100], got 101" $load fragment 101
expect_one_line 1 "--alloc-rate must be in \[0, 4096\] MiB/s, got 5000" $load churn --alloc-rate 5000
expect_one_line 1 "--fill must be in (0, 100]" $load pin --method vmsplice --fraction 0.1 --fill 120
expect_one_line 1 "fill: unexpected argument '20'" $load fill 10 20
# The same bounds in a scenario (where 0 means none of it).
printf 'pin_method = module\npin_fraction = 1.5\n' >"$t/frac"
expect_one_line 2 "pin_fraction = 1.5 is out of range \[0, 1\]" $bench load "$t/frac"
printf 'churn_alloc_mb_s = 4097\n' >"$t/rate"
expect_one_line 2 "churn_alloc_mb_s = 4097 is out of range \[0, 4096\]" $bench run "$t/rate"
expect_one_line 2 "no-such-scenario: No such file" $bench load no-such-scenario
expect_one_line 2 "--hold: 'soon' is not a number" $bench load quick --hold soon

# keys: every key the parser takes, each with a default that parses.
$bench keys >"$t/keys" || fail "keys failed"
nkeys=0
while read -r key rest; do
	def=${rest##*; default: }
	[ "$def" != "$rest" ] || fail "keys: no default for $key: $rest"
	[ "$def" = '""' ] && def=x
	printf '%s = %s\n' "$key" "$def" >"$t/one"
	# Parsed, then refused for the area (exit 1): a parse error is exit 2.
	rc=0
	$bench load "$t/one" --area no-such-area 2>"$t/err" >/dev/null || rc=$?
	[ "$rc" -eq 1 ] || fail "'$key = $def' (from keys) does not parse: $(cat "$t/err")"
	nkeys=$((nkeys + 1))
done < <(grep -v '^ ' "$t/keys")
# ... and nothing it leaves out: every key scenario.c knows is listed.
for key in $(sed -n 's/^\t{ "\([a-z_]*\)",.*/\1/p' bench/core/scenario.c); do
	grep -q "^$key " "$t/keys" || fail "keys does not list '$key'"
done
[ "$nkeys" -ge 17 ] || fail "keys lists only $nkeys keys"
printf 'colour = red\n' >"$t/colour"
expect_one_line 2 "unknown key 'colour'" $bench load "$t/colour"
true
