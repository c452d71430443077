#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
# checks: $BUILD/tests/test_timeline
"""The synthetic session of test_timeline, decoded by pftrace_check.py
(Python's protobuf, not the writer's protobuf-c) and checked item by item
against what test_timeline.c's write_session() put in: tracks and their
hierarchy, thread and process ids, slice nesting, args, counters.

    timeline_decode.py BUILD/tests/test_timeline
"""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pftrace_check  # noqa: E402

failed = 0


def check(name, got, want):
    global failed
    if got != want:
        print("  %s: got %r, want %r" % (name, got, want), file=sys.stderr)
        failed += 1


def main():
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "session.pftrace")
        subprocess.run([sys.argv[1], path], check=True)
        tl = pftrace_check.load(path)
        with open(path, "rb") as f:
            data = f.read()
        # Two traces concatenated (A and B, two devices) keep their own
        # tracks: twice the tracks, none described twice.
        again = os.path.join(d, "again.pftrace")
        subprocess.run([sys.argv[1], again], check=True)
        both = os.path.join(d, "both.pftrace")
        with open(both, "wb") as f, open(again, "rb") as g:
            f.write(data + g.read())
        two = pftrace_check.load(both)
    check("problems", tl.check(window=(1000, 9500)), [])
    check("two traces' problems", two.check(), [])
    check("two traces' tracks", len(two.tracks), 2 * len(tl.tracks))
    s = tl.summary()
    check("clock snapshots", s["clock_snapshots"], 1)
    check("threads", s["threads"], [(100, 101, "alloc-thread"), (100, 102, "dma-thread"),
                                    (200, 103, "gone")])
    # pid 200 is not in the fixture's /proc: its thread's name stands in.
    check("processes", s["processes"], [(100, "camera-hal"), (200, "gone")])
    check("slices", s["slices"], {"cma_alloc_bulk": 2, "cma_alloc": 1, "isolate": 1,
                                  "range pinned": 1, "range ok": 1,
                                  "migrate": 1, "lru_drain": 1, "test_isolated": 1})
    check("instants", s["instants"], {"skip pinned": 1, "culprit anon": 1, "fallback": 1,
                                      "failure size": 1})
    c = s["counters"]
    check("used", (c["CMA area reserved/reserved used pages"]["samples"],
                   c["CMA area reserved/reserved used pages"]["last"]), (2, 2048))
    check("free", c["CMA area reserved/reserved free pages"]["last"], 65536 - 2048)
    check("migrated", c["CMA area reserved/reserved pages migrated"]["last"], 37)
    check("drops", c["cmabulk-trace/ring buffer drops"]["last"], 3)

    calls = s["calls"]
    check("calls in time order", [(x["name"], x["start"], x["end"]) for x in calls],
          [("cma_alloc_bulk", 1000, 5000), ("cma_alloc", 2000, 3000),
           ("cma_alloc_bulk", 6000, 9000)])
    bulk = calls[0]
    check("bulk track", bulk["track"], "alloc-thread/cma reserved")
    check("bulk args", bulk["args"], {"mode": "fast", "fallback": "normal", "order": 4,
                                      "requested": 32, "allocated": 32, "ret": 0,
                                      "skipped_pinned": 1, "migrated": 37,
                                      "migrate_failed": 0, "retries": 2, "area": "reserved"})
    check("bulk children", [(x["name"], x["start"], x["end"], x["depth"])
                            for x in bulk["children"]],
          [("range pinned", 1050, 4250, 1), ("skip pinned", 4300, 4300, 1),
           ("culprit anon", 4310, 4310, 1), ("fallback", 4400, 4400, 1),
           ("range ok", 4450, 4900, 1)])
    check("culprit args", bulk["children"][2]["args"],
          {"pfn": 0x40123, "kind": "anon", "flags": "lru", "mapcount": 1, "refcount": 2,
           "extra_refs": 1, "pinned": 0, "what": "mapped by pid 7 (loadgen)"})
    window = bulk["children"][0]
    check("window args", window["args"], {"pfn": 0x40000, "nr_pages": 512, "mode": "fast",
                                          "ret": 0, "migrated": 5, "migrate_failed": 0})
    check("phases inside the window", [(x["name"], x["start"], x["end"], x["depth"])
                                       for x in window["children"]],
          [("isolate", 1100, 1300, 2), ("migrate", 1400, 4000, 2),
           ("test_isolated", 4100, 4200, 2)])
    check("lru drain inside migration", [(x["name"], x["depth"])
                                         for x in window["children"][1]["children"]],
          [("lru_drain", 3)])
    skip = bulk["children"][1]["args"]
    check("skip args", (skip["reason"], skip["pfn"], skip["failed_pfn"], skip["error"]),
          ("pinned", 0x40000, 0x40123, -16))
    check("failed call", (calls[2]["track"], calls[2]["args"]["ret"],
                          calls[2]["args"]["allocated"], calls[2]["args"]["mode"]),
          ("gone/cma other", -12, 3, "normal"))
    check("cma_alloc has no mode", "mode" in calls[1]["args"], False)
    check("the failure, inside its call", [(x["name"], x["start"], x["args"]["class"],
                                            x["args"]["why"], x["args"]["free_pages"])
                                           for x in calls[2]["children"]],
          [("failure size", 9000, "size", "size: 5 pages asked", 2)])

    # A file cut inside a packet is refused by the decoder: why the writer
    # truncates a failed write back to its last whole packet.
    try:
        pftrace_check.Timeline(data[:-3], tl.pb2)
        check("cut file refused", "decoded", "refused")
    except Exception:
        pass
    print("%s timeline_decode" % ("FAIL" if failed else "PASS"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
