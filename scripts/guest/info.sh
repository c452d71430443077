#!/bin/sh
# What `make run` shows inside the guest: that the patched kernel booted
# and that what the suite traces is there. Exits non-zero if it is not.
fail=0
page_kb=$(($(getconf PAGESIZE 2>/dev/null || echo 4096) / 1024))

echo "== kernel"
echo "release:  $(uname -r)"
echo "build:    $(uname -v)"
if [ -f build/linux/.cmabulk/series-hash ]; then
	echo "series:   $(grep -cv -e '^#' -e '^$' kernel-patch/series) patch(es), hash $(cat build/linux/.cmabulk/series-hash)"
	grep -v -e '^#' -e '^$' kernel-patch/series | sed 's/^/          /'
fi
echo "cmdline:  $(cat /proc/cmdline)"
echo "cpus:     $(grep -c ^processor /proc/cpuinfo), memory: $(awk '/MemTotal/ { printf "%d MiB", $2 / 1024 }' /proc/meminfo)"

echo "== CMA areas (/sys/kernel/debug/cma)"
found=0
for d in /sys/kernel/debug/cma/*/; do
	[ -f "$d/count" ] || continue
	found=1
	n=$(basename "$d")
	count=$(cat "$d/count")
	echo "$n: $((count * page_kb / 1024)) MiB ($count pages), base_pfn $(cat "$d/base_pfn"), used $(cat "$d/used") pages, order_per_bit $(cat "$d/order_per_bit")"
done
[ "$found" = 1 ] || { echo "no CMA area: is cma= on the command line?"; fail=1; }
grep -E '^Cma(Total|Free)' /proc/meminfo

echo "== tracepoints"
for sys in cma kmem/mm_alloc_contig_migrate_range_info migrate/mm_migrate_pages; do
	if [ -d /sys/kernel/tracing/events/$sys ]; then
		names=''
		for e in "/sys/kernel/tracing/events/$sys"/*; do
			case ${e##*/} in *enable* | *filter*) ;; *) names="$names${e##*/} " ;; esac
		done
		echo "$sys: $names"
	else
		echo "$sys: MISSING"
		fail=1
	fi
done

echo "== BPF"
if [ -r /sys/kernel/btf/vmlinux ]; then
	echo "BTF: /sys/kernel/btf/vmlinux ($(wc -c </sys/kernel/btf/vmlinux) bytes)"
else
	echo "BTF: MISSING"
	fail=1
fi
echo "tools on PATH: $(ls build/bin 2>/dev/null | tr '\n' ' ')"
exit $fail
