#!/usr/bin/env python3
"""Compare cmabulk-trace's final JSON with the ftrace record of the same
run (see tests/guest/helpers/oracle-scenario.sh). One PASS/FAIL line per check."""
import collections
import json
import re
import sys

import jsonschema

out, schema_path = sys.argv[1], sys.argv[2]
ok = True


def check(name, cond, detail=""):
    global ok
    print(("PASS " if cond else "FAIL ") + name + ("" if cond else ": " + detail))
    ok &= bool(cond)


def fields(line):
    return dict(re.findall(r"(\w+)=(\S+)", line.split(": ", 1)[1]))


ftrace = open(out + "/ftrace.txt").read().splitlines()
events = collections.defaultdict(list)
for line in ftrace:
    m = re.search(r"\s(\w+): ", line)
    if m and not line.startswith("#"):
        events[m.group(1)].append(fields(line))
check("oracle_ftrace_complete", "LOST" not in open(out + "/ftrace.txt").read(), "ftrace lost events")

lines = open(out + "/trace.json").read().splitlines()
schema = json.load(open(schema_path))
docs = [json.loads(x) for x in lines]
for d in docs:
    jsonschema.validate(d, schema)
check("oracle_schema_valid", len(docs) >= 1, "no JSON output")
final = docs[-1]
check("oracle_final_report", final["type"] == "final", final["type"])
check("oracle_exit_status", open(out + "/trace.rc").read().strip() == "0", "loader exit status")

# Bulk calls, per (mode, fallback): calls, allocated chunks, skips by reason.
kern = collections.defaultdict(lambda: {"calls": 0, "allocated": 0, "requested": 0})
for e in events["cma_bulk_finish"]:
    k = kern[(e["mode"], e["fallback"])]
    k["calls"] += 1
    k["allocated"] += int(e["nr_allocated"])
    k["requested"] += int(e["nr_requests"])
rows = {(c["mode"], c["fallback"]): c for c in final["calls"] if c["kind"] == "bulk"}
check("oracle_bulk_rows", set(rows) == set(kern), "%s vs %s" % (sorted(rows), sorted(kern)))
for key, k in kern.items():
    r = rows.get(key, {})
    label = "%s>%s" % key
    check("oracle_calls_" + label, r.get("calls") == k["calls"], "%s vs %s" % (r.get("calls"), k))
    check("oracle_allocated_" + label, r.get("allocated") == k["allocated"], "%s vs %s" % (r.get("allocated"), k))
    check("oracle_latency_total_" + label, r.get("latency", {}).get("total") == k["calls"],
          "histogram total %s, calls %s" % (r.get("latency", {}).get("total"), k["calls"]))

# Skips by reason, over all bulk calls: distinct pageblocks, as the loader
# and the driver count them. A fallback pass tries again every window the
# first pass skipped but the busy ones, so only its own skips count then.
# (Calls do not overlap here: one writer, in order.)
skips = collections.Counter()
call = collections.Counter()
calls_skipping = collections.defaultdict(collections.Counter)  # (mode, fallback) -> reason -> calls
for line in ftrace:
    m = re.search(r"\s(\w+): ", line)
    if not m or line.startswith("#"):
        continue
    ev = m.group(1)
    if ev == "cma_bulk_start":
        call = collections.Counter()
    elif ev == "cma_bulk_skip_pageblock":
        call[fields(line)["reason"]] += 1
    elif ev == "cma_bulk_mode_fallback":
        call = collections.Counter({"busy": call["busy"]} if call["busy"] else {})
    elif ev == "cma_bulk_finish":
        skips.update(call)
        f = fields(line)
        calls_skipping[(f["mode"], f["fallback"])].update(r for r, n in call.items() if n)
        call = collections.Counter()
traced = collections.Counter()
for r in rows.values():
    traced.update({k: v for k, v in r["skipped"].items() if v})
check("oracle_skips_by_reason", skips == traced, "ftrace %s, loader %s" % (dict(skips), dict(traced)))
check("oracle_skips_seen", sum(skips.values()) > 0, "the pins made no skips")
# Per reason, the skips-per-call histogram counts the calls that skipped for it.
hist_calls = {key: collections.Counter({reason: h["total"] for reason, h in r["skips_per_call_by_reason"].items()
                                        if h["total"]})
              for key, r in rows.items()}
