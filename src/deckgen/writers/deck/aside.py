"""A planned Aside (the "What changed since …" box) to a framed text box at the foot of a slide.

The box takes the height the planner measured from the bottom of the content area; the
statement above it keeps the rest, so the two never overlap.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from deckgen import contrast
from deckgen.geometry import Box
from deckgen.ooxml.package import quoteattr
from deckgen.plan.blocks import Aside
from deckgen.text import Text
from deckgen.writers.deck.slide import Shape, SlideWriter, inches, solid_fill, xfrm


class _Writer(Protocol):
    """What the box needs of the deck writer: its palette and its text XML."""

    @property
    def palette(self) -> Mapping[str, Any]: ...

    def paragraph(self, text: Text, size: float | None = None, bold: bool = False,
                  color: str | None = None, align: str | None = None, italic: bool = False,
                  ppr: str | None = None, tail: str = "") -> str: ...  # fmt: skip

    @staticmethod
    def body(paragraphs: str, body_pr: str = "<a:bodyPr/>", tag: str = "p:txBody") -> str: ...


GAP_IN = 0.2  # between the statement and the box


def draw_aside(writer: _Writer, slide: SlideWriter, aside: Aside, box: Box) -> Box:
    """Draw ``aside`` at the bottom of ``box``; return the room left above it."""
    height = min(int(inches(aside.height)), box.height)
    at = Box(box.left, box.bottom - height, box.width, height)
    fill = str(writer.palette.get("light", "#EEF1F5"))
    # the text's colour judged on the box's own fill (4.5:1 at the box's size)
    wanted = str(writer.palette.get("text", "#1A1A1A"))
    ink = wanted if contrast.ratio(wanted, fill) >= 4.5 else "#1A1A1A"
    line = str(writer.palette.get("primary", "#1F4E79"))
    paragraphs = writer.paragraph(aside.title, aside.size, bold=True, color=ink)
    paragraphs += "".join(
        writer.paragraph(
            item,
            aside.size,
            color=ink,
            ppr=' marL="228600" indent="-228600"',
            tail='<a:buFont typeface="Arial"/><a:buChar char="•"/>',
        )
        for item in aside.items
    )
    body_pr = '<a:bodyPr wrap="square" lIns="137160" rIns="137160" tIns="91440" bIns="91440"/>'
    slide.shapes.append(
        Shape(
            2,
            f'<p:sp><p:nvSpPr><p:cNvPr id="{slide.new_id()}" name={quoteattr("What changed")}/>'
            f'<p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr><p:spPr>{xfrm(at)}'
            f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>{solid_fill(fill)}'
            f'<a:ln w="19050">{solid_fill(line)}</a:ln></p:spPr>'
            f"{writer.body(paragraphs, body_pr)}</p:sp>",
        )
    )
    room = max(box.height - height - int(inches(GAP_IN)), 0)
    return Box(box.left, box.top, box.width, room)
