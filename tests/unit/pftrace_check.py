#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Decode a cmabulk-trace --perfetto file on its own and check its shape.

The decoder is Python's protobuf with a module protoc generates from
loader/perfetto_trace.proto: nothing of the C writer (protobuf-c) is used.

    pftrace_check.py FILE [--window LO HI] [--json]

checks that
  - every event's track has a descriptor, and uuids are described once;
  - on each slice track, timestamps rise in file order, every BEGIN has
    its END, and slices nest (a stack): phases lie inside their call;
  - timestamps lie inside [LO, HI] (CLOCK_BOOTTIME ns) when given;
and prints a summary (--json: one object) of the slices, instants and
counters by name, and every call with its args and nested phases. Exits 1
with one line per problem when a check fails, 2 when it cannot decode.
"""
import argparse
import gzip
import importlib
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PROTO_DIR = os.path.join(ROOT, "loader")


def load_module():
    """perfetto_trace_pb2, generated from the project's .proto by protoc."""
    with tempfile.TemporaryDirectory(prefix="pftrace-pb2-") as out:
        subprocess.run(["protoc", "--proto_path=" + PROTO_DIR, "--python_out=" + out,
                        "perfetto_trace.proto"], check=True)
        sys.path.insert(0, out)
        try:
            return importlib.import_module("perfetto_trace_pb2")
        finally:
            sys.path.remove(out)


def arg_value(a):
    kind = a.WhichOneof("value")
    return getattr(a, kind) if kind else None


