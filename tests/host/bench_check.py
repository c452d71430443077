#!/usr/bin/python3
"""Check a cmabulk-bench results folder independently of the C code that
wrote it: every file there, one row per planned trial, statistics that
recompute to the summary's, tracer call counts that match the driver's.
Usage: bench_check.py RUN_DIR   (prints problems, exits 1 if any)"""
import json
import re
import math
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from trials_schema import ALIASES, C, F, J, family, known, of_family, read_csv  # noqa: E402
from summary_schema import check_summary  # noqa: E402

problems = []


def check(cond, what):
    if not cond:
        problems.append(what)


def close(a, b, rel=1e-6):
    return math.isclose(a, b, rel_tol=rel, abs_tol=1e-9)


def type7(sorted_values, p):
    h = (len(sorted_values) - 1) * p / 100
    lo = math.floor(h)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (h - lo) * (sorted_values[hi] - sorted_values[lo])


d = sys.argv[1]
for f in ["meta.json", "scenario", "trials.csv", "trials.jsonl", "summary.json", "report.md",
          "trace.jsonl", "plots/plots.gp", "plots/latency_cdf.dat"]:
    check(os.path.isfile(os.path.join(d, f)), f"missing {f}")
if problems:
    print("\n".join(problems))
    sys.exit(1)

meta = json.load(open(os.path.join(d, "meta.json")))
summary = json.load(open(os.path.join(d, "summary.json")))
scn = dict(line.split(" = ", 1) for line in open(os.path.join(d, "scenario")).read().splitlines())
header, rows = read_csv(os.path.join(d, "trials.csv"))
for col in header:
    check(known(col), f"trials.csv: column {col} is not in bench/core/trials.h")
check(len(set(header)) == len(header), "trials.csv: a column twice")
problems += check_summary(summary)
check(meta["status"] == "complete", f"status {meta['status']}")
for k in ["kernel_release", "cpu_model", "cma_pages", "seed", "membw_bytes_per_s", "date", "tool_version"]:
    check(k in meta, f"meta.json lacks {k}")
for k in ["series_hash", "config_hash", "accelerator"]:
    check(k in meta.get("host", {}), f"meta.json host lacks {k}")

trials, warmup = int(scn["trials"]), int(scn["warmup"])
strategies = scn["strategies"].split(",")
if "until_decided" in meta:
    # --until-decided adds whole rounds after the scenario's: as many as
    # the table has, each with every strategy once (checked below).
    extra = max(int(r[C.TRIAL]) for r in rows) + 1 - (trials + warmup)
    check(extra >= 0, f"until_decided: {extra} extra rounds")
    trials += extra
    check(re.match(r"(all \d+ comparisons decided|\d+ of \d+ undecided) ", meta["until_decided"]),
          f"until_decided says '{meta['until_decided']}'")
    check("- run until decided: " + meta["until_decided"] in open(os.path.join(d, "report.md")).read(),
          "report.md does not say how --until-decided ended")
check(len(rows) == len(strategies) * (trials + warmup),
      f"{len(rows)} rows, want {len(strategies)} x {trials + warmup}")
check(summary["trials"] == len(rows), "summary trial count")
check([int(r[C.SEQ]) for r in rows] == list(range(len(rows))), "seq is not 0..n-1")

traces = [json.loads(line) for line in open(os.path.join(d, "trace.jsonl"))]
jrows = [json.loads(line) for line in open(os.path.join(d, "trials.jsonl"))]
check(len(jrows) == len(rows), f"{len(jrows)} rows in trials.jsonl, {len(rows)} in trials.csv")
for jr, r in zip(jrows, rows):
    seq = r[C.SEQ]
    # A row of trials.jsonl has the columns set so far; later ones are empty in the csv.
    cells = {ALIASES.get(k, k): v for k, v in jr.items() if k not in vars(J).values()}
    check(set(cells) <= set(header), f"seq {seq}: jsonl has columns the csv lacks")
    check(all(cells.get(k, "") == v for k, v in r.items()), f"seq {seq}: jsonl and csv differ")
    # The deltas in the table are after - before of the raw counters.
    for name in ("pgmigrate_success", "cma_alloc_success", "cma_alloc_pages_success"):
        col = family(F.DELTA, name)
        b, a = jr[J.COUNTERS_BEFORE][name], jr[J.COUNTERS_AFTER][name]
        if b >= 0 and a >= 0:
            check(int(r[col]) == a - b, f"seq {seq}: {col} {r[col]} != {a} - {b}")
    # The load was really there: fill reached, pins placed.
    load = jr[J.LOAD]
    if float(scn["fill_pct"]) > 0:
        check(load["fill"]["achieved_pct"] >= float(scn["fill_pct"]) - 1,
              f"seq {seq}: fill reached {load['fill']['achieved_pct']}%")
    if scn["pin_method"] != "none":
        check(load["pin"]["pinned_pageblocks"] == load["pin"]["target_pageblocks"] > 0,
              f"seq {seq}: {load['pin']['pinned_pageblocks']} pageblocks pinned")
check(len(traces) == len(rows), f"{len(traces)} tracer reports for {len(rows)} trials")

