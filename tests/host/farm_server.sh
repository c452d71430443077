#!/bin/bash
# needs: lava
# arch: x86_64
# test-timeout: 600
# The LAVA server on this machine (scripts/farm-server.sh), in short: a
# submission while it is down is refused in one line; up (twice: the second
# starts nothing); its device list has the two x86_64 QEMU devices, idle,
# which the server renders valid and with lava-run's QEMU command line;
# a submission without a token is refused (lavacli's XML-RPC and the REST
# API) and makes no job; the quick job (two trials of fast and normal)
# submitted with lavacli ends Complete, and the cases read back from the
# server's REST API are the cases its log records, numbers and all, with
# the gate; a kernel that is not a kernel ends the job Incomplete, one line,
# non-zero, no QEMU left; the secrets are files of mode 0600 and in no
# log, every port on the loopback; down leaves no process of the server running
# (PostgreSQL too, when it was not running before).
. "$(dirname "$0")/../lib.sh"
[ "$(id -u)" = 0 ] || { echo "SKIP farm_server: the server's services run as root"; exit 0; }
command -v lava-server >/dev/null || fail "no lava-server: run 'make deps' (lava-server, lavacli, postgresql)"
S=scripts/farm-server.sh
out=$ROOT/build/tests/farm-server
rm -rf "$out"
mkdir -p "$out"
t0=$(date +%s)
pg_before=0
pg_isready -q 2>/dev/null && pg_before=1
# Whatever happens, nothing of the server is left running.
trap '$S down >/dev/null 2>&1' EXIT
$S down >/dev/null 2>&1

# 1. Down: a submission says so in one line and exits non-zero.
expect_fail "the server is not up" $S submit

# 2. Up, twice.
msg=$($S up 2>&1) || fail "up: $(echo "$msg" | tail -n 1)"
t_up=$(($(date +%s) - t0))
msg=$($S up 2>&1) || fail "up again: $(echo "$msg" | tail -n 1)"
[ "$(echo "$msg" | grep -c 'already running')" = 4 ] || fail "up again started something: $msg"

# Its secrets: mode 0600 in a 0700 folder; its ports: on the loopback only.
st=${FARM_SERVER_STATE:-/var/lib/cmabulk-farm-server}
assert_eq "$(stat -c %a "$st")" 700 "the mode of $st"
for f in admin-password token worker-token lavacli/lavacli.yaml; do
	assert_eq "$(stat -c %a "$st/$f")" 600 "the mode of $st/$f"
done
open=$(/usr/bin/python3 - "${FARM_SERVER_PORT:-8100}" <<'PY'
import sys
port = int(sys.argv[1])
ports = {port, port + 1, 5500, 5432}
seen = []
for f in ("/proc/net/tcp", "/proc/net/tcp6"):
    for line in open(f).readlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        addr, p = local.rsplit(":", 1)
        if state == "0A" and int(p, 16) in ports:
            if addr not in ("0100007F", "00000000000000000000000001000000"):
                print("%s:%d" % (addr, int(p, 16)))
            seen.append(int(p, 16))
missing = ports - set(seen)
if missing:
    print("not listening: %s" % sorted(missing))
PY
)
[ -z "$open" ] || fail "the server's ports, not on the loopback only: $open"

# 3. The device list, from the REST API. Health Unknown takes jobs too (no
# health check is defined): LAVA gives it to a device whose last job ended
# in an infrastructure error, as step 6's does.
$S devices >"$out/devices.tsv" || fail "devices: $(tail -n 1 "$out/devices.tsv")"
n=$(awk -F'\t' '$2 == "qemu" && $3 == "Idle" && ($4 == "Good" || $4 == "Unknown") && $6 == "x86_64"' "$out/devices.tsv" | wc -l)
[ "$n" -ge 2 ] || fail "want 2 idle x86_64 qemu devices, the server lists: $(tr '\t\n' ' ;' <"$out/devices.tsv")"

# Each device as the server renders it for the worker: LAVA's device schema
# holds, and the QEMU command, options and prompts are those of the
# dictionary lava-run reads (farm/devices/qemu-ARCH.yaml).
for d in qemu-x86_64-01 qemu-x86_64-02 qemu-arm64-01; do
	XDG_CONFIG_HOME=$st/lavacli lavacli -i cmabulk devices dict get --render "$d" >"$out/$d.yaml" ||
		fail "lavacli devices dict get --render $d failed"
done
same=$(/usr/bin/python3 - "$out" <<'PY'
import sys, yaml
import lava_common.schemas.device as schema
for d in ("qemu-x86_64-01", "qemu-x86_64-02", "qemu-arm64-01"):
    got = yaml.safe_load(open("%s/%s.yaml" % (sys.argv[1], d)))
    try:
        schema.validate(got)
    except Exception as e:
        sys.exit("%s: LAVA's device schema: %s" % (d, e))
    want = yaml.safe_load(open("farm/devices/qemu-%s.yaml" % d.split("-")[1]))
    for path in (("actions", "boot", "methods", "qemu", "parameters", "command"),
                 ("actions", "boot", "methods", "qemu", "parameters", "options"),
                 ("constants", "kernel-start-message"), ("constants", "default-shell-prompt"),
                 ("constants", "shutdown-message"), ("constants", "posix")):
        g, w = got, want
        for k in path:
            g, w = g[k], w[k]
        if g != w:
            sys.exit("%s: %s is %r, lava-run's device has %r" % (d, "/".join(path), g, w))
print("ok")
PY
)
assert_eq "$same" ok "the server's devices against lava-run's"

