"""A slide's content blocks to its shapes: text boxes, tables, pictures and chart frames.

Each shape is written onto the slide being composed, with the parts it needs (a picture's
media, a chart and its workbook) added to the package. Pictures come from the bytes the
caller read (``media``, by the path the plan names), never from the disk.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from typing import Any

from deckgen import images as imageinfo
from deckgen.geometry import CELL_MARGINS_IN, Box
from deckgen.ooxml.package import Package, quoteattr
from deckgen.plan import Cell, ChartBlock, ImageBlock, TableBlock
from deckgen.templates.deck import Holder
from deckgen.text import plain as _plain
from deckgen.writers.deck import chart as chartxml
from deckgen.writers.deck import workbook
from deckgen.writers.deck.slide import (
    CT,
    EMU,
    NS_P,
    ORDER,
    RT,
    Shape,
    SlideWriter,
    TextWriter,
    inches,
    points,
    run_text,
    solid_fill,
    xfrm,
)

_TABLE_STYLE = "{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}"  # Office's "Medium Style 2 - Accent 1"
# A cell's insets, from the numbers the planner measures rows with (0.08 in left and
# right, 0.05 in top and bottom: 73152 and 45720 EMU), so the two never disagree.
_CELL_MARGINS = "".join(
    f' {side}="{round(CELL_MARGINS_IN[axis] / 2 * EMU)}"'
    for side, axis in (("marL", 0), ("marR", 0), ("marT", 1), ("marB", 1))
)


class ShapeWriter(TextWriter):
    """Shapes onto slides of one package; the same picture is stored once however often used."""

    def __init__(self, pkg: Package, lang: str, palette: Mapping[str, Any],
                 media: Mapping[str, bytes], workbook_theme: bytes,
                 when: dt.datetime) -> None:  # fmt: skip
        super().__init__(lang)
        self.pkg = pkg
        self.palette = palette
        self.media = media
        self.workbook_theme = workbook_theme
        self.when = when
        self.images: dict[str, str] = {}  # sha1 -> media part

    def ref(self, slide: SlideWriter, type_: str, target: str) -> str:
        """The slide's relationship id for ``target``; one per part however often it is used
        (a logo on every slide, the same picture twice)."""
        if target not in slide.rids:
            slide.rids[target] = self.pkg.relate(slide.part, type_, target)
        return slide.rids[target]

    def textbox(self, slide: SlideWriter, box: Box, text: str, size: float,
                color: str | None = None, bold: bool = False, align: str | None = None,
                fill: str | None = None, name: str = "Text") -> None:  # fmt: skip
        body_pr = '<a:bodyPr wrap="square" tIns="18288" bIns="18288" anchor="ctr"><a:spAutoFit/></a:bodyPr>'  # noqa: E501
        para = self.paragraph(_plain(text), size, bold, color, align)
        self.add_textbox(slide, box, name, self.body(para, body_pr), fill)

    def slide_number(self, slide: SlideWriter, box: Box, number: int, fixed: str | None,
                     words: str, color: str | None = None, align: str = "r",
                     fill: str | None = None, holder: Holder | None = None) -> None:  # fmt: skip
        """The slide's number: a live field (``a:fld type="slidenum"``, which PowerPoint and
        LibreOffice renumber when slides move) in ``words`` ("{n} of 17"), or the ``fixed``
        text a backup slide is numbered by ("A-1"). In the layout's own slide-number
        ``holder`` where there is one: the template's type, size and alignment, its colour
        unless ``color`` (one that reads) is given, and PowerPoint's Header and Footer
        dialog shows or hides it."""
        if holder is not None:  # the template's size; its colour unless ``color`` is given
            rpr, p_pr = f" lang={quoteattr(self.lang)}", ""
            ink = solid_fill(color) if color else ""
        else:
            rpr = f' sz="{points(12)}" lang={quoteattr(self.lang)}'
            ink, p_pr = (solid_fill(color) if color else ""), f'<a:pPr algn="{align}"/>'
        if fixed is not None and holder is None:
            self.textbox(slide, box, fixed, 12, color, align=align, fill=fill, name="Slide number")
            return
        if fixed is not None:
            before, after = fixed, ""
        else:
            before, _, after = words.partition("{n}") if "{n}" in words else ("", "", f" {words}")

        def run(text: str) -> str:
            if not text:
                return ""
            return f"<a:r><a:rPr{rpr}>{ink}</a:rPr><a:t>{run_text(text)}</a:t></a:r>"

        # a fixed id per number: the same deck gives the same bytes
        field = "" if fixed is not None else (
            f'<a:fld id="{{B6F15528-21DE-4FAA-801E-{number:012X}}}" type="slidenum">'
            f"<a:rPr{rpr}>{ink}</a:rPr><a:t>{number}</a:t></a:fld>")  # fmt: skip
        para = f"<a:p>{p_pr}{run(before)}{field}{run(after)}</a:p>"
        if holder is None:
            body_pr = '<a:bodyPr wrap="square" tIns="18288" bIns="18288" anchor="ctr"><a:spAutoFit/></a:bodyPr>'  # noqa: E501
            self.add_textbox(slide, box, "Slide number", self.body(para, body_pr), fill)
            return
        backing = ""
        if fill:
            backing = f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>{solid_fill(fill)}'
        ph = "".join(f" {k}={quoteattr(v)}" for k, v, default in (
            ("type", holder.type, ""), ("sz", holder.sz, "full"),
            ("idx", str(holder.idx), "0")) if v != default)  # fmt: skip
        slide.shapes.append(Shape(ORDER["Slide number"], (
            f'<p:sp><p:nvSpPr><p:cNvPr id="{slide.new_id()}" name="Slide number"/><p:cNvSpPr>'
            f'<a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph{ph}/></p:nvPr></p:nvSpPr>'
            f"<p:spPr>{xfrm(box)}{backing}</p:spPr><p:txBody><a:bodyPr/><a:lstStyle/>{para}"
            "</p:txBody>"
            "</p:sp>")))  # fmt: skip

    def add_textbox(self, slide: SlideWriter, box: Box, name: str, body: str,
                    fill: str | None = None) -> None:  # fmt: skip
        fill_xml = solid_fill(fill) if fill else "<a:noFill/>"
        slide.shapes.append(Shape(ORDER.get(name, 2), (
            f'<p:sp><p:nvSpPr><p:cNvPr id="{slide.new_id()}" name={quoteattr(name)}/>'
            f'<p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr><p:spPr>{xfrm(box)}'
            f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>{fill_xml}</p:spPr>{body}'
            "</p:sp>")))  # fmt: skip

    def table(self, slide: SlideWriter, block: TableBlock, box: Box) -> None:
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
        descr = f" descr={quoteattr(block.alt)}" if block.alt else ""
        out = [f'<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="{slide.new_id()}" '
               f'name="Table"{descr}/><p:cNvGraphicFramePr><a:graphicFrameLocks noGrp="1"/>'
               "</p:cNvGraphicFramePr><p:nvPr/></p:nvGraphicFramePr>",
               xfrm(Box(box.left, box.top, box.width, sum(heights)), "p:xfrm"),
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
        slide.shapes.append(Shape(2, "".join(out)))

    def cell(self, cell: Cell, size: float, fill: str | None) -> str:
        color = cell.color or self.palette.get("text")
        if cell.text.plain:
            para = self.paragraph(cell.text, size, cell.bold, color, cell.align)
        else:
            # an empty cell (a group name shown once) is a line at the table's size: without
            # endParaRPr its empty paragraph takes the template's 18 pt and the row grows
            para = f'<a:p><a:endParaRPr sz="{points(size)}" lang={quoteattr(self.lang)}/></a:p>'
        body = self.body(para, tag="a:txBody")
        fill_xml = solid_fill(fill) if fill else ""
        return f'<a:tc>{body}<a:tcPr{_CELL_MARGINS} anchor="t">{fill_xml}</a:tcPr></a:tc>'

    def chart(self, slide: SlideWriter, block: ChartBlock, box: Box, ink: str,
              band: str | None) -> None:  # fmt: skip
        """The chart at ``box``, its axis, label and title text in ``ink`` (on a backing of
        ``band`` where no colour reads on what lies behind it), and its workbook beside it."""
        pkg = self.pkg
        name = pkg.next_partname("ppt/charts/chart%d.xml")
        pkg.add(name, chartxml.chart_xml(block.chart, block.colors, ink, band),
                CT + "drawingml.chart+xml")  # fmt: skip
        book = pkg.next_partname("ppt/embeddings/Microsoft_Excel_Sheet%d.xlsx")
        data = workbook.workbook(block.chart, self.when, self.workbook_theme)
        pkg.add(book, data, CT + "spreadsheetml.sheet")
        pkg.relate(name, RT + "package", book)
        ref = self.ref(slide, RT + "chart", name)
        slide.shapes.append(Shape(2, (
            f'<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="{slide.new_id()}" name="Chart" '
            f"descr={quoteattr(block.alt)}/><p:cNvGraphicFramePr><a:graphicFrameLocks "
            f'noGrp="1"/></p:cNvGraphicFramePr><p:nvPr/></p:nvGraphicFramePr>'
            f'{xfrm(box, "p:xfrm")}<a:graphic><a:graphicData '
            f'uri="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart '
            f'xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" r:id="{ref}"/>'
            "</a:graphicData></a:graphic></p:graphicFrame>")))  # fmt: skip

    def picture(self, slide: SlideWriter, path: str, name: str, alt: str, box: Box) -> None:
        """The picture read from ``path`` placed at ``box``; the same image is stored once."""
        data = self.media[path]
        digest = hashlib.sha1(data).hexdigest()
        if digest not in self.images:
            info = imageinfo.read(data)
            part = self.pkg.next_partname("ppt/media/image%d." + info.ext)
            self.pkg.add(part, data, info.content_type)
            self.images[digest] = part
        ref = self.ref(slide, RT + "image", self.images[digest])
        slide.shapes.append(Shape(ORDER.get(name, 2), (
            f'<p:pic><p:nvPicPr><p:cNvPr id="{slide.new_id()}" name={quoteattr(name)} '
            f"descr={quoteattr(alt)}/><p:cNvPicPr><a:picLocks noChangeAspect=\"1\"/>"
            f'</p:cNvPicPr><p:nvPr/></p:nvPicPr><p:blipFill><a:blip r:embed="{ref}"/>'
            f"<a:stretch><a:fillRect/></a:stretch></p:blipFill><p:spPr>{xfrm(box)}"
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>')))  # fmt: skip

    def image(self, slide: SlideWriter, block: ImageBlock, box: Box) -> None:
        info = imageinfo.read(self.media[block.path])
        natural_w, natural_h = info.size_emu()
        scale = min(box.width / natural_w, box.height / natural_h)
        width, height = int(natural_w * scale), int(natural_h * scale)
        place = Box(box.left + (box.width - width) // 2, box.top + (box.height - height) // 2,
                    width, height)  # fmt: skip
        self.picture(slide, block.path, "Picture", block.alt, place)


def mark_decorative(xml: bytes) -> bytes:
    """A master's or layout's drawn shapes that carry nothing to read (a band, a rule, a
    backing fill: no placeholder, no text, no alt text) flagged as decorative, as Office's
    "Mark as decorative" writes it, so a screen reader and the accessibility checker pass
    them by. ``xml`` comes back as it was when no shape needed the flag."""
    from lxml import etree

    from deckgen.ooxml.decorative import flag

    p = "{" + NS_P + "}"
    root = etree.fromstring(xml)
    marked = 0
    for shape in root.iter(f"{p}sp", f"{p}cxnSp"):
        c_nv_pr = shape.find(f"./*/{p}cNvPr")
        if c_nv_pr is None or shape.find(f"./*/{p}nvPr/{p}ph") is not None:
            continue
        if c_nv_pr.get("descr") or "".join(shape.itertext()).strip():
            continue
        if not flag(c_nv_pr):
            continue
        marked += 1
    if not marked:
        return xml
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
