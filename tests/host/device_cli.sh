#!/bin/bash
# needs: nothing
# arch: x86_64
# scripts/device.sh refuses what it cannot do in one line, before it
# touches a device where it can: no transport, an unknown command, a bad
# duration or scenario, a relative device folder, a device it cannot reach.
# Its --help teaches every transport and command.
. "$(dirname "$0")/../lib.sh"
d=scripts/device.sh
out=$($d --help) || fail "--help failed"
for w in --adb --ssh --local check trace bench Ctrl-C; do
	echo "$out" | grep -q -- "$w" || fail "--help does not mention $w"
done
expect_fail "no transport: give --adb, --ssh HOST or --local" $d trace
expect_fail "no command: check, trace or bench" $d --local
expect_fail "unknown command 'dance'" $d --local dance
expect_fail "unknown option '--bogus'" $d --bogus --local trace
expect_fail "-d x: want whole seconds" $d --local trace -d x
expect_fail "-d 0: want whole seconds" $d --local trace -d 0
expect_fail "no scenario 'nosuch'" $d --local bench nosuch
expect_fail "bench needs a SCENARIO" $d --local bench
expect_fail "--dir tmp/x: want an absolute folder" $d --dir tmp/x --local check
# Port 1 on this machine: nothing listens there.
expect_fail "cannot reach the device over ssh root@127.0.0.1" \
	$d --ssh root@127.0.0.1 -p 1 --ssh-opt ConnectTimeout=3 check
# The session half refuses unknown commands and a second start alike.
expect_fail "unknown command 'dance'" sh scripts/device/agent.sh dance
expect_fail "start what? (trace or bench)" sh scripts/device/agent.sh start
exit 0
