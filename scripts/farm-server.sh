#!/bin/bash
# A LAVA server on this machine (Debian bookworm's lava-server 2023.01), run
# by the project's own script as root: there is no systemd as PID 1 here, so
# nothing else would start its services (farm/README.md says what a lab
# does instead). Everything listens on 127.0.0.1 only.
#
#   scripts/farm-server.sh up         PostgreSQL, the database and its
#                                     migrations, a superuser and a token
#                                     (random, made here, kept in $STATE mode
#                                     0600), the qemu device type, the devices
#                                     of farm/server/devices, a worker, then
#                                     lava-publisher, gunicorn (the web UI,
#                                     REST and XML-RPC), lava-scheduler and
#                                     lava-worker; again: starts what is not
#                                     running, changes nothing else
#   scripts/farm-server.sh down       stops all that up started, PostgreSQL
#                                     too when up started it; jobs running
#                                     end with their QEMU
#   scripts/farm-server.sh status     each service: running or not; the devices
#   scripts/farm-server.sh devices    the server's devices, from its REST API
#   scripts/farm-server.sh submit     scripts/farm.sh job's job, submitted with
#                                     lavacli, waited for; the cases read back
#                                     from the REST API into cases.tsv
#   scripts/farm-server.sh submit-ab  scripts/farm.sh job-ab's A/B job as two
#                                     jobs (a1 b1, b2 a2) on two devices at once,
#                                     then farm.sh ab's merge and compare
#   scripts/farm-server.sh results ID a job's cases as the API returns them
#   scripts/farm-server.sh purge      down, then the database, the users, the
#                                     devices, the jobs' logs and $STATE
#                                     removed: the next up starts from nothing
#
# Environment: FARM_SERVER_PORT (8100: gunicorn; the publisher's websocket
# is PORT+1, its zmq events 5500), FARM_SERVER_STATE
# (/var/lib/cmabulk-farm-server), and for submit the variables of
# scripts/farm.sh (ARCH, FARM_KERNEL, FARM_BENCH_ARGS, FARM_OUT, ...).
set -u -o pipefail
TAG=farm-server
# As farm.sh: exit 1 is compare's "regression" (submit-ab), our errors are 2.
DIE_STATUS=2
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

PORT=${FARM_SERVER_PORT:-8100}
WS_PORT=$((PORT + 1))
URL=http://127.0.0.1:$PORT
STATE=${FARM_SERVER_STATE:-/var/lib/cmabulk-farm-server}
RUN=$STATE/run LOGS=$STATE/log
PY=/usr/bin/python3
API=$ROOT/farm/server/lava_api.py
ADMIN=cmabulk
WORKER=cmabulk-worker
IDENTITY=cmabulk
DEVICES="qemu-x86_64-01 qemu-x86_64-02 qemu-arm64-01"
LAVA_ETC=/etc/lava-server
DB_CONF=$LAVA_ETC/settings.d/00-database.yaml
# The services in the order up starts them; down stops them in reverse.
SERVICES="publisher gunicorn scheduler worker"
export FARM_SERVER_URL=$URL FARM_SERVER_TOKEN_FILE=$STATE/token
# lavacli reads its identities from $XDG_CONFIG_HOME/lavacli.yaml: ours sits
# beside the token, not in a home folder.
export XDG_CONFIG_HOME=$STATE/lavacli

manage() { runuser -u lavaserver -- lava-server manage "$@"; }

need_root_and_packages() {
	[ "$(id -u)" = 0 ] || die "the LAVA server's services run as root here (no systemd): run as root"
	local c
	for c in lava-server lavacli lava-worker pg_ctlcluster gunicorn3; do
		command -v "$c" >/dev/null || die "no $c: install lava-server, lavacli and postgresql with 'make deps'"
	done
}

# pid_of NAME: the pid in $RUN/NAME.pid when that process still runs the
# command it was started with (a reused pid is not ours).
pid_of() {
	local f=$RUN/$1.pid pid
	[ -f "$f" ] || return 1
	pid=$(cat "$f")
	[ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
	tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q "$(cmd_word "$1")" || return 1
	echo "$pid"
}

# The word each service's command line carries.
cmd_word() {
	case $1 in
	publisher) echo lava-publisher ;;
	gunicorn) echo lava_server.wsgi ;;
	scheduler) echo lava-scheduler ;;
	worker) echo lava-worker ;;
	esac
}

