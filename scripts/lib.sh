# shellcheck shell=bash
# Shared helpers for the cmabulk build scripts (sourced, not executed).
#
# Conventions: every script prefixes its messages with a short tag
# ("kernel:", "guest:"), prints one line per step with its duration, and
# dies with exactly one "tag: error: ..." line and a non-zero status.
# V=1 makes the scripts echo the commands they run and stream full logs.

ROOT=${ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
BUILD=${BUILD:-$ROOT/build}
V=${V:-0}
TAG=${TAG:-cmabulk}
# The exit status of die: a script whose 1 means something else (ab.sh,
# farm.sh: 1 is compare's regression) sets DIE_STATUS=2 before sourcing.
DIE_STATUS=${DIE_STATUS:-1}

die() {
	printf '%s: error: %s\n' "$TAG" "$*" >&2
	exit "$DIE_STATUS"
}

say() {
	printf '%s: %s\n' "$TAG" "$*"
}

warn() {
	printf '%s: warning: %s\n' "$TAG" "$*" >&2
}

# Human-readable duration of N seconds.
fmt_secs() {
	if [ "$1" -ge 60 ]; then
		printf '%dm%02ds' $(($1 / 60)) $(($1 % 60))
	else
		printf '%ds' "$1"
	fi
}

# step_begin "what"; ...; step_end  -> "tag: what ... done in 12s"
step_begin() {
	STEP_WHAT=$1
	STEP_T0=$(date +%s)
	say "$STEP_WHAT ..."
}

step_end() {
	say "$STEP_WHAT: done in $(fmt_secs $(($(date +%s) - STEP_T0)))"
}

# Run a command, echoing it under V=1.
run() {
	[ "$V" = 1 ] && printf '+ %s\n' "$*" >&2
	"$@"
}

# Run a long command with its output in LOG; under V=1 stream it instead.
# Prints a heartbeat line every HEARTBEAT seconds (default 60) so a long
# step is visibly alive without flooding the terminal. On failure shows
# the last lines of the log.
run_logged() {
	log=$1
	shift
	mkdir -p "$(dirname "$log")"
	if [ "$V" = 1 ]; then
		printf '+ %s\n' "$*" >&2
		"$@" 2>&1 | tee "$log"
		return "${PIPESTATUS[0]}"
	fi
	"$@" >"$log" 2>&1 &
	pid=$!
	t0=$(date +%s)
	beat=${HEARTBEAT:-60}
	next=$beat
	while kill -0 "$pid" 2>/dev/null; do
		sleep 1
		el=$(($(date +%s) - t0))
		if [ "$el" -ge "$next" ]; then
			say "  ... $(fmt_secs "$el") elapsed, $(wc -l <"$log") log lines (${log#"$ROOT"/})"
			next=$((next + beat))
		fi
	done
	wait "$pid"
	rc=$?
	if [ "$rc" -ne 0 ]; then
		tail -n 25 "$log" | sed 's/^/    | /' >&2
	fi
	return "$rc"
}

# Fail early with one line when the file system holding DIR has less
# than NEED_MB megabytes free.
need_space() {
	dir=$1
	need_mb=$2
	what=$3
	mkdir -p "$dir"
	avail_kb=$(df -Pk "$dir" | awk 'NR == 2 { print $4 }')
	if [ "$((avail_kb / 1024))" -lt "$need_mb" ]; then
		die "no space left for $what: $((avail_kb / 1024)) MiB free in $dir, need $need_mb MiB"
	fi
}

# sha256 of files and strings given as arguments ("-" entries are literal).
hash_of() {
	for x in "$@"; do
		if [ -f "$x" ]; then
			basename "$x"
			cat "$x"
		else
			printf '%s\n' "$x"
		fi
	done | sha256sum | cut -c1-16
}

# The short hashes meta.json records: of the series (its series file and
# patches, in order) and of a kernel build's .config.
hash_series() {
	(
		cd "${1:-$ROOT/kernel-patch}" || exit
		patches=()
		read -r -d '' -a patches 2>/dev/null <series
		cat series "${patches[@]}" 2>/dev/null | sha256sum | cut -c1-16
	)
}
hash_config() { cat "$1/.config" 2>/dev/null | sha256sum | cut -c1-16; }

# series_id SERIES [KSRC]: the id of the kernel a series folder and a source
# tree make (make ab's and make bisect's build folders): its series file,
# the patches it names (blank and comment lines left out; names split on
# white space), its base-version when it has one, and the source tree.
series_id() {
	local named=() version_file=()
	read -r -d '' -a named < <(grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$1/series")
	[ -f "$1/base-version" ] && version_file=(base-version)
	(cd "$1" && hash_of series "${named[@]}" "${version_file[@]}" "ksrc=${2:-}")
}

# KCIDB's patchset_hash of the series in $1 (default kernel-patch/): sha256
# over the newline-terminated sha256 of each patch, in the series' order
# (KCIDB's schema: "sha256sum *.patch | cut -c-64 | sha256sum | cut -c-64").
# meta.json's patchset_hash, the checkout's in a KCIDB export.
hash_patchset() {
	(
		cd "${1:-$ROOT/kernel-patch}" || exit
		patches=()
		read -r -d '' -a patches 2>/dev/null <series
		[ ${#patches[@]} -gt 0 ] || exit 1
		sha256sum "${patches[@]}" | cut -c-64 | sha256sum | cut -c-64
	)
}

# The base tree's commit when the kernel source $1 is a git checkout with
# nothing changed in it (the series is applied to a copy); nothing else.
kernel_git_commit() {
	local top
	[ -n "${1:-}" ] && [ -d "$1" ] || return 0
	top=$(git -C "$1" rev-parse --show-toplevel 2>/dev/null) || return 0
	[ "$top" = "$(cd "$1" && pwd -P)" ] || return 0
	[ -z "$(git -C "$1" status --porcelain --untracked-files=no 2>/dev/null)" ] || return 0
	git -C "$1" rev-parse HEAD 2>/dev/null
}

# $1 single-quoted for a command line a shell reads again (the guest's).
sq() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"; }

# The host's facts for a run's meta.json, as cmabulk-bench --meta options:
# the config of the kernel in KOUT, the accelerator, the host's CPU, QEMU,
# the guest's memory, CMA and CPUs (GUEST_SMP now), the project's revision
# and the toolchain. make run, make ab and the farm's local runs all record
# these (the series hash each adds itself: a side of make ab is its own).
#   host_meta_args KOUT ACCEL GUEST_MEM
host_meta_args() {
	local kout=$1 accel=$2 mem=$3 qemu_bin=qemu-system-x86_64 cc=gcc k v
	if [ "${GUEST_ARCH:-x86_64}" = arm64 ]; then
		qemu_bin=qemu-system-aarch64 cc=aarch64-linux-gnu-gcc
	fi
	for k in config_hash accelerator host_cpu qemu guest_mem guest_cma guest_smp git toolchain; do
		case $k in
		config_hash) v=$(hash_config "$kout") ;;
		accelerator) v=$accel ;;
		host_cpu) v=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1) ;;
		qemu) v=$(${QEMU:-$qemu_bin} --version 2>/dev/null | head -n1) ;;
		guest_mem) v=$mem ;;
		guest_cma) v=${GUEST_CMA:-384M} ;;
		guest_smp) v=${GUEST_SMP:-2} ;;
		git) v=$(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo unknown) ;;
		toolchain)
			v="$cc $($cc -dumpfullversion 2>/dev/null), clang $(clang -dumpversion 2>/dev/null),"
			v+=" libbpf $(dpkg-query -W -f='${Version}' "libbpf-dev:$(dpkg --print-architecture)" 2>/dev/null),"
			v+=" pahole $(pahole --version 2>/dev/null)"
			;;
		esac
		printf -- '--meta %s ' "$(sq "$k=$v")"
	done
}

