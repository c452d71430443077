#!/bin/bash
# A tracing session or a bench scenario on a real device (an Android phone
# over adb, a board over ssh, or this machine), with the results pulled
# back into results/ and rendered here.
#
#   scripts/device.sh TRANSPORT check
#   scripts/device.sh TRANSPORT trace [-d SECONDS] [--calls] [--phases] [--json] [-- COMMAND ...]
#   scripts/device.sh TRANSPORT bench SCENARIO [cmabulk-bench run options]
#
# TRANSPORT is one of:
#   --adb [SERIAL]        adb push / shell / pull (the device must be root:
#                         'adb root', or add --su to run through 'su -c')
#   --ssh [USER@]HOST     ssh; -p PORT, -i KEY, -F SSH_CONFIG, --ssh-opt OPT
#   --local               already on the device: the tools run here
#
# Options: -o RESULTS (default results), --name LABEL (folder name part),
# --dir DEVDIR (where the tools go on the device; default
# /data/local/tmp/cmabulk on adb, /tmp/cmabulk otherwise), --keep (leave the
# tools on the device), -h.
#
# check: what the device has (arch, kernel, BTF, CMA areas, cma events,
# root, series). trace: runs cmabulk-trace for SECONDS (default 10), or
# until COMMAND ends, or until Ctrl-C here; the tracer's own options after
# trace (--calls, --phases, -a AREA, -M MODE, ...) go to it as written.
# bench: a scenario of bench/scenarios, where the series and its test
# driver exist. Ctrl-C stops the device side; what was measured is still
# pulled, and a check says that nothing stayed running, attached or pinned.
set -u -o pipefail
TAG=device
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

usage() {
	sed -n '2,/^set -u/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'
	exit "${1:-0}"
}

# --- command line.
TRANSPORT='' TARGET='' SSH_ARGS=() SU=0 RESULTS=results NAME='' DEVDIR='' KEEP=0
while [ $# -gt 0 ]; do
	case $1 in
	--adb)
		TRANSPORT=adb
		case ${2-} in -* | check | trace | bench | '') ;; *) TARGET=$2; shift ;; esac
		;;
	--ssh) TRANSPORT=ssh TARGET=${2:?--ssh needs [USER@]HOST}; shift ;;
	--local) TRANSPORT=local ;;
	-p) SSH_ARGS+=(-p "${2:?-p needs a port}"); shift ;;
	-i) SSH_ARGS+=(-i "${2:?-i needs a key file}"); shift ;;
	-F) SSH_ARGS+=(-F "${2:?-F needs a file}"); shift ;;
	--ssh-opt) SSH_ARGS+=(-o "${2:?--ssh-opt needs an option}"); shift ;;
	--su) SU=1 ;;
	-o) RESULTS=${2:?-o needs a folder}; shift ;;
	--name) NAME=${2:?--name needs a label}; shift ;;
	--dir) DEVDIR=${2:?--dir needs a path}; shift ;;
	--keep) KEEP=1 ;;
	-h | --help) usage 0 ;;
	-*) die "unknown option '$1' (see scripts/device.sh --help)" ;;
	*) break ;;
	esac
	shift
done
[ -n "$TRANSPORT" ] || die "no transport: give --adb, --ssh HOST or --local (see --help)"
ACTION=${1:-}
[ -n "$ACTION" ] || die "no command: check, trace or bench (see --help)"
shift
case $ACTION in check | trace | bench) ;; *) die "unknown command '$ACTION' (check, trace, bench)" ;; esac
if [ -z "$DEVDIR" ]; then
	DEVDIR=/tmp/cmabulk
	[ "$TRANSPORT" = adb ] && DEVDIR=/data/local/tmp/cmabulk
