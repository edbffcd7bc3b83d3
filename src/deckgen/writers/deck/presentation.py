"""A Deck plan and a prepared deck template to PowerPoint bytes, written as XML text.

Each slide is composed as one string: the placeholders its layout gives (as PowerPoint and
python-pptx clone them), then deckgen's own shapes, in reading order. The template's parts
are copied as they are, but for the slide list, the theme fonts and the core properties.
Nothing here imports python-pptx; a deck costs the same per slide at slide 2,000 as at 2.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING

from deckgen import contrast
from deckgen import images as imageinfo
from deckgen.geometry import BOTTOM_BAND, CELL_MARGINS_IN, TOP_BAND, Box
from deckgen.markings import banner
from deckgen.ooxml import zip as ooxml
from deckgen.ooxml.package import XML_HEAD, Package, escape, quoteattr
from deckgen.plan import (
    BulletsBlock,
    Cell,
    ChartBlock,
    Deck,
    ImageBlock,
    QuoteBlock,
    Slide,
    StatementBlock,
    TableBlock,
    TitleBlock,
)
from deckgen.templates.deck import (
    BASENAMES,
    BODY_TYPES,
    TEXT_TYPES,
    TITLE_TYPES,
    DeckPrep,
    Holder,
    Layout,
)
from deckgen.templates.sets import TemplateSet
from deckgen.text import COMPLEX_SCRIPT_FONT, Stretch, Text, paragraph_rtl, parse, stretches
from deckgen.text import plain as _plain
from deckgen.writers.deck import chart as chartxml
from deckgen.writers.deck import workbook

if TYPE_CHECKING:
    from lxml import etree

EMU = 914400  # per inch

NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NSDECLS = f'xmlns:a="{NS_A}" xmlns:p="{NS_P}" xmlns:r="{NS_R}"'
_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_CT = "application/vnd.openxmlformats-officedocument."
_SP_TREE_HEAD = ('<p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
                 "<p:grpSpPr/>")  # fmt: skip
_TABLE_STYLE = "{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}"  # Office's "Medium Style 2 - Accent 1"
_CTRL = re.compile(r"[\x00-\x08\x0b-\x1f]")
# A cell's insets, from the numbers the planner measures rows with (0.08 in left and
# right, 0.05 in top and bottom: 73152 and 45720 EMU), so the two never disagree.
_CELL_MARGINS = "".join(
    f' {side}="{round(CELL_MARGINS_IN[axis] / 2 * EMU)}"'
    for side, axis in (("marL", 0), ("marR", 0), ("marT", 1), ("marB", 1))
)


def inches(value: float) -> int:
    return int(value * EMU)


def _text(value: str) -> str:
    """Run text: XML-escaped, control characters spelled as Office spells them (_x0007_)."""
    return escape(_CTRL.sub(lambda m: f"_x{ord(m.group()):04X}_", value))


def _hex(color: str) -> str:
    return color.lstrip("#").upper()


def _fill(color: str) -> str:
    return f'<a:solidFill><a:srgbClr val="{_hex(color)}"/></a:solidFill>'


def _xfrm(box: Box, tag: str = "a:xfrm") -> str:
    return (f'<{tag}><a:off x="{box.left}" y="{box.top}"/>'
            f'<a:ext cx="{box.width}" cy="{box.height}"/></{tag}>')  # fmt: skip


def _points(size: float) -> int:
    """A font size in hundredths of a point, rounded as python-pptx and PowerPoint store it."""
    return int(size * 12700) // 127


# Screen readers read shapes in document order: the marking first (briefings announce
# their classification at the start), then the title, the content, its source, and last
# what repeats on every slide.
_ORDER = {"Marking (top)": 0, "Source line": 3, "Footer": 4, "Marking (bottom)": 5,
          "Slide number": 6, "Logo": 7}  # fmt: skip


@dataclass
class _Shape:
    """A shape of the slide being written: its reading rank and its XML."""

    rank: int
    xml: str


@dataclass
class _Holder:
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


class _SlideWriter:
    """One slide's shapes, numbered as PowerPoint numbers them."""

    def __init__(self, layout: Layout, part: str) -> None:
        self.next_id = 2
        self.holders: list[_Holder] = []
        for holder in layout.holders:
            base = BASENAMES.get(holder.type, "Placeholder")
            if holder.orient == "vert":
                base = "Vertical " + base
            # a slide's placeholder inherits from the layout's first one with its idx
            inherited = next((box for idx, box in layout.by_idx if idx == holder.idx), None)
            self.holders.append(_Holder(holder, self.next_id, f"{base} {self.next_id - 1}",
                                        inherited))  # fmt: skip
            self.next_id += 1
        self.shapes: list[_Shape] = []
        self.part = part
        self.rids: dict[str, str] = {}  # target part -> relationship id, beyond the layout

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id - 1

    def placeholder(self, types: tuple[str, ...], largest: bool = False) -> _Holder | None:
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
            sp_pr = _xfrm(h.box) if h.box else ""
            if h.fill:
                sp_pr += f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>{_fill(h.fill)}'
            rank = 1 if h.type in TITLE_TYPES else 2
            shapes.append(_Shape(rank, (
                f'<p:sp><p:nvSpPr><p:cNvPr id="{h.id}" name={quoteattr(h.name)}/><p:cNvSpPr>'
                f'<a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph{ph}/></p:nvPr></p:nvSpPr>'
                f"<p:spPr>{sp_pr}</p:spPr>{h.body}</p:sp>")))  # fmt: skip
        shapes += self.shapes
        shapes.sort(key=lambda s: s.rank)  # stable: content keeps its own order
        return "".join(s.xml for s in shapes)


