#!/usr/bin/env python3
"""Keeps the Inputs/Outputs tables of every module and example README exact.

The tables live between <!-- BEGIN_TF_DOCS --> and <!-- END_TF_DOCS --> and are generated from variables.tf and
outputs.tf. `docs.py --check` (run by check.sh) fails when a table is stale or when a variable lacks a type or a
description or an output lacks a description; `docs.py --write` regenerates the tables.

The parser reads the subset of HCL that `terraform fmt`-formatted variable and output blocks use: top-level
`variable "x" {` / `output "x" {` blocks and their `type`, `description`, `default`, `sensitive` and `nullable`
arguments (quoted strings, heredocs, and bracketed expressions spanning lines). No third-party packages.
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # terraform/
BEGIN, END = "<!-- BEGIN_TF_DOCS -->", "<!-- END_TF_DOCS -->"
OPENERS, CLOSERS = "([{", ")]}"


def blocks(text, kind):
    """Yield (name, body) for each top-level `kind "name" {` block."""
    for m in re.finditer(r'^%s\s+"([^"]+)"\s*\{' % kind, text, flags=re.M):
        depth, i, in_str = 1, m.end(), False
        while depth:
            c = text[i]
            if in_str:
                if c == "\\":
                    i += 1
                elif c == '"':
                    in_str = False
            elif c == '"':
                in_str = True
            elif c == "#":
                i = text.index("\n", i) - 1
            elif c in OPENERS:
                depth += 1
            elif c in CLOSERS:
                depth -= 1
            i += 1
        yield m.group(1), text[m.end():i - 1]


def arguments(body):
    """Top-level `key = expression` pairs of a block body (nested blocks such as validation are skipped)."""
    args, lines, i = {}, body.split("\n"), 0
    while i < len(lines):
        line = lines[i]
        m = re.match(r"^  ([a-z_]+)\s*=\s*(.*)$", line)
        if not m:
            if re.match(r"^  [a-z_]+\s*\{", line):  # nested block: skip to its closing brace at the same indent
                i += 1
                while i < len(lines) and not lines[i].startswith("  }"):
                    i += 1
            i += 1
            continue
        key, value = m.group(1), m.group(2)
        heredoc = re.match(r"^<<-?(\w+)$", value.strip())
        if heredoc:
            text = []
            i += 1
            while lines[i].strip() != heredoc.group(1):
                text.append(lines[i].strip())
                i += 1
            args[key] = ("heredoc", " ".join(t for t in text if t))
        else:
            expr = [value]
            while balance("\n".join(expr)) > 0:
                i += 1
                expr.append(lines[i])
            args[key] = ("expr", join_lines(expr))
        i += 1
    return args


def join_lines(parts):
    """One-line form of a multi-line expression: HCL separates object/map items by newlines, this by commas."""
    out = ""
    for part in (p.strip() for p in parts):
        if not part:
            continue
        if out and not out.endswith(tuple(OPENERS + ",")) and not part.startswith(tuple(CLOSERS)):
            out += ", "
        elif out:
            out += " "
        out += part
    return out


def balance(expr):
    depth, in_str, i = 0, False, 0
    while i < len(expr):
        c = expr[i]
        if in_str:
            if c == "\\":
                i += 1
            elif c == '"':
                in_str = False
        elif c == '"':
            in_str = True
        elif c in OPENERS:
            depth += 1
        elif c in CLOSERS:
            depth -= 1
        i += 1
    return depth


def string_value(arg):
    kind, value = arg
    if kind == "heredoc":
        return value
    if value.startswith('"') and value.endswith('"'):
        return value[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    return value


def cell(text):
    text = re.sub(r"\s+", " ", text).strip()
    return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


def code(text):
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"([\[{(]) ", r"\1", text)
    text = re.sub(r",? ([\]})])", r"\1", text)
    return "`" + text.replace("|", "\\|") + "`"


def render(directory, problems):
    variables = list(blocks((directory / "variables.tf").read_text(), "variable"))
    outputs = list(blocks((directory / "outputs.tf").read_text(), "output"))
    out = ["## Inputs", "", "| Name | Description | Type | Default | Required |", "|------|-------------|------|---------|:--------:|"]
    for name, body in variables:
        args = arguments(body)
        if "type" not in args:
            problems.append(f"{directory.name}: variable {name} has no type")
        if "description" not in args:
            problems.append(f"{directory.name}: variable {name} has no description")
        default = args.get("default")
        required = default is None
        shown = "n/a" if required else code(default[1])
        if "sensitive" in args and args["sensitive"][1] == "true":
            shown = "n/a" if required else "(sensitive)"
        out.append("| {} | {} | {} | {} | {} |".format(
            f"`{name}`",
            cell(string_value(args.get("description", ("expr", '""')))),
            code(args.get("type", ("expr", "any"))[1]),
            shown,
            "yes" if required else "no",
        ))
    out += ["", "## Outputs", "", "| Name | Description |", "|------|-------------|"]
    for name, body in outputs:
        args = arguments(body)
        if "description" not in args:
            problems.append(f"{directory.name}: output {name} has no description")
        out.append(f"| `{name}` | {cell(string_value(args.get('description', ('expr', '')))) } |")
    return "\n".join(out)


def main():
    if len(sys.argv) != 2 or sys.argv[1] not in ("--check", "--write"):
        sys.exit("usage: docs.py --check | --write")
    write = sys.argv[1] == "--write"
    problems, stale = [], []
    directories = sorted(p.parent for p in ROOT.glob("*/*/variables.tf") if p.parent.parent.name in ("modules", "examples"))
    for directory in directories:
        readme = directory / "README.md"
        if not readme.exists() or BEGIN not in readme.read_text() or END not in readme.read_text():
            problems.append(f"{readme.relative_to(ROOT)}: missing {BEGIN} ... {END} markers")
            continue
        text = readme.read_text()
        head, rest = text.split(BEGIN, 1)
        _, tail = rest.split(END, 1)
        wanted = f"{head}{BEGIN}\n{render(directory, problems)}\n{END}{tail}"
        if wanted != text:
            if write:
                readme.write_text(wanted)
                print(f"wrote {readme.relative_to(ROOT)}")
            else:
                stale.append(str(readme.relative_to(ROOT)))
    for p in problems:
        print(f"docs: {p}")
    for s in stale:
        print(f"docs: {s} has stale Inputs/Outputs tables; run python3 terraform/scripts/docs.py --write")
    if problems or stale:
        sys.exit(1)
    if not write:
        print(f"docs: {len(directories)} READMEs match variables.tf/outputs.tf")


if __name__ == "__main__":
    main()
