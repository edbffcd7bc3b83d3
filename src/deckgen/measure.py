"""Text, a font and a box width to the number of wrapped lines, with shipped advance widths.

The widths come from open fonts metric-compatible with Office's (Carlito for Calibri, Caladea
for Cambria, Liberation Sans, Serif and Mono for Arial, Times New Roman and Courier New),
shipped as tables in data/metrics so that every machine measures, and therefore paginates,
identically.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .text import Text

_TABLES = Path(__file__).parent / "data" / "metrics"

# Font names (lower case) to the table measuring them exactly.
_EXACT = {
    "calibri": "calibri", "carlito": "calibri",
    "cambria": "cambria", "caladea": "cambria",
    "arial": "arial", "helvetica": "arial", "liberation sans": "arial", "arimo": "arial",
    "times new roman": "times", "times": "times", "liberation serif": "times", "tinos": "times",
    "courier new": "courier", "courier": "courier", "liberation mono": "courier",
    "cousine": "courier",
}  # fmt: skip
# For other fonts, the nearest by width; Arial is wider than most faces, so text measured
# with it errs towards splitting rather than overflowing.
_SERIF_HINTS = ("serif", "roman", "georgia", "garamond", "book", "cambria", "palatino", "times")


@dataclass(frozen=True)
class Font:
    """A typeface as the template names it, and the metrics that measure it."""

    name: str
    table: str

    @property
    def exact(self) -> bool:
        return _EXACT.get(self.name.strip().lower()) == self.table


def font(name: str | None) -> Font:
    """The metrics for ``name``: exact where known, else the closest by width."""
    key = (name or "Calibri").strip().lower()
    if key in _EXACT:
        return Font(name or "Calibri", _EXACT[key])
    if any(hint in key for hint in _SERIF_HINTS):
        return Font(name or "", "cambria")  # wider than Times: the safer serif stand-in
    return Font(name or "", "arial")


@lru_cache(maxsize=8)
def _metrics(table: str) -> tuple[dict[str, int], dict[str, int], float]:
    data = json.loads((_TABLES / f"{table}.json").read_text(encoding="utf-8"))
    return data["regular"], data["bold"], float(data["line_height"])


def line_height(size: float, face: Font | None = None) -> float:
    """Points from one baseline to the next at single spacing."""
    return size * _metrics((face or DEFAULT).table)[2]


def _char(ch: str, table: dict[str, int]) -> int:
    width = table.get(ch)
    if width is not None:
        return width
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 1000
    return 550  # a conservative average for scripts outside the table


@lru_cache(maxsize=1 << 16)
def _units(text: str, table_name: str, bold: bool) -> int:
    """The advance width of ``text`` in thousandths of the font size. Cached: fitting tries
    several sizes, and words recur, so each word is summed once, not once per try."""
    regular, heavy, _ = _metrics(table_name)
    table = heavy if bold else regular
    get = table.get
    total = 0
    for ch in text:
        found = get(ch)
        total += found if found is not None else _char(ch, table)
    return total


def width(text: str, size: float, bold: bool = False, face: Font | None = None) -> float:
    """The advance width of ``text`` in points."""
    return _units(text, (face or DEFAULT).table, bold) * size / 1000


def lines(text: Text | str, box: float, size: float, face: Font | None = None) -> int:
    """How many lines ``text`` wraps to in a box ``box`` points wide (greedy, as Office does)."""
    # A box a narrow slide leaves no room in still holds a character per line: the count
    # stays finite (and huge, so planning continues it), never an endless loop.
    box = max(box, 1.0)
    space = width(" ", size, face=face)
    words: list[float] = []
    if isinstance(text, Text):
        current = 0.0
        for run in text.runs:
            for i, piece in enumerate(run.text.split(" ")):
                if i > 0 and current:
                    words.append(current)
                    current = 0.0
                current += width(piece, size, run.bold, face)
        if current:
            words.append(current)
    else:
        words = [width(w, size, face=face) for w in text.split()]
    count, used = 1, 0.0
    for word in words:
        if used and used + space + word > box:
            count += 1
            used = 0.0
        if not used:
            while word > box:  # a word longer than the line breaks across lines
                count += 1
                word -= box
            used = word
        else:
            used += space + word
    return count


DEFAULT = Font("Calibri", "calibri")