for s in strategies:
    mine = [r for r in rows if r[C.STRATEGY] == s]
    meas = [r for r in mine if r[C.WARMUP] == "0"]
    check(len(mine) == trials + warmup, f"{s}: {len(mine)} rows")
    check(len(meas) == trials, f"{s}: {len(meas)} measured rows")
    st = summary["strategies"].get(s)
    check(st is not None, f"summary lacks {s}")
    if not st:
        continue
    check(st["n"] == trials, f"{s}: summary n {st['n']}")
    # Per-trial successes add up to the summary.
    alloc = sum(int(r[C.ALLOCATED]) for r in meas)
    req = sum(int(r[C.REQUESTED]) for r in meas)
    check(st["allocated"] == alloc and st["requested"] == req, f"{s}: allocated/requested sums")
    succ = [int(r[C.ALLOCATED]) / int(r[C.REQUESTED]) for r in meas]
    check(close(st["success"]["mean"], statistics.mean(succ)), f"{s}: success mean")
    for r in meas:
        check(close(float(r[C.SUCCESS]), int(r[C.ALLOCATED]) / int(r[C.REQUESTED]), 1e-5),
              f"{s} seq {r[C.SEQ]}: success column")
    # Latency statistics, recomputed here.
    lat = sorted(float(r[C.WALL_NS]) / 1e6 for r in meas)
    L = st["latency_ms"]
    check(close(L["median"], statistics.median(lat)), f"{s}: median {L['median']} vs {statistics.median(lat)}")
    check(close(L["mean"], statistics.mean(lat)), f"{s}: mean")
    check(close(L["min"], lat[0]) and close(L["max"], lat[-1]), f"{s}: min/max")
    check(close(L["p90"], type7(lat, 90)), f"{s}: p90")
    if len(lat) > 1:
        check(close(L["stddev"], statistics.stdev(lat)), f"{s}: stddev")
        check(close(L["cv"], statistics.stdev(lat) / statistics.mean(lat)), f"{s}: cv")
    # The tracer counted what the driver did, call for call.
    for r in mine:
        seq = r[C.SEQ]
        if s in ("whole", "chunks2m", "chunks"):
            check(r[C.TRACE_CMA_ALLOC_CALLS] == r[C.CMA_ALLOC_CALLS],
                  f"{s} seq {seq}: tracer {r[C.TRACE_CMA_ALLOC_CALLS]} cma_alloc calls, driver {r[C.CMA_ALLOC_CALLS]}")
            check(r[C.TRACE_BULK_CALLS] == "0", f"{s} seq {seq}: bulk calls traced")
        else:
            check(r[C.TRACE_BULK_CALLS] == "1", f"{s} seq {seq}: {r[C.TRACE_BULK_CALLS]} bulk calls traced")
            # The driver's own skip count equals the tracepoints'.
            check(r[C.TRACE_SKIPPED] == r[C.TOTAL_SKIPPED],
                  f"{s} seq {seq}: skips traced {r[C.TRACE_SKIPPED]}, driver {r[C.TOTAL_SKIPPED]}")
            # ... and is the sum of its reasons.
            reasons = [v for k, v in r.items() if of_family(F.SKIPPED, k) and v]
            check(sum(int(v) for v in reasons) == int(r[C.TOTAL_SKIPPED]),
                  f"{s} seq {seq}: skip reasons do not add up to {r[C.TOTAL_SKIPPED]}")
        check(r[C.TRACE_MISMATCH] == "0", f"{s} seq {seq}: trace mismatch")
        rep = traces[int(seq)]
        if s not in ("whole", "chunks2m", "chunks"):
            # Reason by reason, the driver's columns hold the tracer's
            # counts, under the names the kernel gives (the tracer's, from BTF).
            traced = {}
            for c in rep["report"]["calls"]:
                for reason, n in c.get("skipped", {}).items():
                    traced[reason] = traced.get(reason, 0) + n
            for k, v in r.items():
                if of_family(F.SKIPPED, k):
                    reason = k[len(F.SKIPPED["prefix"]):len(k) - len(F.SKIPPED["suffix"]) or None]
                    check(reason in traced, f"{s} seq {seq}: column {k}: no skip reason '{reason}' in the kernel's names {sorted(traced)}")
                    check(int(v or 0) == traced.get(reason, -1),
                          f"{s} seq {seq}: {k} = {v}, the tracer counted {traced.get(reason)}")
        check(rep["seq"] == int(seq), "trace.jsonl out of order")
        calls = sum(c["calls"] for c in rep["report"]["calls"])
        want = 1 if s not in ("whole", "chunks2m", "chunks") else int(r[C.CMA_ALLOC_CALLS])
        check(calls == want, f"{s} seq {seq}: trace.jsonl has {calls} calls, want {want}")
    report = open(os.path.join(d, "report.md")).read()
    check(f"| {s} |" in report, f"report.md has no row for {s}")

if problems:
    print("\n".join(problems))
    sys.exit(1)
print(f"ok: {len(rows)} trials, {len(strategies)} strategies, consistent")