fi
case $DEVDIR in /*/*) ;; *) die "--dir $DEVDIR: want an absolute folder below /" ;; esac

# Single-quote a word for the device's POSIX shell.
q() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"; }

# --- the transport: the only part that differs between adb, ssh and local.
# Everything else builds the same device-side command lines.
t_shell() {
	local cmd=$1
	[ "$SU" = 1 ] && cmd="su -c $(q "$cmd")"
	case $TRANSPORT in
	adb) adb ${TARGET:+-s "$TARGET"} shell "$cmd" ;;
	ssh) ssh "${SSH_ARGS[@]}" -o BatchMode=yes "$TARGET" "$cmd" ;;
	local) sh -c "$cmd" ;;
	esac
}
t_push() {
	case $TRANSPORT in
	adb) adb ${TARGET:+-s "$TARGET"} push "$1" "$2" >/dev/null ;;
	ssh) ssh "${SSH_ARGS[@]}" -o BatchMode=yes "$TARGET" "cat > $(q "$2")" <"$1" ;;
	local) cp "$1" "$2" ;;
	esac
}
t_pull() {
	mkdir -p "$2" || return 1
	case $TRANSPORT in
	# adb pull of a folder to a new path creates it with the contents.
	adb) rm -rf "$2.pull" && adb ${TARGET:+-s "$TARGET"} pull "$1" "$2.pull" >/dev/null &&
		cp -R "$2.pull/." "$2" && rm -rf "$2.pull" ;;
	ssh) ssh "${SSH_ARGS[@]}" -o BatchMode=yes "$TARGET" "cd $(q "$1") && tar -cf - ." | tar -xf - -C "$2" ;;
	local) cp -R "$1/." "$2" ;;
	esac
}
case $TRANSPORT in
adb) command -v adb >/dev/null || die "adb not found (Debian package adb)" ;;
ssh) command -v ssh >/dev/null || die "ssh not found (Debian package openssh-client)" ;;
esac
where="$TRANSPORT${TARGET:+ $TARGET}"

# What to run, checked before the device is reached.
secs=10 want_json=0 targs=() cmdargs=() scenario='' sfile='' bench_args=()
if [ "$ACTION" = trace ]; then
	while [ $# -gt 0 ]; do
		case $1 in
		-d | --duration) secs=${2:?-d needs seconds}; shift ;;
		--json) want_json=1 ;;
		--) shift; cmdargs=("$@"); break ;;
		*) targs+=("$1") ;;
		esac
		shift
	done
	case $secs in *[!0-9]* | '' | 0) die "-d $secs: want whole seconds, at least 1" ;; esac
elif [ "$ACTION" = bench ]; then
	scenario=${1:-}
	[ -n "$scenario" ] || die "bench needs a SCENARIO (have: $(ls "$ROOT/bench/scenarios" | tr '\n' ' '))"
	shift
	bench_args=("$@")
	sfile=$ROOT/bench/scenarios/$scenario
	[ -f "$sfile" ] || sfile=$scenario
	[ -f "$sfile" ] || die "no scenario '$scenario' (have: $(ls "$ROOT/bench/scenarios" | tr '\n' ' '))"
fi

# --- 1. Reach the device, push the device agent, read its facts.
AGENT="sh $DEVDIR/agent.sh"
t_shell "mkdir -p $(q "$DEVDIR")" >/dev/null 2>&1 || die "cannot reach the device over $where (or create $DEVDIR there)"
t_push "$ROOT/scripts/device/agent.sh" "$DEVDIR/agent.sh" || die "cannot push agent.sh to $DEVDIR over $where"
facts=$(t_shell "$AGENT facts" | tr -d '\r') || die "the device did not answer 'agent.sh facts' over $where"
fact() { printf '%s\n' "$facts" | sed -n "s/^$1=//p" | head -n 1; }

arch=$(fact arch)
case $arch in
aarch64 | arm64) BINS=$BUILD/arm64/bin mk="make tools-arm64" ;;
x86_64) BINS=$BUILD/bin mk="make tools" ;;
'') die "the device did not say its architecture (uname -m)" ;;
*) die "no tools for $arch devices (the suite builds aarch64 and x86_64)" ;;
esac

# What the device can and cannot do, in a few lines.
describe() {
	say "$arch, Linux $(fact kernel), over $where${NAME:+ ($NAME)}"
	[ -n "$(fact model)" ] && say "  model: $(fact model), build $(fact fingerprint)"
	say "  BTF: $(fact btf); root: $([ "$(fact uid)" = 0 ] && echo yes || echo "no (uid $(fact uid))"); tracefs: $(fact tracefs)"
	local kb
	kb=$(fact cma_total_kb)
	say "  CMA: $((${kb:-0} / 1024)) MiB in all, areas: sysfs [$(fact cma_sysfs_areas)] debugfs [$(fact cma_debugfs_areas)]"
	say "  cma events: [$(fact cma_events)]; series test driver: $(fact test_driver)"
}
describe >&2
if [ "$ACTION" = check ]; then
	printf '%s\n' "$facts"
	[ "$KEEP" = 1 ] || t_shell "rm -rf $(q "$DEVDIR")" >/dev/null 2>&1
	exit 0
fi
[ "$(fact uid)" = 0 ] || die "the tools need root on the device: 'adb root', --su, or ssh as root"
[ "$(fact btf)" = yes ] || die "the device kernel has no BTF (/sys/kernel/btf/vmlinux): cmabulk-trace needs CONFIG_DEBUG_INFO_BTF"
[ -n "$(fact cma_events)" ] || die "the device kernel has no cma:* events (no CONFIG_CMA, or no tracefs)"
if [ "$ACTION" = bench ] && [ "$(fact test_driver)" != yes ]; then
	die "bench needs the series and its test driver (/sys/kernel/debug/cma_bulk_test); this kernel has neither: 'trace' still works"
fi

# --- 2. Push the static tools of that arch.
tools="cmabulk-trace"
[ "$ACTION" = bench ] && tools="cmabulk-trace cmabulk-load cmabulk-bench"
for t in $tools; do
	[ -x "$BINS/$t" ] || die "no $BINS/$t: run '$mk'"
	t_push "$BINS/$t" "$DEVDIR/$t" || die "cannot push $t to $DEVDIR"
done
t_shell "chmod 755 $DEVDIR/cmabulk-*" >/dev/null || die "cannot make the tools executable in $DEVDIR"

# --- 3. Start the session (detached on the device) and follow it.
if [ "$ACTION" = trace ]; then
	start="$AGENT start trace $secs -j"
	for a in "${targs[@]}"; do start="$start $(q "$a")"; done
	if [ ${#cmdargs[@]} -gt 0 ]; then
		start="$start --"
		for a in "${cmdargs[@]}"; do start="$start $(q "$a")"; done
	fi
else
	t_push "$sfile" "$DEVDIR/$(basename "$sfile")" || die "cannot push the scenario"
	start="$AGENT start bench $DEVDIR/$(basename "$sfile")"
	# The run's meta.json names the device as the host knows it.
	for m in "transport=$TRANSPORT" "device_model=$(fact model)" "device_fingerprint=$(fact fingerprint)"; do
		start="$start --meta $(q "$m")"
	done
	for a in "${bench_args[@]}"; do start="$start $(q "$a")"; done
fi

stopped=0
on_interrupt() {
	stopped=1
	say "stopping the device side (what was measured is still pulled)" >&2
	t_shell "$AGENT stop" >/dev/null 2>&1
}
trap on_interrupt INT TERM

t0=$(date +%s)
out=$(t_shell "$start" | tr -d '\r')
printf '%s\n' "$out" | sed 's/^/  /' >&2
case $out in *"agent: started"*) ;; *) say "the session did not start" >&2 ;; esac
last=0
while :; do
	st=$(t_shell "$AGENT status" 2>/dev/null | tr -d '\r')
	case $st in running) ;; *) break ;; esac
	el=$(($(date +%s) - t0))
	if [ "$ACTION" = trace ] && [ $((el - last)) -ge 10 ]; then
		say "  ... ${el}s of tracing$([ ${#cmdargs[@]} -eq 0 ] && echo " of $secs")" >&2
		last=$el
	fi
	sleep 1
done
trap - INT TERM
[ "$stopped" = 1 ] && st=$(t_shell "$AGENT wait 30" | tr -d '\r')
rc=${st#done }
case $rc in *[!0-9]* | '') rc=1 ;; esac

# --- 4. Pull what it measured, name the device, check nothing is left.
case $RESULTS in /*) ;; *) RESULTS=$ROOT/$RESULTS ;; esac
id=$(date -u +%Y%m%d-%H%M%S)-device-$ACTION${NAME:+-$NAME}
dir=$RESULTS/$id
t_pull "$DEVDIR/out" "$dir" || say "pulling $DEVDIR/out failed; what arrived is in ${dir#"$ROOT"/}" >&2
printf '%s\n' "$facts" >"$dir/device.facts"
left=$(t_shell "$AGENT leftovers" | tr -d '\r')
left_rc=$?
say "$left" >&2
[ "$KEEP" = 1 ] || t_shell "rm -rf $(q "$DEVDIR")" >/dev/null 2>&1

# --- 5. Render here.
if [ "$ACTION" = bench ]; then
	[ -d "$dir/bench" ] && "$BUILD/bin/cmabulk-bench" report --quiet "$dir/bench"
else
	flags=()
	[ "$stopped" = 1 ] && flags+=(--interrupted)
	[ "$want_json" = 1 ] && flags+=(--json)
	"$BUILD/bin/cmabulk-bench" session "$dir" --transport "$TRANSPORT" --status "$rc" "${flags[@]}"
fi
say "results: ${dir#"$ROOT"/}" >&2
[ "$left_rc" = 0 ] || die "something stayed on the device (see above)"
[ "$stopped" = 1 ] && exit 130
exit "$rc"
