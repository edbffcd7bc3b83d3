"""A Deck plan and a prepared deck template to PowerPoint bytes, written as XML text.

Each slide is composed as one string: the placeholders its layout gives (as PowerPoint and
python-pptx clone them), then deckgen's own shapes, in reading order. The template's parts
are copied as they are, but for the slide list, the theme fonts and the core properties.
Nothing here imports python-pptx; a deck costs the same per slide at slide 2,000 as at 2.

The writer is a serializer: the plan, the template's facts and parts, the pictures' bytes and
the build time go in; bytes come out. It reads no file, no cache and no environment.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from deckgen import contrast
from deckgen import images as imageinfo
from deckgen.geometry import BOTTOM_BAND, TOP_BAND, Box
from deckgen.markings import banner
from deckgen.ooxml import zip as ooxml
from deckgen.ooxml.package import XML_HEAD, Package
from deckgen.ooxml.theme import with_typefaces
from deckgen.plan import (
    BulletsBlock,
    ChartBlock,
    Deck,
    ImageBlock,
    QuoteBlock,
    Slide,
    StatementBlock,
    TableBlock,
    TitleBlock,
)
from deckgen.templates.deck import DeckPrep, Holder, Layout
from deckgen.templates.placeholders import BODY_TYPES, TITLE_TYPES
from deckgen.templates.sets import TemplateSet
from deckgen.text import paragraph_rtl
from deckgen.text import plain as _plain
from deckgen.writers.deck import numbering
from deckgen.writers.deck.aside import draw_aside
from deckgen.writers.deck.notes import NotesWriter
from deckgen.writers.deck.shapes import ShapeWriter, mark_decorative
from deckgen.writers.deck.slide import (
    CT,
    NS_A,
    NS_P,
    NS_R,
    NSDECLS,
    RT,
    SlideWriter,
    TextWriter,
    hex_color,
    inches,
)

if TYPE_CHECKING:
    from lxml import etree

_SP_TREE_HEAD = ('<p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
                 "<p:grpSpPr/>")  # fmt: skip


@dataclass(frozen=True)
class DeckParts:
    """The bytes a deck is made from beside its plan: the template package's parts (as the
    safe reader checked them; a .potx made a .pptx) and the stock parts deckgen adds where
    a template lacks them."""

    template: Mapping[str, bytes]
    notes_master: bytes  # Office's default notes master (python-pptx ships it)
    notes_theme: bytes  # and the theme it needs
    workbook_theme: bytes  # the theme part of every chart's embedded workbook


class _DeckWriter(TextWriter):
    def __init__(self, deck: Deck, prep: DeckPrep, template: TemplateSet, parts: DeckParts,
                 media: Mapping[str, bytes], when: dt.datetime) -> None:  # fmt: skip
        super().__init__(deck.language)
        self.deck = deck
        self.prep = prep
        self.t = template
        self.parts = parts
        self.when = when
        self.width = prep.width
        self.height = prep.height
        self.palette = template.palette
        self.sizes = template.sizes
        self.layout: Layout | None = None  # the layout of the slide being written
        self.body_ink: str | None = None  # body text's colour where the template's won't read
        self.body_band: str | None = None  # and its backing band where no colour reads
        self.warnings: list[str] = []  # every colour or band chosen against the template's
        self.warned: set[tuple[str, str]] = set()
        self.pkg = Package(parts.template)
        self.media = media
        self.shapes = ShapeWriter(self.pkg, self.lang, self.palette, media,
                                  parts.workbook_theme, when)  # fmt: skip
        self.presentation = ""  # the presentation part, once found
        self.notes: NotesWriter | None = None  # once the template's notes master is known

    # -- slides

    def write(self) -> bytes:
        pkg = self.pkg
        self.presentation = pkg.related("", RT + "officeDocument") or "ppt/presentation.xml"
        pres_rels = pkg.rels(self.presentation)
        for rel in list(pres_rels.items):
            if rel.type == RT + "slide":
                pres_rels.drop(rel.rid)
        pkg.keep_reachable()  # the template's sample slides and what only they used
        self.notes = NotesWriter(pkg, self.lang, self.presentation,
                                 pkg.related(self.presentation, RT + "notesMaster"),
                                 self.parts.notes_master, self.parts.notes_theme)  # fmt: skip
        slide_ids = []
        for number, plan in enumerate(self.deck.slides, 1):
            slide_ids.append((255 + number, self.slide(plan, number)))
        self.finish_presentation(slide_ids)
        for name in pkg.parts:  # the template's bands and rules: decorative, as they are
            if re.fullmatch(r"ppt/(slideMasters|slideLayouts)/[^/]+\.xml", name):
                pkg.parts[name] = mark_decorative(pkg.parts[name])
        self.theme_fonts()
        self.theme_colors()
        self.core_properties(self.when)
        return ooxml.write_zip(pkg.files(), self.when, keep_order=True)

    def slide(self, plan: Slide, number: int) -> str:
        """Write one slide (and its notes); its relationship id in the presentation."""
        layout = self.prep.layouts[plan.role]
        pkg = self.pkg
        name = pkg.next_partname("ppt/slides/slide%d.xml")
        pkg.add(name, b"", CT + "presentationml.slide+xml")  # its XML once composed
        rid = pkg.relate(self.presentation, RT + "slide", name)
        pkg.relate(name, RT + "slideLayout", layout.part)
        slide = SlideWriter(layout, name)
        self.layout = layout
        self.hyperlink = lambda url: pkg.rels(name).add(RT + "hyperlink", url, external=True)
        self.title(slide, plan)
        self.content(slide, plan)
        self.furniture(slide, plan, number)
        pkg.parts[name] = (
            f"{XML_HEAD}<p:sld {NSDECLS}><p:cSld><p:spTree>{_SP_TREE_HEAD}{slide.xml()}"
            "</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>"
        ).encode()
        if plan.notes:
            assert self.notes is not None
            self.notes.notes(name, plan.notes)
        return rid

    def title(self, slide: SlideWriter, plan: Slide) -> None:
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

    def content(self, slide: SlideWriter, plan: Slide) -> None:
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
            if block.aside is not None:  # the what-changed box at the foot, the BLUF above
                box = draw_aside(self, slide, block.aside, box)
            para = self.paragraph(block.text, block.size, color=self.body_color(),
                                  ppr=' marL="0" indent="0"', tail="<a:buNone/>")  # fmt: skip
            self.body_frame(slide, box, para)
        elif isinstance(block, BulletsBlock):
            self.body_frame(slide, box, self.bullets(block))
        elif isinstance(block, TableBlock):
            self.shapes.table(slide, block, box)
        elif isinstance(block, ChartBlock):
            # axis, label and title text that reads on what lies behind the chart, else the
            # chart on a backing of its own
            choice = self.legible(box, str(self.palette.get("text") or "#1A1A1A"), 14, False,
                                  "chart text")  # fmt: skip
            self.shapes.chart(slide, block, box, choice.color, choice.fill)
        elif isinstance(block, ImageBlock):
            self.shapes.image(slide, block, box)
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

    def body_frame(self, slide: SlideWriter, box: Box, paragraphs: str) -> None:
        """Content in the layout's body placeholder, at ``box``; a text box where it has none."""
        holder = slide.placeholder(BODY_TYPES, largest=True)
        if holder is None:
            body_pr = '<a:bodyPr wrap="square"><a:spAutoFit/></a:bodyPr>'
            self.shapes.add_textbox(slide, box, "Content", self.body(paragraphs, body_pr),
                                    self.body_band)  # fmt: skip
            return
        if holder.at != box:
            holder.box = box
        holder.fill = self.body_band
        holder.body = self.body(paragraphs, '<a:bodyPr wrap="square"/>')

    def title_block(self, slide: SlideWriter, block: TitleBlock) -> None:
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
            self.shapes.textbox(slide, box, text, size, choice.color, fill=choice.fill,
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

    def quote(self, slide: SlideWriter, block: QuoteBlock, box: Box) -> None:
        inset = int(min(inches(0.6), box.width // 12))
        text_box = Box(box.left + inset, box.top + inches(0.2), box.width - 2 * inset,
                       box.height - inches(1.2))  # fmt: skip
        rtl = paragraph_rtl(block.text, self.lang)  # no Latin quotes around a Persian quote
        text = block.text if rtl else _plain("“") + block.text + _plain("”")
        choice = self.legible(text_box, self.color("primary"), block.size, False, "the quote")
        para = self.paragraph(text, block.size, italic=not rtl, color=choice.color)
        body_pr = '<a:bodyPr wrap="square" anchor="ctr"><a:spAutoFit/></a:bodyPr>'
        self.shapes.add_textbox(slide, text_box, "Quote", self.body(para, body_pr), choice.fill)
        if block.by:
            by = Box(text_box.left, box.bottom - inches(0.9), text_box.width, inches(0.6))
            # the box grows with its text (spAutoFit): judge the room it may grow into too
            room = Box(by.left, by.top - by.height, by.width, 3 * by.height)
            choice = self.legible(room, self.color("muted"), 18, False, "the attribution")
            para = self.paragraph(_plain("— ") + block.by, 18, color=choice.color, align="r")
            body_pr = '<a:bodyPr wrap="square"><a:spAutoFit/></a:bodyPr>'
            self.shapes.add_textbox(slide, by, "Attribution", self.body(para, body_pr), choice.fill)

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

    def furniture(self, slide: SlideWriter, plan: Slide, number: int) -> None:
        """Marking top and bottom, slide number, footer, source line and logo on every slide,
        as real text (screen readers skip what only sits on the master)."""
        area = self.prep.layouts[plan.role].area
        # where a template's decoration runs under the bands, the text gets a white backing
        backing = "#FFFFFF" if area.busy_bands else None
        margin = int(min(area.content.left, inches(0.6)))
        band_h = int(inches(TOP_BAND) - inches(0.08))
        bottom_top = int(self.height - inches(BOTTOM_BAND) + inches(0.04))
        # wide enough for "117 of 120" at 12 pt
        number_box = Box(int(self.width - margin - inches(1.2)), bottom_top, inches(1.2), band_h)
        footer_box = Box(margin, bottom_top, inches(3.2), band_h)
        marks: list[Box] = []
        if self.deck.marking:
            mark = banner(self.deck.marking, self.palette.get("marking", "#1A1A1A"))
            size = max(self.sizes.get("marking", 12), mark.min_size)
            if mark.align == "right":  # TLP: right-justified; the number moves left
                width = inches(3)
                left, align = self.width - margin - width, "r"
                number_box = Box(margin, bottom_top, inches(1.2), band_h)
                footer_box = Box(margin + inches(1.3), bottom_top, inches(3.2), band_h)
            else:
                width = int(min(self.width - 2 * inches(2.5), inches(6)))
                left, align = (self.width - width) // 2, "ctr"
            for name, top in (("Marking (top)", inches(0.04)), ("Marking (bottom)", bottom_top)):
                box = Box(int(left), top, width, band_h)
                marks.append(box)
                color, fill = mark.color, mark.fill or backing
                if fill is None:  # on the template's own background: a colour that reads
                    choice = self.legible(box, mark.color, size, True, "the marking")
                    color, fill = choice.color, choice.fill
                self.shapes.textbox(slide, box, mark.text, size, color, True, align, fill, name)
        muted = self.color("muted")
        if plan.role != "title" and plan.number != "":
            drawn = [(area.title, "the title"), (area.content, "the content")]
            drawn += [(box, "the marking") for box in marks]
            if plan.source_line:
                drawn.append((area.source, "the source line"))
            if self.t.footer:
                drawn.append((footer_box, "the footer"))
            if self.t.logo:
                drawn.append((self.logo_box(margin), "the logo"))
            layout = self.prep.layouts[plan.role]
            own = self.own_number(layout, drawn, bottom_top, band_h)
            if own is not None:  # the template's placeholder, in the template's style
                # unless its colour would not read there: then one that does, said
                choice = self.legible(own[1], layout.color("number"), 12, False,
                                      "the slide number")  # fmt: skip
                self.shapes.slide_number(slide, own[1], number, plan.number,
                                         self.deck.slide_number,
                                         choice.color if choice.departs else None,
                                         fill=choice.fill, holder=own[0])  # fmt: skip
            else:
                align = "l" if number_box.left == margin else "r"
                color = muted if backing else self.legible(number_box, muted, 12, False,
                                                           "the slide number").color  # fmt: skip
                self.shapes.slide_number(slide, number_box, number, plan.number,
                                         self.deck.slide_number, color, align, backing)  # fmt: skip
        if self.t.footer:
            color = muted if backing else self.legible(footer_box, muted, 10, False,
                                                       "the footer").color  # fmt: skip
            self.shapes.textbox(slide, footer_box, self.t.footer, 10, color, fill=backing,
                                name="Footer")  # fmt: skip
        if plan.source_line:
            size = self.sizes.get("source_line", 11)
            choice = self.legible(area.source, muted, size, False, "the source line")
            self.shapes.textbox(slide, area.source, plan.source_line, size, choice.color,
                                fill=choice.fill, name="Source line")  # fmt: skip
        if self.t.logo:
            self.logo(slide, margin)

    def logo(self, slide: SlideWriter, margin: int) -> None:
        logo = self.t.logo
        assert logo is not None
        self.shapes.picture(slide, logo.path, "Logo", logo.alt, self.logo_box(margin))

    def logo_box(self, margin: int) -> Box:
        """Where the template set's logo goes: its corner, as tall as the band allows."""
        logo = self.t.logo
        assert logo is not None
        height = inches(min(logo.height, TOP_BAND - 0.08))
        info = imageinfo.read(self.media[logo.path])
        natural_w, natural_h = info.size_emu()
        width = round(natural_w * (float(height) / float(natural_h)))  # python-pptx's rounding
        vertical, horizontal = logo.position.split("-")
        left = margin if horizontal == "left" else self.width - margin - width
        top = inches(0.04) if vertical == "top" else int(self.height - inches(0.04)) - height
        return Box(left, top, width, height)

    def own_number(self, layout: Layout, drawn: list[tuple[Box, str]], band_top: int,
                   band_h: int) -> tuple[Holder, Box] | None:  # fmt: skip
        """The layout's slide-number placeholder and where the number goes in it
        (numbering.place); None, deckgen's own corner, where it cannot, said once per
        layout."""
        if layout.number is None:
            return None
        longest = self.deck.slide_number.replace("{n}", str(max(self.deck.main, 1)))
        place, why = numbering.place(layout.number, drawn, (self.width, self.height),
                                     (band_top, band_h), longest, layout.number_size)  # fmt: skip
        if place is not None:
            return layout.number, place
        key = (layout.part, "slide number")
        if why and key not in self.warned:
            self.warned.add(key)
            self.warnings.append(f"{layout.part}: the layout's slide-number placeholder "
                                 f"{why}; deckgen writes the number in the bottom corner "
                                 "instead")  # fmt: skip
        return None

    # -- package

    def finish_presentation(self, slide_ids: list[tuple[int, str]]) -> None:
        """The presentation's slide list: the template's samples out, the new slides in."""
        from lxml import etree

        pres = self.pkg.parts[self.presentation]
        root = etree.fromstring(pres)
        ns = {"p": NS_P}
        notes_rid = next((r.rid for r in self.pkg.rels(self.presentation).items
                          if r.type == RT + "notesMaster"), None)  # fmt: skip
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
        for part in self.prep.themes:
            if part in self.pkg.parts:
                self.pkg.parts[part] = with_typefaces(self.pkg.parts[part], fonts)

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
                etree.SubElement(slot, f"{{{NS_A}}}srgbClr").set("val", hex_color(str(color)))
            self.pkg.parts[part] = _serialize(root)

    def core_properties(self, when: dt.datetime) -> None:
        pkg = self.pkg
        name = pkg.related("", RT.replace("officeDocument/2006/relationships/",
                                           "package/2006/relationships/metadata/")
                           + "core-properties")  # fmt: skip
        if name is None or name not in pkg.parts:
            name = "docProps/core.xml"
            pkg.add(name, ooxml.DEFAULT_CORE, "application/vnd.openxmlformats-package."
                                              "core-properties+xml")  # fmt: skip
            pkg.rels("").add("http://schemas.openxmlformats.org/package/2006/relationships/"
                             "metadata/core-properties", name)  # fmt: skip
        pkg.parts[name] = ooxml.core_properties_xml(pkg.parts[name], self.deck.properties, when)


def _serialize(root: etree._Element) -> bytes:
    from lxml import etree

    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def write_deck(deck: Deck, prep: DeckPrep, template: TemplateSet, parts: DeckParts,
               media: Mapping[str, bytes], when: dt.datetime,
               warnings: list[str] | None = None) -> bytes:  # fmt: skip
    """Serialize ``deck`` into the prepared deck template ``prep`` and its ``parts``; returns
    .pptx bytes. Pictures come from ``media`` (path -> bytes; every picture the plan and the
    set's logo name), dates from ``when``. What the writer chose against the template (a
    colour, a backing band) goes to ``warnings``."""
    writer = _DeckWriter(deck, prep, template, parts, media, when)
    data = writer.write()
    if warnings is not None:
        warnings += writer.warnings
    return data
