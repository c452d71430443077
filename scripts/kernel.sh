#!/bin/bash
# Build the patched guest kernel: source -> patched tree -> .config -> bzImage.
#
#   scripts/kernel.sh [all|source|patch|config|build|vmlinux-h]
#
# Environment (all optional):
#   KSRC        a Linux 6.12 tree to use instead of Debian's linux-source-6.12
#   KSRC_TARBALL  a linux-source tarball to use instead (default: the
#               Debian version in kernel-patch/base-version, fetched with
#               apt-get download when the installed one is another)
#   SERIES_DIR  folder holding `series` and the patches (default kernel-patch)
#   ARCH        x86_64 (default) or arm64 (cross-built with aarch64-linux-gnu-gcc)
#   KCONFIG_FRAGMENTS  config fragments merged onto tinyconfig, in order
#               (default kernel-patch/cmabulk.config and kernel-patch/ARCH.config)
#   KOUT        out-of-tree build folder (default build/kernel, build/arm64/kernel)
#   KTREE       the patched tree (default build/linux)
#   CMABULK_KEEP_SOURCES=1  keep other versions' pristine trees (make ab)
#   JOBS        parallel jobs (default: CPUs + 1)
#   V=1         show full commands and logs
#
# Every step is incremental and guarded by a stamp written only after the
# step succeeded, so an interrupted or failed build is never taken as good.
# The patched tree is a hard-link farm of the pristine source; patched files
# are written as new files (never in place), and only files whose patched
# content changed get a new mtime, so kbuild rebuilds only what changed.
set -u -o pipefail
TAG=kernel
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

# (Both can be moved for tests/host/ksrc_version.sh.)
INSTALLED_TARBALL=${INSTALLED_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
# The Debian version of linux-source-6.12 the series was last ported to.
BASE_VERSION_FILE=${BASE_VERSION_FILE:-$ROOT/kernel-patch/base-version}
SERIES_DIR=${SERIES_DIR:-$ROOT/kernel-patch}
ARCH=${ARCH:-x86_64}
case $ARCH in
x86_64 | x86) ARCH=x86_64 SRCARCH=x86 IMAGE=bzImage CROSS='' KOUT=${KOUT:-$BUILD/kernel} ;;
arm64) SRCARCH=arm64 IMAGE=Image CROSS=aarch64-linux-gnu- KOUT=${KOUT:-$BUILD/arm64/kernel} ;;
*) die "ARCH=$ARCH: want x86_64 or arm64" ;;
esac
KCONFIG_FRAGMENTS=${KCONFIG_FRAGMENTS:-$ROOT/kernel-patch/cmabulk.config $ROOT/kernel-patch/$ARCH.config}
KTREE=${KTREE:-$BUILD/linux}
JOBS=${JOBS:-$(($(nproc) + 1))}
STAMPS=$BUILD/stamps
# Stamps and locks are per build folder: build/kernel and build/arm64/kernel
# share a base name.
KOUT_ID=$(printf '%s' "${KOUT#"$BUILD"/}" | tr '/' '-')
mkdir -p "$STAMPS"

