#!/usr/bin/python3
"""Render a LAVA job template (farm/jobs/*.yaml.in, Jinja2) into a job.

    farm/render_job.py TEMPLATE [-o OUT] NAME=VALUE...

Every value is a string, and the template says how each is quoted where it
goes, so any value (quotes, backslashes, newlines, '#', ': ') stays itself:

    {{ name | yq }}          a YAML string (yaml.safe_dump, double-quoted)
    {{ name | lava_param }}  a test definition parameter: LAVA writes it into
                             the test's shell script as NAME='value', so each
                             ' is made '\\'' first, then it is a YAML string
    {{ name | integer }}     a whole number (refused when it is not one)

A name the template uses and the command line does not give is an error, and
so is a name given that the template does not use (a typo). The result must
parse as YAML (yaml.safe_load) into a mapping, a job, before it is written
(to OUT through a temporary file, or to standard output). Errors: one line,
exit 1; a wrong command line: exit 2.
"""
import os
import sys

import jinja2
import jinja2.meta
import yaml

PROG = "render_job"


def yq(value):
    """A YAML double-quoted scalar on one line: YAML's own escaping."""
    text = yaml.safe_dump(str(value), default_style='"', width=float("inf"),
                          allow_unicode=True)
    return text.rstrip("\n")


def lava_param(value):
    """A value for LAVA's NAME='value' line, as a YAML string."""
    return yq(str(value).replace("'", "'\\''"))


def integer(value):
    text = str(value).strip()
    if not text.isdigit():
        raise ValueError("'%s' is not a whole number" % value)
    return str(int(text))


def render(template_path, params):
    """The job text of TEMPLATE_PATH with PARAMS (a dict of strings)."""
    env = jinja2.Environment(undefined=jinja2.StrictUndefined,
                             keep_trailing_newline=True, autoescape=False,
                             trim_blocks=True, lstrip_blocks=True)
    env.filters.update(yq=yq, lava_param=lava_param, integer=integer)
    with open(template_path, encoding="utf-8") as f:
        source = f.read()
    used = jinja2.meta.find_undeclared_variables(env.parse(source))
    unused = sorted(set(params) - used)
    if unused:
        raise ValueError("%s does not use %s (it uses %s)"
                         % (template_path, ", ".join(unused), ", ".join(sorted(used))))
    missing = sorted(used - set(params))
    if missing:
        raise ValueError("%s needs %s" % (template_path, ", ".join("%s=..." % m for m in missing)))
    text = env.from_string(source).render(**params)
    job = yaml.safe_load(text)
    if not isinstance(job, dict):
        raise ValueError("%s did not render into a YAML mapping" % template_path)
    return text


def main(argv):
    out = None
    args = []
    i = 0
    while i < len(argv):
        if argv[i] == "-o" and i + 1 < len(argv):
            out = argv[i + 1]
            i += 2
            continue
        args.append(argv[i])
        i += 1
    if not args or args[0].startswith("-") or any("=" not in a for a in args[1:]):
        print("usage: farm/render_job.py TEMPLATE [-o OUT] NAME=VALUE...", file=sys.stderr)
        return 2
    params = {}
    for a in args[1:]:
        name, value = a.split("=", 1)
        if not name.isidentifier() or name in params:
            print("%s: error: '%s': want NAME=VALUE, each NAME once" % (PROG, a), file=sys.stderr)
            return 2
        params[name] = value
    try:
        text = render(args[0], params)
    except (OSError, ValueError, jinja2.TemplateError, yaml.YAMLError) as e:
        print("%s: error: %s" % (PROG, str(e).replace("\n", " ")), file=sys.stderr)
        return 1
    if out is None:
        sys.stdout.write(text)
        return 0
    tmp = out + ".tmp"
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, out)
    except OSError as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        print("%s: error: writing %s: %s" % (PROG, out, e), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
