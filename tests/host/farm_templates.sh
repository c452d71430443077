#!/bin/bash
# Every LAVA file of farm/ as LAVA itself sees it: the QEMU job for x86_64
# and arm64, the A/B job and the board job (its @NAMES@ filled in as a user
# would) pass lava_common's job schema, strictly; the device dictionaries
# its device schema; the test definition names its steps as quoted shell
# strings and exports every param it declares. A template with a name left
# unfilled, a mistyped key or an unquoted step fails here, not in a lab.
. "$(dirname "$0")/../lib.sh"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
: >"$t/kernel"
for a in x86_64 arm64; do
	ARCH=$a FARM_KERNEL=$t/kernel scripts/farm.sh job "$t/job-$a.yaml" || fail "farm.sh job ($a) failed"
	ARCH=$a FARM_KERNEL_A=$t/kernel FARM_KERNEL_B=$t/kernel scripts/farm.sh job-ab "$t/ab-$a.yaml" ||
		fail "farm.sh job-ab ($a) failed"
done
sed -e 's|@DEVICE_TYPE@|rk3399-rock-pi-4b|g' -e 's|@KERNEL_URL@|https://example.org/Image|' \
	-e 's|@DTB_URL@|https://example.org/board.dtb|' -e 's|@ROOTFS_URL@|https://example.org/rootfs.cpio.gz|' \
	-e 's|@BUNDLE_URL@|https://example.org/cmabulk-farm-arm64.tar.gz|' -e 's|@PROMPT@|/ # |' \
	-e 's|@MODE@|trace|g' -e 's|@SCENARIO@|quick|g' farm/jobs/board.yaml.in >"$t/board.yaml"
out=$(/usr/bin/python3 - "$t" <<'PY'
import glob, os, re, sys
import yaml
import lava_common.schemas as jobs
import lava_common.schemas.device as devices
t = sys.argv[1]
for path in sorted(glob.glob(t + "/*.yaml")):
    text = open(path).read()
    left = re.findall(r"@[A-Z_]+@", "\n".join(l for l in text.splitlines() if not l.lstrip().startswith("#")))
    if left:
        sys.exit("%s: %s left unfilled" % (os.path.basename(path), left))
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
echo "farm_templates: $out"