want_calls = {key: calls_skipping.get(key, collections.Counter()) for key in rows}
check("oracle_skip_hists_by_reason", hist_calls == want_calls, "loader %s, ftrace %s" % (hist_calls, want_calls))

# --skips: one record per cma_bulk_skip_pageblock event, the same window,
# reason, error and failing pfn, in the same order.
def skip_key(pfn, reason, error, failed_pfn, mode):
    return (int(pfn, 0) if isinstance(pfn, str) else pfn, reason, int(error),
            int(failed_pfn, 0) if isinstance(failed_pfn, str) else failed_pfn, mode)
fskips = [skip_key(e["pfn"], e["reason"], e["error"], e["failed_pfn"], e["mode"])
          for e in events["cma_bulk_skip_pageblock"]]
tskips = [skip_key(d["pfn"], d["reason"], d["error"], d["failed_pfn"], d["mode"])
          for d in docs if d["type"] == "skip"]
check("oracle_skip_records", fskips == tskips and len(fskips) > 0,
      "%d ftrace events, %d records; first difference %s" %
      (len(fskips), len(tskips), next(((a, b) for a, b in zip(fskips, tskips) if a != b), None)))
known = [d for d in docs if d["type"] == "skip" and d["failed_pfn"]]
check("oracle_skip_failed_pfn_in_window", known and all(d["pfn"] <= d["failed_pfn"] < d["pfn"] + d["nr_pages"]
                                                        for d in known),
      "%d records name a failing pfn; outside the window: %s" %
      (len(known), [d for d in known if not d["pfn"] <= d["failed_pfn"] < d["pfn"] + d["nr_pages"]][:2]))

# Migration retries and ranges per mode, from the per-range event.
ranges = collections.defaultdict(lambda: [0, 0])
for e in events["mm_alloc_contig_range_finish"]:
    ranges[e["mode"]][0] += 1
    ranges[e["mode"]][1] += int(e["nr_retries"])
lranges = {r["mode"]: (r["ranges"], r["retries"]) for r in final["ranges"]}
check("oracle_ranges_and_retries", {m: tuple(v) for m, v in ranges.items()} == lranges,
      "ftrace %s, loader %s" % (dict(ranges), lranges))

# cma_alloc() baseline calls.
n_alloc = len(events["cma_alloc_finish"])
l_alloc = sum(c["calls"] for c in final["calls"] if c["kind"] == "cma_alloc")
check("oracle_cma_alloc_calls", n_alloc == l_alloc and n_alloc > 0, "ftrace %d, loader %d" % (n_alloc, l_alloc))

# The driver's own results agree with the tracepoints too.
results = open(out + "/results").read()
drv = sum(int(x) for x in re.findall(r"^allocated (\d+)$", results, re.M))
check("oracle_driver_agrees", drv == sum(k["allocated"] for k in kern.values()), "driver %d" % drv)

# FAST never drains; NORMAL drains the PCP and LRU caches in every call.
fastrow, normrow = rows.get(("fast", "fast"), {}), rows.get(("normal", "normal"), {})
check("oracle_fast_no_drains", fastrow.get("phases", {}).get("pcp_drain", {}).get("calls") == 0
      and fastrow["phases"]["lru_drain"]["calls"] == 0 and fastrow["phases"]["migrate"]["calls"] == fastrow["calls"],
      str(fastrow.get("phases")))
check("oracle_phase_histograms", all(p["latency"]["total"] == p["calls"]
                                      for r in rows.values() for p in r["phases"].values()),
      "a phase histogram total differs from its call count")
check("oracle_normal_drains", normrow.get("phases", {}).get("pcp_drain", {}).get("calls") == normrow.get("calls")
      and normrow["phases"]["lru_drain"]["calls"] == normrow["calls"], str(normrow.get("phases")))
check("oracle_no_drops", final["system"]["ringbuf_drops"] == 0 and final["system"]["unpaired_finish"] == 0,
      str(final["system"]))
check("oracle_bpf_cost_reported", any(p["run_cnt"] > 0 for p in final["bpf"]), str(final["bpf"]))
before = open(out + "/progs-before").read().split()
after = open(out + "/progs-after").read().split()
check("oracle_nothing_left_attached", before == after, "before %s after %s" % (before, after))

