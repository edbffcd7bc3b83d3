"""Text and a box width to the number of wrapped lines, with Calibri's advance widths.

The widths come from Carlito, Calibri's metric-compatible twin, shipped as a table in
data/metrics so that every machine measures, and therefore paginates, identically.
"""

from __future__ import annotations

import json
import unicodedata
from functools import lru_cache
from pathlib import Path

from .text import Text

_TABLE = Path(__file__).parent / "data" / "metrics" / "calibri.json"


@lru_cache(maxsize=1)
def _metrics() -> tuple[dict[str, int], dict[str, int], float]:
    data = json.loads(_TABLE.read_text(encoding="utf-8"))
    return data["regular"], data["bold"], float(data["line_height"])


def line_height(size: float) -> float:
    """Points from one baseline to the next at single spacing."""
    return size * _metrics()[2]


def _char(ch: str, table: dict[str, int]) -> int:
    width = table.get(ch)
    if width is not None:
        return width
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 1000
    return 550  # a conservative average for scripts outside the table


def width(text: str, size: float, bold: bool = False) -> float:
    """The advance width of ``text`` in points."""
    regular, heavy, _ = _metrics()
    table = heavy if bold else regular
    return sum(_char(ch, table) for ch in text) * size / 1000


def lines(text: Text | str, box: float, size: float) -> int:
    """How many lines ``text`` wraps to in a box ``box`` points wide (greedy, as Office does)."""
    runs = text.runs if isinstance(text, Text) else None
    words: list[tuple[float, float]] = []  # (width of the word, width of the space before it)
    space = width(" ", size)
    if runs is None:
        words = [(width(w, size), space) for w in str(text).split()]
    else:
        current = 0.0
        for run in runs:
            for i, piece in enumerate(run.text.split(" ")):
                if i > 0 and current:
                    words.append((current, space))
                    current = 0.0
                current += width(piece, size, run.bold)
        if current:
            words.append((current, space))
    count, used = 1, 0.0
    for word, gap in words:
        if used and used + gap + word > box:
            count += 1
            used = 0.0
        if not used:
            while word > box:  # a word longer than the line breaks across lines
                count += 1
                word -= box
            used = word
        else:
            used += gap + word
    return count
