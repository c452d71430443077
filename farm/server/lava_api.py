#!/usr/bin/python3
"""The LAVA server's side of scripts/farm-server.sh: jobs made ready for the
scheduler, waited for, and their results read back from the server's REST
API (not from the job's log).

  lava_api.py tag JOB ARCH                 JOB gets tags: [ARCH] (in place): the
                                           server's devices carry their arch as a tag
  lava_api.py split-ab JOB OUT1 OUT2       an A/B job (a1 b1 b2 a2) as two jobs,
                                           a1 b1 and b2 a2, for two devices at once
  lava_api.py wait ID...                   progress until every job has finished;
                                           exit 1 when one did not end Complete
  lava_api.py job ID                       state, health, device, failure (tab-separated)
  lava_api.py cases ID                     the cases as the server keeps them: set,
                                           name, result, measurement, units (the
                                           columns of lava_log.py cases)
  lava_api.py devices                      hostname, type, state, health, worker, tags
  lava_api.py active                       the ids of the jobs not finished (of the last 100)

The server's URL comes from FARM_SERVER_URL, the token from the file named by
FARM_SERVER_TOKEN_FILE (read here, so it is never on a command line).
"""
import json
import os
import sys
import time
import urllib.error
import urllib.request

import yaml

URL = os.environ.get("FARM_SERVER_URL", "http://127.0.0.1:8100").rstrip("/")


def _token():
    path = os.environ.get("FARM_SERVER_TOKEN_FILE")
    if not path:
        return None
    try:
        with open(path, encoding="utf-8") as f:
            return f.read().strip()
    except OSError as e:
        sys.exit("lava_api: cannot read the token (%s)" % e)


def get(path, raw=False):
    req = urllib.request.Request(URL + "/api/v0.2/" + path)
    tok = _token()
    if tok:
        req.add_header("Authorization", "Token " + tok)
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            body = r.read().decode("utf-8", errors="replace")
    except urllib.error.HTTPError as e:
        sys.exit("lava_api: GET %s: HTTP %d" % (path, e.code))
    except (urllib.error.URLError, OSError) as e:
        sys.exit("lava_api: GET %s: %s (is the server up? scripts/farm-server.sh status)" % (path, e))
    return body if raw else json.loads(body)


def get_all(path):
    """A paginated REST list, every page."""
    out, page = [], get(path)
    while True:
        out.extend(page["results"])
        if not page.get("next"):
            return out
        page = get(page["next"].split("/api/v0.2/", 1)[1])


def cmd_tag(job, arch):
    with open(job, encoding="utf-8") as f:
        d = yaml.safe_load(f)
    d["tags"] = [arch]
    with open(job, "w", encoding="utf-8") as f:
        yaml.safe_dump(d, f, sort_keys=False, width=1000)


def cmd_split_ab(job, out1, out2):
    """Each boot's deploy, boot and test carry its namespace (a1 b1 b2 a2):
    the first job gets a1 and b1, the second b2 and a2, so each device still
    boots A and B, and the two orders cancel a drift as A B B A does."""
    with open(job, encoding="utf-8") as f:
        d = yaml.safe_load(f)
    for out, boots in ((out1, ("a1", "b1")), (out2, ("b2", "a2"))):
        part = dict(d)
        part["job_name"] = "%s (%s)" % (d["job_name"], " ".join(boots))
        part["actions"] = [a for a in d["actions"] if list(a.values())[0].get("namespace") in boots]
        if len(part["actions"]) != 6:
            sys.exit("lava_api: %s: want deploy, boot and test for each of %s" % (job, " ".join(boots)))
        with open(out, "w", encoding="utf-8") as f:
            yaml.safe_dump(part, f, sort_keys=False, width=1000)


def job_facts(jid):
    j = get("jobs/%s/" % jid)
    why = (j.get("failure_comment") or "").strip()
    if j["state"] == "Finished" and j["health"] != "Complete" and not why:
        # LAVA's own 'job' case says why a job failed (the log's last error).
        rows = yaml.safe_load(get("jobs/%s/yaml/" % jid, raw=True)) or []
        for r in rows:
            m = r.get("metadata") or {}
            if r["suite"] == "lava" and r["name"] == "job" and m.get("error_msg"):
                why = "%s error: %s" % (m.get("error_type", "unknown"), m["error_msg"])
    return j["state"], j["health"], j.get("actual_device") or "-", why.replace("\n", " ")


def cmd_wait(ids):
    """One line when a job's state changes, a heartbeat every minute."""
    t0, seen, beat = time.time(), {}, 60
    while True:
        done = 0
        for jid in ids:
            state, health, dev, _ = job_facts(jid)
            if seen.get(jid) != (state, dev):
                seen[jid] = (state, dev)
                print("farm-server: job %s %s%s (%ds)" % (jid, state, "" if dev == "-" else " on " + dev,
                                                         time.time() - t0), flush=True)
            done += state == "Finished"
        if done == len(ids):
            break
        if time.time() - t0 >= beat:
            print("farm-server:   ... %ds, %d of %d jobs finished" % (time.time() - t0, done, len(ids)), flush=True)
            beat += 60
        time.sleep(3)
    return 0 if all(job_facts(j)[1] == "Complete" for j in ids) else 1


def cases(jid):
    """The job's test cases from the server's YAML results export, in the
    order they were recorded; LAVA's own suite (boot, job) left out as
    lava_log.py does. The set is the case's lava-test-set."""
    rows = yaml.safe_load(get("jobs/%s/yaml/" % jid, raw=True)) or []
    out = []
    for r in sorted(rows, key=lambda r: int(r["id"])):
        if r["suite"] == "lava":
            continue
        m = r.get("measurement")
        # Stored as a decimal ("3.3556200000"); the log's float form is what
        # lava_log.py prints, so the two agree.
        m = "" if m in (None, "None", "") else str(float(m))
        u = r.get("unit")
        out.append((r.get("metadata", {}).get("set") or "", r["name"], r["result"], m,
                    "" if u in (None, "None") else u))
    return out


def cmd_devices():
    # A device names its tags by id.
    tags = {t["id"]: t["name"] for t in get_all("tags/?limit=100")}
    for d in get_all("devices/?limit=100"):
        print("\t".join(str(x) for x in (d["hostname"], d["device_type"], d["state"], d["health"],
                                          d.get("worker_host"),
                                          ",".join(tags.get(t, str(t)) for t in d.get("tags") or []) or "-")))


def cmd_active():
    for j in get("jobs/?limit=100&ordering=-id")["results"]:
        if j["state"] != "Finished":
            print(j["id"])


def main(argv):
    cmd, args = (argv[1], argv[2:]) if len(argv) > 1 else ("", [])
    want = {"tag": 2, "split-ab": 3, "job": 1, "cases": 1, "devices": 0, "active": 0}
    if cmd == "wait" and args:
        return cmd_wait(args)
    if cmd not in want or len(args) != want[cmd]:
        sys.exit("usage: lava_api.py tag JOB ARCH | split-ab JOB OUT1 OUT2 | wait ID... | job ID | cases ID | devices | active")
    if cmd == "tag":
        cmd_tag(*args)
    elif cmd == "split-ab":
        cmd_split_ab(*args)
    elif cmd == "job":
        print("\t".join(job_facts(args[0])))
    elif cmd == "cases":
        for c in cases(args[0]):
            print("\t".join(c))
    elif cmd == "active":
        cmd_active()
    else:
        cmd_devices()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