# Names: BTF-derived (loader) == the tracepoint's print tables (kernel).
fmt = open(out + "/skip-format").read()
tables = {f: dict((int(v), n) for v, n in re.findall(r'\{\s*(\d+),\s*"(\w+)"\s*\}', body))
          for f, body in re.findall(r"__print_symbolic\(REC->(\w+), (.*?)\)", fmt)}
btf = {}
for line in open(out + "/enums"):
    kind, v, n = line.split()
    btf.setdefault(kind, {})[int(v)] = n
check("oracle_names_match", tables.get("mode") == btf.get("mode") and tables.get("reason") == btf.get("fail")
      and len(btf.get("fail", {})) >= 7, "format %s, btf %s" % (tables, btf))

# --perfetto, decoded on its own (Python's protobuf): the same calls as
# ftrace and the JSON records, nested, in time order, inside the session.
sys.path.insert(0, "tests/unit")
import pftrace_check  # noqa: E402

tl = pftrace_check.load(out + "/trace.pftrace")
window = tuple(int(float(open(out + f).read()) * 1e9) + d
               for f, d in (("/uptime-start", -10**7), ("/uptime-end", 10**7)))
problems = tl.check(window)
check("oracle_perfetto_sound", not problems, "; ".join(problems[:3]))
summ = tl.summary()
check("oracle_perfetto_bulk_slices", summ["slices"].get("cma_alloc_bulk") == len(events["cma_bulk_finish"])
      == sum(k["calls"] for k in kern.values()), "%s slices, %d ftrace" %
      (summ["slices"].get("cma_alloc_bulk"), len(events["cma_bulk_finish"])))
check("oracle_perfetto_cma_alloc_slices", summ["slices"].get("cma_alloc") == n_alloc == l_alloc,
      "%s slices, %d ftrace, %d loader" % (summ["slices"].get("cma_alloc"), n_alloc, l_alloc))
# Every range isolates once, but those FAST gives up on before isolating
# (fail_fast: an unmovable page seen in the struct pages).
isolating = [e for e in events["mm_alloc_contig_range_finish"]
             if not (e["fail"] == "unmovable" and "fail_fast" in e.get("flags", ""))]
check("oracle_perfetto_isolate_per_range", summ["slices"].get("isolate") == len(isolating) > 0,
      "%s isolate slices, %d ranges that isolate (of %d)" %
      (summ["slices"].get("isolate"), len(isolating), len(events["mm_alloc_contig_range_finish"])))
phase_names = {"isolate", "pcp_drain", "lru_drain", "migrate", "test_isolated"}
calls = summ["calls"]
check("oracle_perfetto_phases_inside_calls",
      all(c["name"] in ("cma_alloc_bulk", "cma_alloc") for c in calls)
      and all(ch["name"] not in ("cma_alloc_bulk", "cma_alloc") for c in calls for ch in c["children"]),
      "top-level slices: %s" % collections.Counter(c["name"] for c in calls))
def descendants(node, parents=()):
    for ch in node.get("children", []):
        yield ch, parents + (node["name"],)
        yield from descendants(ch, parents + (node["name"],))


# One window slice per alloc_contig_range(), with the same outcomes.
windows = collections.Counter(ch["name"] for c in calls for ch, up in descendants(c)
                              if ch["name"].startswith("range "))
want_windows = collections.Counter("range " + ("ok" if e["fail"] == "none" else e["fail"])
                                   for e in events["mm_alloc_contig_range_finish"])
check("oracle_perfetto_windows", windows == want_windows, "trace %s, ftrace %s" % (dict(windows), dict(want_windows)))
# Each phase lies inside a window, inside its call.
misplaced = [(ch["name"], up) for c in calls for ch, up in descendants(c)
             if ch["name"] in phase_names and not (len(up) >= 2 and up[-1].startswith("range ")
                                                   or up[-1] == "migrate" or up == (c["name"],))]
check("oracle_perfetto_phases_in_windows", not misplaced, "%d misplaced: %s" % (len(misplaced), misplaced[:3]))
# The LRU drain: inside each range's migration, but for NORMAL_ONCE, which
# disables the LRU caches once, before its first window.
lru_nested = [ch for c in calls for ch, up in descendants(c) if ch["name"] == "lru_drain" and up[-1] == "migrate"]
once = [c for c in calls if c["args"].get("mode") == "normal_once"]
once_ok = all([ch["name"] for ch in c["children"]][:1] == ["lru_drain"]
              and sum(ch["name"] == "lru_drain" for ch in c["children"]) == 1 for c in once)
