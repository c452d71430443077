"""The trials table's schema for the Python checkers, read from what the
build generates from bench/core/trials.h (build/trials-schema.json), so that no
column name is spelled here: C.WALL_NS is "wall_ns", family(F.DELTA, "pgfree")
is "d_pgfree", J.LOAD is the trials.jsonl member "load".
Environment: TRIALS_SCHEMA (the file), else BUILD or ROOT/build."""
import csv
import os
import sys
from types import SimpleNamespace

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from build_schema import load  # noqa: E402

PATH, SCHEMA = load("TRIALS_SCHEMA", "trials-schema.json", "cmabulk-bench-trials-schema")

C = SimpleNamespace(**{c["id"]: c["name"] for c in SCHEMA["columns"]})
F = SimpleNamespace(**{f["id"]: f for f in SCHEMA["families"]})
J = SimpleNamespace(**{m["id"]: m["key"] for m in SCHEMA["jsonl_members"]})
ALIASES = {a["legacy"]: a["name"] for a in SCHEMA["aliases"]}
_names = {c["name"] for c in SCHEMA["columns"]}


def family(f, member):
    return f["prefix"] + member + f["suffix"]


def of_family(f, col):
    """True when column @col is PREFIX<member>SUFFIX of family @f."""
    return (len(col) > len(f["prefix"]) + len(f["suffix"]) and col.startswith(f["prefix"])
            and col.endswith(f["suffix"]))


def known(col):
    """True for a column of the list or of a family."""
    return col in _names or any(of_family(f, col) for f in SCHEMA["families"])


def read_csv(path):
    """(header, rows) of a trials.csv, legacy names mapped to today's."""
    with open(path, newline="") as f:
        r = csv.reader(f)
        header = [ALIASES.get(h, h) for h in next(r)]
        return header, [dict(zip(header, row)) for row in r]


def write_csv(path, header, rows):
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
