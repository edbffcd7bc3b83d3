"""A Deck plan and a deck template to PowerPoint bytes (the only python-pptx writer)."""

from __future__ import annotations

import io
from typing import Any

from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from ..errors import TemplateError
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

_TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
_BODY_TYPES = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT)
_CHART_TYPES = {
    "bar": XL_CHART_TYPE.BAR_CLUSTERED,
    "column": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "line": XL_CHART_TYPE.LINE_MARKERS,
    "pie": XL_CHART_TYPE.PIE,
}
# Bands the template keeps free for what deckgen draws on every slide (inches).
TOP_BAND = 0.42
BOTTOM_BAND = 0.45
SOURCE_BAND = 0.38


def _rgb(hex_color: str | None, default: str = "#1A1A1A") -> RGBColor:
    return RGBColor.from_string((hex_color or default).lstrip("#").upper())


class _DeckWriter:
    def __init__(self, deck: Deck, template: TemplateSet) -> None:
        self.deck = deck
        self.t = template
        try:
            self.prs = Presentation(str(template.deck))
        except Exception as exc:  # python-pptx raises several kinds for a bad file
            raise TemplateError(f"{template.deck}: cannot open the deck template: {exc}") from exc
        _drop_slides(self.prs)
        self.width = self.prs.slide_width
        self.height = self.prs.slide_height
        self.layouts = {layout.name.strip().lower(): layout for layout in self.prs.slide_layouts}
        self.palette = template.palette
        self.sizes = template.sizes
        self.lang = deck.language
        self.content = self._content_rect()

    # -- layout choice and geometry

    def layout(self, role: str) -> Any:
        wanted = str(self.t.layouts.get(role, "")).strip().lower()
        if wanted in self.layouts:
            return self.layouts[wanted]
        for fallback in ("title only", "title and content"):
            if fallback in self.layouts:
                return self.layouts[fallback]
        return self.prs.slide_layouts[0]

    def _content_rect(self) -> tuple[int, int, int, int]:
        """Left, top, width, height of the content area, from the template's body placeholder."""
        for source in (self.layouts.get("title and content"), self.prs.slide_master):
            if source is None:
                continue
            for ph in source.placeholders:
                if ph.placeholder_format.type in _BODY_TYPES and ph.width:
                    bottom = min(
                        ph.top + ph.height, self.height - Inches(BOTTOM_BAND + SOURCE_BAND)
                    )
                    return ph.left, ph.top, ph.width, bottom - ph.top
        margin = Inches(0.6)
        return (
            margin,
            Inches(1.75),
            self.width - 2 * margin,
            self.height - Inches(1.75 + BOTTOM_BAND + SOURCE_BAND),
        )

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
        rtl = is_rtl(text.plain)
        if rtl:
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

    def textbox(
        self,
        slide: Any,
        left: int,
        top: int,
        width: int,
        height: int,
        text: str,
        size: float,
        color: str | None = None,
        bold: bool = False,
        align: Any = None,
        fill: str | None = None,
        name: str = "Text",
    ) -> Any:
        box = slide.shapes.add_textbox(left, top, width, height)
        box.name = name
        frame = box.text_frame
        frame.word_wrap = True
        frame.margin_top = frame.margin_bottom = Inches(0.02)
        frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        if fill:
            box.fill.solid()
            box.fill.fore_color.rgb = _rgb(fill)
        self.fill_text(frame, _plain(text), size, bold, color, align)
        return box

    # -- slides

    def write(self) -> bytes:
        total = len(self.deck.slides)
        for number, plan in enumerate(self.deck.slides, 1):
            slide = self.prs.slides.add_slide(self.layout(plan.role))
            self.title(slide, plan)
            self.body(slide, plan)
            self.furniture(slide, plan, number, total)
            if plan.notes:
                slide.notes_slide.notes_text_frame.text = plan.notes
            _remove_empty_placeholders(slide)
        when = ooxml.build_time(self.deck.properties.get("date", ""))
        ooxml.set_core_properties(self.prs.core_properties, self.deck.properties, when)
        buffer = io.BytesIO()
        self.prs.save(buffer)
        return ooxml.normalize_zip(buffer.getvalue(), when)

    def title(self, slide: Any, plan: Slide) -> None:
        holder = _placeholder(slide, _TITLE_TYPES)
        if holder is None:
            left, _top, width, _ = self.content
            holder = slide.shapes.add_textbox(left, Inches(0.55), width, Inches(0.95))
            holder.name = "Title"
        self.fill_text(holder.text_frame, plan.title)

    def body(self, slide: Any, plan: Slide) -> None:
        block = plan.body
        if isinstance(block, TitleBlock):
            self.title_block(slide, block)
        elif isinstance(block, StatementBlock):
            self.statement(slide, block)
        elif isinstance(block, BulletsBlock):
            self.bullets(slide, block)
        elif isinstance(block, TableBlock):
            self.table(slide, block)
        elif isinstance(block, ChartBlock):
            self.chart(slide, block)
        elif isinstance(block, ImageBlock):
            self.image(slide, block)
        elif isinstance(block, QuoteBlock):
            self.quote(slide, block)
        elif plan.role == "closing":
            holder = _placeholder(slide, _BODY_TYPES)
            if holder is not None:
                self.fill_text(holder.text_frame, _plain(self.deck.properties.get("title", "")))

    def title_block(self, slide: Any, block: TitleBlock) -> None:
        sub = _placeholder(slide, (PP_PLACEHOLDER.SUBTITLE, *_BODY_TYPES))
        if sub is not None and block.subtitle:
            self.fill_text(sub.text_frame, block.subtitle)
        left = Inches(0.8)
        width = self.width - 2 * left
        top = Inches(4.95)
        muted = self.palette.get("muted")
        for line in block.lines:
            self.textbox(
                slide,
                left,
                top,
                width,
                Inches(0.4),
                line,
                18,
                self.palette.get("text"),
                name="Title detail",
            )
            top += Inches(0.42)
        if block.distribution:
            self.textbox(
                slide,
                left,
                top + Inches(0.1),
                width,
                Inches(0.4),
                block.distribution,
                14,
                muted,
                name="Distribution",
            )

    def statement(self, slide: Any, block: StatementBlock) -> None:
        holder = _placeholder(slide, _BODY_TYPES)
        if holder is None:
            holder = slide.shapes.add_textbox(*self.content)
        frame = holder.text_frame
        frame.word_wrap = True
        self.fill_text(frame, block.text, block.size)
        _no_bullet(frame.paragraphs[0])

    def bullets(self, slide: Any, block: BulletsBlock) -> None:
        holder = _placeholder(slide, _BODY_TYPES)
        if holder is None:
            holder = slide.shapes.add_textbox(*self.content)
        frame = holder.text_frame
        frame.clear()
        for i, item in enumerate(block.items):
            para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            para.level = item.level
            size = block.size if item.level == 0 else block.size - 3
            self.write_paragraph(para, item.text, size)

    def table(self, slide: Any, block: TableBlock) -> None:
        left, top, width, _height = self.content
        rows = len(block.rows) + 1
        cols = len(block.header)
        frame = slide.shapes.add_table(rows, cols, left, top, width, Inches(0.4) * rows)
        frame.name = "Table"
        table = frame.table
        table.first_row = True  # marks the header row for screen readers
        table.horz_banding = False
        widths = [int(width * w) for w in block.widths]
        widths[-1] = width - sum(widths[:-1])
        for col, w in zip(table.columns, widths):
            col.width = Emu(w)
        for row in table.rows:
            row.height = Inches(0.4)
        light = self.palette.get("light", "#EEF1F5")
        for c, cell in enumerate(block.header):
            self.cell(table.cell(0, c), cell, block.size, cell.fill)
        for r, row in enumerate(block.rows, 1):
            fill = light if r % 2 == 0 else "#FFFFFF"
            for c, cell in enumerate(row):
                self.cell(table.cell(r, c), cell, block.size, cell.fill or fill)

    def cell(self, target: Any, cell: Cell, size: float, fill: str | None) -> None:
        target.margin_left = target.margin_right = Inches(0.08)
        target.margin_top = target.margin_bottom = Inches(0.05)
        target.vertical_anchor = MSO_ANCHOR.TOP
        if fill:
            target.fill.solid()
            target.fill.fore_color.rgb = _rgb(fill)
        self.fill_text(
            target.text_frame, cell.text, size, cell.bold, cell.color or self.palette.get("text")
        )

    def chart(self, slide: Any, block: ChartBlock) -> None:
        data = CategoryChartData()
        data.categories = list(block.chart.categories)
        for name, values in block.chart.series:
            data.add_series(name, values)
        frame = slide.shapes.add_chart(_CHART_TYPES[block.chart.type], *self.content, data)
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

    def image(self, slide: Any, block: ImageBlock) -> None:
        left, top, width, height = self.content
        picture = slide.shapes.add_picture(block.path, left, top)
        scale = min(width / picture.width, height / picture.height)
        picture.width = int(picture.width * scale)
        picture.height = int(picture.height * scale)
        picture.left = left + (width - picture.width) // 2
        picture.top = top + (height - picture.height) // 2
        picture.name = "Picture"
        _set_alt(picture, block.alt)

    def quote(self, slide: Any, block: QuoteBlock) -> None:
        left, top, width, height = self.content
        inset = Inches(0.6)
        box = slide.shapes.add_textbox(
            left + inset, top + Inches(0.3), width - 2 * inset, height - Inches(1.4)
        )
        box.name = "Quote"
        frame = box.text_frame
        frame.word_wrap = True
        frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        rtl = block.text.is_rtl
        text = _plain("“") + block.text + _plain("”") if not rtl else block.text
        self.fill_text(frame, text, 28, italic=not rtl, color=self.palette.get("primary"))
        if block.by:
            by = slide.shapes.add_textbox(
                left + inset, top + height - Inches(1.0), width - 2 * inset, Inches(0.6)
            )
            by.name = "Attribution"
            by.text_frame.word_wrap = True
            self.fill_text(
                by.text_frame,
                _plain("— ") + block.by,
                18,
                color=self.palette.get("muted"),
                align=PP_ALIGN.RIGHT,
            )

    def furniture(self, slide: Any, plan: Slide, number: int, total: int) -> None:
        """Marking top and bottom, slide number, source line: on every slide, as real text."""
        margin = self.content[0]
        number_left = self.width - margin - Inches(1.0)  # slide number at the bottom right
        if self.deck.marking:
            mark = banner(self.deck.marking, self.palette.get("marking", "#1A1A1A"))
            size = max(self.sizes.get("marking", 12), mark.min_size)
            if mark.align == "right":  # TLP: right-justified; the number moves left
                left, width, align = self.width - margin - Inches(3), Inches(3), PP_ALIGN.RIGHT
                number_left = margin
            else:
                left, width, align = Inches(2.5), self.width - Inches(5), PP_ALIGN.CENTER
            for name, top in (
                ("Marking (top)", Inches(0.04)),
                ("Marking (bottom)", self.height - Inches(BOTTOM_BAND) + Inches(0.04)),
            ):
                height = Inches(TOP_BAND) - Inches(0.08)
                self.textbox(
                    slide,
                    left,
                    top,
                    width,
                    height,
                    mark.text,
                    size,
                    mark.color,
                    True,
                    align,
                    mark.fill,
                    name,
                )
        if plan.role != "title":
            self.textbox(
                slide,
                number_left,
                self.height - Inches(BOTTOM_BAND) + Inches(0.04),
                Inches(1.0),
                Inches(BOTTOM_BAND) - Inches(0.08),
                str(number),
                12,
                self.palette.get("muted"),
                align=PP_ALIGN.RIGHT if number_left != margin else PP_ALIGN.LEFT,
                name="Slide number",
            )
        if plan.source_line:
            left = self.content[0]
            self.textbox(
                slide,
                left,
                self.height - Inches(BOTTOM_BAND + SOURCE_BAND),
                self.width - 2 * left,
                Inches(SOURCE_BAND),
                plan.source_line,
                self.sizes.get("source_line", 11),
                self.palette.get("muted"),
                name="Source line",
            )


