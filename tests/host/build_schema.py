"""A schema the build generates from a C header for the Python checkers
(build/trials-schema.json, build/summary-schema.json): found through its
environment variable, else BUILD or ROOT/build, and refused unless it is
the schema asked for."""
import json
import os

_root = os.environ.get("ROOT") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


def load(env, filename, schema):
    """(path, document) of the generated schema @filename named @schema."""
    path = os.environ.get(env) or os.path.join(os.environ.get("BUILD") or os.path.join(_root, "build"),
                                               filename)
    try:
        doc = json.load(open(path))
    except OSError as e:
        raise SystemExit(f"{schema}: {e} (make \"$PWD/build/{filename}\")")
    if doc.get("schema") != schema:
        raise SystemExit(f"{schema}: {path} is not one")
    return path, doc