class Timeline:
    """A decoded trace: tracks by uuid, and each track's events in file order."""

    def __init__(self, data, pb2):
        self.pb2 = pb2
        self.trace = pb2.Trace()
        self.trace.ParseFromString(data)
        self.tracks = {}
        self.events = defaultdict(list)
        self.errors = []
        self.clock_snapshots = 0
        TE = pb2.TrackEvent
        self.kinds = {TE.TYPE_SLICE_BEGIN: "B", TE.TYPE_SLICE_END: "E",
                      TE.TYPE_INSTANT: "I", TE.TYPE_COUNTER: "C"}
        for p in self.trace.packet:
            which = p.WhichOneof("data")
            if which == "clock_snapshot":
                self.clock_snapshots += 1
            elif which == "track_descriptor":
                self.describe(p.track_descriptor)
            elif which == "track_event":
                ev = p.track_event
                self.events[ev.track_uuid].append({
                    "ts": p.timestamp, "type": self.kinds.get(ev.type, "?"), "name": ev.name,
                    "args": {a.name: arg_value(a) for a in ev.debug_annotations},
                    "value": ev.counter_value})

    def describe(self, td):
        if td.uuid in self.tracks:
            self.errors.append("track %d described twice" % td.uuid)
        t = {"uuid": td.uuid, "name": td.name, "parent": td.parent_uuid, "kind": "track"}
        if td.HasField("process"):
            t.update(kind="process", pid=td.process.pid, name=td.process.process_name)
        elif td.HasField("thread"):
            t.update(kind="thread", pid=td.thread.pid, tid=td.thread.tid,
                     name=td.thread.thread_name)
        elif td.HasField("counter"):
            t.update(kind="counter", unit=td.counter.unit_name)
        self.tracks[td.uuid] = t

    def path(self, uuid):
        """The names from the top track down, "CMA area reserved/reserved used pages"."""
        names, seen = [], set()
        while uuid and uuid in self.tracks and uuid not in seen:
            seen.add(uuid)
            names.append(self.tracks[uuid]["name"])
            uuid = self.tracks[uuid]["parent"]
        return "/".join(reversed(names))

    def check(self, window=None):
        """Every problem as one line; [] when the trace is sound."""
        errors = list(self.errors)
        for uuid, evs in self.events.items():
            name = self.path(uuid) or str(uuid)
            if uuid not in self.tracks:
                errors.append("track %d (%d events) has no descriptor" % (uuid, len(evs)))
            if window:
                for e in evs:
                    if not window[0] <= e["ts"] <= window[1]:
                        errors.append("%s: %s %r at %d outside the session [%d, %d]" %
                                      (name, e["type"], e["name"], e["ts"], *window))
                        break
            if all(e["type"] == "C" for e in evs):
                continue
            stack, last = [], 0
            for e in evs:
                if e["ts"] < last:
                    errors.append("%s: %s %r at %d before %d: not in time order" %
                                  (name, e["type"], e["name"], e["ts"], last))
                    break
                last = e["ts"]
                if e["type"] == "B":
                    stack.append(e)
                elif e["type"] == "E":
                    if not stack:
                        errors.append("%s: end at %d without a begin" % (name, e["ts"]))
                        break
                    stack.pop()
                elif e["type"] == "C":
                    errors.append("%s: a counter value on a slice track" % name)
                    break
            if stack:
                errors.append("%s: %d slices never end (%s)" %
                              (name, len(stack), stack[-1]["name"]))
        return errors

    def calls(self):
        """Top-level slices with their nested slices and instants, per track."""
        out = []
        for uuid, evs in self.events.items():
            stack = []
            for e in evs:
                if e["type"] == "B":
                    node = {"name": e["name"], "start": e["ts"], "args": e["args"],
                            "track": self.path(uuid), "children": [],
                            "depth": len(stack)}
                    if stack:
                        stack[-1]["children"].append(node)
                    else:
                        out.append(node)
                    stack.append(node)
                elif e["type"] == "E" and stack:
                    stack.pop()["end"] = e["ts"]
                elif e["type"] == "I":
                    node = {"name": e["name"], "start": e["ts"], "end": e["ts"],
                            "args": e["args"], "instant": True, "depth": len(stack)}
                    (stack[-1]["children"] if stack else out).append(node)
        return sorted(out, key=lambda c: c["start"])

    def summary(self):
        slices, instants, counters = Counter(), Counter(), {}
        for uuid, evs in self.events.items():
            for e in evs:
                if e["type"] == "B":
                    slices[e["name"]] += 1
                elif e["type"] == "I":
                    instants[e["name"]] += 1
                elif e["type"] == "C":
                    c = counters.setdefault(self.path(uuid), {"samples": 0})
                    c["samples"] += 1
                    c["last"] = e["value"]
        return {"packets": len(self.trace.packet), "clock_snapshots": self.clock_snapshots,
                "tracks": sorted(self.path(u) for u in self.tracks),
                "threads": sorted((t["pid"], t["tid"], t["name"]) for t in self.tracks.values()
                                  if t["kind"] == "thread"),
                "processes": sorted((t["pid"], t["name"]) for t in self.tracks.values()
                                    if t["kind"] == "process"),
                "slices": dict(slices), "instants": dict(instants), "counters": counters,
                "calls": self.calls()}


def load(path, pb2=None):
    """A trace file, plain or gzip (as the bench keeps them)."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return Timeline(data, pb2 or load_module())


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("file")
    ap.add_argument("--window", nargs=2, type=int, metavar=("LO", "HI"))
    ap.add_argument("--json", action="store_true", help="the summary as one JSON object")
    args = ap.parse_args()
    try:
        tl = load(args.file)
    except Exception as e:  # a file protobuf cannot parse, or no protoc
        print("pftrace_check: %s: cannot decode: %s" % (args.file, e), file=sys.stderr)
        return 2
    errors = tl.check(args.window)
    s = tl.summary()
    if args.json:
        s["errors"] = errors
        json.dump(s, sys.stdout)
        print()
    else:
        print("%d packets, %d tracks; slices %s; instants %s" %
              (s["packets"], len(s["tracks"]), s["slices"], s["instants"]))
        for name, c in sorted(s["counters"].items()):
            print("  counter %s: %d samples, last %d" % (name, c["samples"], c["last"]))
    for e in errors:
        print("pftrace_check: %s" % e, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
