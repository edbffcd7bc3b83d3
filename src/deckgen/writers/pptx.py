"""A Deck plan and an opened deck template to PowerPoint bytes (the only python-pptx writer)."""

from __future__ import annotations

import io
from typing import Any

from lxml import etree
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from ..decktemplate import (
    BODY_TYPES,
    BOTTOM_BAND,
    TITLE_TYPES,
    TOP_BAND,
    Box,
    DeckTemplate,
    dark_under,
    place,
    placeholder_on,
    strip_furniture,
)
from ..markings import banner
from ..plan import (
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
from ..template import TemplateSet
from ..text import Text, is_rtl
from ..text import plain as _plain
from . import ooxml

_CHART_TYPES = {
    "bar": XL_CHART_TYPE.BAR_CLUSTERED,
    "column": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "line": XL_CHART_TYPE.LINE_MARKERS,
    "pie": XL_CHART_TYPE.PIE,
}


def _rgb(hex_color: str | None, default: str = "#1A1A1A") -> RGBColor:
    return RGBColor.from_string((hex_color or default).lstrip("#").upper())


class _DeckWriter:
    def __init__(self, deck: Deck, dt: DeckTemplate, template: TemplateSet) -> None:
        self.deck = deck
        self.dt = dt
        self.t = template
        self.prs = dt.prs
        _drop_slides(self.prs)
        self.width = dt.width
        self.height = dt.height
        self.palette = template.palette
        self.sizes = template.sizes
        self.lang = deck.language
        self.on_dark = False  # the area being written sits on a dark shape of the layout

    # -- text

    def fill_text(self, frame: Any, text: Text, *style: Any, **named: Any) -> None:
        """Replace ``frame``'s text with one paragraph (styled as ``write_paragraph``)."""
        frame.clear()
        self.write_paragraph(frame.paragraphs[0], text, *style, **named)

    def write_paragraph(
        self,
        para: Any,
        text: Text,
        size: float | None = None,
        bold: bool = False,
        color: str | None = None,
        align: Any = None,
        italic: bool = False,
    ) -> None:
        if is_rtl(text.plain):
            para._p.get_or_add_pPr().set("rtl", "1")
            align = PP_ALIGN.RIGHT
        if align is not None:
            para.alignment = align
        for r in text.runs:
            run = para.add_run()
            run.text = r.text
            font = run.font
            if r.bold or bold:
                font.bold = True
            if r.italic or italic:
                font.italic = True
            if size:
                font.size = Pt(size)
            if color:
                font.color.rgb = _rgb(color)
            run._r.get_or_add_rPr().set("lang", self.lang)

    def textbox(self, slide: Any, box: Box, text: str, size: float, color: str | None = None,
                bold: bool = False, align: Any = None, fill: str | None = None,
                name: str = "Text") -> Any:  # fmt: skip
        shape = slide.shapes.add_textbox(box.left, box.top, box.width, box.height)
        shape.name = name
        frame = shape.text_frame
        frame.word_wrap = True
        frame.margin_top = frame.margin_bottom = Inches(0.02)
        frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        if fill:
            shape.fill.solid()
            shape.fill.fore_color.rgb = _rgb(fill)
        self.fill_text(frame, _plain(text), size, bold, color, align)
        return shape

    # -- slides

    def write(self) -> bytes:
        for number, plan in enumerate(self.deck.slides, 1):
            slide = self.prs.slides.add_slide(self.dt.choices[plan.role].layout)
            strip_furniture(slide)
            self.title(slide, plan)
            self.body(slide, plan)
            self.furniture(slide, plan, number)
            if plan.notes:
                slide.notes_slide.notes_text_frame.text = plan.notes
            _remove_empty_placeholders(slide)
            _reading_order(slide)
        when = ooxml.build_time(self.deck.properties.get("date", ""))
        ooxml.set_core_properties(self.prs.core_properties, self.deck.properties, when)
        buffer = io.BytesIO()
        self.prs.save(buffer)
        return ooxml.normalize_zip(buffer.getvalue(), when)

    def title(self, slide: Any, plan: Slide) -> None:
        holder = placeholder_on(slide, TITLE_TYPES)
        box = self.dt.areas[plan.role].title
        if (holder.left, holder.top, holder.width, holder.height) != (
            box.left, box.top, box.width, box.height,
        ):  # fmt: skip
            place(holder, box)  # kept clear of the marking band and the slide's edges
        light = "#FFFFFF" if self.dt.areas[plan.role].title_dark else None
        self.fill_text(holder.text_frame, plan.title, plan.title_size, color=light)

    def body(self, slide: Any, plan: Slide) -> None:
        block = plan.body
        box = self.dt.areas[plan.role].content
        self.on_dark = self.dt.areas[plan.role].dark
        if isinstance(block, TitleBlock):
            self.title_block(slide, block)
        elif isinstance(block, StatementBlock):
            frame = self.body_frame(slide, box)
            self.fill_text(frame, block.text, block.size, color=self.body_color())
            _no_bullet(frame.paragraphs[0])
        elif isinstance(block, BulletsBlock):
            self.bullets(self.body_frame(slide, box), block)
        elif isinstance(block, TableBlock):
            self.table(slide, block, box)
        elif isinstance(block, ChartBlock):
            self.chart(slide, block, box)
        elif isinstance(block, ImageBlock):
            self.image(slide, block, box)
        elif isinstance(block, QuoteBlock):
            self.quote(slide, block, box)
        elif plan.role == "closing":
            holder = placeholder_on(slide, BODY_TYPES, largest=True)
            if holder is not None:
                self.fill_text(holder.text_frame, _plain(self.deck.properties.get("title", "")))

    def body_frame(self, slide: Any, box: Box) -> Any:
        """The text frame content goes in: the layout's body placeholder, at ``box``."""
        holder = placeholder_on(slide, BODY_TYPES, largest=True)
        if holder is None:
            holder = slide.shapes.add_textbox(box.left, box.top, box.width, box.height)
            holder.name = "Content"
        elif (holder.left, holder.top, holder.width, holder.height) != (
            box.left, box.top, box.width, box.height,
        ):  # fmt: skip
            place(holder, box)
        holder.text_frame.word_wrap = True
        return holder.text_frame

    def title_block(self, slide: Any, block: TitleBlock) -> None:
        title = placeholder_on(slide, TITLE_TYPES)
        bottom = title.top + title.height
        sub = placeholder_on(slide, (PP_PLACEHOLDER.SUBTITLE, *BODY_TYPES))
        if sub is not None:
            bottom = max(bottom, sub.top + sub.height)  # the area the designer gave it
            if block.subtitle:
                self.fill_text(sub.text_frame, block.subtitle)
        elif block.subtitle:
            block.lines.insert(0, block.subtitle.plain)
        # date, version, author and distribution below the title, clear of the bottom band
        rows = [(line, 18.0, "text") for line in block.lines]
        if block.distribution:
            rows.append((block.distribution, 14.0, "muted"))
        limit = self.height - Inches(BOTTOM_BAND + 0.05)
        top = int(min(bottom + Inches(0.25), limit - Inches(0.42) * len(rows)))
        left = int(min(title.left, Inches(0.8)))
        layout = self.dt.choices["title"].layout
        for text, size, key in rows:
            box = Box(left, top, int(self.width - 2 * left), int(Inches(0.4)))
            self.on_dark = dark_under(layout, box)  # each line on what lies under it
            self.textbox(slide, box, text, size, self.color(key), name="Title detail")
            top += int(Inches(0.42))
        self.on_dark = False

    def bullets(self, frame: Any, block: BulletsBlock) -> None:
        frame.clear()
        for i, item in enumerate(block.items):
            para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            para.level = item.level
            size = block.size if item.level == 0 else block.size - 3
            self.write_paragraph(para, item.text, size, color=self.body_color())

    def table(self, slide: Any, block: TableBlock, box: Box) -> None:
        rows = len(block.rows) + 1
        cols = len(block.header)
        frame = slide.shapes.add_table(rows, cols, box.left, box.top, box.width,
                                       Inches(0.4) * rows)  # fmt: skip
        frame.name = "Table"
        table = frame.table
        table.first_row = True  # marks the header row for screen readers
        table.horz_banding = False
        widths = [int(box.width * w) for w in block.widths]
        widths[-1] = box.width - sum(widths[:-1])
        for col, w in zip(table.columns, widths):
            col.width = Emu(w)
        light = self.palette.get("light", "#EEF1F5")
        for r, (row, cells) in enumerate(zip(table.rows, [block.header, *block.rows])):
            row.height = Inches(0.4)
            fill = None if r == 0 else (light if r % 2 == 0 else "#FFFFFF")
            for target, cell in zip(row.cells, cells):
                self.cell(target, cell, block.size, cell.fill or fill)

    def cell(self, target: Any, cell: Cell, size: float, fill: str | None) -> None:
        target.margin_left = target.margin_right = Inches(0.08)
        target.margin_top = target.margin_bottom = Inches(0.05)
        target.vertical_anchor = MSO_ANCHOR.TOP
        if fill:
            target.fill.solid()
            target.fill.fore_color.rgb = _rgb(fill)
        color = cell.color or self.palette.get("text")
        self.fill_text(target.text_frame, cell.text, size, cell.bold, color)

    def chart(self, slide: Any, block: ChartBlock, box: Box) -> None:
        data = CategoryChartData()
        data.categories = list(block.chart.categories)
        for name, values in block.chart.series:
            data.add_series(name, values)
        kind = _CHART_TYPES[block.chart.type]
        frame = slide.shapes.add_chart(kind, box.left, box.top, box.width, box.height, data)
        frame.name = "Chart"
        _set_alt(frame, block.alt)
        chart = frame.chart
        chart.font.size = Pt(14)
        chart.font.color.rgb = _rgb(self.palette.get("text"))
        multi = len(block.chart.series) > 1 or block.chart.type == "pie"
        chart.has_legend = multi
        if multi:
            chart.legend.position = XL_LEGEND_POSITION.BOTTOM
            chart.legend.include_in_layout = False
        if block.chart.type == "bar":
            # bar charts draw the first category at the bottom; readers expect it on top
            chart.category_axis.reverse_order = True
        plot = chart.plots[0]
        plot.has_data_labels = True  # values in words, not colour alone
        plot.data_labels.font.size = Pt(14)
        if block.chart.type == "pie":
            plot.data_labels.show_category_name = True
            for i, point in enumerate(plot.series[0].points):
                point.format.fill.solid()
                point.format.fill.fore_color.rgb = _rgb(block.colors[i % len(block.colors)])
        else:
            for i, series in enumerate(plot.series):
                color = _rgb(block.colors[i % len(block.colors)])
                if block.chart.type == "line":
                    series.format.line.color.rgb = color
                else:
                    series.format.fill.solid()
                    series.format.fill.fore_color.rgb = color
            if block.chart.title:
                chart.has_title = True
                chart.chart_title.text_frame.text = block.chart.title

    def image(self, slide: Any, block: ImageBlock, box: Box) -> None:
        picture = slide.shapes.add_picture(block.path, box.left, box.top)
        scale = min(box.width / picture.width, box.height / picture.height)
        picture.width = int(picture.width * scale)
        picture.height = int(picture.height * scale)
        picture.left = box.left + (box.width - picture.width) // 2
        picture.top = box.top + (box.height - picture.height) // 2
        picture.name = "Picture"
        _set_alt(picture, block.alt)

    def quote(self, slide: Any, block: QuoteBlock, box: Box) -> None:
        inset = int(min(Inches(0.6), box.width // 12))
        text_box = Box(box.left + inset, box.top + int(Inches(0.2)), box.width - 2 * inset,
                       box.height - int(Inches(1.2)))  # fmt: skip
        shape = slide.shapes.add_textbox(text_box.left, text_box.top, text_box.width,
                                         text_box.height)  # fmt: skip
        shape.name = "Quote"
        frame = shape.text_frame
        frame.word_wrap = True
        frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        rtl = block.text.is_rtl
        text = block.text if rtl else _plain("“") + block.text + _plain("”")
        self.fill_text(frame, text, block.size, italic=not rtl, color=self.color("primary"))
        if block.by:
            by = Box(text_box.left, box.bottom - int(Inches(0.9)), text_box.width,
                     int(Inches(0.6)))  # fmt: skip
            shape = slide.shapes.add_textbox(by.left, by.top, by.width, by.height)
            shape.name = "Attribution"
            shape.text_frame.word_wrap = True
            self.fill_text(shape.text_frame, _plain("— ") + block.by, 18,
                           color=self.color("muted"), align=PP_ALIGN.RIGHT)  # fmt: skip

    def body_color(self) -> str | None:
        """Body text keeps the template's colour, unless it would vanish on a dark area."""
        return "#FFFFFF" if self.on_dark else None

    def color(self, key: str) -> str:
        """A palette colour for deckgen's own text, lightened on a dark background."""
        if self.on_dark:
            return {"muted": "#D9D9D9"}.get(key, "#FFFFFF")
        return str(self.palette.get(key, "#1A1A1A"))

    def furniture(self, slide: Any, plan: Slide, number: int) -> None:
        """Marking top and bottom, slide number, footer, source line and logo on every slide,
        as real text (screen readers skip what only sits on the master)."""
        area = self.dt.areas[plan.role]
        # where a template's decoration runs under the bands, the text gets a white backing
        backing = "#FFFFFF" if area.busy_bands else None
        margin = int(min(area.content.left, Inches(0.6)))
        band_h = int(Inches(TOP_BAND) - Inches(0.08))
        bottom_top = int(self.height - Inches(BOTTOM_BAND) + Inches(0.04))
        number_box = Box(int(self.width - margin - Inches(0.8)), bottom_top, int(Inches(0.8)),
                         band_h)  # fmt: skip
        footer_box = Box(margin, bottom_top, int(Inches(3.2)), band_h)
        if self.deck.marking:
            mark = banner(self.deck.marking, self.palette.get("marking", "#1A1A1A"))
            size = max(self.sizes.get("marking", 12), mark.min_size)
            if mark.align == "right":  # TLP: right-justified; the number moves left
                width = int(Inches(3))
                left, align = self.width - margin - width, PP_ALIGN.RIGHT
                number_box = Box(margin, bottom_top, int(Inches(0.6)), band_h)
                footer_box = Box(margin + int(Inches(0.7)), bottom_top, int(Inches(3.2)), band_h)
            else:
                width = int(min(self.width - 2 * Inches(2.5), Inches(6)))
                left, align = (self.width - width) // 2, PP_ALIGN.CENTER
            fill = mark.fill or backing
            for name, top in (("Marking (top)", int(Inches(0.04))), ("Marking (bottom)",
                                                                      bottom_top)):  # fmt: skip
                self.textbox(slide, Box(int(left), top, width, band_h), mark.text, size,
                             mark.color, True, align, fill, name)  # fmt: skip
        muted = self.palette.get("muted")
        if plan.role != "title":
            align = PP_ALIGN.LEFT if number_box.left == margin else PP_ALIGN.RIGHT
            self.textbox(slide, number_box, str(number), 12, muted, align=align, fill=backing,
                         name="Slide number")  # fmt: skip
        if self.t.footer:
            self.textbox(slide, footer_box, self.t.footer, 10, muted, fill=backing,
                         name="Footer")  # fmt: skip
        if plan.source_line:
            self.textbox(slide, area.source, plan.source_line,
                         self.sizes.get("source_line", 11), self.color("muted"),
                         name="Source line")  # fmt: skip
        if self.t.logo:
            self.logo(slide, margin)

    def logo(self, slide: Any, margin: int) -> None:
        logo = self.t.logo
        assert logo is not None
        height = int(Inches(min(logo.height, TOP_BAND - 0.08)))
        picture = slide.shapes.add_picture(logo.path, 0, 0, height=height)
        vertical, horizontal = logo.position.split("-")
        picture.left = margin if horizontal == "left" else self.width - margin - picture.width
        picture.top = (int(Inches(0.04)) if vertical == "top"
                       else int(self.height - Inches(0.04)) - height)  # fmt: skip
        picture.name = "Logo"
        _set_alt(picture, logo.alt)


def _no_bullet(para: Any) -> None:
    ppr = para._p.get_or_add_pPr()
    ppr.set("marL", "0")
    ppr.set("indent", "0")
    for child in ppr.findall(qn("a:buNone")):
        ppr.remove(child)
    etree.SubElement(ppr, qn("a:buNone"))


def _set_alt(shape: Any, alt: str) -> None:
    shape._element.xpath("./*[1]/p:cNvPr")[0].set("descr", alt)


# Screen readers read shapes in document order: the marking first (briefings announce
# their classification at the start), then the title, the content, its source, and last
# what repeats on every slide.
_ORDER = {"Marking (top)": 0, "Source line": 3, "Footer": 4, "Marking (bottom)": 5,
          "Slide number": 6, "Logo": 7}  # fmt: skip


def _reading_order(slide: Any) -> None:
    shapes = list(slide.shapes)

    def rank(shape: Any) -> int:
        if shape.name in _ORDER:
            return _ORDER[shape.name]
        is_title = shape.is_placeholder and shape.placeholder_format.type in TITLE_TYPES
        return 1 if is_title else 2

    if not shapes:
        return
    anchor = shapes[0]._element.getprevious()  # after nvGrpSpPr and grpSpPr
    for shape in sorted(shapes, key=rank):  # stable: content keeps its own order
        anchor.addnext(shape._element)
        anchor = shape._element


def _remove_empty_placeholders(slide: Any) -> None:
    """Drop placeholders left empty, so no "Click to add text" prompt stays in the deck."""
    for ph in list(slide.placeholders):
        if not ph.has_text_frame or not ph.text_frame.text.strip():
            ph._element.getparent().remove(ph._element)


def _drop_slides(prs: Any) -> None:
    """Remove a template's sample slides: the slide-id entry and its relationship, so no
    orphan part is left for PowerPoint to repair."""
    id_list = prs.slides._sldIdLst
    for sld_id in list(id_list):
        prs.part.drop_rel(sld_id.rId)
        id_list.remove(sld_id)


def write_deck(deck: Deck, dt: DeckTemplate, template: TemplateSet) -> bytes:
    """Serialize ``deck`` into the opened deck template ``dt``; returns .pptx bytes."""
    return _DeckWriter(deck, dt, template).write()
