#!/bin/bash
# needs: nothing
# arch: x86_64
# Every shell script of the project passes shellcheck at -S warning: the
# files are found here, not listed (a .sh name, a #! line naming sh, bash,
# dash or busybox sh, or a first line "# shellcheck shell=..."), under
# scripts/ farm/ tests/ bench/ .ci/, leaving out data folders (build,
# results, the fuzz corpus and regressions). #!/bin/sh scripts are checked
# as dash, the shell they meet on Debian. Settings: .shellcheckrc.
. "$(dirname "$0")/../lib.sh"
cd "$(dirname "$0")/../.." || exit 1
command -v shellcheck >/dev/null || fail "no shellcheck: run 'make deps'"

dash=() other=()
while IFS= read -r -d '' f; do
	first=$(head -n 1 "$f" 2>/dev/null)
	case $first in
	'#!/bin/sh' | '#!/bin/sh '*) dash+=("$f") ;;
	'#!'*)
		if [[ $first =~ ^#![[:space:]]*(/usr)?/bin/(env[[:space:]]+)?(sh|bash|dash|busybox[[:space:]]+sh)([[:space:]]|$) ]] ||
			[[ $f == *.sh ]]; then
			other+=("$f")
		fi
		;;
	'# shellcheck shell='*) other+=("$f") ;;
	*) [[ $f == *.sh ]] && other+=("$f") ;;
	esac
done < <(find scripts farm tests bench .ci \
	-type d \( -name build -o -name results -o -name corpus -o -name regress -o -name __pycache__ \) -prune -o \
	-type f -print0 | sort -z)

n=$((${#dash[@]} + ${#other[@]}))
# A finder that found (almost) nothing would pass for the wrong reason.
[ "$n" -ge 40 ] || fail "found only $n shell files"
for must in scripts/lib.sh tests/run.sh tests/lib.sh .ci/run scripts/guest/init; do
	[[ " ${dash[*]} ${other[*]} " == *" $must "* ]] || fail "$must was not found as a shell file"
done

# In batches, one per core: shellcheck takes a file at a time.
out=$(
	[ ${#dash[@]} -eq 0 ] || printf '%s\0' "${dash[@]}" |
		xargs -0 -n 10 -P "$(nproc)" shellcheck -S warning -f gcc -s dash
	[ ${#other[@]} -eq 0 ] || printf '%s\0' "${other[@]}" |
		xargs -0 -n 10 -P "$(nproc)" shellcheck -S warning -f gcc
)
if [ -n "$out" ]; then
	echo "$out"
	# file:line [SCnnnn] of each, on the one line the test runner shows.
	fail "shellcheck: $(echo "$out" | grep -c .) finding(s) in $n files:" \
		"$(echo "$out" | sed -n 's/^\([^:]*:[0-9]*\):.*\[\(SC[0-9]*\)\]$/\1 \2/p' | paste -sd ' ' | sed 's/ \([^ ]*:\)/, \1/g')"
fi
echo "shellcheck: $n shell files (${#dash[@]} as dash), no findings at -S warning"
