"""A layout's slide-number placeholder and the boxes deckgen draws to where the number goes.

The template's designer put the number somewhere; deckgen keeps it there when nothing it
draws (title, content, source line, marking, footer, logo) is in the way, else moves it
down into the bottom band in the placeholder's own column, narrowed to end beside a marking
or footer it would run under.
"""

from __future__ import annotations

from deckgen import metrics
from deckgen.geometry import Box
from deckgen.templates.deck import Holder
from deckgen.writers.deck.slide import inches


def place(holder: Holder, drawn: list[tuple[Box, str]], slide: tuple[int, int],
          band: tuple[int, int], longest: str, size: float) -> tuple[Box | None, str]:  # fmt: skip
    """Where the number goes in ``holder`` on a ``slide`` (width, height) beside the
    ``drawn`` boxes (each with what it holds), with the bottom ``band`` (top, height) to
    move into, wide enough for ``longest`` ("19 of 19") in the template's ``size`` (points);
    or None and why it cannot."""
    box = holder.box
    if box is None:
        return None, ""  # no position anywhere: nothing a designer placed
    width, height = slide
    # the number is written in the template's size (its runs set none), plus the insets
    wanted = inches(metrics.width(longest, size) / 72 + 0.25)
    tall = inches(max(size * 1.2 / 72, 0.25))  # a line of it
    lowered = Box(box.left, band[0], box.width, band[1])
    on_slide = box.left >= 0 and box.right <= width and box.top >= 0
    for where in (box, lowered, _beside(lowered, drawn)):
        clear = not any(where.meets(other) for other, _ in drawn)
        roomy = where.width >= wanted and where.height >= tall
        if on_slide and where.bottom <= height and clear and roomy:
            return where, ""
    near = next((what for other, what in drawn if lowered.meets(other)), "the content")
    if not on_slide:
        return None, "lies off the slide"
    if box.width < wanted:
        return None, f'is too narrow for "{longest}"'
    return None, f'leaves too little room for "{longest}" beside {near}'


def _beside(where: Box, drawn: list[tuple[Box, str]]) -> Box:
    """``where`` narrowed to end short of each drawn box it overlaps: from the left where
    that box's middle is to its left, else from the right (a marking centred in the band,
    a footer in its left corner)."""
    gap = inches(0.1)
    left, right = where.left, where.right
    for other, _ in drawn:
        if where.meets(other):
            if other.left + other.right < where.left + where.right:
                left = max(left, other.right + gap)
            else:
                right = min(right, other.left - gap)
    return Box(left, where.top, max(right - left, 0), where.height)
