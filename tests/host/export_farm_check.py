#!/usr/bin/python3
"""Check the farm exports of one run against LAVA's rules, KCIDB's schema
subset and the run's summary.json (tests/host/export_farm.sh).

  export_farm_check.py RUN CASES_TSV RESULT_TXT KCIDB PATH_RESULT_TXT
                       PATH_KCIDB PATH_SET PATCHSET SCHEMA

RUN is the results folder, CASES_TSV what the lava-test-set and
lava-test-case stand-ins were given (set, name, result, measurement,
units), RESULT_TXT the farm script's result.txt, KCIDB the run's --kcidb
export; PATH_* the same of a copy whose scenario is named
bench/scenarios/pinned, PATH_SET what `export --lava-name` makes of that
path, PATCHSET the hash given to --patchset-hash. Prints one line of
facts; exits 1 with the first problem.
"""
import decimal
import json
import os
import re
import sys
from urllib.parse import quote

import jsonschema

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from farm_lava_check import METRICS, value  # noqa: E402

LAVA_NAME = re.compile(r"^[A-Za-z0-9._-]{1,100}$")


def die(msg):
    print(msg)
    sys.exit(1)


def lava_name_ok(name):
    """What LAVA keeps: a set URL quoting leaves alone (lava_results_app's
    dbutils drops others), a case of at most 100 characters, no spaces."""
    return bool(LAVA_NAME.match(name)) and quote(name) == name and name not in (".", "..")


def lava_measurement(text):
    """The dispatcher's reading: float(Decimal(text)); and the server's
    column (Decimal, 30 digits, 10 after the point) must hold its whole part."""
    try:
        d = decimal.Decimal(text)
    except decimal.InvalidOperation:
        die("measurement %r: LAVA's Decimal refuses it" % text)
    if abs(d) >= decimal.Decimal(10) ** 20:
        die("measurement %r: over the 20 whole digits LAVA's database keeps" % text)
    return float(d)


def wanted(summary):
    """case name -> (summary.json's value, units), every number of every strategy."""
    out = {}
    for s, st in summary["strategies"].items():
        if not st.get("n"):
            continue
        for suffix, (path, units) in METRICS.items():
            out["%s-%s" % (s, suffix)] = (value(st, path), units)
    return out


def check_lava(cases_tsv, result_txt, want):
    cases = [l.rstrip("\n").split("\t") for l in open(cases_tsv)]
    sets = {c[0] for c in cases}
    if sets != {"pinned"}:
        die("lava-test-set names %s: want the scenario's name, pinned" % sorted(sets))
    names = [c[1] for c in cases]
    if len(set(names)) != len(names):
        die("a case name twice in the set")
    lines = [l.split() for l in open(result_txt) if l.strip()]
    if [l[0] for l in lines] != names:
        die("lava-test-case calls differ from result.txt")
    texts = {}
    for s, name, result, m, units in cases:
        if not lava_name_ok(s) or not lava_name_ok(name):
            die("set %r or case %r is not a name LAVA keeps" % (s, name))
        if name not in want:
            continue
        v, u = want[name]
        if result != "pass" or not m:
            die("%s: %s without a measurement" % (name, result))
        if lava_measurement(m) != v or units != u:
            die("%s: %s %s to LAVA, summary.json has %r %s" % (name, m, units, v, u))
        texts[name] = m
    if texts.get("fast-migrated-mean") != "1234567":
        die("the count above a million went to LAVA as %r" % texts.get("fast-migrated-mean"))
    if len(texts) != len(want):
        die("%d numbers to LAVA, summary.json has %d" % (len(texts), len(want)))
    return texts, len(cases)


def check_kcidb(path, schema, patchset, want, texts):
    raw = open(path).read()
    sub = json.loads(raw)
    try:
        jsonschema.Draft7Validator(schema).validate(sub)
    except jsonschema.ValidationError as e:
        die("%s invalid: %s at %s" % (path, e.message, list(e.absolute_path)))
    co = sub["checkouts"][0]
    if co.get("tree_name") != "stable" or co.get("patchset_hash") != patchset:
        die("checkout: tree %r, patchset %r" % (co.get("tree_name"), co.get("patchset_hash")))
    ids = [o["id"] for o in sub["checkouts"] + sub["builds"] + sub["tests"]]
    if len(set(ids)) != len(ids) or any("unknown" in i or i.endswith("-default") for i in ids):
        die("ids not distinct, or made up: %s" % [i for i in ids if "unknown" in i][:3])
    tests = {t["misc"]["case"]: t for t in sub["tests"]}
    # The numbers as written: the text of each, not its value.
    as_text = {t["misc"]["case"]: t for t in json.loads(raw, parse_float=str, parse_int=str)["tests"]}
    for name, (v, u) in want.items():
        t = tests.get(name)
        if not t or t["status"] != "DONE" or t["number"]["value"] != v or t["number"].get("unit", "") != u:
            die("KCIDB %s: %s, summary.json %r" % (name, t and t.get("number"), v))
        if texts and as_text[name]["number"]["value"] != texts[name]:
            die("KCIDB writes %s as %s, LAVA got %s" % (name, as_text[name]["number"]["value"], texts[name]))
    return len(sub["tests"])


def main(run, cases_tsv, result_txt, kcidb, path_result, path_kcidb, path_set, patchset, schema_path):
    want = wanted(json.load(open(run + "/summary.json")))
    schema = json.load(open(schema_path))
    texts, ncases = check_lava(cases_tsv, result_txt, want)
    ntests = check_kcidb(kcidb, schema, patchset, want, texts)
    # The path-named scenario: a set LAVA keeps, KCIDB paths of the same.
    if not lava_name_ok(path_set) or "/" in path_set:
        die("%r as a set name" % path_set)
    check_kcidb(path_kcidb, schema, patchset, want, None)
    paths = {t["path"].split(".")[1] for t in json.load(open(path_kcidb))["tests"]}
    if paths != {path_set.replace(".", "_")}:
        die("KCIDB paths of the path-named run: %s, want %s" % (sorted(paths), path_set))
    if open(path_result).read() != open(result_txt).read():
        die("the path-named run's result.txt differs from the run's")
    print("%d LAVA cases in set pinned (%d numbers equal to summary.json, 1234567 whole), "
          "KCIDB %d tests valid with the same text; the path's set %s" % (ncases, len(texts), ntests, path_set))


if __name__ == "__main__":
    if len(sys.argv) != 10:
        die(__doc__.strip().split("\n\n")[1])
    main(*sys.argv[1:])