# --- 0. The tarball: Debian bumps linux-source-6.12 with each stable
# release, and the series may not apply to the next one. Use the version
# it was ported to: the installed one when it is that, else that version
# fetched from the archive into build/src (the security archive keeps a
# few). Sets TARBALL and TARBALL_ID (a name for its extracted tree).
pick_tarball() {
	local want have deb
	if [ -n "${KSRC_TARBALL:-}" ]; then
		[ -f "$KSRC_TARBALL" ] || die "KSRC_TARBALL=$KSRC_TARBALL: no such file"
		TARBALL=$KSRC_TARBALL
		TARBALL_ID=custom-$(stat -c %s-%Y "$KSRC_TARBALL")
		return
	fi
	want=$(cat "$BASE_VERSION_FILE" 2>/dev/null)
	have=$(dpkg-query -W -f '${Version}' linux-source-6.12 2>/dev/null)
	TARBALL=$INSTALLED_TARBALL TARBALL_ID=$have
	if [ -z "$want" ] || [ "$want" = "$have" ]; then
		[ -f "$TARBALL" ] || die "$TARBALL missing: install linux-source-6.12 with 'make deps' or set KSRC"
		return
	fi
	if [ ! -f "$BUILD/src/debs/linux-source-6.12.$want.tar.xz" ]; then
		step_begin "the series is ported to linux-source-6.12 $want, this machine has ${have:-none}: fetching $want"
		mkdir -p "$BUILD/src/debs"
		rm -f "$BUILD"/src/debs/linux-source-6.12_*.deb
		if (cd "$BUILD/src/debs" && run apt-get download -q "linux-source-6.12=$want") &&
			deb=$(ls "$BUILD"/src/debs/linux-source-6.12_*.deb 2>/dev/null | head -n 1) && [ -n "$deb" ] &&
			dpkg-deb --fsys-tarfile "$deb" | tar -xO ./usr/src/linux-source-6.12.tar.xz \
				>"$BUILD/src/debs/tarball.tmp"; then
			mv "$BUILD/src/debs/tarball.tmp" "$BUILD/src/debs/linux-source-6.12.$want.tar.xz"
			rm -f "$deb"
			step_end
		else
			rm -f "$BUILD/src/debs/tarball.tmp" "$BUILD"/src/debs/linux-source-6.12_*.deb
			[ -f "$TARBALL" ] || die "linux-source-6.12 $want cannot be fetched and none is installed"
			warn "linux-source-6.12 $want cannot be fetched (not in the archive any more?): trying the installed $have; if the series does not apply, port it (README: 'Porting the series')"
			return
		fi
	fi
	TARBALL=$BUILD/src/debs/linux-source-6.12.$want.tar.xz TARBALL_ID=$want
}

# --- 1. Pristine source: KSRC, or the tarball extracted once per version.
pristine_dir() {
	if [ -n "${KSRC:-}" ]; then
		[ -d "$KSRC" ] || die "KSRC=$KSRC: no such directory"
		[ -f "$KSRC/Makefile" ] && [ -f "$KSRC/mm/cma.c" ] ||
			die "KSRC=$KSRC: not a Linux source tree (no Makefile or mm/cma.c)"
		cd "$KSRC" && pwd
	else
		echo "$BUILD/src/linux-source-6.12_$TARBALL_ID"
	fi
}

check_version() {
	ver=$(awk -F' = ' '$1 == "VERSION" { v = $2 } $1 == "PATCHLEVEL" { p = $2 }
		$1 == "SUBLEVEL" { s = $2 } END { print v "." p "." s }' "$1/Makefile")
	case $ver in
	6.12.*) ;;
	*) die "$1 is Linux $ver; the series targets 6.12" ;;
	esac
	if [ -f "$1/.config" ] || [ -d "$1/include/config" ]; then
		die "$1 has been configured in-tree; run 'make mrproper' there first (cmabulk builds out of tree)"
	fi
	echo "$ver"
}

