#!/bin/sh
# The Debian packages cmabulk needs, installed when missing.
#
#   scripts/deps.sh           install what is missing (root), say what is there
#   scripts/deps.sh --probe   the same, silent when nothing is missing: what
#                             'make run' and 'make test' call first
#
# One dpkg-query for every package, so the probe costs a few milliseconds.
# Not as root, a missing package is one line naming it and the command that
# installs it, and exit 1. CMABULK_DEPS_EXTRA adds names (the tests use it).
set -eu

# lava-server only recommends postgresql, and recommends are not installed
# (below): scripts/farm-server.sh needs the database, so it is named here.
PKGS="
build-essential make gcc bc bison flex perl python3 python3-jsonschema cpio xz-utils kmod
python3-jinja2 python3-yaml shellcheck
libssl-dev libelf-dev zlib1g-dev libzstd-dev libjson-c-dev dwarves
linux-source-6.12
clang llvm libclang-rt-14-dev libbpf-dev bpftool
qemu-system-x86 qemu-system-arm busybox-static e2fsprogs
ccache gnuplot-nox openssh-client lava-dispatcher
lava-server lavacli postgresql curl
gcc-aarch64-linux-gnu libc6-dev-arm64-cross
libbpf-dev:arm64 libelf-dev:arm64 zlib1g-dev:arm64 libzstd-dev:arm64 libjson-c-dev:arm64
protobuf-c-compiler libprotobuf-c-dev libprotobuf-c-dev:arm64 protobuf-compiler python3-protobuf
bpftrace
${CMABULK_DEPS_EXTRA-}
"

probe=false
case ${1-} in
--probe) probe=true ;;
'') ;;
*) echo "deps: unknown option '$1' (--probe)" >&2; exit 2 ;;
esac

if ! command -v dpkg-query >/dev/null 2>&1; then
	echo "deps: no dpkg-query: cmabulk installs its dependencies on Debian (bookworm); install the equivalents of:$PKGS" | tr '\n' ' ' >&2
	echo >&2
	exit 1
fi

# "ii " marks an installed package; unknown names print nothing on stdout.
# shellcheck disable=SC2086 # PKGS is a list of names: split on purpose
installed=$(dpkg-query -W -f='${db:Status-Abbrev}${binary:Package}\n' $PKGS 2>/dev/null |
	sed -n 's/^ii *//p')
arch=$(dpkg --print-architecture 2>/dev/null)
missing=""
for p in $PKGS; do
	# dpkg-query prints native packages without ":amd64".
	printf '%s\n' "$installed" | grep -qx -e "$p" -e "$p:$arch" ||
		missing="$missing $p"
done

if [ -z "$missing" ]; then
	$probe || echo "deps: all $(echo $PKGS | wc -w) packages present"
	exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing packages:$missing; install them as root with 'make deps' (or: apt-get install$missing)" >&2
	exit 1
fi

echo "deps: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
# The arm64 libraries are for the static device build of the tools.
dpkg --print-foreign-architectures | grep -qx arm64 || dpkg --add-architecture arm64
apt-get update -qq
# shellcheck disable=SC2086 # missing is a list of names: split on purpose
apt-get install -y -qq --no-install-recommends $missing >/dev/null
echo "deps: done"
