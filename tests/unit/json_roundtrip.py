#!/usr/bin/env python3
# checks: $BUILD/tests/test_json
"""Parse test_json --sample with Python's json module and check the values
survived exactly (strings, 64-bit integers, doubles, histogram buckets)."""
import json
import math
import subprocess
import sys

out = subprocess.run([sys.argv[1], "--sample"], check=True,
                     capture_output=True, text=True).stdout
doc = json.loads(out)
assert doc["text"] == 'tab\there "quoted" \\ back\x1f', doc["text"]
assert doc["utf8"] == "caf\u00e9 cut\ufffd\ufffd", doc["utf8"]
assert doc["big"] == 2**64 - 1, doc["big"]
assert doc["neg"] == -2**63, doc["neg"]
assert doc["pi"] == math.pi, doc["pi"]
h = doc["hist"]
assert h["unit"] == "nsecs" and h["total"] == 3, h
assert h["buckets"] == [{"low": 0, "high": 1, "count": 2},
                        {"low": 2**39, "high": 2**40 - 1, "count": 1}], h
assert doc["empty"] == []
print("PASS json_roundtrip_python")