do_source() {
	[ -n "${KSRC:-}" ] || pick_tarball
	PRISTINE=$(pristine_dir) || exit 1
	if [ -z "${KSRC:-}" ] && [ ! -f "$PRISTINE/.cmabulk-extracted" ]; then
		need_space "$BUILD" 2500 "the kernel source"
		step_begin "extracting $(basename "$TARBALL")"
		tmp=$BUILD/src/.extract.$$
		# One pristine tree at a time: older versions' trees go, unless
		# another build still uses them (make ab: CMABULK_KEEP_SOURCES=1).
		rm -rf "$tmp"
		[ "${CMABULK_KEEP_SOURCES:-}" = 1 ] ||
			rm -rf "$BUILD"/src/linux-source-6.12 "$BUILD"/src/linux-source-6.12_*
		mkdir -p "$tmp"
		run tar -xf "$TARBALL" -C "$tmp" || { rm -rf "$tmp"; die "extracting $TARBALL failed"; }
		mv "$tmp/linux-source-6.12" "$PRISTINE" && rm -rf "$tmp"
		touch "$PRISTINE/.cmabulk-extracted"
		step_end
	fi
	KVER=$(check_version "$PRISTINE") || exit 1

	# The working tree is a hard-link farm of the pristine one (a copy
	# when they are on different file systems). Rebuild it when the
	# pristine source changed.
	if [ "$(cat "$KTREE/.cmabulk/pristine" 2>/dev/null)" != "$PRISTINE" ]; then
		step_begin "preparing patched tree from $PRISTINE"
		rm -rf "$KTREE" "$KTREE.tmp"
		mkdir -p "$KTREE.tmp"
		(cd "$PRISTINE" && find . -path ./.git -prune -o -print |
			cpio -pdlm --quiet "$KTREE.tmp") ||
			die "copying $PRISTINE failed"
		rm -f "$KTREE.tmp/.cmabulk-extracted"
		mkdir -p "$KTREE.tmp/.cmabulk"
		echo "$PRISTINE" >"$KTREE.tmp/.cmabulk/pristine"
		mv "$KTREE.tmp" "$KTREE"
		step_end
	fi
}

# --- 2. The series, applied so that unchanged files keep their mtime.
# The patches of the series, in order (an empty series is fine: vanilla).
series_patches() {
	local list p
	[ -f "$SERIES_DIR/series" ] || die "$SERIES_DIR/series missing"
	list=$(grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$SERIES_DIR/series" | awk '{ print $1 }')
	for p in $list; do
		[ -f "$SERIES_DIR/$p" ] || die "series names $p, which is not in $SERIES_DIR"
		echo "$SERIES_DIR/$p"
	done
}

# Paths a patch touches (old and new names).
patch_files() {
	sed -n -e 's|^--- a/||p' -e 's|^+++ b/||p' -e 's|^rename from ||p' \
		-e 's|^rename to ||p' "$@" | sed 's/\t.*//' | sort -u
}

do_patch() {
	patches=$(series_patches) || exit 1
	# shellcheck disable=SC2086 # patches is a list of file names: split on purpose
	want=$(hash_of $patches)
	[ "$(cat "$KTREE/.cmabulk/series-hash" 2>/dev/null)" = "$want" ] && return 0

	step_begin "applying $(echo "$patches" | grep -c .) patch(es) from ${SERIES_DIR#"$ROOT"/}/series"
	scratch=$BUILD/.patch-scratch
	rm -rf "$scratch"
	mkdir -p "$scratch"
	# Files touched by the previous series or the new one.
	touched=$({
		cat "$KTREE/.cmabulk/touched" 2>/dev/null
		[ -n "$patches" ] && echo "$patches" | xargs cat | patch_files /dev/stdin
	} | sort -u)
	for f in $touched; do
		if [ -f "$PRISTINE/$f" ]; then
			mkdir -p "$scratch/$(dirname "$f")"
			cp "$PRISTINE/$f" "$scratch/$f"
		fi
	done
	for p in $patches; do
		if ! out=$(patch -p1 -d "$scratch" --batch --forward -r - \
			--no-backup-if-mismatch <"$p" 2>&1); then
			[ "$V" = 1 ] && echo "$out" >&2
			rm -rf "$scratch"
			die "patch ${p#"$ROOT"/} does not apply to $KVER ($(echo "$out" | grep -m1 -i -e fail -e malformed -e 'only garbage' -e 'missing'))"
		fi
	done
	changed=0
	for f in $touched; do
		if [ -f "$scratch/$f" ]; then
			if ! cmp -s "$scratch/$f" "$KTREE/$f"; then
				rm -f "$KTREE/$f"
				mkdir -p "$KTREE/$(dirname "$f")"
				cp "$scratch/$f" "$KTREE/$f"
				changed=$((changed + 1))
			fi
		elif [ -e "$KTREE/$f" ]; then
			rm -f "$KTREE/$f"
			changed=$((changed + 1))
		fi
	done
	rm -rf "$scratch"
	echo "$touched" >"$KTREE/.cmabulk/touched"
	echo "$want" >"$KTREE/.cmabulk/series-hash"
	say "  $changed file(s) changed in the patched tree"
	step_end
}

# --- 3. .config: tinyconfig + fragments, then every fragment line checked.
kmake() {
	run make -C "$KTREE" O="$KOUT" ARCH=$ARCH ${CROSS:+CROSS_COMPILE=$CROSS} "$@"
}

# Every option the fragments set must be in the merged .config as asked;
# when two fragments set the same option, the later one is what counts.
check_config() {
	cfg=$1
	shift
	for frag in "$@"; do
		while IFS= read -r line; do
			case $line in
			CONFIG_*=*) opt=${line%%=*} ;;
			"# CONFIG_"*" is not set") opt=${line#\# } opt=${opt%% *} ;;
			*) continue ;;
			esac
			printf '%s\t%s\t%s\n' "$opt" "$frag" "$line"
		done <"$frag"
	done | awk -F'\t' '{ last[$1] = $0 } END { for (o in last) print last[o] }' |
		while IFS=$'\t' read -r opt frag line; do
			case $line in
			CONFIG_*=*)
				grep -qxF -- "$line" "$cfg" ||
					die "$opt (wanted ${line#*=}) from ${frag#"$ROOT"/} is not in the merged .config: the kernel dropped it or its dependencies are unmet"
				;;
			*)
				grep -q "^$opt=" "$cfg" &&
					die "$opt should be unset (${frag#"$ROOT"/}) but the merged .config has $(grep "^$opt=" "$cfg")"
				;;
			esac
		done
}

