"""Benchmark inputs generated from a size: briefing YAML (content format v1) and matching Markdown.

Every generated text is fixed-length and deterministic, so that only the size varies between
runs; the Markdown twin carries the same titles, bullets, notes and table cells for pandoc.
Run it alone to look at what the bench builds:

    python bench/generate.py slides 40 OUT.yaml      # also slides-md, table, table-md
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

CHART_EVERY = 50  # one chart section per this many slides, as issue 6's scale target says
BULLETS_PER_SLIDE = 5

_HEAD = """\
deckgen: 1
id: {ident}
title: {title}
subtitle: Generated for the deckgen benchmark
date: 2017-04-01
author: deckgen bench
marking: UNCLASSIFIED
actors:
  - id: alpha
    name: Alpha
  - id: beta
    name: Beta
shared_goals:
  - title: A goal both actors share
    detail: Present only because the format asks for at least one analytic part.
sources:
  - id: bench
    title: Generated benchmark source
    publisher: deckgen bench
    date: 2017-03
notes:
  title: Speaker note for the title slide.
  shared_goals: Speaker note for the shared goals slide.
  sources: Speaker note for the sources slide.
  closing: Speaker note for the closing slide.
"""


def bullet(i: int, j: int) -> str:
    return f"Point {i}.{j}: the alignment holds while the shared threat lasts"


def note(i: int) -> str:
    return f"Speaker note for slide {i}: stress the judgment, then the evidence behind it."


def chart_values(i: int) -> list[int]:
    return [i % 7 + 1, i % 5 + 2, i % 3 + 3]


CHART_CATEGORIES = ["North", "Centre", "South"]


def is_chart(i: int) -> bool:
    return i % CHART_EVERY == 0


def slides_yaml(sections: int, ident: str = "scale") -> str:
    """A briefing with ``sections`` free-form sections: 5 bullets and notes each, except every
    CHART_EVERY-th, which is a bar chart with notes."""
    out = [_HEAD.format(ident=ident, title=f"Scaling probe, {sections} sections"), "sections:\n"]
    for i in range(1, sections + 1):
        out.append(f"  - title: Slide {i}\n")
        if is_chart(i):
            values = ", ".join(map(str, chart_values(i)))
            out.append(
                f"    chart:\n      type: bar\n      categories: [{', '.join(CHART_CATEGORIES)}]\n"
                f"      series:\n        Incidents: [{values}]\n"
            )
        else:
            out.append("    bullets:\n")
            out.extend(f'      - "{bullet(i, j)}"\n' for j in range(1, BULLETS_PER_SLIDE + 1))
        out.append(f'    notes: "{note(i)}"\n')
    return "".join(out)


def slides_markdown(sections: int) -> str:
    """The same slides as pandoc Markdown: speaker notes in ``::: notes`` divs; a chart slide
    becomes a pipe table of its data (pandoc has no native charts)."""
    out = ["---\ntitle: Scaling probe\n---\n\n"]
    for i in range(1, sections + 1):
        out.append(f"# Slide {i}\n\n")
        if is_chart(i):
            out.append("| Region | Incidents |\n|---|---:|\n")
            out.extend(f"| {c} | {v} |\n" for c, v in zip(CHART_CATEGORIES, chart_values(i)))
        else:
            out.extend(f"- {bullet(i, j)}\n" for j in range(1, BULLETS_PER_SLIDE + 1))
        out.append(f"\n::: notes\n{note(i)}\n:::\n\n")
    return "".join(out)


def row(i: int) -> list[str]:
    return [f"Item {i}", f"Observation {i} recorded by the field office", f"{i * 37 % 1000}"]


TABLE_COLUMNS = ["Item", "Observation", "Count"]


def table_yaml(rows: int, ident: str = "table") -> str:
    """A briefing whose one section is a table of ``rows`` rows."""
    out = [
        _HEAD.format(ident=ident, title=f"Table probe, {rows} rows"),
        "sections:\n  - title: The full record\n    table:\n",
        f"      columns: [{', '.join(TABLE_COLUMNS)}]\n      rows:\n",
    ]
    out.extend(f'        - ["{a}", "{b}", "{c}"]\n' for a, b, c in map(row, range(1, rows + 1)))
    return "".join(out)


def table_markdown(rows: int) -> str:
    """The same table as a pandoc pipe table under one heading."""
    out = ["---\ntitle: Table probe\n---\n\n# The full record\n\n"]
    out.append("| " + " | ".join(TABLE_COLUMNS) + " |\n|---|---|---:|\n")
    out.extend(f"| {a} | {b} | {c} |\n" for a, b, c in map(row, range(1, rows + 1)))
    return "".join(out)


def with_id(text: str, ident: str) -> str:
    """``text`` (a briefing) with its top-level ``id:`` replaced; only the unindented line, so
    actor and source ids stay as they are."""
    new, count = re.subn(r"^id:.*$", f"id: {ident}", text, count=1, flags=re.MULTILINE)
    if count == 0:  # the id came from the file name: add one after the format version
        new = re.sub(r"^(deckgen:.*)$", rf"\1\nid: {ident}", text, count=1, flags=re.MULTILINE)
    return new


_WRITERS = {
    "slides": slides_yaml,
    "slides-md": slides_markdown,
    "table": table_yaml,
    "table-md": table_markdown,
}


def main(argv: list[str]) -> int:
    if len(argv) != 4 or argv[1] not in _WRITERS or not argv[2].isdigit():
        print(__doc__, file=sys.stderr)
        return 2
    Path(argv[3]).write_text(_WRITERS[argv[1]](int(argv[2])), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
