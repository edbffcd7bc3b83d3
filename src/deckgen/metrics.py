"""Text, a font and a box width to the number of wrapped lines, with shipped advance widths.

The widths come from open fonts metric-compatible with Office's (Carlito for Calibri, Caladea
for Cambria, Liberation Sans, Serif and Mono for Arial, Times New Roman and Courier New),
shipped as tables in data/metrics so that every machine measures, and therefore paginates,
identically; the fonts themselves ship in data/fonts, for LibreOffice to draw PDFs with. A
font without a table is measured conservatively, never narrower than any table.
"""

from __future__ import annotations

import json
import math
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from deckgen.resources import METRICS
from deckgen.text import Text

_TABLES = METRICS


@dataclass(frozen=True)
class Twin:
    """An open font with the advance widths of an Office one: what a table was read from,
    what deckgen ships in data/fonts for LibreOffice to draw with, and its Debian package."""

    family: str
    package: str
    names: tuple[str, ...]  # the faces it stands in for, as templates name them


# Table name to the twin it was read from. Arimo, Tinos and Cousine are Liberation 2's
# Google-made originals, with the same widths.
TWINS = {
    "calibri": Twin("Carlito", "fonts-crosextra-carlito", ("Calibri",)),
    "cambria": Twin("Caladea", "fonts-crosextra-caladea", ("Cambria",)),
    "arial": Twin("Liberation Sans", "fonts-liberation2", ("Arial", "Helvetica", "Arimo")),
    "times": Twin("Liberation Serif", "fonts-liberation2", ("Times New Roman", "Times", "Tinos")),
    "courier": Twin("Liberation Mono", "fonts-liberation2", ("Courier New", "Courier", "Cousine")),
}
# Font names (lower case) to the table measuring them exactly.
_EXACT = {
    name.lower(): table for table, twin in TWINS.items() for name in (twin.family, *twin.names)
}
# A font with no table is measured by a table of its own making: per character, the widest
# of the proportional tables, times a margin. The margin is DejaVu Sans and Serif's, the
# widest faces commonly installed (DejaVu Sans has Verdana's widths within a few per cent):
# over every 30-character stretch of the shipped briefing's and the test fixtures' files
# (markup and numbers included), they run at most 18.0% (regular) and 26.7% (bold) wider
# than the per-character maximum, and 99 stretches in 100 within 14.5% and 21.2%
# (tests/test_fonts.py measures it). A narrower face then wraps early, never late.
WIDE = "wide"
_PROPORTIONAL = ("calibri", "cambria", "arial", "times")
WIDE_MARGIN = {"regular": 1.19, "bold": 1.28}


@dataclass(frozen=True)
class Font:
    """A typeface as the template names it, and the metrics that measure it."""

    name: str
    table: str

    @property
    def exact(self) -> bool:
        return _EXACT.get(self.name.strip().lower()) == self.table

    @property
    def twin(self) -> Twin | None:
        """The shipped font LibreOffice draws this face with; None for a face deckgen lacks."""
        return TWINS.get(self.table) if self.exact else None


def font(name: str | None) -> Font:
    """The metrics for ``name``: exact where deckgen has its table, else the wide table."""
    key = (name or "Calibri").strip().lower()
    if key in _EXACT:
        return Font(name or "Calibri", _EXACT[key])
    return Font(name or "", WIDE)


def conservative_note(face: Font) -> str:
    """What deckgen does with a face it has no table for, for a warning that names it."""
    return (
        f"no metrics for font {face.name!r}: deckgen measures its text conservatively, each "
        "character as wide as in the widest of Calibri, Cambria, Arial and Times New Roman "
        f"plus {round((WIDE_MARGIN['regular'] - 1) * 100)}% "
        f"({round((WIDE_MARGIN['bold'] - 1) * 100)}% bold), so text shrinks or continues "
        "sooner than it may need to; name one of those fonts in the template to fit exactly"
    )


@lru_cache(maxsize=8)
def _metrics(table: str) -> tuple[dict[str, int], dict[str, int], float]:
    if table == WIDE:
        return _wide()
    data = json.loads((_TABLES / f"{table}.json").read_text(encoding="utf-8"))
    return data["regular"], data["bold"], float(data["line_height"])


def _wide() -> tuple[dict[str, int], dict[str, int], float]:
    """The conservative table: per character and weight, the widest proportional table's
    width times the margin; the tallest line height."""
    tables = [_metrics(name) for name in _PROPORTIONAL]
    weights = []
    for weight, of_weight in (
        ("regular", [t[0] for t in tables]),
        ("bold", [t[1] for t in tables]),
    ):
        widest: dict[str, int] = {}
        for table in of_weight:
            for ch, width in table.items():
                widest[ch] = max(widest.get(ch, 0), width)
        weights.append({ch: math.ceil(w * WIDE_MARGIN[weight]) for ch, w in widest.items()})
    return weights[0], weights[1], max(t[2] for t in tables)


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
    return wrapped(words(text, size, face), box, width(" ", size, face=face))


def words(text: Text | str, size: float, face: Font | None = None) -> list[float]:
    """The widths in points of the words ``text`` wraps between, in order: measured once,
    then wrapped at as many box widths as a caller tries (plan/columns.py tries dozens)."""
    if not isinstance(text, Text):
        return [width(w, size, face=face) for w in text.split()]
    found: list[float] = []
    current = 0.0
    for run in text.runs:
        for i, piece in enumerate(run.text.split(" ")):
            if i > 0 and current:
                found.append(current)
                current = 0.0
            current += width(piece, size, run.bold, face)
    if current:
        found.append(current)
    return found


def wrapped(widths: list[float], box: float, space: float) -> int:
    """How many lines words this wide take in a box ``box`` points wide, a ``space`` apart."""
    # A box a narrow slide leaves no room in still holds a character per line: the count
    # stays finite (and huge, so planning continues it), never an endless loop.
    box = max(box, 1.0)
    count, used = 1, 0.0
    for word in widths:
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
