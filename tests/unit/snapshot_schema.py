#!/usr/bin/env python3
"""Validate test_snapshot's JSON samples against docs/cmabulk-trace.schema.json
with a real JSON parser and a real schema validator, then check values."""
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
# The validator itself must reject a broken document.
bad = dict(doc, version=2)
try:
    validator.validate(bad)
    ok &= check("schema_rejects_bad", False)
except jsonschema.ValidationError:
    ok &= check("schema_rejects_bad", True)
sys.exit(0 if ok else 1)
