#!/usr/bin/env python3
"""Puts one machine's section into a results table (bench/lib/common.sh's publish step; standard library only).

  sections.py OUT TITLE < SECTION

SECTION starts with its "## Machine: <type>" heading (bench/lib/header.sh). OUT becomes: "# TITLE", every
section of OUT for another machine type, in their order, with SECTION where its type's section was (or
last), then OUT's hand-written reading: everything from the "<!-- reading -->" marker on (the marker alone
when there is none yet), kept until it is rewritten. Whatever else OUT held before the marker (a table without machine sections) was this bench's
earlier output and is dropped.
"""
import sys
from pathlib import Path

HEADING = "## Machine: "
MARKER = "<!-- reading -->"


def split(text):
    """(sections as (type, text) in order, reading or "") of a results file."""
    before, marker, reading = text.partition(MARKER)
    sections, current = [], None
    for line in before.splitlines(keepends=True):
        if line.startswith(HEADING):
            current = [line[len(HEADING):].strip(), line]
            sections.append(current)
        elif line.startswith("# ") or line.startswith("## "):
            current = None
        elif current is not None:
            current[1] += line
    return [(kind, body.rstrip() + "\n") for kind, body in sections], marker + reading


def merge(old, title, section):
    section = section.partition(MARKER)[0].rstrip() + "\n"
    first = section.splitlines()[0] if section.strip() else ""
    if not first.startswith(HEADING):
        raise ValueError(f"the section must start with '{HEADING}<type>', not '{first}'")
    kind = first[len(HEADING):].strip()
    sections, reading = split(old)
    if any(k == kind for k, _ in sections):
        sections = [(k, section if k == kind else body) for k, body in sections]
    else:
        sections.append((kind, section))
    parts = [f"# {title}\n"] + [body for _, body in sections] + [(reading or MARKER).rstrip() + "\n"]
    return "\n".join(parts)


def main():
    if len(sys.argv) != 3:
        print("usage: sections.py OUT TITLE < SECTION", file=sys.stderr)
        return 2
    out = Path(sys.argv[1])
    try:
        text = merge(out.read_text() if out.exists() else "", sys.argv[2], sys.stdin.read())
    except ValueError as e:
        print(f"sections.py: {e}", file=sys.stderr)
        return 1
    out.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
