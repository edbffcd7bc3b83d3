"""A slide's layout and text to DrawingML strings: its cloned placeholders, its shapes, its runs.

The pieces every part of the deck writer composes: one slide's shapes numbered as PowerPoint
numbers them and put in reading order, and text as runs and paragraphs in the briefing's
language (a right-to-left stretch with its complex-script face and direction).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from deckgen.geometry import Box
from deckgen.ooxml.package import escape, quoteattr
from deckgen.templates.deck import BASENAMES, Holder, Layout
from deckgen.templates.placeholders import TEXT_TYPES, TITLE_TYPES
from deckgen.text import (
    COMPLEX_SCRIPT_FONT,
    Stretch,
    Text,
    paragraph_rtl,
    stretches,
    web_addresses,
)

EMU = 914400  # per inch

NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NSDECLS = f'xmlns:a="{NS_A}" xmlns:p="{NS_P}" xmlns:r="{NS_R}"'
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
CT = "application/vnd.openxmlformats-officedocument."
_HLINK_COLOR = "{A12FA001-AC4F-418D-AE19-62706E023703}"
_NS_AHYP = "http://schemas.microsoft.com/office/drawing/2018/hyperlinkcolor"
_CTRL = re.compile(r"[\x00-\x08\x0b-\x1f]")


def inches(value: float) -> int:
    return int(value * EMU)


def run_text(value: str) -> str:
    """Run text: XML-escaped, control characters spelled as Office spells them (_x0007_)."""
    return escape(_CTRL.sub(lambda m: f"_x{ord(m.group()):04X}_", value))


def hex_color(color: str) -> str:
    return color.lstrip("#").upper()


def solid_fill(color: str) -> str:
    return f'<a:solidFill><a:srgbClr val="{hex_color(color)}"/></a:solidFill>'


def xfrm(box: Box, tag: str = "a:xfrm") -> str:
    return (f'<{tag}><a:off x="{box.left}" y="{box.top}"/>'
            f'<a:ext cx="{box.width}" cy="{box.height}"/></{tag}>')  # fmt: skip


def points(size: float) -> int:
    """A font size in hundredths of a point, rounded as python-pptx and PowerPoint store it."""
    return int(size * 12700) // 127


# Screen readers read shapes in document order: the marking first (briefings announce
# their classification at the start), then the title, the content, its source, and last
# what repeats on every slide.
ORDER = {"Marking (top)": 0, "Source line": 3, "Footer": 4, "Marking (bottom)": 5,
         "Slide number": 6, "Logo": 7}  # fmt: skip


@dataclass
class Shape:
    """A shape of the slide being written: its reading rank and its XML."""

    rank: int
    xml: str


@dataclass
class SlideHolder:
    """A placeholder cloned onto the slide being written, and the text given to it."""

    holder: Holder
    id: int
    name: str
    inherited: Box | None  # where its layout puts it
    box: Box | None = None  # its own position, once placed
    body: str | None = None  # the txBody, once filled
    fill: str | None = None  # a backing band where nothing legible reads on the background

    @property
    def type(self) -> str:
        return self.holder.type

    @property
    def at(self) -> Box | None:
        return self.box or self.inherited


class SlideWriter:
    """One slide's shapes, numbered as PowerPoint numbers them."""

    def __init__(self, layout: Layout, part: str) -> None:
        self.next_id = 2
        self.holders: list[SlideHolder] = []
        for holder in layout.holders:
            base = BASENAMES.get(holder.type, "Placeholder")
            if holder.orient == "vert":
                base = "Vertical " + base
            # a slide's placeholder inherits from the layout's first one with its idx
            inherited = next((box for idx, box in layout.by_idx if idx == holder.idx), None)
            self.holders.append(SlideHolder(holder, self.next_id, f"{base} {self.next_id - 1}",
                                            inherited))  # fmt: skip
            self.next_id += 1
        self.shapes: list[Shape] = []
        self.part = part
        self.rids: dict[str, str] = {}  # target part -> relationship id, beyond the layout

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id - 1

    def placeholder(self, types: tuple[str, ...], largest: bool = False) -> SlideHolder | None:
        """The slide's placeholder of one of ``types``: top-most first, or the largest."""
        found = sorted((h for h in self.holders if h.type in types),
                       key=lambda h: h.holder.idx)  # fmt: skip
        if not found:
            return None
        if largest:
            return max(found, key=lambda h: (h.at.width * h.at.height) if h.at else 0)
        return min(found, key=lambda h: (h.at.top, h.at.left) if h.at else (0, 0))

    def xml(self) -> str:
        shapes = []
        for h in self.holders:
            if h.body is None or h.type not in TEXT_TYPES:
                continue  # left empty: no "Click to add text" prompt stays in the deck
            ph = "".join(f" {k}={quoteattr(str(v))}" for k, v, default in (
                ("type", h.type, "obj"), ("orient", h.holder.orient, "horz"),
                ("sz", h.holder.sz, "full"), ("idx", h.holder.idx, 0)) if v != default)  # fmt: skip
            sp_pr = xfrm(h.box) if h.box else ""
            if h.fill:
                sp_pr += f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>{solid_fill(h.fill)}'
            rank = 1 if h.type in TITLE_TYPES else 2
            shapes.append(Shape(rank, (
                f'<p:sp><p:nvSpPr><p:cNvPr id="{h.id}" name={quoteattr(h.name)}/><p:cNvSpPr>'
                f'<a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph{ph}/></p:nvPr></p:nvSpPr>'
                f"<p:spPr>{sp_pr}</p:spPr>{h.body}</p:sp>")))  # fmt: skip
        shapes += self.shapes
        shapes.sort(key=lambda s: s.rank)  # stable: content keeps its own order
        return "".join(s.xml for s in shapes)