do_config() {
	# A build folder made from another source tree is stale as a whole
	# (hard-linked sources keep their old mtimes): start it again. Each
	# folder checks only itself, so other trees' builds are left alone.
	if [ -d "$KOUT" ] && [ "$(cat "$KOUT/.cmabulk-source" 2>/dev/null)" != "$PRISTINE" ]; then
		case $KOUT in
		"$BUILD"/*) rm -rf "$KOUT" ;;
		*) [ -z "$(ls -A "$KOUT" 2>/dev/null)" ] || die "$KOUT was built from another source tree; remove it first" ;;
		esac
	fi
	mkdir -p "$KOUT"
	echo "$PRISTINE" >"$KOUT/.cmabulk-source"
	for f in $KCONFIG_FRAGMENTS; do
		[ -f "$f" ] || die "config fragment $f missing"
	done
	# shellcheck disable=SC2086 # KCONFIG_FRAGMENTS is a list of paths: split on purpose
	want=$(hash_of $KCONFIG_FRAGMENTS "$(cat "$KTREE/.cmabulk/series-hash")" "$PRISTINE")
	if [ "$(cat "$KOUT/.cmabulk-config-hash" 2>/dev/null)" = "$want" ] && [ -f "$KOUT/.config" ]; then
		return 0
	fi
	step_begin "configuring (tinyconfig + $(for f in $KCONFIG_FRAGMENTS; do basename "$f"; done | tr '\n' ' '| sed 's/ $//'))"
	rm -f "$KOUT/.cmabulk-config-hash"
	mkdir -p "$KOUT"
	log=$BUILD/logs/kconfig.log
	mkdir -p "$BUILD/logs"
	# shellcheck disable=SC2086 # KCONFIG_FRAGMENTS is a list of paths: split on purpose
	{
		kmake tinyconfig &&
			run "$KTREE/scripts/kconfig/merge_config.sh" -m -O "$KOUT" "$KOUT/.config" $KCONFIG_FRAGMENTS &&
			kmake olddefconfig
	} >"$log" 2>&1 || { tail -n 20 "$log" >&2; die "configuring failed (log: ${log#"$ROOT"/})"; }
	# shellcheck disable=SC2086 # KCONFIG_FRAGMENTS is a list of paths: split on purpose
	check_config "$KOUT/.config" $KCONFIG_FRAGMENTS || exit 1
	echo "$want" >"$KOUT/.cmabulk-config-hash"
	step_end
}

# --- 4. The boot image (bzImage, arm64 Image) and modules, with ccache.
do_build() {
	want=$(hash_of "$(cat "$KOUT/.cmabulk-config-hash")" "$(cat "$KTREE/.cmabulk/series-hash")")
	image=$KOUT/arch/$SRCARCH/boot/$IMAGE
	if [ "$(cat "$STAMPS/kernel-$KOUT_ID" 2>/dev/null)" = "$want" ] &&
		[ -f "$image" ] && [ -f "$KOUT/vmlinux" ]; then
		say "up to date ($(cat "$KOUT/include/config/kernel.release" 2>/dev/null))"
		return 0
	fi
	need_space "$KOUT" 4000 "the kernel build"
	rm -f "$STAMPS/kernel-$KOUT_ID"
	cc=${CROSS}gcc
	command -v "$cc" >/dev/null || die "$cc not found: run 'make deps'"
	command -v ccache >/dev/null && cc="ccache $cc"
	log=$BUILD/logs/kernel-build-$KOUT_ID.log
	step_begin "building $ARCH $IMAGE + modules with $JOBS jobs ($cc)"
	export KBUILD_BUILD_TIMESTAMP="cmabulk" KBUILD_BUILD_USER=cmabulk KBUILD_BUILD_HOST=cmabulk
	# ccache keys on paths relative to build/, not on the build folder:
	# a clone in another folder shares every object, and the vanilla
	# kernel (build/vanilla/{linux,kernel}) those whose preprocessed source
	# equals the patched kernel's. Debug info keeps the compile folder of
	# the first build; BTF does not read it.
	export CCACHE_BASEDIR=$BUILD CCACHE_NOHASHDIR=1
	run_logged "$log" kmake CC="$cc" -j"$JOBS" "$IMAGE" modules ||
		die "kernel build failed (log: ${log#"$ROOT"/})"
	step_end
	echo "$want" >"$STAMPS/kernel-$KOUT_ID"
	say "built $(cat "$KOUT/include/config/kernel.release") -> ${image#"$ROOT"/}"
}

# --- 5. vmlinux.h from the built kernel's BTF, replaced only when changed
# so that BPF objects are rebuilt only when the kernel's types changed.
do_vmlinux_h() {
	out=${BPFOUT:-$BUILD/bpf}/vmlinux.h
	mkdir -p "$(dirname "$out")"
	[ -f "$out" ] && [ "$out" -nt "$KOUT/vmlinux" ] && return 0
	command -v bpftool >/dev/null || die "bpftool missing: run 'make deps'"
	run bpftool btf dump file "$KOUT/vmlinux" format c >"$out.tmp" ||
		{ rm -f "$out.tmp"; die "bpftool could not dump BTF from $KOUT/vmlinux (CONFIG_DEBUG_INFO_BTF?)"; }
	if cmp -s "$out.tmp" "$out"; then
		rm -f "$out.tmp"
		touch "$out"
	else
		mv "$out.tmp" "$out"
		say "generated ${out#"$ROOT"/} ($(wc -l <"$out") lines)"
	fi
}

# One build per tree and output folder at a time: a second make waits.
mkdir -p "$BUILD"
exec 9>"$BUILD/.kernel-$KOUT_ID.lock"
if ! flock -n 9; then
	say "another kernel build is running on ${KOUT#"$ROOT"/}; waiting for it"
	flock 9
fi

cmd=${1:-all}
case $cmd in
source) do_source ;;
patch) do_source && do_patch ;;
config) do_source && do_patch && do_config ;;
build) do_source && do_patch && do_config && do_build ;;
vmlinux-h) do_vmlinux_h ;;
all) do_source && do_patch && do_config && do_build && do_vmlinux_h ;;
*) die "unknown command '$cmd' (all|source|patch|config|build|vmlinux-h)" ;;
esac
