#!/bin/bash
# needs: nothing
# arch: x86_64
# README.md stays one screen per purpose: at most 250 lines, none over 200
# characters (the rest lives in docs/). Every relative link in README.md
# and docs/**/*.md names a file or folder that exists (a results folder
# renamed or a page moved fails here). Links inside code are not links.
. "$(dirname "$0")/../lib.sh"
cd "$(dirname "$0")/../.." || exit 1
lines=$(wc -l <README.md)
[ "$lines" -le 250 ] || fail "README.md has $lines lines (at most 250: move the detail to docs/)"
long=$(awk 'length > 200 { printf "%d ", NR }' README.md)
[ -z "$long" ] || fail "README.md lines over 200 characters: $long"
bad=$(python3 - <<'PY'
import glob, os, re
LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)|^\s*\[[^\]]+\]:\s*(\S+)", re.M)
for path in ["README.md"] + sorted(glob.glob("docs/**/*.md", recursive=True)):
    fence = False
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        if line.lstrip().startswith("```"):
            fence = not fence
            continue
        if fence or line.startswith("    "):
            continue
        line = re.sub(r"`[^`]*`", "", line)
        for m in LINK.finditer(line):
            target = m.group(1) or m.group(2)
            if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
                continue
            target = target.split("#")[0]
            if not os.path.exists(os.path.join(os.path.dirname(path), target)):
                print(f"{path}:{n}: {target}")
PY
)
[ -z "$bad" ] || fail "links to nothing: $(echo "$bad" | tr '\n' ' ')"