class _DeckWriter:
    def __init__(self, deck: Deck, prep: DeckPrep, template: TemplateSet) -> None:
        self.deck = deck
        self.prep = prep
        self.t = template
        self.width = prep.width
        self.height = prep.height
        self.palette = template.palette
        self.sizes = template.sizes
        self.lang = deck.language
        self.layout: Layout | None = None  # the layout of the slide being written
        self.body_ink: str | None = None  # body text's colour where the template's won't read
        self.body_band: str | None = None  # and its backing band where no colour reads
        self.warnings: list[str] = []  # every colour or band chosen against the template's
        self.warned: set[tuple[str, str]] = set()
        self.pkg = Package(_template_parts(prep.path))
        self.images: dict[str, str] = {}  # sha1 -> media part
        self.notes_master: str | None = None
        self.notes_shapes: dict[str, list[tuple[str, str]]] = {}  # by notes master

    # -- text

    def run(self, piece: Stretch, size: float | None, bold: bool, italic: bool,
            color: str | None) -> str:  # fmt: skip
        """One ``a:r``; a right-to-left stretch names its complex-script face and direction."""
        attrs = (' b="1"' if bold else "") + (' i="1"' if italic else "")
        if size:
            attrs += f' sz="{_points(size)}"'
        props = _fill(color) if color else ""
        if piece.rtl:
            props += f'<a:cs typeface="{COMPLEX_SCRIPT_FONT}"/><a:rtl val="1"/>'
        return (f'<a:r><a:rPr{attrs} lang={quoteattr(piece.lang)}>{props}</a:rPr>'
                f"<a:t>{_text(piece.text)}</a:t></a:r>")  # fmt: skip

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

    def textbox(self, slide: _SlideWriter, box: Box, text: str, size: float,
                color: str | None = None, bold: bool = False, align: str | None = None,
                fill: str | None = None, name: str = "Text") -> None:  # fmt: skip
        body_pr = '<a:bodyPr wrap="square" tIns="18288" bIns="18288" anchor="ctr"><a:spAutoFit/></a:bodyPr>'  # noqa: E501
        para = self.paragraph(_plain(text), size, bold, color, align)
        self.add_textbox(slide, box, name, self.body(para, body_pr), fill)

    def add_textbox(self, slide: _SlideWriter, box: Box, name: str, body: str,
                    fill: str | None = None) -> None:  # fmt: skip
        fill_xml = _fill(fill) if fill else "<a:noFill/>"
        slide.shapes.append(_Shape(_ORDER.get(name, 2), (
            f'<p:sp><p:nvSpPr><p:cNvPr id="{slide.new_id()}" name={quoteattr(name)}/>'
            f'<p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr><p:spPr>{_xfrm(box)}'
            f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>{fill_xml}</p:spPr>{body}'
            "</p:sp>")))  # fmt: skip

    # -- slides

    def write(self) -> bytes:
        pkg = self.pkg
        self.presentation = pkg.related("", _RT + "officeDocument") or "ppt/presentation.xml"
        pres_rels = pkg.rels(self.presentation)
        for rel in list(pres_rels.items):
            if rel.type == _RT + "slide":
                pres_rels.drop(rel.rid)
        pkg.keep_reachable()  # the template's sample slides and what only they used
        self.notes_master = pkg.related(self.presentation, _RT + "notesMaster")
        slide_ids = []
        for number, plan in enumerate(self.deck.slides, 1):
            slide_ids.append((255 + number, self.slide(plan, number)))
        self.finish_presentation(slide_ids)
        self.theme_fonts()
        self.theme_colors()
        when = ooxml.build_time(self.deck.properties.get("date", ""))
        self.core_properties(when)
        return ooxml.write_zip(pkg.files(), when, keep_order=True)

    def slide(self, plan: Slide, number: int) -> str:
        """Write one slide (and its notes); its relationship id in the presentation."""
        layout = self.prep.layouts[plan.role]
        pkg = self.pkg
        name = pkg.next_partname("ppt/slides/slide%d.xml")
        pkg.add(name, b"", _CT + "presentationml.slide+xml")  # its XML once composed
        rid = pkg.relate(self.presentation, _RT + "slide", name)
        pkg.relate(name, _RT + "slideLayout", layout.part)
        slide = _SlideWriter(layout, name)
        self.layout = layout
        self.title(slide, plan)
        self.content(slide, plan)
        self.furniture(slide, plan, number)
        pkg.parts[name] = (
            f"{XML_HEAD}<p:sld {_NSDECLS}><p:cSld><p:spTree>{_SP_TREE_HEAD}{slide.xml()}"
            "</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>"
        ).encode()
        if plan.notes:
            self.notes(name, plan.notes)
        return rid

    def ref(self, slide: _SlideWriter, type_: str, target: str) -> str:
        """The slide's relationship id for ``target``; one per part however often it is used
        (a logo on every slide, the same picture twice)."""
        if target not in slide.rids:
            slide.rids[target] = self.pkg.relate(slide.part, type_, target)
        return slide.rids[target]

    def title(self, slide: _SlideWriter, plan: Slide) -> None:
        holder = slide.placeholder(TITLE_TYPES)
        if holder is None:
            return
        layout = self.prep.layouts[plan.role]
        area = layout.area
        if holder.at != area.title:
            holder.box = area.title  # kept clear of the marking band and the slide's edges
        wanted = layout.color("title")
        size = plan.title_size or area.title_size
        choice = self.legible(area.title, wanted, size, False, "the slide title")
        holder.fill = choice.fill
        color = choice.color if choice.departs else None  # else the template's own
        if not choice.fill and choice.contrast < contrast.needed(0, False):
            # legible only as large text: the clearest of the template's colour, white and
            # near-black, written out (renderers disagree on what a title inherits)
            under = layout.backdrop.under(area.title)
            color = max((wanted, contrast.WHITE, "#1A1A1A"),
                        key=lambda c: contrast.worst(c, under))  # fmt: skip
        holder.body = self.body(self.paragraph(plan.title, plan.title_size, color=color))

    def content(self, slide: _SlideWriter, plan: Slide) -> None:
        block = plan.body
        layout = self.prep.layouts[plan.role]
        area = layout.area
        box = area.content
        if isinstance(block, TitleBlock):
            self.title_block(slide, block)  # no body text: its rows choose their own colours
            return
        body_size = float(getattr(block, "size", None) or self.sizes.get("body", 24))
        choice = self.legible(box, layout.color("body"), body_size, False, "body text")
        self.body_ink = choice.color if choice.departs else None
        self.body_band = choice.fill
        if isinstance(block, StatementBlock):
            para = self.paragraph(block.text, block.size, color=self.body_color(),
                                  ppr=' marL="0" indent="0"', tail="<a:buNone/>")  # fmt: skip
            self.body_frame(slide, box, para)
        elif isinstance(block, BulletsBlock):
            self.body_frame(slide, box, self.bullets(block))
        elif isinstance(block, TableBlock):
            self.table(slide, block, box)
        elif isinstance(block, ChartBlock):
            self.chart(slide, block, box)
        elif isinstance(block, ImageBlock):
            self.image(slide, block, box)
        elif isinstance(block, QuoteBlock):
            self.quote(slide, block, box)
        elif plan.role == "closing":
            holder = slide.placeholder(BODY_TYPES, largest=True)
            if holder is not None:
                title = _plain(self.deck.properties.get("title", ""))
                if holder.at != box:
                    holder.box = box  # kept on the slide and clear of the bands
                # its size is the template's, unknown here: judged as small text (4.5:1)
                choice = self.legible(box, layout.color("body"), 14, False, "the closing line")
                holder.fill = choice.fill
                # written out: the holder may inherit another colour than the layout's body
                # text (Office's Section Header greys its text), and the judged one must show
                holder.body = self.body(self.paragraph(title, color=choice.color))

    def body_frame(self, slide: _SlideWriter, box: Box, paragraphs: str) -> None:
        """Content in the layout's body placeholder, at ``box``; a text box where it has none."""
        holder = slide.placeholder(BODY_TYPES, largest=True)
        if holder is None:
            body_pr = '<a:bodyPr wrap="square"><a:spAutoFit/></a:bodyPr>'
            self.add_textbox(slide, box, "Content", self.body(paragraphs, body_pr),
                             self.body_band)  # fmt: skip
            return
        if holder.at != box:
            holder.box = box
        holder.fill = self.body_band
        holder.body = self.body(paragraphs, '<a:bodyPr wrap="square"/>')

    def title_block(self, slide: _SlideWriter, block: TitleBlock) -> None:
        layout = self.layout or self.prep.layouts["title"]
        title = slide.placeholder(TITLE_TYPES)
        title_box = title.at if title and title.at else layout.area.title
        bottom = title_box.bottom
        lines = list(block.lines)
        # date, version, author and distribution go below the title and subtitle, clear of
        # the bottom band: the rows' room is kept first, the subtitle's area ends above it
        rows = [(line, 18.0, "text", "a title-slide line") for line in lines]
        if block.distribution:
            rows.append((block.distribution, 14.0, "muted", "the distribution line"))
        sub = slide.placeholder(("subTitle", *BODY_TYPES))
        if sub is None and block.subtitle:
            rows.insert(0, (block.subtitle.plain, 18.0, "text", "a title-slide line"))
        limit = self.height - inches(BOTTOM_BAND + 0.05)
        rows_top = int(limit - inches(0.42) * len(rows))
        if sub is not None and sub.at is not None:
            sub.box = self.subtitle_box(sub.at, title_box, rows_top)
            bottom = max(bottom, sub.at.bottom)  # the area the designer gave it
            if block.subtitle:
                # drawn at the layout's size, which may be small: judged as small text
                choice = self.legible(sub.at, layout.color("subtitle"), 14, False,
                                      "the subtitle")  # fmt: skip
                sub.fill = choice.fill
                color = choice.color if choice.departs else None
                sub.body = self.body(self.paragraph(block.subtitle, color=color))
        elif sub is not None and block.subtitle:
            sub.body = self.body(self.paragraph(block.subtitle))
        top = int(max(min(bottom + inches(0.25), rows_top), bottom + inches(0.02)))
        left = int(min(title_box.left, inches(0.8)))
        if rows:
            first = Box(left, top, int(self.width - 2 * left), int(inches(0.40)))
            top = self.clear_of_decoration(first, rows[0], limit - inches(0.3) * len(rows))
        step = inches(0.42)
        if rows and top + step * len(rows) > limit:  # a short slide: rows closer together
            step = max(int((limit - top) / len(rows)), inches(0.3))
        for text, size, key, what in rows:
            box = Box(left, top, int(self.width - 2 * left), int(step - inches(0.02)))
            choice = self.legible(box, self.color(key), size, False, what)  # on what is under it
            self.textbox(slide, box, text, size, choice.color, fill=choice.fill,
                         name="Title detail")  # fmt: skip
            top += step

    def clear_of_decoration(self, first: Box, row: tuple[str, float, str, str],
                            lowest: float) -> int:  # fmt: skip
        """Where the first title-slide line's box ``first`` starts: moved down, by at most a
        third of an inch and never below ``lowest``, until it sits clear of a band the layout
        draws above it (the default set's title band reaches below the subtitle's area): a
        backing band over the edge of the designer's band would show as a white strip."""
        assert self.layout is not None
        _, size, key, _ = row
        for nudge in range(0, int(inches(0.34)), int(inches(0.02))):
            if first.top + nudge > lowest:
                break
            box = Box(first.left, first.top + nudge, first.width, first.height)
            under = self.layout.backdrop.under(box)
            if contrast.worst(self.color(key), under) >= contrast.needed(size, False):
                return first.top + nudge
        return first.top

    def subtitle_box(self, at: Box, title: Box, rows_top: int) -> Box | None:
        """Where the subtitle goes: its layout's area, unless that runs off the slide or
        under the title (a title deckgen placed in the subtitle's area, a layout that stacks
        them): then beneath the title, smaller, so the roles never swap. Either way it ends
        above the title slide's rows. None when the layout's own position will do."""
        off = at.left < 0 or at.top < 0 or at.right > self.width or at.bottom > self.height
        under_title = at.top < title.bottom and at.bottom > title.top
        box = at
        if off or under_title or at.top < inches(TOP_BAND):
            box = Box(title.left, title.bottom, title.width, inches(0.8))
        end = max(rows_top - inches(0.05), box.top + inches(0.45))
        if box.bottom > end:
            box = Box(box.left, box.top, box.width, int(end - box.top))
        return None if box == at else box

    def bullets(self, block: BulletsBlock) -> str:
        out = []
        hidden = self.layout.bullets_hidden if self.layout else ()
        for item in block.items:
            size = block.size if item.level == 0 else block.size - 3
            level = f' lvl="{item.level}"' if item.level else ""
            tail = ""
            if item.level < len(hidden) and hidden[item.level]:
                # the layout's list style shows no marker at this level (buNone): bullets
                # keep a visible one, hung as PowerPoint hangs its own
                indent = 342900 + 342900 * item.level
                level += f' marL="{indent}" indent="-285750"'
                tail = '<a:buFont typeface="Arial"/><a:buChar char="•"/>'
            out.append(self.paragraph(item.text, size, color=self.body_color(), ppr=level,
                                      tail=tail))  # fmt: skip
        return "".join(out)

    def table(self, slide: _SlideWriter, block: TableBlock, box: Box) -> None:
        """The table at the top of ``box``, each row at the height the planner measured, the
        frame as tall as its rows: the declared extent is the drawn one."""
        rows = [block.header, *block.rows]
        if len(block.heights) != len(rows):
            raise ValueError(f"a table page needs one measured height per row, header first: "
                             f"{len(block.heights)} for {len(rows)} rows")  # fmt: skip
        heights = [inches(h) for h in block.heights]
        widths = [int(box.width * w) for w in block.widths]
        widths[-1] = box.width - sum(widths[:-1])
        light = self.palette.get("light", "#EEF1F5")
        out = [f'<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="{slide.new_id()}" '
               'name="Table"/><p:cNvGraphicFramePr><a:graphicFrameLocks noGrp="1"/>'
               "</p:cNvGraphicFramePr><p:nvPr/></p:nvGraphicFramePr>",
               _xfrm(Box(box.left, box.top, box.width, sum(heights)), "p:xfrm"),
               '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/'
               '2006/table"><a:tbl><a:tblPr firstRow="1"><a:tableStyleId>'
               f"{_TABLE_STYLE}</a:tableStyleId></a:tblPr><a:tblGrid>"]  # fmt: skip
        out += [f'<a:gridCol w="{w}"/>' for w in widths]
        out.append("</a:tblGrid>")
        for r, (cells, height) in enumerate(zip(rows, heights)):
            fill = None if r == 0 else (light if r % 2 == 0 else "#FFFFFF")
            out.append(f'<a:tr h="{height}">')
            out += [self.cell(cell, block.size, cell.fill or fill) for cell in cells]
            out.append("</a:tr>")
        out.append("</a:tbl></a:graphicData></a:graphic></p:graphicFrame>")
        slide.shapes.append(_Shape(2, "".join(out)))

    def cell(self, cell: Cell, size: float, fill: str | None) -> str:
        color = cell.color or self.palette.get("text")
        if cell.text.plain:
            para = self.paragraph(cell.text, size, cell.bold, color)
        else:
            # an empty cell (a group name shown once) is a line at the table's size: without
            # endParaRPr its empty paragraph takes the template's 18 pt and the row grows
            para = f'<a:p><a:endParaRPr sz="{_points(size)}" lang={quoteattr(self.lang)}/></a:p>'
        body = self.body(para, tag="a:txBody")
        fill_xml = _fill(fill) if fill else ""
        return f'<a:tc>{body}<a:tcPr{_CELL_MARGINS} anchor="t">{fill_xml}</a:tcPr></a:tc>'

    def chart(self, slide: _SlideWriter, block: ChartBlock, box: Box) -> None:
        pkg = self.pkg
        name = pkg.next_partname("ppt/charts/chart%d.xml")
        # axis, label and title text that reads on what lies behind the chart, else the chart
        # on a backing of its own
        choice = self.legible(box, str(self.palette.get("text") or "#1A1A1A"), 14, False,
                              "chart text")  # fmt: skip
        pkg.add(name, chartxml.chart_xml(block.chart, block.colors, choice.color, choice.fill),
                _CT + "drawingml.chart+xml")  # fmt: skip
        book = pkg.next_partname("ppt/embeddings/Microsoft_Excel_Sheet%d.xlsx")
        when = ooxml.build_time(self.deck.properties.get("date", ""))
        data = workbook.workbook(block.chart, when)
        pkg.add(book, data, _CT + "spreadsheetml.sheet")
        pkg.relate(name, _RT + "package", book)
        ref = self.ref(slide, _RT + "chart", name)
        slide.shapes.append(_Shape(2, (
            f'<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="{slide.new_id()}" name="Chart" '
            f"descr={quoteattr(block.alt)}/><p:cNvGraphicFramePr><a:graphicFrameLocks "
            f'noGrp="1"/></p:cNvGraphicFramePr><p:nvPr/></p:nvGraphicFramePr>'
            f'{_xfrm(box, "p:xfrm")}<a:graphic><a:graphicData '
            f'uri="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart '
            f'xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" r:id="{ref}"/>'
            "</a:graphicData></a:graphic></p:graphicFrame>")))  # fmt: skip

    def picture(self, slide: _SlideWriter, path: str, name: str, alt: str, box: Box) -> None:
        """The picture at ``path`` placed at ``box``; the same image is stored once."""
        data = Path(path).read_bytes()
        digest = hashlib.sha1(data).hexdigest()
        if digest not in self.images:
            info = imageinfo.read(data)
            part = self.pkg.next_partname("ppt/media/image%d." + info.ext)
            self.pkg.add(part, data, info.content_type)
            self.images[digest] = part
        ref = self.ref(slide, _RT + "image", self.images[digest])
        slide.shapes.append(_Shape(_ORDER.get(name, 2), (
            f'<p:pic><p:nvPicPr><p:cNvPr id="{slide.new_id()}" name={quoteattr(name)} '
            f"descr={quoteattr(alt)}/><p:cNvPicPr><a:picLocks noChangeAspect=\"1\"/>"
            f'</p:cNvPicPr><p:nvPr/></p:nvPicPr><p:blipFill><a:blip r:embed="{ref}"/>'
            f"<a:stretch><a:fillRect/></a:stretch></p:blipFill><p:spPr>{_xfrm(box)}"
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>')))  # fmt: skip

    def image(self, slide: _SlideWriter, block: ImageBlock, box: Box) -> None:
        info = imageinfo.read(Path(block.path).read_bytes())
        natural_w, natural_h = info.size_emu()
        scale = min(box.width / natural_w, box.height / natural_h)
        width, height = int(natural_w * scale), int(natural_h * scale)
        place = Box(box.left + (box.width - width) // 2, box.top + (box.height - height) // 2,
                    width, height)  # fmt: skip
        self.picture(slide, block.path, "Picture", block.alt, place)

    def quote(self, slide: _SlideWriter, block: QuoteBlock, box: Box) -> None:
        inset = int(min(inches(0.6), box.width // 12))
        text_box = Box(box.left + inset, box.top + inches(0.2), box.width - 2 * inset,
                       box.height - inches(1.2))  # fmt: skip
        rtl = paragraph_rtl(block.text, self.lang)  # no Latin quotes around a Persian quote
        text = block.text if rtl else _plain("“") + block.text + _plain("”")
        choice = self.legible(text_box, self.color("primary"), block.size, False, "the quote")
        para = self.paragraph(text, block.size, italic=not rtl, color=choice.color)
        body_pr = '<a:bodyPr wrap="square" anchor="ctr"><a:spAutoFit/></a:bodyPr>'
        self.add_textbox(slide, text_box, "Quote", self.body(para, body_pr), choice.fill)
        if block.by:
            by = Box(text_box.left, box.bottom - inches(0.9), text_box.width, inches(0.6))
            # the box grows with its text (spAutoFit): judge the room it may grow into too
            room = Box(by.left, by.top - by.height, by.width, 3 * by.height)
            choice = self.legible(room, self.color("muted"), 18, False, "the attribution")
            para = self.paragraph(_plain("— ") + block.by, 18, color=choice.color, align="r")
            body_pr = '<a:bodyPr wrap="square"><a:spAutoFit/></a:bodyPr>'
            self.add_textbox(slide, by, "Attribution", self.body(para, body_pr), choice.fill)

    def body_color(self) -> str | None:
        """Body text keeps the template's colour, unless it would not read on its background."""
        return self.body_ink

    def color(self, key: str) -> str:
        """A palette colour for deckgen's own text."""
        return str(self.palette.get(key, "#1A1A1A"))

    def legible(self, box: Box, wanted: str, size: float, bold: bool,
                what: str) -> contrast.Choice:  # fmt: skip
        """A colour for text at ``box`` that reads on what really lies behind it on this
        slide's layout (WCAG 2.1), or a backing band; a warning when it departs from
        ``wanted``, once per kind of text for the template file (named on the first layout
        where it happens)."""
        assert self.layout is not None
        under = self.layout.backdrop.under(box)
        band = str(self.palette.get("background", "#FFFFFF"))
        choice = contrast.choose(wanted, under, size, bold, band, self.color("text"))
        if choice.departs:
            shown = min(under, key=lambda c: contrast.ratio(wanted, c))
            how = (f"a {choice.fill} backing band with {choice.color} text" if choice.fill
                   else choice.color)  # fmt: skip
            note = (f"{self.layout.part}: {what} in {wanted} would read at "
                    f"{contrast.worst(wanted, under):.1f}:1 on the template's background "
                    f"({shown}), below {contrast.needed(size, bold):g}:1; deckgen uses {how} "
                    f"({choice.contrast:.1f}:1)")  # fmt: skip
            key = ("", what)
            if key not in self.warned:  # once per kind of text, on the first layout seen
                self.warned.add(key)
                self.warnings.append(note)
        return choice

    def furniture(self, slide: _SlideWriter, plan: Slide, number: int) -> None:
        """Marking top and bottom, slide number, footer, source line and logo on every slide,
        as real text (screen readers skip what only sits on the master)."""
        area = self.prep.layouts[plan.role].area
        # where a template's decoration runs under the bands, the text gets a white backing
        backing = "#FFFFFF" if area.busy_bands else None
        margin = int(min(area.content.left, inches(0.6)))
        band_h = int(inches(TOP_BAND) - inches(0.08))
        bottom_top = int(self.height - inches(BOTTOM_BAND) + inches(0.04))
        number_box = Box(int(self.width - margin - inches(0.8)), bottom_top, inches(0.8), band_h)
        footer_box = Box(margin, bottom_top, inches(3.2), band_h)
        if self.deck.marking:
            mark = banner(self.deck.marking, self.palette.get("marking", "#1A1A1A"))
            size = max(self.sizes.get("marking", 12), mark.min_size)
            if mark.align == "right":  # TLP: right-justified; the number moves left
                width = inches(3)
                left, align = self.width - margin - width, "r"
                number_box = Box(margin, bottom_top, inches(0.6), band_h)
                footer_box = Box(margin + inches(0.7), bottom_top, inches(3.2), band_h)
            else:
                width = int(min(self.width - 2 * inches(2.5), inches(6)))
                left, align = (self.width - width) // 2, "ctr"
            for name, top in (("Marking (top)", inches(0.04)), ("Marking (bottom)", bottom_top)):
                box = Box(int(left), top, width, band_h)
                color, fill = mark.color, mark.fill or backing
                if fill is None:  # on the template's own background: a colour that reads
                    choice = self.legible(box, mark.color, size, True, "the marking")
                    color, fill = choice.color, choice.fill
                self.textbox(slide, box, mark.text, size, color, True, align, fill, name)
        muted = self.color("muted")
        if plan.role != "title":
            align = "l" if number_box.left == margin else "r"
            color = muted if backing else self.legible(number_box, muted, 12, False,
                                                       "the slide number").color  # fmt: skip
            self.textbox(slide, number_box, str(number), 12, color, align=align, fill=backing,
                         name="Slide number")  # fmt: skip
        if self.t.footer:
            color = muted if backing else self.legible(footer_box, muted, 10, False,
                                                       "the footer").color  # fmt: skip
            self.textbox(slide, footer_box, self.t.footer, 10, color, fill=backing,
                         name="Footer")  # fmt: skip
        if plan.source_line:
            size = self.sizes.get("source_line", 11)
            choice = self.legible(area.source, muted, size, False, "the source line")
            self.textbox(slide, area.source, plan.source_line, size, choice.color,
                         fill=choice.fill, name="Source line")  # fmt: skip
        if self.t.logo:
            self.logo(slide, margin)

    def logo(self, slide: _SlideWriter, margin: int) -> None:
        logo = self.t.logo
        assert logo is not None
        height = inches(min(logo.height, TOP_BAND - 0.08))
        info = imageinfo.read(Path(logo.path).read_bytes())
        natural_w, natural_h = info.size_emu()
        width = round(natural_w * (float(height) / float(natural_h)))  # python-pptx's rounding
        vertical, horizontal = logo.position.split("-")
        left = margin if horizontal == "left" else self.width - margin - width
        top = inches(0.04) if vertical == "top" else int(self.height - inches(0.04)) - height
        self.picture(slide, logo.path, "Logo", logo.alt, Box(left, top, width, height))

    # -- notes

    def notes(self, slide_part: str, text: str) -> None:
        pkg = self.pkg
        master = self.notes_master or self.default_notes_master()
        name = pkg.next_partname("ppt/notesSlides/notesSlide%d.xml")
        shapes = []
        next_id = 2
        if master not in self.notes_shapes:
            self.notes_shapes[master] = _notes_placeholders(pkg.parts[master])
        for ph_type, attrs in self.notes_shapes[master]:
            base = "Notes Placeholder" if ph_type == "body" else BASENAMES.get(ph_type, "")
            body = ""
            if ph_type == "body":
                paras = "".join(self.notes_line(line) for line in text.split("\n"))
                body = self.body(paras)
            shapes.append(f'<p:sp><p:nvSpPr><p:cNvPr id="{next_id}" name="{base} {next_id - 1}"/>'
                          '<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr>'
                          f"<p:ph{attrs}/></p:nvPr></p:nvSpPr><p:spPr/>{body}</p:sp>")  # fmt: skip
            next_id += 1
        xml = (f"{XML_HEAD}<p:notes {_NSDECLS}><p:cSld><p:spTree>"
               '<p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
               '<p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/>'
               '<a:chOff x="0" y="0"/><a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>'
               f"{''.join(shapes)}</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/>"
               "</p:clrMapOvr></p:notes>")  # fmt: skip
        pkg.add(name, xml.encode("utf-8"), _CT + "presentationml.notesSlide+xml")
        pkg.relate(name, _RT + "notesMaster", master)
        pkg.relate(name, _RT + "slide", slide_part)
        pkg.relate(slide_part, _RT + "notesSlide", name)

    def default_notes_master(self) -> str:
        """A template without a notes master gets Office's default one (python-pptx ships it),
        with the theme it needs."""
        spec = find_spec("pptx")  # locates the files without importing the library
        assert spec is not None and spec.origin is not None
        folder = Path(spec.origin).parent / "templates"
        pkg = self.pkg
        master = "ppt/notesMasters/notesMaster1.xml"
        pkg.add(master, (folder / "notesMaster.xml").read_bytes(),
                _CT + "presentationml.notesMaster+xml")  # fmt: skip
        theme = pkg.next_partname("ppt/theme/theme%d.xml")
        pkg.add(theme, (folder / "theme.xml").read_bytes(), _CT + "theme+xml")
        pkg.relate(master, _RT + "theme", theme)
        pkg.relate(self.presentation, _RT + "notesMaster", master)
        self.notes_master = master
        return master

    # -- package

    def finish_presentation(self, slide_ids: list[tuple[int, str]]) -> None:
        """The presentation's slide list: the template's samples out, the new slides in."""
        from lxml import etree

        pres = self.pkg.parts[self.presentation]
        root = etree.fromstring(pres)
        ns = {"p": NS_P}
        notes_rid = next((r.rid for r in self.pkg.rels(self.presentation).items
                          if r.type == _RT + "notesMaster"), None)  # fmt: skip
        if notes_rid and root.find("p:notesMasterIdLst", ns) is None:
            # a notes master the presentation relates must be listed: Keynote drops the
            # speaker notes of a deck whose notes master is not (deckgen may have added it)
            masters = etree.Element(f"{{{NS_P}}}notesMasterIdLst")
            etree.SubElement(masters, f"{{{NS_P}}}notesMasterId").set(f"{{{NS_R}}}id", notes_rid)
            after = root.find("p:sldMasterIdLst", ns)
            if after is not None:
                after.addnext(masters)
            else:
                root.insert(0, masters)
        id_list = root.find("p:sldIdLst", ns)
        if id_list is None:
            id_list = etree.Element(f"{{{NS_P}}}sldIdLst")
            anchor = None
            for tag in ("handoutMasterIdLst", "notesMasterIdLst", "sldMasterIdLst"):
                anchor = root.find(f"p:{tag}", ns)
                if anchor is not None:
                    break
            if anchor is not None:
                anchor.addnext(id_list)
            else:
                root.insert(0, id_list)
        for child in list(id_list):
            id_list.remove(child)
        for number, rid in slide_ids:
            item = etree.SubElement(id_list, f"{{{NS_P}}}sldId")
            item.set("id", str(number))
            item.set(f"{{{NS_R}}}id", rid)
        self.pkg.parts[self.presentation] = _serialize(root)

    def theme_fonts(self) -> None:
        """The template set's typefaces written into every master's theme (headings: major)."""
        fonts = self.t.fonts
        if not fonts:
            return
        from lxml import etree

        for part in self.prep.themes:
            if part not in self.pkg.parts:
                continue
            root = etree.fromstring(self.pkg.parts[part])
            for tag, key in (("majorFont", "heading"), ("minorFont", "body")):
                latin = root.find(f".//{{{NS_A}}}{tag}/{{{NS_A}}}latin")
                if latin is not None and fonts.get(key):
                    latin.set("typeface", fonts[key])
            self.pkg.parts[part] = _serialize(root)

    def theme_colors(self) -> None:
        """The set's own palette written into every master's theme colour scheme, so what a
        user adds later in PowerPoint follows the look (docs/templates.md gives the map)."""
        palette = self.t.deck_palette
        actors = list(palette.get("actors") or [])
        slots = {"dk1": palette.get("text"), "dk2": palette.get("primary"),
                 "lt2": palette.get("light"), "accent1": palette.get("accent"),
                 "hlink": palette.get("accent")}  # fmt: skip
        for n, color in enumerate(actors[1:6], 2):
            slots[f"accent{n}"] = color
        slots = {k: v for k, v in slots.items() if contrast.rgb(v)}
        if not slots:
            return
        from lxml import etree

        for part in self.prep.themes:
            if part not in self.pkg.parts:
                continue
            root = etree.fromstring(self.pkg.parts[part])
            scheme = root.find(f".//{{{NS_A}}}clrScheme")
            if scheme is None:
                continue
            for name, color in slots.items():
                slot = scheme.find(f"{{{NS_A}}}{name}")
                if slot is None:
                    continue
                for child in list(slot):
                    slot.remove(child)
                etree.SubElement(slot, f"{{{NS_A}}}srgbClr").set("val", _hex(str(color)))
            self.pkg.parts[part] = _serialize(root)

    def core_properties(self, when: dt.datetime) -> None:
        pkg = self.pkg
        name = pkg.related("", _RT.replace("officeDocument/2006/relationships/",
                                           "package/2006/relationships/metadata/")
                           + "core-properties")  # fmt: skip
        if name is None or name not in pkg.parts:
            name = "docProps/core.xml"
            pkg.add(name, ooxml.DEFAULT_CORE, "application/vnd.openxmlformats-package."
                                              "core-properties+xml")  # fmt: skip
            pkg.rels("").add("http://schemas.openxmlformats.org/package/2006/relationships/"
                             "metadata/core-properties", name)  # fmt: skip
        pkg.parts[name] = ooxml.core_properties_xml(pkg.parts[name], self.deck.properties, when)

    def notes_line(self, line: str) -> str:
        """A notes paragraph: runs in the briefing's language (screen readers and spelling
        checkers read it from each run), split at vertical tabs (soft breaks)."""
        out = []
        for i, piece in enumerate(line.split("\v")):
            if i:
                out.append("<a:br/>")
            if piece:
                # notes take inline markup like every text field (a phrase's language too)
                out += [self.run(st, None, st.bold, st.italic, None)
                        for st in stretches(parse(piece), self.lang)]  # fmt: skip
        head = '<a:pPr rtl="1" algn="r"/>' if paragraph_rtl(line, self.lang) else ""
        return f"<a:p>{head}{''.join(out)}</a:p>"


_PH_RE = re.compile(rb"<p:ph\b([^>]*?)/?>")
_PH_ATTR_RE = re.compile(rb'(type|idx|orient|sz)="([^"]*)"')


def _notes_placeholders(master: bytes) -> list[tuple[str, str]]:
    """The notes master's slide image, notes and number placeholders, as a notes slide
    clones them: their type and the attributes its `p:ph` carries."""
    out = []
    for match in _PH_RE.finditer(master):
        attrs = {k.decode(): v.decode() for k, v in _PH_ATTR_RE.findall(match.group(1))}
        ph_type = attrs.get("type", "obj")
        if ph_type not in ("sldImg", "body", "sldNum"):
            continue
        text = "".join(f' {k}="{attrs[k]}"' for k in ("type", "orient", "sz", "idx")
                       if k in attrs and attrs[k] not in ("horz", "full", "0"))  # fmt: skip
        out.append((ph_type, text))
    return out


def _serialize(root: etree._Element) -> bytes:
    from lxml import etree

    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _template_parts(path: Path) -> dict[str, bytes]:
    """The template's parts as the package reader checked them (a .potx made a .pptx)."""
    from deckgen.ooxml.safe_reader import read_package

    return dict(read_package(path, "deck"))


def write_deck(deck: Deck, prep: DeckPrep, template: TemplateSet,
               warnings: list[str] | None = None) -> bytes:  # fmt: skip
    """Serialize ``deck`` into the prepared deck template ``prep``; returns .pptx bytes.
    What the writer chose against the template (a colour, a backing band) goes to
    ``warnings``."""
    writer = _DeckWriter(deck, prep, template)
    data = writer.write()
    if warnings is not None:
        warnings += writer.warnings
    return data