# start NAME CMD...: CMD in a session of its own (so down can end its whole
# process group), its output in $LOGS/NAME.out.
start() {
	local name=$1 pid
	shift
	if pid=$(pid_of "$name"); then
		say "$name already running (pid $pid)"
		return 0
	fi
	setsid "$@" </dev/null >>"$LOGS/$name.out" 2>&1 &
	echo $! >"$RUN/$name.pid"
	sleep 1
	pid_of "$name" >/dev/null || die "$name did not start: $(tail -n 1 "$LOGS/$name.out")"
	say "$name started (pid $!)"
}

# descendants PID: every process below PID, whatever its session (lava-run
# starts QEMU through pexpect, in a session of its own).
descendants() {
	ps -e -o pid=,ppid= | awk -v root="$1" '
		{ kids[$2] = kids[$2] " " $1 }
		END { n = split(kids[root], q, " "); while (n > 0) { p = q[n--]; print p;
			m = split(kids[p], k, " "); for (i = 1; i <= m; i++) q[++n] = k[i] } }'
}

# stop NAME: TERM to its process group and every descendant, KILL after 20 s.
stop() {
	local name=$1 pid all
	pid=$(pid_of "$name") || { rm -f "$RUN/$name.pid"; return 0; }
	all="$pid $(descendants "$pid" | tr '\n' ' ')"
	kill -TERM -- "-$pid" 2>/dev/null
	# shellcheck disable=SC2086 # a list of pids
	kill -TERM $all 2>/dev/null
	for _ in $(seq 40); do
		alive "$all" || break
		sleep 0.5
	done
	# shellcheck disable=SC2086
	alive "$all" && { kill -KILL -- "-$pid" 2>/dev/null; kill -KILL $all 2>/dev/null; }
	rm -f "$RUN/$name.pid"
	say "$name stopped"
}

alive() {
	local p
	for p in $1; do [ -d "/proc/$p" ] && return 0; done
	return 1
}

# The PostgreSQL cluster of the installed version, made when there is none.
pg_cluster() {
	local v
	v=$(pg_lsclusters -h 2>/dev/null | awk 'NR == 1 { print $1 " " $2 }')
	if [ -z "$v" ]; then
		v=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
		pg_createcluster "$v" main >"$LOGS/postgres.out" 2>&1 || die "pg_createcluster $v main failed: $(tail -n 1 "$LOGS/postgres.out")"
		v="$v main"
	fi
	echo "$v"
}

postgres_up() {
	local c
	c=$(pg_cluster) || exit
	# shellcheck disable=SC2086 # "version name"
	if ! pg_ctlcluster $c status >/dev/null 2>&1; then
		# shellcheck disable=SC2086
		pg_ctlcluster $c start >>"$LOGS/postgres.out" 2>&1 || die "PostgreSQL $c did not start: $(tail -n 1 "$LOGS/postgres.out")"
		echo "$c" >"$RUN/postgres.ours"
		say "PostgreSQL $c started"
	fi
	for _ in $(seq 30); do
		pg_isready -q && return 0
		sleep 1
	done
	die "PostgreSQL $c does not accept connections"
}

# The role and the database lava-server uses, with a password made here, in
# lava-server's own settings file (mode 0640, as its postinst writes it).
database() {
	local pw
	if [ ! -f "$DB_CONF" ]; then
		pw=$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
		printf 'DATABASES:\n  default:\n    ENGINE: "django.db.backends.postgresql"\n    NAME: "lavaserver"\n    USER: "lavaserver"\n    PASSWORD: "%s"\n    HOST: "127.0.0.1"\n    PORT: 5432\n' "$pw" >"$DB_CONF.tmp" &&
			chown lavaserver:lavaserver "$DB_CONF.tmp" && chmod 0640 "$DB_CONF.tmp" && mv "$DB_CONF.tmp" "$DB_CONF" ||
			die "cannot write $DB_CONF"
	fi
	pw=$(sed -n 's/^ *PASSWORD: "\(.*\)"$/\1/p' "$DB_CONF")
	# The SQL goes on psql's standard input: the password is on no command line.
	runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 >>"$LOGS/postgres.out" 2>&1 <<EOF || die "creating the lavaserver role and database failed (see $LOGS/postgres.out)"
SET client_min_messages = warning;
DO \$\$ BEGIN
  CREATE ROLE lavaserver LOGIN PASSWORD '$pw';
EXCEPTION WHEN duplicate_object THEN
  ALTER ROLE lavaserver LOGIN PASSWORD '$pw';
END \$\$;
SELECT 'CREATE DATABASE lavaserver OWNER lavaserver ENCODING ''UTF-8'' LC_COLLATE ''C.UTF-8'' LC_CTYPE ''C.UTF-8'' TEMPLATE template0'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'lavaserver')\gexec
EOF
	install -m 0644 "$ROOT/farm/server/settings.yaml" "$LAVA_ETC/settings.d/50-cmabulk.yaml" || die "cannot install the settings"
	if ! manage migrate --check >/dev/null 2>&1; then
		step_begin "migrating the database"
		manage migrate --noinput >>"$LOGS/migrate.out" 2>&1 || die "lava-server manage migrate failed (see $LOGS/migrate.out)"
		step_end
	fi
}