def _placeholder(slide: Any, types: tuple[Any, ...]) -> Any:
    """The first placeholder of one of ``types``, top-most first; never by index."""
    found = [ph for ph in slide.placeholders if ph.placeholder_format.type in types]
    found.sort(key=lambda ph: (ph.top or 0, ph.left or 0))
    return found[0] if found else None


def _no_bullet(para: Any) -> None:
    ppr = para._p.get_or_add_pPr()
    ppr.set("marL", "0")
    ppr.set("indent", "0")
    for child in ppr.findall(qn("a:buNone")):
        ppr.remove(child)
    etree.SubElement(ppr, qn("a:buNone"))


def _set_alt(shape: Any, alt: str) -> None:
    shape._element.xpath("./*[1]/p:cNvPr")[0].set("descr", alt)


def _remove_empty_placeholders(slide: Any) -> None:
    """Drop placeholders left empty, so no "Click to add text" prompt stays in the deck."""
    for ph in list(slide.placeholders):
        if ph.has_text_frame and not ph.text_frame.text.strip():
            ph._element.getparent().remove(ph._element)


def _drop_slides(prs: Any) -> None:
    """Remove a template's sample slides: the slide-id entry and its relationship, so no
    orphan part is left for PowerPoint to repair."""
    id_list = prs.slides._sldIdLst
    for sld_id in list(id_list):
        prs.part.drop_rel(sld_id.rId)
        id_list.remove(sld_id)


def write_deck(deck: Deck, template: TemplateSet) -> bytes:
    """Serialize ``deck`` through the template set's deck file; returns .pptx bytes."""
    return _DeckWriter(deck, template).write()
