#!/bin/bash
# needs: nothing
# arch: x86_64
# Every LAVA file of farm/ as LAVA itself sees it: the QEMU job for x86_64
# and arm64, the A/B job and the board job (rendered by farm/render_job.py
# as a user would) pass lava_common's job schema, strictly; the device
# dictionaries its device schema; the test definition names its steps as
# quoted shell strings and exports every param it declares. A template
# with a name left unrendered, a mistyped key or an unquoted step fails
# here, not in a lab. Job parameters with quotes, backslashes, $ and a
# newline arrive exactly: the job's parameters put through LAVA's own
# NAME='value' lines (lava_dispatcher's handle_parameters) and a shell give
# back what farm.sh was given. render_job.py refuses a name the template
# needs and is not given, and one it does not use; farm.sh a FARM_CMA that
# would break QEMU's -append.
. "$(dirname "$0")/../lib.sh"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
: >"$t/kernel"
for a in x86_64 arm64; do
	ARCH=$a FARM_KERNEL=$t/kernel scripts/farm.sh job "$t/job-$a.yaml" || fail "farm.sh job ($a) failed"
	ARCH=$a FARM_KERNEL_A=$t/kernel FARM_KERNEL_B=$t/kernel scripts/farm.sh job-ab "$t/ab-$a.yaml" ||
		fail "farm.sh job-ab ($a) failed"
done
/usr/bin/python3 farm/render_job.py farm/jobs/board.yaml.in -o "$t/board.yaml" device_type=rk3399-rock-pi-4b \
	kernel_url=https://example.org/Image dtb_url=https://example.org/board.dtb \
	rootfs_url=https://example.org/rootfs.cpio.gz bundle_url=https://example.org/cmabulk-farm-arm64.tar.gz \
	prompt='/ # ' mode=trace scenario=quick || fail "render_job.py board.yaml.in failed"

# Values that sed, YAML or LAVA's shell line could each get wrong.
export Q_SCENARIO="q'uick\"" Q_GATES="fast<=normal 'sq' \"dq\" back\\slash"
export Q_BENCH_ARGS="-n 3 --meta 'note=it'\\''s \"fine\"' \$HOME \`id\` # not a comment"
export Q_TRACE_COMMAND="echo 'a b' \"c\\\"d\" \$((1 + 1)); printf '%s\\n' x &&
echo second line: | tee /dev/null"
FARM_SCENARIO=$Q_SCENARIO FARM_GATES=$Q_GATES FARM_BENCH_ARGS=$Q_BENCH_ARGS FARM_TRACE_COMMAND=$Q_TRACE_COMMAND \
	FARM_KERNEL=$t/kernel scripts/farm.sh job "$t/quoted.yaml" || fail "farm.sh job with quotes failed"
FARM_SCENARIO=$Q_SCENARIO FARM_GATES=$Q_GATES FARM_BENCH_ARGS=$Q_BENCH_ARGS \
	FARM_KERNEL_A=$t/kernel FARM_KERNEL_B=$t/kernel scripts/farm.sh job-ab "$t/quoted-ab.yaml" ||
	fail "farm.sh job-ab with quotes failed"
out=$(/usr/bin/python3 - "$t" 2>&1 <<'PY'
import logging, os, subprocess, sys, types
import yaml
from lava_dispatcher.actions.deploy.testdef import TestOverlayAction
t = sys.argv[1]
want = {k[2:]: v for k, v in os.environ.items() if k.startswith("Q_")}
n = 0
for name in ("quoted.yaml", "quoted-ab.yaml"):
    job = yaml.safe_load(open(os.path.join(t, name)))
    for action in job["actions"]:
        for d in action.get("test", {}).get("definitions", []):
            params = d["parameters"]
            for k, v in params.items():
                if k in want and "'" not in want[k] and v != want[k]:
                    sys.exit("%s: %s is %r in the job, want %r" % (name, k, v, want[k]))
            # What LAVA writes into the test's shell script, then a shell.
            lines = TestOverlayAction.handle_parameters(
                types.SimpleNamespace(parameters=d, logger=logging.getLogger("t")), {})
            keys = [k for k in params if k in want]
            script = "".join(lines) + 'printf "%s\\0"' + "".join(' "$%s"' % k for k in keys)
            got = subprocess.run(["sh", "-c", script], capture_output=True, text=True, check=True).stdout
            for k, v in zip(keys, got.split("\0")):
                if v != want[k]:
                    sys.exit("%s: %s arrives as %r, want %r" % (name, k, v, want[k]))
                n += 1
if n != 4 + 4 * 3:
    sys.exit("checked %d parameters, want 16" % n)
print("%d quoted parameters exact" % n)
PY
) || fail "$out"
quoted=$out
expect_fail "needs a_kernel_url=..." /usr/bin/python3 farm/render_job.py farm/jobs/ab-qemu.yaml.in arch=x86_64
expect_fail "does not use colour" /usr/bin/python3 farm/render_job.py farm/jobs/board.yaml.in colour=red
expect_fail "FARM_CMA=1G\": want a size" env FARM_CMA='1G"' FARM_KERNEL="$t/kernel" scripts/farm.sh job "$t/x.yaml"
[ ! -e "$t/x.yaml" ] || fail "a refused job was written"
out=$(/usr/bin/python3 - "$t" 2>&1 <<'PY'
import glob, os, re, sys
import yaml
import lava_common.schemas as jobs
import lava_common.schemas.device as devices
t = sys.argv[1]
for path in sorted(glob.glob(t + "/*.yaml")):
    text = open(path).read()
    left = re.findall(r"@[A-Z_]+@|\{\{|\{%|\}\}", "\n".join(l for l in text.splitlines() if not l.lstrip().startswith("#")))
    if left:
        sys.exit("%s: %s left unrendered" % (os.path.basename(path), left))
    try:
        jobs.validate(yaml.safe_load(text), strict=True)
    except Exception as e:
        sys.exit("%s: LAVA's job schema: %s" % (os.path.basename(path), e))
for path in sorted(glob.glob("farm/devices/*.yaml")):
    try:
        devices.validate(yaml.safe_load(open(path)))
    except Exception as e:
        sys.exit("%s: LAVA's device schema: %s" % (path, e))
td = yaml.safe_load(open("farm/cmabulk.yaml"))
assert td["metadata"]["format"] == "Lava-Test Test Definition 1.0", td["metadata"]["format"]
steps = td["run"]["steps"]
raw = open("farm/cmabulk.yaml").read().split("\nrun:", 1)[1]
for s in steps:
    if not isinstance(s, str) or '- "%s"' % s.replace('"', '\\"') not in raw:
        sys.exit("test definition step %r is not a quoted string" % (s,))
exported = set(re.search(r"export ([A-Z_ ]+)", " ".join(steps)).group(1).split())
if exported != set(td["params"]):
    sys.exit("params %s but the steps export %s" % (sorted(td["params"]), sorted(exported)))
print("%d jobs, %d device dictionaries valid" % (len(glob.glob(t + "/*.yaml")), len(glob.glob("farm/devices/*.yaml"))))
PY
) || fail "$out"
echo "farm_templates: $out; $quoted"
