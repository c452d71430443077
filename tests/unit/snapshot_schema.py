#!/usr/bin/env python3
# checks: $BUILD/tests/test_snapshot docs/cmabulk-trace.schema.json $BUILD/tests/test_culprits $BUILD/tests/test_failure
"""Validate test_snapshot's JSON samples (and test_culprits', given as a
third argument) against docs/cmabulk-trace.schema.json with a real JSON
parser and a real schema validator, then check values."""
import json
import subprocess
import sys

import jsonschema

exe, schema_path = sys.argv[1], sys.argv[2]
schema = json.load(open(schema_path))
validator = jsonschema.Draft202012Validator(schema)


def sample(*args):
    out = subprocess.run([exe, *args], check=True, capture_output=True, text=True).stdout
    lines = out.splitlines()
    assert len(lines) == 1, "one object per line, got %d lines" % len(lines)
    doc = json.loads(lines[0])
    validator.validate(doc)
    return doc


def check(name, cond):
    print(("PASS " if cond else "FAIL ") + name)
    return cond


ok = True
doc = sample("--sample")
ok &= check("schema_interval", doc["type"] == "interval")
fast = [c for c in doc["calls"] if c["mode"] == "fast"][0]
normal = [c for c in doc["calls"] if c["mode"] == "normal"][0]
ok &= check("schema_row_ordering", fast["ordering"] == {"calls": 2, "ns": 8000, "windows": 192,
                                                       "struct_pages_read": 150, "picked": 6,
                                                       "picked_used": 40}
            and "ordering" not in normal)
ok &= check("schema_values", fast["success_ratio"] == 0.9 and fast["skipped"]["not_free"] == 3
            and fast["latency"]["total"] == fast["calls"] and fast["skipped_total"] == 3
            and fast["phases"]["migrate"]["latency"]["total"] == fast["phases"]["migrate"]["calls"])
base = [c for c in doc["calls"] if c["kind"] == "cma_alloc"][0]
ok &= check("schema_cma_alloc_null_mode", base["mode"] is None and base["order"] == 9)
ok &= check("schema_ranges", doc["ranges"][0]["result"]["none"] == 7
            and doc["ranges"][0]["retries_per_range"]["total"] == 10)
ok &= check("schema_final", sample("--sample", "final")["type"] == "final")
call = sample("--sample-call")
ok &= check("schema_call", call["type"] == "call" and call["mode"] == "fast"
            and call["fallback"] == "normal" and call["skipped"]["migrate"] == 2)
ok &= check("schema_call_ordering", call["ordering"] == {"ns": 5000, "windows": 96, "struct_pages_read": 97,
                                                         "picked": 3, "picked_used": 17})
fast_by_reason = fast["skips_per_call_by_reason"]
ok &= check("schema_skips_by_reason", fast_by_reason["not_free"]["total"] == 2
            and fast_by_reason["pinned"]["total"] == 0
            and [b["low"] for b in fast_by_reason["not_free"]["buckets"]] == [0, 2])
skip = sample("--sample-skip")
ok &= check("schema_skip", skip["type"] == "skip" and skip["reason"] == "pinned"
            and skip["mode"] == "fast" and skip["failed_pfn"] == 0x40123
            and skip["rescued"] == 31 and skip["error"] == -16)
old = sample("--sample-skip", "no-details")
ok &= check("schema_skip_without_details", "failed_pfn" not in old and old["pfn"] == 0x40000)
# test_culprits' sample (a third argument): the culprits document.
if len(sys.argv) > 3:
    exe = sys.argv[3]
    cul = sample("--sample")
    top = {t["pfn"]: t for t in cul["top"]}
    ok &= check("schema_culprits", cul["type"] == "culprits" and cul["failures"] == 3
                and top[40]["kind"] == "anon" and top[40]["extra_refs"] == 1
                and "refcount" not in top[47] and top[42]["kind"] == "driver pin")
# test_failure's sample (a fourth argument): a failure and the summary.
if len(sys.argv) > 4:
    out = subprocess.run([sys.argv[4], "--sample"], check=True, capture_output=True,
                         text=True).stdout.splitlines()
    fail, summary = json.loads(out[0]), json.loads(out[1])
    validator.validate(fail)
    validator.validate(summary)
    ok &= check("schema_failure", fail["class"] == "blocked" and fail["largest_free"] == 16384
                and fail["windows_failed"] == {"pinned": 1}
                and fail["why"].startswith("blocked: "))
    ok &= check("schema_failures", summary["areas"] == [
        {"area": "reserved", "size": 0, "fragmentation": 0, "blocked": 1, "other": 0}])
    try:
        validator.validate(dict(fail, area_source="debugfs"))
        ok &= check("schema_failure_rejects_bad", False)
    except jsonschema.ValidationError:
        ok &= check("schema_failure_rejects_bad", True)
# The validator itself must reject a broken document.
bad = dict(doc, version=2)
try:
    validator.validate(bad)
    ok &= check("schema_rejects_bad", False)
except jsonschema.ValidationError:
    ok &= check("schema_rejects_bad", True)
sys.exit(0 if ok else 1)