# Path of a static busybox for ARCH (x86_64: the host's busybox-static;
# arm64: Debian's busybox-static:arm64, fetched once with 'apt-get
# download' into build/arm64/busybox, no install).
static_busybox() {
	local arch=$1 dir deb
	if [ "$arch" != arm64 ]; then
		echo "${BUSYBOX:-/bin/busybox}"
		return 0
	fi
	dir=$BUILD/arm64/busybox
	if [ ! -x "$dir/root/bin/busybox" ]; then
		rm -rf "$dir" && mkdir -p "$dir" || return 1
		(cd "$dir" && apt-get download -q busybox-static:arm64 >/dev/null 2>&1) ||
			{ echo "apt-get download busybox-static:arm64 failed (run 'make deps' as root to refresh the package lists)" >&2; return 1; }
		deb=$(ls "$dir"/busybox-static_*_arm64.deb 2>/dev/null | head -n 1)
		dpkg-deb -x "$deb" "$dir/root" || { echo "cannot unpack $deb" >&2; return 1; }
	fi
	echo "$dir/root/bin/busybox"
}

# An ssh server for arm64 test guests, fetched once with 'apt-get
# download' (no install): Debian's dropbear and the libraries it needs,
# unpacked into build/arm64/sshd/root, plus a key pair for the host
# (build/arm64/sshd/id_ed25519) that the root holds as authorized_keys.
# Prints the folder. Guests copy root/ over their own / and start it
# (scripts/guest/sshd.sh).
SSHD_PKGS="dropbear-bin libc6 libgcc-s1 libcrypt1 libtomcrypt1 libtommath1 libgmp10 zlib1g"
arm64_sshd() {
	local dir=$BUILD/arm64/sshd p d
	if [ ! -x "$dir/root/usr/sbin/dropbear" ] || [ ! -f "$dir/id_ed25519" ]; then
		command -v ssh-keygen >/dev/null || { echo "ssh-keygen not found: run 'make deps' (openssh-client)" >&2; return 1; }
		rm -rf "$dir" && mkdir -p "$dir/debs" || return 1
		for p in $SSHD_PKGS; do
			(cd "$dir/debs" && apt-get download -q "$p:arm64" >/dev/null 2>&1) ||
				{ echo "apt-get download $p:arm64 failed (run 'make deps' as root to refresh the package lists)" >&2; return 1; }
		done
		for d in "$dir"/debs/*.deb; do
			dpkg-deb -x "$d" "$dir/root" || { echo "cannot unpack $d" >&2; return 1; }
		done
		ssh-keygen -q -t ed25519 -N '' -C cmabulk-test -f "$dir/id_ed25519" || return 1
		mkdir -p "$dir/root/root/.ssh" "$dir/root/etc/dropbear"
		cp "$dir/id_ed25519.pub" "$dir/root/root/.ssh/authorized_keys"
		# dropbear takes a login shell only from /etc/shells.
		printf 'root:x:0:0:root:/root:/bin/sh\n' >"$dir/root/etc/passwd"
		printf '/bin/sh\n' >"$dir/root/etc/shells"
		# Nothing but what dropbear runs on: no docs, no gconv modules.
		rm -rf "$dir/root/usr/share" "$dir/root/usr/libexec"
		find "$dir/root/usr/lib" -mindepth 2 -type d -prune -exec rm -rf {} +
	fi
	echo "$dir"
}