# The superuser, its token and the lavacli identity; the worker and its token.
accounts() {
	local out
	umask 077
	if ! manage users details "$ADMIN" >/dev/null 2>&1; then
		# Without --passwd lava-server makes a random one and prints it: it
		# goes to the file only.
		manage users add "$ADMIN" --superuser --staff >"$STATE/admin-password" ||
			die "cannot create the superuser $ADMIN"
		rm -f "$STATE/token"
	fi
	if [ ! -s "$STATE/token" ]; then
		manage tokens add --user "$ADMIN" --description "cmabulk farm-server" >"$STATE/token" ||
			die "cannot create a token for $ADMIN"
	fi
	mkdir -p "$XDG_CONFIG_HOME"
	printf '%s:\n  uri: %s/RPC2\n  username: %s\n  token: %s\n' "$IDENTITY" "$URL" "$ADMIN" "$(cat "$STATE/token")" \
		>"$XDG_CONFIG_HOME/lavacli.yaml"
	if ! manage workers details "$WORKER" >/dev/null 2>&1; then
		out=$(manage workers add "$WORKER" --description "lava-dispatcher on this machine") ||
			die "cannot add the worker $WORKER"
		echo "$out" | sed -n 's/^Token: //p' >"$STATE/worker-token"
	fi
	if [ ! -s "$STATE/worker-token" ]; then
		manage workers details "$WORKER" | sed -n 's/^token *: //p' >"$STATE/worker-token"
	fi
	umask 022
}

