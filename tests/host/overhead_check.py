#!/usr/bin/env python3
"""Check a cmabulk-bench overhead folder (tests/host/overhead_quick.sh).

Every number is checked against another source: each tracer's program
runs against the bulk calls and ranges the driver reported for the same
calls, bpftrace's attach points against its script, the order of the
passes against the paired design. Prints PASS/FAIL lines.
"""
import csv
import json
import re
import sys

failed = 0


def check(name, ok, detail=""):
    global failed
    print(("PASS " if ok else "FAIL ") + name + ("" if ok else ": " + str(detail)[:400]))
    failed += not ok


def main():
    d, script = sys.argv[1], sys.argv[2]
    summary = json.load(open(d + "/summary.json"))
    meta = json.load(open(d + "/meta.json"))
    rows = list(csv.DictReader(open(d + "/passes.csv")))
    report = open(d + "/report.md").read()
    contenders = {t["name"]: t for t in summary["tracers"]}

    check("overhead_meta", meta["status"] == "partial" and
          [t["name"] for t in meta["tracers"]] == ["trace", "phases", "bpftrace", "broken"], meta)
    check("overhead_broken_reported", "broken" in contenders and
          "exited (status 127) before it attached" in contenders["broken"].get("failed", ""),
          contenders.get("broken"))
    check("overhead_broken_in_report", "`broken` failed:" in report)

    # The latency passes: N T N T ... N, each traced pass between untraced ones.
    seqs = {}
    for r in rows:
        if r["kind"] in ("latency", "warmup"):
            seqs.setdefault(int(r["seq"]), r["tracer"])
    order = [seqs[s] for s in sorted(seqs)]
    alternate = all((t == "none") == (i % 2 == 0) for i, t in enumerate(order))
    check("overhead_passes_interleaved", alternate and order[-1] == "none", order)
    warm = [r for r in rows if r["kind"] == "warmup"]
    check("overhead_warmup_each_pass", len(warm) == len(order), (len(warm), len(order)))

    for name in ("trace", "phases", "bpftrace"):
        a = contenders[name]
        check(f"overhead_{name}_measured", "failed" not in a and len(a["delta_pct"]) == 2 and
              a["median_delta_pct"]["lo"] <= a["median_delta_pct"]["estimate"] <= a["median_delta_pct"]["hi"], a)
        stats = [r for r in rows if r["tracer"] == name and r["kind"] == "stats"]
        progs = {p["attach"]: p for p in a["programs_detail"]}

        def runs(event):
            return sum(p["run_cnt"] for k, p in progs.items() if k.split(":", 1)[1] == event)
        check(f"overhead_{name}_bulk_runs", len(stats) == 3 and runs("cma_bulk_start") == 3 and
              runs("cma_bulk_finish") == 3, (len(stats), runs("cma_bulk_start")))
        # Nothing pinned: every window is one alloc_contig_range() (no
        # rescue of a failed window chunk by chunk), and none is skipped.
        ranges = sum(int(r["ranges"]) for r in stats)
        check(f"overhead_{name}_range_runs", ranges > 0 and runs("mm_alloc_contig_range_finish") == ranges,
              (ranges, runs("mm_alloc_contig_range_finish")))
        check(f"overhead_{name}_no_skips", runs("cma_bulk_skip_pageblock") == 0, runs("cma_bulk_skip_pageblock"))
        check(f"overhead_{name}_totals", a["runs"] == sum(p["run_cnt"] for p in progs.values()) and
              a["programs"] == len(progs), a)

    # bpftrace's programs are its script's probes, by tracepoint.
    probes = set(re.findall(r"^tracepoint:\w+:(\w+)", open(script).read(), re.M))
    bt = {p["attach"] for p in contenders["bpftrace"]["programs_detail"]}
    check("overhead_bpftrace_probes", bt == {"tracepoint:" + p for p in probes}, (sorted(bt), sorted(probes)))
    # With the series and without --phases, migration is counted from the ranges.
    tr = {p["attach"] for p in contenders["trace"]["programs_detail"]}
    ph = {p["attach"] for p in contenders["phases"]["programs_detail"]}
    check("overhead_trace_no_migrate_pages", not any(a.endswith(":mm_migrate_pages") for a in tr) and
          any(a.endswith(":mm_migrate_pages") for a in ph) and tr < ph, (sorted(tr), sorted(ph)))
    check("overhead_report_table", "| added latency per call" in report and "## Goals" in report)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
