"""Palette colours to colours a web page may use: WCAG 2.1 contrast, darkened where it falls short.

A template set's palette was chosen for slides and print; on a page, text must reach 4.5:1
against what it stands on (WCAG 1.4.3) and a chart's bars 3:1 against the page (1.4.11).
A colour that falls short is darkened just enough, and the writer says which and by how much.
"""

from __future__ import annotations

import re

from deckgen.contrast import ratio

WHITE = "#FFFFFF"
TEXT_AA = 4.5  # normal-size text, WCAG 2.1 AA
GRAPHIC_AA = 3.0  # parts of a chart a reader must tell apart from the page
_HEX = re.compile(r"#?([0-9A-Fa-f]{6})")


def parse(color: str | None, fallback: str) -> str:
    """``#RRGGBB`` in capitals, or ``fallback`` when ``color`` is no such colour."""
    m = _HEX.fullmatch((color or "").strip())
    return f"#{m[1].upper()}" if m else fallback


# one WCAG formula for every writer and lint: contrast.py's
contrast = ratio


def darker(color: str, step: float) -> str:
    """``color`` mixed with black: ``step`` 0 leaves it, 1 is black."""
    rgb = [round(int(color[i : i + 2], 16) * (1 - step)) for i in (1, 3, 5)]
    return "#" + "".join(f"{v:02X}" for v in rgb)


class Checker:
    """Hands out colours that meet a contrast ratio, remembering what it had to change."""

    def __init__(self) -> None:
        self.notes: list[str] = []
        self._seen: set[tuple[str, str, float]] = set()

    def meet(self, color: str, against: str, ratio: float, what: str) -> str:
        """``color``, or the least darkened version of it with ``ratio`` against ``against``
        (a light background; for white text on a fill, pass the fill as ``color``)."""
        if contrast(color, against) >= ratio:
            return color
        step = 0.0
        fixed = color
        while contrast(fixed, against) < ratio and step < 1:
            step = min(1.0, step + 0.02)
            fixed = darker(color, step)
        key = (color, against, ratio)
        if key not in self._seen:
            self._seen.add(key)
            self.notes.append(
                f"{what}: colour {color} has {contrast(color, against):.1f}:1 contrast with "
                f"{against}, under the {ratio:g}:1 WCAG 2.1 AA asks; the web edition uses "
                f"{fixed} ({contrast(fixed, against):.1f}:1). Choose a darker colour in the "
                "palette to have the same colour everywhere"
            )
        return fixed