# The qemu device type (Debian's template) and our devices on our worker.
devices() {
	local d arch have
	manage device-types list 2>/dev/null | grep -qw qemu || manage device-types add qemu >/dev/null ||
		die "cannot add the qemu device type"
	have=$(manage devices list --all 2>/dev/null)
	for d in $DEVICES; do
		arch=${d#qemu-}
		arch=${arch%-*}
		install -o lavaserver -g lavaserver -m 0644 "$ROOT/farm/server/devices/qemu-$arch.jinja2" \
			"$LAVA_ETC/dispatcher-config/devices/$d.jinja2" || die "cannot install the dictionary of $d"
		echo "$have" | grep -qw "$d" && continue
		manage devices add "$d" --device-type qemu --worker "$WORKER" --tags "$arch" \
			--description "QEMU $arch (TCG) on this machine" || die "cannot add the device $d"
	done
}

# wait_for WHAT SECONDS CMD...: CMD until it succeeds.
wait_for() {
	local what=$1 n=$2
	shift 2
	for _ in $(seq "$n"); do
		"$@" >/dev/null 2>&1 && return 0
		sleep 1
	done
	die "$what not ready after ${n}s"
}

http_up() { curl -fsS -o /dev/null --max-time 5 "$URL/api/v0.2/"; }
worker_online() { curl -fsS --max-time 5 "$URL/api/v0.2/workers/$WORKER/" | grep -q '"state":"Online"'; }

do_up() {
	need_root_and_packages
	local t0
	t0=$(date +%s)
	mkdir -p "$RUN" "$LOGS" && chmod 0700 "$STATE" || die "cannot create $STATE"
	postgres_up
	database
	accounts
	devices
	# Their logs where a lab's are (/var/log/lava-server, lava-dispatcher):
	# lava-server's daemons drop to the lavaserver user themselves; gunicorn
	# with -u/-g; the worker stays root (lava-run mounts, QEMU).
	start publisher lava-server manage lava-publisher --level INFO --log-file /var/log/lava-server/lava-publisher.log \
		--host 127.0.0.1 --port "$WS_PORT"
	start gunicorn gunicorn3 lava_server.wsgi --bind "127.0.0.1:$PORT" -u lavaserver -g lavaserver \
		--worker-class eventlet --workers 2 --log-level info --log-file /var/log/lava-server/gunicorn.log
	start scheduler lava-server manage lava-scheduler --level INFO --log-file /var/log/lava-server/lava-scheduler.log \
		--event-url tcp://127.0.0.1:5500
	wait_for "the web server on $URL" 60 http_up
	# A worker folder of our own: its job database is keyed by job id, which
	# a purged server starts again from 1 (the package's would say "already
	# running" to a new job 1), and its jobs' scratch goes there too.
	start worker lava-worker --name "$WORKER" --url "$URL/" --ws-url "http://127.0.0.1:$WS_PORT/ws/" \
		--worker-dir "$STATE/worker" --token-file "$STATE/worker-token" --ping-interval 5 \
		--level INFO --log-file /var/log/lava-dispatcher/lava-worker.log
	wait_for "the worker $WORKER" 60 worker_online
	say "up in $(fmt_secs $(($(date +%s) - t0))): $URL (127.0.0.1 only), lavacli -i $IDENTITY (XDG_CONFIG_HOME=$XDG_CONFIG_HOME)"
}

# The jobs still queued or running are canceled first: the worker ends
# their lava-run and QEMU, and the server does not keep them Running on a
# device that the next up would find busy.
cancel_jobs() {
	local ids id
	is_up || return 0
	ids=$("$PY" "$API" active 2>/dev/null | tr '\n' ' ')
	[ -n "${ids// /}" ] || return 0
	for id in $ids; do lavacli -i "$IDENTITY" jobs cancel "$id" >/dev/null 2>&1; done
	say "canceled job(s) $ids"
	for _ in $(seq 30); do
		[ -z "$("$PY" "$API" active 2>/dev/null)" ] && return 0
		sleep 1
	done
	warn "job(s) $ids still not finished after 30 s: stopping the worker ends them"
}

do_down() {
	local s c=''
	[ "$(id -u)" = 0 ] || die "run as root"
	cancel_jobs
	for s in $(echo "$SERVICES" | tr ' ' '\n' | tac); do stop "$s"; done
	[ -f "$RUN/postgres.ours" ] && c=$(cat "$RUN/postgres.ours")
	if [ -n "$c" ]; then
		# shellcheck disable=SC2086 # "version name"
		pg_ctlcluster $c stop -m fast >>"$LOGS/postgres.out" 2>&1 || die "PostgreSQL $c did not stop"
		rm -f "$RUN/postgres.ours"
		say "PostgreSQL $c stopped"
	fi
}

# up: every service running and the API answering.
is_up() {
	local s
	for s in $SERVICES; do pid_of "$s" >/dev/null || return 1; done
	http_up
}

do_status() {
	local s pid rc=0
	for s in $SERVICES; do
		if pid=$(pid_of "$s"); then say "$s running (pid $pid)"; else say "$s not running"; rc=1; fi
	done
	if pg_isready -q 2>/dev/null; then say "PostgreSQL accepting connections"; else say "PostgreSQL not running"; rc=1; fi
	[ $rc = 0 ] && do_devices
	return $rc
}

do_devices() {
	is_up || die "the server is not up: run 'make farm-server'"
	printf 'hostname\ttype\tstate\thealth\tworker\ttags\n'
	"$PY" "$API" devices || exit "$DIE_STATUS"
}

do_purge() {
	do_down
	postgres_up
	runuser -u postgres -- psql -q -c 'DROP DATABASE IF EXISTS lavaserver' -c 'DROP ROLE IF EXISTS lavaserver' \
		>>"$LOGS/postgres.out" 2>&1 || die "dropping the database failed (see $LOGS/postgres.out)"
	do_down
	local d
	for d in $DEVICES; do rm -f "$LAVA_ETC/dispatcher-config/devices/$d.jinja2"; done
	rm -f "$DB_CONF" "$LAVA_ETC/settings.d/50-cmabulk.yaml"
	# The jobs' logs, kept by date and job id: a new job 1 would find the
	# old one's log in its folder.
	rm -rf /var/lib/lava-server/default/media/job-output/[0-9]*
	rm -rf "$STATE"
	say "purged: the next 'up' starts from nothing"
}

# submit_jobs OUT ARCH JOB...: each JOB submitted; their ids in OUT/ids.
submit_jobs() {
	local out=$1 arch=$2 j id
	shift 2
	: >"$out/ids"
	for j in "$@"; do
		"$PY" "$API" tag "$j" "$arch" || exit "$DIE_STATUS"
		# lavacli exits 0 when the server refuses a job, and says why on
		# stdout: a job id is digits.
		id=$(lavacli -i "$IDENTITY" jobs submit "$j" 2>&1)
		case $id in '' | *[!0-9]*) die "lavacli jobs submit $(basename "$j") failed: $(echo "$id" | tail -n 1)" ;; esac
		echo "$id" >>"$out/ids"
		say "submitted $(basename "$j"): job $id ($URL/scheduler/job/$id)"
	done
}

