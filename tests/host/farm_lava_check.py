#!/usr/bin/python3
"""Check a LAVA job of farm/cmabulk.yaml against the run it carried.

  farm_lava_check.py LOG RUN_DIR RESULT_TXT KCIDB_JSON SCHEMA FAIL_GATE

LOG is lava-run's log, RUN_DIR the results folder taken out of it,
RESULT_TXT what cmabulk-bench export says about RUN_DIR here, KCIDB_JSON
its --kcidb form, SCHEMA farm/kcidb's subset, FAIL_GATE a gate case that
must have failed. The log is read with a YAML parser of its own (the
values carry `!` tags); every number is held to summary.json.
Prints one line of facts; exits 1 with the first problem.
"""
import json
import math
import os
import re
import sys

import jsonschema
import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from summary_schema import key  # noqa: E402

# case suffix -> (summary.json path inside a strategy, units)
METRICS = {
    "median-ms": ((key("latency_ms"), "median"), "ms"),
    "p90-ms": ((key("latency_ms"), "p90"), "ms"),
    "cv": ((key("latency_ms"), "cv"), ""),
    "kernel-median-ms": ((key("kernel_ms"), "median"), "ms"),
    "success": ((key("success"), "mean"), ""),
    "trials": ((key("n"),), ""),
    "failed-trials": ((key("failed"),), ""),
    "skipped-mean": ((key("skipped_mean"),), "pageblocks"),
    "retries-mean": ((key("retries_mean"),), ""),
    "migrated-mean": ((key("migrated_pages_mean"),), "pages"),
}


def die(msg):
    print(msg)
    sys.exit(1)


class Loader(yaml.SafeLoader):
    pass


Loader.add_multi_constructor("!", lambda l, s, n: l.construct_scalar(n))


def log_results(path):
    job, cases = None, []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if '"lvl": "results"' not in line:
                continue
            e = yaml.load(line, Loader=Loader)
            m = e["msg"]
            if m.get("case") == "job" and m.get("definition") == "lava":
                job = m["result"]
            elif m.get("definition") != "lava":
                cases.append(m)
    return job, cases


def value(strategy, path):
    v = strategy
    for k in path:
        v = v[k]
    return float(v)


def main(log, run_dir, result_txt, kcidb_json, schema_path, fail_gate):
    job, cases = log_results(log)
    if job != "pass":
        die("the LAVA job itself did not pass (%s)" % job)
    if not cases:
        die("no test cases in the log")
    summary = json.load(open(run_dir + "/summary.json"))
    scenario = json.load(open(run_dir + "/meta.json"))["scenario"]
    by_name = {}
    for c in cases:
        if c.get("set") != scenario:
            die("case %s is in set %s, not the scenario's (%s)" % (c["case"], c.get("set"), scenario))
        if c["case"] in by_name:
            die("case %s twice" % c["case"])
        by_name[c["case"]] = c
    # Every number of summary.json, as a case with its measurement and units.
    numbers = 0
    for s, st in summary["strategies"].items():
        if not st.get("n"):
            continue
        for suffix, (path, units) in METRICS.items():
            name = "%s-%s" % (s, suffix)
            c = by_name.get(name)
            if c is None:
                die("no case %s" % name)
            want = value(st, path)
            if c["result"] != "pass" or "measurement" not in c:
                die("%s: %s without a measurement, want pass %g" % (name, c["result"], want))
            # Exact: result.txt writes the number that reads back as summary.json's.
            if float(c["measurement"]) != want:
                die("%s: %s in the log, summary.json has %r" % (name, c["measurement"], want))
            if (c.get("units") or "") != units:
                die("%s: units %r, want %r" % (name, c.get("units"), units))
            numbers += 1
    if by_name.get("run-complete", {}).get("result") != "pass":
        die("run-complete is not pass: %s" % by_name.get("run-complete"))
    gates = {n: c for n, c in by_name.items() if n.endswith("-gate")}
    for n, c in gates.items():
        if "measurement" in c:
            die("gate %s carries a measurement (SQUAD would drop its verdict)" % n)
    if gates.get(fail_gate, {}).get("result") != "fail":
        die("the gate meant to fail, %s, is %s" % (fail_gate, gates.get(fail_gate)))
    # The log holds what the device exported: the same lines export gives here.
    lines = [l.split() for l in open(result_txt) if l.strip()]
    if [l[0] for l in lines] != [c["case"] for c in cases]:
        die("cases in the log differ from export's result.txt: %s vs %s" %
            ([c["case"] for c in cases][:5], [l[0] for l in lines][:5]))
    for l in lines:
        if by_name[l[0]]["result"] != l[1]:
            die("%s: %s in the log, %s from export here" % (l[0], by_name[l[0]]["result"], l[1]))
    # KCIDB: valid against the kept subset, numbers exactly summary.json's.
    sub = json.load(open(kcidb_json))
    schema = json.load(open(schema_path))
    try:
        jsonschema.Draft7Validator(schema).validate(sub)
    except jsonschema.ValidationError as e:
        die("KCIDB submission invalid: %s at %s" % (e.message, list(e.absolute_path)))
    rfc3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
    for obj in sub["checkouts"] + sub["builds"] + sub["tests"]:
        if "start_time" in obj and not rfc3339.match(obj["start_time"]):
            die("start_time %r is not RFC 3339" % obj["start_time"])
    tests = {t["misc"]["case"]: t for t in sub["tests"]}
    ids = [o["id"] for o in sub["checkouts"] + sub["builds"] + sub["tests"]]
    if len(tests) != len(sub["tests"]) or len(set(ids)) != len(ids):
        die("KCIDB: %d tests for %d cases, %d ids of which %d distinct" %
            (len(sub["tests"]), len(tests), len(ids), len(set(ids))))
    if set(tests) != set(by_name):
        die("KCIDB tests differ from the LAVA cases: %s" % sorted(set(tests) ^ set(by_name))[:5])
    build_ids = {b["id"] for b in sub["builds"]}
    for s, st in summary["strategies"].items():
        if not st.get("n"):
            continue
        for suffix, (path, units) in METRICS.items():
            t = tests["%s-%s" % (s, suffix)]
            want = value(st, path)
            if t["status"] != "DONE" or t["number"]["value"] != want:
                die("KCIDB %s: %s %s, summary.json %r" % (t["path"], t["status"], t.get("number"), want))
            if t["number"].get("unit", "") != units or t["build_id"] not in build_ids:
                die("KCIDB %s: unit %r or build %s wrong" % (t["path"], t["number"].get("unit"), t["build_id"]))
    for n, c in gates.items():
        if tests[n]["status"] != c["result"].upper() or "number" in tests[n]:
            die("KCIDB %s: %s, the LAVA case %s" % (n, tests[n]["status"], c["result"]))
    print("job pass, %d cases (%d numbers equal to summary.json, gates %s), KCIDB %d tests valid" %
          (len(cases), numbers, ", ".join("%s %s" % (n, c["result"]) for n, c in sorted(gates.items())),
           len(sub["tests"])))


if __name__ == "__main__":
    if len(sys.argv) != 7:
        die(__doc__.strip().split("\n\n")[1])
    main(*sys.argv[1:])
