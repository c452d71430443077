#!/bin/bash
# needs: nothing
# arch: x86_64
# The farm exports of a real run, with what upstream's checks of them
# found wrong (issue 32): a committed run (20261205-025726-pinned) copied,
# its summary.json given a count above a million (FAST's migrated pages:
# 1234567) and numbers that need 16 and 17 digits to read back. Then:
# 1. farm/cmabulk-farm.sh as a LAVA job runs it, SCENARIO a path
#    (bench/scenarios/pinned), its `cmabulk-bench run` a stand-in that puts
#    the copy where the run would be, lava-test-set and lava-test-case
#    stand-ins that record what they are given;
# 2. the copy exported as KCIDB, with the series' patchset hash
#    (scripts/patchset-hash.sh finds its revision) and a tree name;
# 3. a copy whose scenario is named by the path itself, exported both ways;
# 4. what is refused: no tree, no patchset hash, no kernel id, in one line.
# export_farm_check.py holds it to LAVA's rules (a set that URL quoting
# keeps, case names of at most 100 characters, measurements as Decimal
# reads them) and KCIDB's schema subset, every number to summary.json
# exactly, and LAVA's text to KCIDB's.
. "$(dirname "$0")/../lib.sh"
bench=$PWD/build/bin/cmabulk-bench
src=results/20261205-025726-pinned
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
[ -x "$bench" ] || fail "no $bench (make check builds it)"

# The run, edited: FAST migrated 1234567 pages on average and its median
# is 2000 / 3 (16 digits to read back), NORMAL's kernel p90 0.1 + 0.2 (17).
cp -r "$src" "$t/run"
python3 - "$t/run/summary.json" <<'PY' || fail "cannot edit the copy's summary.json"
import json, sys
p = sys.argv[1]
d = json.load(open(p))
fast, normal = d["strategies"]["fast"], d["strategies"]["normal"]
fast["migrated_pages_mean"] = 1234567
fast["latency_ms"]["median"] = 2000 / 3
normal["kernel_ms"]["p90"] = 0.1 + 0.2
json.dump(d, open(p, "w"), indent=2)
PY

# 1. The device half of the LAVA job, outside LAVA.
farm=$t/farm
mkdir -p "$farm/bin"
cp farm/cmabulk-farm.sh "$farm/"
cat >"$farm/bin/cmabulk-bench" <<SH
#!/bin/sh
# cmabulk-bench, but 'run' puts the edited copy where the run would be.
if [ "\$1" = run ]; then
	out= id=
	while [ \$# -gt 0 ]; do
		case \$1 in -o) out=\$2 ;; --run-id) id=\$2 ;; esac
		shift
	done
	cp -r "$t/run" "\$out/\$id"
	exit 0
fi
exec "$bench" "\$@"
SH
printf '#!/bin/sh\nexit 0\n' >"$farm/bin/cmabulk-trace"
cat >"$farm/bin/lava-test-set" <<SH
#!/bin/sh
# What lava-test-set signals: the set's name, or its end.
if [ "\$1" = start ]; then echo "\$2" >"$farm/set"; else : >"$farm/set"; fi
SH
cat >"$farm/bin/lava-test-case" <<SH
#!/bin/sh
# What lava-test-case signals: set, name, result, measurement, units (tab-separated).
name=\$1 result= m= u=
shift
while [ \$# -gt 0 ]; do
	case \$1 in --result) result=\$2 ;; --measurement) m=\$2 ;; --units) u=\$2 ;; esac
	shift 2
done
printf '%s\t%s\t%s\t%s\t%s\n' "\$(cat "$farm/set" 2>/dev/null)" "\$name" "\$result" "\$m" "\$u" >>"$farm/cases.tsv"
SH
chmod +x "$farm"/bin/* "$farm/cmabulk-farm.sh"
grep -q jiffies /sys/devices/system/clocksource/clocksource0/current_clocksource 2>/dev/null &&
	{ echo "SKIP export_farm: this host's clocksource is jiffies (the farm script stops there)"; exit 0; }
msg=$(MODE=bench SCENARIO=bench/scenarios/pinned RUN_ID=farm-pinned ARTIFACTS=no OUT="$farm/output" \
	sh "$farm/cmabulk-farm.sh" 2>&1) || fail "cmabulk-farm.sh: $(echo "$msg" | tail -n 1)"
[ -s "$farm/cases.tsv" ] || fail "no lava-test-case calls: $(echo "$msg" | tail -n 2)"

# 2. KCIDB, with the series' own patchset hash.
ph=$(scripts/patchset-hash.sh "$src" 2>/dev/null) || fail "scripts/patchset-hash.sh $src found no revision"
"$bench" export --kcidb --tree stable --patchset-hash "$ph" -o "$t/kcidb.json" "$t/run" ||
	fail "export --kcidb failed"

# 3. A scenario named by its path.
cp -r "$t/run" "$t/pathrun"
sed -i 's|^name = pinned$|name = bench/scenarios/pinned|' "$t/pathrun/scenario"
"$bench" export -o "$t/path-result.txt" "$t/pathrun" || fail "export of the path-named run"
"$bench" export --kcidb --tree stable --patchset-hash "$ph" -o "$t/path-kcidb.json" "$t/pathrun" ||
	fail "export --kcidb of the path-named run"
set_of_path=$("$bench" export --lava-name bench/scenarios/pinned)

# 4. Nothing made up.
expect_refused() {
	local want=$1 err rc=0
	shift
	err=$("$@" 2>&1 >/dev/null) || rc=$?
	assert_eq "$rc" 2 "exit status of '$*'"
	assert_eq "$(echo "$err" | wc -l)" 1 "lines on stderr of '$*' ($err)"
	echo "$err" | grep -qF -- "$want" || fail "'$*' said '$err', expected '$want'"
}
expect_refused "records no tree_name: give --tree NAME" "$bench" export --kcidb "$t/run"
expect_refused "records no patchset_hash: give --patchset-hash" "$bench" export --kcidb --tree stable "$t/run"
python3 -c 'import json, sys; m = json.load(open(sys.argv[1])); del m["host"]["series_hash"]; json.dump(m, open(sys.argv[1], "w"))' \
	"$t/pathrun/meta.json"
expect_refused "records no series_hash: give --kernel-id ID" "$bench" export --kcidb --tree stable --patchset-hash '' "$t/pathrun"
expect_refused "--patchset-hash 'b795af4bc062b257': want KCIDB's 64-digit" "$bench" export --kcidb --tree stable \
	--patchset-hash b795af4bc062b257 "$t/run"

facts=$(python3 tests/host/export_farm_check.py "$t/run" "$farm/cases.tsv" "$farm/output/result.txt" "$t/kcidb.json" \
	"$t/path-result.txt" "$t/path-kcidb.json" "$set_of_path" "$ph" farm/kcidb/kcidb-v5.3-subset.schema.json) ||
	fail "$facts"
echo "export_farm: $facts"