check("oracle_perfetto_lru_drain_in_migrate",
      len(lru_nested) + len(once) == summ["slices"].get("lru_drain", 0) and lru_nested and once and once_ok,
      "%d in a migration, %d normal_once calls (drain first: %s), %s in all" %
      (len(lru_nested), len(once), once_ok, summ["slices"].get("lru_drain")))
pskips = [skip_key(x["args"]["pfn"], x["args"]["reason"], x["args"]["error"], x["args"].get("failed_pfn", 0),
                   x["args"]["mode"])
          for c in calls for x in c["children"] if x.get("instant") and x["name"].startswith("skip ")]
check("oracle_perfetto_skip_instants", pskips == fskips, "%d instants, %d ftrace" % (len(pskips), len(fskips)))
nfb = sum(1 for c in calls for x in c["children"] if x.get("instant") and x["name"] == "fallback")
check("oracle_perfetto_fallbacks", nfb == len(events["cma_bulk_mode_fallback"]) > 0,
      "%d instants, %d ftrace" % (nfb, len(events["cma_bulk_mode_fallback"])))


def call_args(kind, mode, fallback, order, requested, allocated, ret, skipped):
    return (kind, mode, fallback, order, requested, allocated, ret,
            tuple(sorted((r, n) for r, n in skipped.items() if n)))


jcalls = [call_args(d["kind"], d["mode"], d["fallback"], d["order"] if d["kind"] == "bulk" else None,
                    d["requested"], d["allocated"], d["ret"], d["skipped"])
          for d in docs if d["type"] == "call"]
pcalls = []
for c in calls:
    a = c["args"]
    bulk = c["name"] == "cma_alloc_bulk"
    pcalls.append(call_args("bulk" if bulk else "cma_alloc", a.get("mode"), a.get("fallback", a.get("mode")),
                            a.get("order"), a["requested"], a["allocated"], a["ret"],
                            {k[len("skipped_"):]: v for k, v in a.items() if k.startswith("skipped_")}))
check("oracle_perfetto_args_match_json", pcalls == jcalls and len(jcalls) == n_alloc + len(events["cma_bulk_finish"]),
      "%d slices, %d records; first difference %s" %
      (len(pcalls), len(jcalls), next(((x, y) for x, y in zip(pcalls, jcalls) if x != y), None)))
migrated = sum(d["migrated"] for d in docs if d["type"] == "call")
counters = summ["counters"]
mig = [v["last"] for k, v in counters.items() if k.endswith(" pages migrated")]
# Written when a call migrated something: none here (pins only, no fill).
check("oracle_perfetto_migrated_counter", mig == ([migrated] if migrated else []),
      "counter %s, records %d" % (mig, migrated))
used = [v["samples"] for k, v in counters.items() if k.endswith(" used pages")]
check("oracle_perfetto_area_counters", used and used[0] >= 2, "used-pages samples: %s" % used)
check("oracle_perfetto_threads_named", summ["threads"] and all(pid > 0 and tid > 0 and name
                                                              for pid, tid, name in summ["threads"]),
      str(summ["threads"]))
check("oracle_perfetto_no_drops", counters.get("cmabulk-trace/ring buffer drops", {}).get("last") == 0,
      str(counters.get("cmabulk-trace/ring buffer drops")))

# --culprits: the pages in the way are the driver's pins (method alloc),
# named as such, every one; the timeline has an instant for each failure.
cul = [d for d in docs if d["type"] == "culprits"]
pins = {int(line.split()[1], 0) for line in open(out + "/pinned") if line.strip()}
check("oracle_culprits_report", len(cul) == 1 and docs[-2]["type"] == "culprits", "culprits documents: %d" % len(cul))
if cul:
    c = cul[0]
    check("oracle_culprits_are_the_pins", c["failures"] > 0 and set(c["kinds"]) == {"driver pin"}
          and all(t["pfn"] in pins and t["what"] == "cma_bulk_test pin (method alloc)" for t in c["top"]),
          "kinds %s, top %s" % (c["kinds"], c["top"][:2]))
    ninst = sum(n for name, n in summ["instants"].items() if name.startswith("culprit "))
    check("oracle_culprits_in_timeline", ninst == c["failures"], "%d instants, %d failures" % (ninst, c["failures"]))
sys.exit(0 if ok else 1)