# fetch OUT ID: the job's cases from the API, its log (for the results folders).
fetch() {
	local out=$1 id=$2
	"$PY" "$API" cases "$id" >"$out/cases-$id.tsv" || die "cannot read job $id's results from the API"
	lavacli -i "$IDENTITY" jobs logs --raw "$id" >"$out/lava-$id.log" 2>/dev/null ||
		die "cannot fetch job $id's log"
}

tally() {
	local tsv=$1 what=$2
	say "$what: $(grep -c . "$tsv") cases, $(cut -f3 "$tsv" | sort | uniq -c | awk '{ printf "%s%s %s", s, $1, $2; s = ", " }')"
	grep -v '	pass	' "$tsv" | sed 's/^/  not passed: /' >&2
}

do_submit() {
	local ab=${1:-} out arch=${ARCH:-x86_64} rc id ids health dev why last
	[ "$arch" = x86 ] && arch=x86_64
	is_up || die "the server is not up on $URL: run 'make farm-server' (scripts/farm-server.sh up)"
	out=${FARM_OUT:-$BUILD/farm/jobs/$(date -u +%Y%m%d-%H%M%S)-$arch-server${ab:+-ab}}
	mkdir -p "$out" || die "cannot create $out"
	"$ROOT/scripts/farm.sh" bundle >/dev/null && "$ROOT/scripts/farm.sh" initramfs >/dev/null || exit "$DIE_STATUS"
	if [ -n "$ab" ]; then
		"$ROOT/scripts/farm.sh" job-ab "$out/job-ab.yaml" || exit "$DIE_STATUS"
		"$PY" "$API" split-ab "$out/job-ab.yaml" "$out/job-1.yaml" "$out/job-2.yaml" || exit "$DIE_STATUS"
		submit_jobs "$out" "$arch" "$out/job-1.yaml" "$out/job-2.yaml"
	else
		"$ROOT/scripts/farm.sh" job "$out/job.yaml" || exit "$DIE_STATUS"
		submit_jobs "$out" "$arch" "$out/job.yaml"
	fi
	ids=$(tr '\n' ' ' <"$out/ids")
	step_begin "waiting for job(s) $ids"
	# shellcheck disable=SC2086 # a list of ids
	"$PY" "$API" wait $ids
	rc=$?
	step_end
	[ $rc = 0 ] || for id in $ids; do
		IFS=$'\t' read -r _ health dev why < <("$PY" "$API" job "$id")
		[ "$health" = Complete ] && continue
		# What the device said last tells a kernel that is not one from a lab's fault.
		last=$(lavacli -i "$IDENTITY" jobs logs --raw "$id" 2>/dev/null | grep '"lvl": "target"' | tail -n 1 |
			sed -n 's/.*"msg": "\(.*\)"}$/\1/p')
		[ -z "$last" ] || last=" (the device's last line: $last)"
		die "job $id ended $health on $dev: ${why:-no reason given}$last"
	done
	: >"$out/cases.tsv"
	: >"$out/lava.log"
	for id in $ids; do
		fetch "$out" "$id"
		cat "$out/cases-$id.tsv" >>"$out/cases.tsv"
		cat "$out/lava-$id.log" >>"$out/lava.log"
	done
	tally "$out/cases.tsv" "job(s) $ids complete (results from the server's API)"
	echo "$out" >"$BUILD/farm/last"
	if [ -n "$ab" ]; then
		# The two jobs' logs, one after the other, are what farm.sh ab reads
		# from one A/B job: the four runs, merged per kernel, compared.
		"$ROOT/scripts/farm.sh" ab "$out/lava.log" "$out/ab"
		return
	fi
	if "$PY" "$ROOT/farm/lava_log.py" collect "$out/lava.log" "$out/results" >/dev/null; then
		say "results folder(s): ${out#"$ROOT"/}/results/$(ls "$out/results" | tr '\n' ' ')"
	fi
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case $cmd in
up) do_up ;;
down) do_down ;;
status) do_status ;;
devices) do_devices ;;
purge) do_purge ;;
submit) do_submit ;;
submit-ab) do_submit ab ;;
results)
	[ $# = 1 ] || die "usage: scripts/farm-server.sh results ID"
	is_up || die "the server is not up on $URL: run 'make farm-server'"
	exec "$PY" "$API" cases "$1"
	;;
*) die "usage: scripts/farm-server.sh up|down|status|devices|submit|submit-ab|results ID|purge" ;;
esac
