#!/usr/bin/python3
"""Read a LAVA job log: the test cases it recorded, and the results folders
farm/cmabulk-farm.sh printed into it.

  lava_log.py cases LOG            one line per case: set, name, result,
                                   measurement, units (tab-separated);
                                   --json for a JSON list
  lava_log.py collect LOG DIR      unpack each <<<CMABULK-ARTIFACT into DIR

A LAVA log is YAML: one flow mapping per line (lava-run's output, or the
job's log from a server), whose values carry `!` tags, so it is read with a
YAML parser that takes the tags as plain strings, never as JSON. The job's
own result passes even when cases fail: the cases are the verdict.
"""
import base64
import binascii
import io
import json
import os
import re
import sys
import tarfile

import yaml


class _Loader(yaml.SafeLoader):
    pass


def _untagged(loader, tag_suffix, node):
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)


_Loader.add_multi_constructor("!", _untagged)
_Loader.add_multi_constructor("tag:", _untagged)


def entries(path):
    """Every mapping of the log, in order; lines that are not one are skipped."""
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    # A server's log is one YAML list ("- {...}"); lava-run prints bare lines.
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("- {"):
            line = line[2:]
        if not line.startswith("{"):
            continue
        try:
            e = yaml.load(line, Loader=_Loader)
        except yaml.YAMLError:
            continue
        if isinstance(e, dict):
            yield e


def cases(path):
    """The test cases (definition != lava), as dicts with set/name/result/..."""
    out = []
    for e in entries(path):
        m = e.get("msg")
        if e.get("lvl") != "results" or not isinstance(m, dict):
            continue
        if m.get("definition") == "lava":
            continue
        out.append({
            "definition": m.get("definition"),
            "set": m.get("set"),
            "name": m.get("case"),
            "result": m.get("result"),
            "measurement": m.get("measurement"),
            "units": m.get("units"),
        })
    return out


def job_result(path):
    for e in entries(path):
        m = e.get("msg")
        if e.get("lvl") == "results" and isinstance(m, dict) and m.get("case") == "job":
            return m.get("result")
    return None


def target_lines(path):
    """What the device printed (lvl target), line by line."""
    for e in entries(path):
        if e.get("lvl") == "target" and isinstance(e.get("msg"), str):
            yield e["msg"]


_B64 = re.compile(r"^[A-Za-z0-9+/=]+$")


def _unpack(name, data, dest):
    """A results folder's tar.gz into dest: plain files and folders only."""
    try:
        with tarfile.open(fileobj=io.BytesIO(base64.b64decode(data)), mode="r:gz") as t:
            for m in t.getmembers():
                if m.name.startswith("/") or ".." in m.name.split("/") or not (m.isfile() or m.isdir()):
                    raise SystemExit("lava_log: %s: refused member %s (not a plain file inside it)" % (name, m.name))
            t.extractall(dest)
    except (binascii.Error, tarfile.TarError, EOFError, OSError) as e:
        raise SystemExit("lava_log: %s: the artifact does not unpack (%s): a console message inside it?" % (name, e))


def collect(path, dest):
    names, cur, buf = [], None, []
    for line in target_lines(path):
        if line.startswith("<<<CMABULK-ARTIFACT "):
            cur, buf = line.split(" ", 1)[1].strip(), []
        elif line.startswith("CMABULK-ARTIFACT>>>") and cur:
            _unpack(cur, "".join(buf), dest)
            names.append(cur)
            cur = None
        elif cur and _B64.match(line.strip()):
            # Kernel messages on the console between the lines are not base64.
            buf.append(line.strip())
    if cur:
        raise SystemExit("lava_log: %s: the artifact %s is cut short (the job ended inside it?)" % (path, cur))
    return names


def main(argv):
    if len(argv) < 3 or argv[1] not in ("cases", "collect"):
        sys.exit(__doc__.strip().split("\n\n")[0] + "\nusage: lava_log.py cases LOG [--json] | collect LOG DIR")
    log = argv[2]
    if not os.path.isfile(log):
        sys.exit("lava_log: %s: no such file" % log)
    if argv[1] == "cases":
        cs = cases(log)
        if "--json" in argv[3:]:
            print(json.dumps({"job": job_result(log), "cases": cs}, indent=1))
        else:
            for c in cs:
                print("\t".join(str(c[k]) if c[k] is not None else "" for k in
                                ("set", "name", "result", "measurement", "units")))
        return 0
    if len(argv) != 4:
        sys.exit("usage: lava_log.py collect LOG DIR")
    os.makedirs(argv[3], exist_ok=True)
    names = collect(log, argv[3])
    if not names:
        sys.exit("lava_log: %s: no results folder in the log (ARTIFACTS=no, or the test never got that far)" % log)
    for n in names:
        print(n)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
