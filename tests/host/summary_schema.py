"""summary.json's fields for the Python checkers, read from what the build
generates from bench/core/summary_schema.h (build/summary-schema.json,
`cmabulk-bench columns --summary`), so that no field name is spelled here
without being checked against the list: check_summary() holds a summary to
it, and key() refuses a name the list does not have.
Environment: SUMMARY_SCHEMA (the file), else BUILD or ROOT/build."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from build_schema import load  # noqa: E402

PATH, SCHEMA = load("SUMMARY_SCHEMA", "summary-schema.json", "cmabulk-bench-summary-schema")

FIELDS = {f["key"]: f for f in SCHEMA["strategy"]}
STATS = SCHEMA["stats"]


def key(name):
    """@name, after checking the list has it (a rename in C fails here, loudly)."""
    if name not in FIELDS:
        raise SystemExit(f"summary schema: no strategy field '{name}' in {PATH}")
    return name


def check_summary(summary):
    """Problems of a summary.json against the list: one line each."""
    out = []
    if summary.get("schema") != SCHEMA["document"] or summary.get("version") != SCHEMA["document_version"]:
        out.append(f"summary.json: schema {summary.get('schema')} {summary.get('version')}")
    for k in SCHEMA["top"]:
        if k not in summary:
            out.append(f"summary.json lacks {k}")
    for name, st in summary.get("strategies", {}).items():
        order = [k for k in FIELDS if k in st]
        if list(st) != order:
            out.append(f"summary.json {name}: members {list(st)} not in the list's order")
        for k, f in FIELDS.items():
            if f["always"] and k not in st:
                out.append(f"summary.json {name} lacks {k}")
            if k in st and f["kind"] == "stats" and list(st[k]) != STATS:
                out.append(f"summary.json {name}.{k}: members {list(st[k])}, want {STATS}")
        for k in st:
            if k not in FIELDS:
                out.append(f"summary.json {name}: {k} is not in bench/core/summary_schema.h")
    return out
