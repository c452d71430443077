#!/usr/bin/env python3
"""The shape rules of cmabulk's C code, checked (tests/host/code_shape.sh):

- every #include of a project header names its folder from the project
  root ("lib/json.h"), and the file exists (in the tree, or generated into
  build/bpf: vmlinux.h, the skeleton; build/gen: the
  version and the protobuf-c code of loader/perfetto_trace.proto);
- no include cycle, between files or between folders (bench may include
  bench/load, never the other way);
- ranks: an include goes within its own folder or to a folder of lower
  rank (RANK below); folders of the same rank never include each other,
  so bench/measure cannot reach into bench/report, and nothing reaches up
  into the command line (tests/ may include anything);
- no function longer than MAX_LINES lines (kernel style: a definition
  starts at column 0 and its body ends with a '}' at column 0);
- no source file over MAX_FILE_LINES lines outside bpf/ (one object per
  tool, the bcc norm), and no folder with more than MAX_FOLDER_FILES .c
  files: past that, a folder holds more than one concern.

  scripts/code-shape.py [--max-lines N] [ROOT]
Prints one line per finding and exits 1 when there is any.
"""
import os
import re
import subprocess
import sys

MAX_LINES = 80
MAX_FILE_LINES = 700
MAX_FOLDER_FILES = 15
# The house's rooms, lowest first (docs/architecture.md draws them).
RANK = {"lib": 0, "bpf": 0, "bench/load": 1, "loader": 1, "bench/core": 2,
        "bench/measure": 3, "bench/report": 3, "bench/export": 3, "bench/torture": 3,
        "bench/overhead": 3, "bench": 4}
FOLDERS = ("bpf", "loader", "lib", "bench", "tests")
GENERATED = {"bpf/vmlinux.h", "bpf/cmabulk_trace.skel.h", "gen/cmabulk_version.h",
             "gen/perfetto_trace.pb-c.h"}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
FUNC_START = re.compile(r"^[A-Za-z_][\w \t\*]*\b(\w+)\s*\([^;]*$")


def sources(root):
    out = subprocess.run(["git", "-C", root, "ls-files", "-co", "--exclude-standard"],
                         capture_output=True, text=True, check=True).stdout.split()
    return sorted(f for f in out if f.endswith((".c", ".h")) and f.split("/")[0] in FOLDERS)


def folder(path):
    return os.path.dirname(path)


def long_functions(path, text, max_lines):
    lines = text.split("\n")
    found = []
    name, start = None, None
    for i, line in enumerate(lines):
        m = FUNC_START.match(line)
        if m and name is None and not line.startswith(("static const", "const ")):
            name, start = m.group(1), i
        elif name is not None and line.startswith("}"):
            n = i - start + 1
            if n > max_lines:
                found.append(f"{path}:{start + 1}: {name}() is {n} lines (at most {max_lines})")
            name = None
        elif name is not None and line.endswith(";") and not line.startswith(("\t", " ")):
            name = None  # a prototype spread over lines
    return found


def cycles(graph):
    """Every cycle's smallest representative, by depth-first search."""
    found, state = set(), {}

    def visit(node, stack):
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cyc = stack[stack.index(nxt):]
                k = cyc.index(min(cyc))
                found.add(" -> ".join(cyc[k:] + cyc[:k] + [min(cyc)]))
            elif nxt not in state:
                visit(nxt, stack)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [])
    return sorted(found)


def rank_problems(files):
    found = []
    for f, incs in sorted(files.items()):
        src = folder(f)
        if src.split("/")[0] == "tests":
            continue
        if src not in RANK:
            found.append(f"{f}: folder {src} has no rank (scripts/code-shape.py RANK)")
            continue
        for inc in sorted(incs):
            dst = folder(inc)
            if dst == src or dst == "gen" or inc in GENERATED:
                continue
            if dst not in RANK:
                found.append(f"{f}: #include \"{inc}\": folder {dst} has no rank")
            elif RANK[dst] >= RANK[src]:
                how = "a sibling room" if RANK[dst] == RANK[src] else "a higher room"
                found.append(f"{f}: #include \"{inc}\" reaches {how} ({src} rank {RANK[src]}, "
                             f"{dst} rank {RANK[dst]}): move the shared part down")
    return found


def size_problems(root, files):
    found, per_folder = [], {}
    for f in files:
        if f.endswith(".c"):
            per_folder.setdefault(folder(f), []).append(f)
        if f.split("/")[0] in ("bpf", "tests"):
            continue
        with open(os.path.join(root, f), encoding="utf-8", errors="replace") as fh:
            n = sum(1 for _ in fh)
        if n > MAX_FILE_LINES:
            found.append(f"{f}: {n} lines (at most {MAX_FILE_LINES}: split it along its concerns)")
    for d, fs in sorted(per_folder.items()):
        if len(fs) > MAX_FOLDER_FILES and d.split("/")[0] != "tests":
            found.append(f"{d}/: {len(fs)} .c files (at most {MAX_FOLDER_FILES}: rooms by concern)")
    return found


def main(argv):
    max_lines = MAX_LINES
    args = argv[1:]
    if args[:1] == ["--max-lines"]:
        max_lines = int(args[1])
        args = args[2:]
    root = args[0] if args else "."
    problems, files, dirs = [], {}, {}
    for f in sources(root):
        with open(os.path.join(root, f), encoding="utf-8", errors="replace") as fh:
            text = fh.read()
        files[f] = set()
        for inc in INCLUDE.findall(text):
            if "/" not in inc:
                problems.append(f"{f}: #include \"{inc}\" does not name its folder")
                continue
            if inc not in GENERATED and not os.path.exists(os.path.join(root, inc)):
                problems.append(f"{f}: #include \"{inc}\": no such file")
                continue
            files[f].add(inc)
            if folder(inc) != folder(f):
                dirs.setdefault(folder(f), set()).add(folder(inc))
        problems += long_functions(f, text, max_lines)
    problems += rank_problems(files)
    problems += size_problems(root, files)
    problems += [f"include cycle between files: {c}" for c in cycles(files)]
    problems += [f"include cycle between folders: {c}" for c in cycles(dirs)]
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