# 4. No token, no job: an identity with the server's URI only.
jobs_count() { curl -fsS "http://127.0.0.1:${FARM_SERVER_PORT:-8100}/api/v0.2/jobs/?limit=1" | /usr/bin/python3 -c 'import json, sys; print(json.load(sys.stdin)["count"])'; }
before=$(jobs_count) || fail "cannot count the server's jobs"
mkdir -p "$out/anon"
printf 'anon:\n  uri: http://127.0.0.1:%s/RPC2\n' "${FARM_SERVER_PORT:-8100}" >"$out/anon/lavacli.yaml"
printf 'job_name: anonymous\ndevice_type: qemu\nvisibility: public\ntimeouts: {job: {minutes: 1}}\nactions: []\n' >"$out/anon.yaml"
msg=$(XDG_CONFIG_HOME=$out/anon lavacli -i anon jobs submit "$out/anon.yaml" 2>&1)
echo "$msg" | grep -q 'Fault 401' || fail "a submission without a token was not refused: $msg"
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
	-d '{"definition": "job_name: anonymous"}' "http://127.0.0.1:${FARM_SERVER_PORT:-8100}/api/v0.2/jobs/")
[ "$code" = 403 ] || [ "$code" = 401 ] || fail "REST submission without a token: HTTP $code, want 401 or 403"
assert_eq "$(jobs_count)" "$before" "the server's job count after the refused submissions"

# 5. The quick job, short, through the scheduler; cases from the API.
t1=$(date +%s)
msg=$(FARM_OUT=$out/quick FARM_BENCH_ARGS='-s fast,normal -n 2' FARM_GATES='fast<=normal' $S submit 2>&1) ||
	fail "submit: $(echo "$msg" | tail -n 2 | tr '\n' ' ')"
t_job=$(($(date +%s) - t1))
id=$(cat "$out/quick/ids")
grep -q "^quick	run-complete	pass	" "$out/quick/cases.tsv" || fail "job $id: no run-complete pass among the API's cases"
grep -q "^quick	fast-vs-normal-gate	" "$out/quick/cases.tsv" || fail "job $id: no gate among the API's cases"
grep -q "^quick	fast-median-ms	pass	[0-9.]*	ms$" "$out/quick/cases.tsv" || fail "job $id: no fast-median-ms measurement"
# The API's cases are the log's, number for number.
/usr/bin/python3 farm/lava_log.py cases "$out/quick/lava.log" >"$out/log-cases.tsv" || fail "the job's log does not parse"
diff "$out/log-cases.tsv" "$out/quick/cases.tsv" >"$out/cases.diff" ||
	fail "the API's cases differ from the log's: $(head -n 3 "$out/cases.diff" | tr '\n' ' ')"
[ -f "$out/quick/results/farm-quick/summary.json" ] || fail "job $id: no results folder taken out of its log"
ncases=$(grep -c . "$out/quick/cases.tsv")

# 6. A kernel that is not a kernel: Incomplete, one line, exit 2, no QEMU left.
head -c 4096 /dev/urandom >"$out/not-a-kernel"
t2=$(date +%s)
expect_fail "Incomplete" env FARM_OUT="$out/bad" FARM_KERNEL="$out/not-a-kernel" $S submit
t_bad=$(($(date +%s) - t2))
sleep 2
pgrep -f not-a-kernel >/dev/null && fail "a process of the failed job is still running: $(pgrep -af not-a-kernel | head -n 1)"

# Its secrets are in no log: the services', ours, the jobs'.
for f in admin-password token worker-token; do
	secret=$(cat "$st/$f")
	[ ${#secret} -ge 8 ] || fail "$st/$f holds no secret"
	grep -rqF -- "$secret" /var/log/lava-server /var/log/lava-dispatcher "$st/log" "$out" &&
		fail "the secret of $st/$f is in a log: $(grep -rlF -- "$secret" /var/log/lava-server /var/log/lava-dispatcher "$st/log" "$out" | head -n 1)"
done

# 7. Down: nothing of ours left.
$S down >/dev/null || fail "down failed"
trap - EXIT
# Zombies left to PID 1 (which reaps them when it will) run nothing.
left=$(ps -e -o stat=,pid=,args= | awk '$1 !~ /^Z/' |
	grep -E 'lava_server.wsgi|lava-worker|lava-server manage|lava-run|gunicorn3|qemu-system.*lava' | grep -v grep)
[ -z "$left" ] || fail "running after down: $(echo "$left" | head -n 2 | tr '\n' ' ')"
if [ "$pg_before" = 0 ] && pg_isready -q 2>/dev/null; then fail "PostgreSQL still running after down"; fi
echo "farm_server: $n x86_64 devices, unauthenticated submission refused (XML-RPC 401, REST $code)," \
	"job $id: $ncases cases from the API = the log's; bad kernel Incomplete in ${t_bad}s;" \
	"up ${t_up}s, job ${t_job}s, all $(($(date +%s) - t0))s"