class TextWriter:
    """Runs and paragraphs in one language, as the deck's slides, shapes and notes write them."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        # the relationship id of a hyperlink to a web address from the part being written;
        # None where text is not linked (notes, charts)
        self.hyperlink: Callable[[str], str] | None = None

    def run(self, piece: Stretch, size: float | None, bold: bool, italic: bool,
            color: str | None) -> str:  # fmt: skip
        """One ``a:r``; a right-to-left stretch names its complex-script face and direction."""
        attrs = (' b="1"' if bold else "") + (' i="1"' if italic else "")
        if size:
            attrs += f' sz="{points(size)}"'
        fill = solid_fill(color) if color else ""
        face = f'<a:cs typeface="{COMPLEX_SCRIPT_FONT}"/>' if piece.rtl else ""
        tail = '<a:rtl val="1"/>' if piece.rtl else ""
        out = []
        for text, address in web_addresses(piece.text) if self.hyperlink else [(piece.text, False)]:
            # a web address links to itself, underlined in the run's own colour (judged
            # legible) rather than the theme's link colour (hlinkClr "tx", Office 2019 on)
            link = ""
            under = ""
            if address and self.hyperlink:
                link = (f'<a:hlinkClick r:id="{self.hyperlink(text)}"><a:extLst><a:ext '
                        f'uri="{_HLINK_COLOR}"><ahyp:hlinkClr xmlns:ahyp="{_NS_AHYP}" '
                        'val="tx"/></a:ext></a:extLst></a:hlinkClick>')  # fmt: skip
                under = ' u="sng"'
            out.append(f'<a:r><a:rPr{attrs}{under} lang={quoteattr(piece.lang)}>{fill}{face}'
                       f"{link}{tail}</a:rPr><a:t>{run_text(text)}</a:t></a:r>")  # fmt: skip
        return "".join(out)

    def paragraph(self, text: Text, size: float | None = None, bold: bool = False,
                  color: str | None = None, align: str | None = None, italic: bool = False,
                  ppr: str | None = None, tail: str = "") -> str:  # fmt: skip
        """One ``a:p``; ``ppr`` is the paragraph's own attributes ("" for an empty pPr)."""
        attrs = ppr
        if paragraph_rtl(text, self.lang):
            attrs = (attrs or "") + ' rtl="1"'
            align = "r"
        if align is not None:
            attrs = (attrs or "") + f' algn="{align}"'
        head = ""
        if attrs is not None or tail:
            head = f"<a:pPr{attrs or ''}>{tail}</a:pPr>" if tail else f"<a:pPr{attrs}/>"
        runs = "".join(self.run(r, size, r.bold or bold, r.italic or italic, color)
                       for r in stretches(text, self.lang))  # fmt: skip
        return f"<a:p>{head}{runs}</a:p>"

    @staticmethod
    def body(paragraphs: str, body_pr: str = "<a:bodyPr/>", tag: str = "p:txBody") -> str:
        return f"<{tag}>{body_pr}<a:lstStyle/>{paragraphs}</{tag}>"
