"""A chart's data table of the memo plan to the native chart drawn above it on the page.

The chart is the deck's (writers/chartspace.py builds both), a DrawingML chart part with its
workbook embedded, so a reader edits it in Word as on a slide; it is placed inline, as wide as
the text, described by the chart's alt text (``wp:docPr descr``). The data table stays after
it: its numbers are exact where the chart's are read off a scale, a screen reader of the PDF
walks its cells, and the web edition keeps the same table under its own drawing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from deckgen.ooxml.wordxml import attr, paragraph
from deckgen.plan import MemoTable
from deckgen.templates.memo import Prepared
from deckgen.writers.chartspace import chart_xml
from deckgen.writers.deck.workbook import workbook
from deckgen.writers.memo import package as memopack

SIZE = 900  # hundredths of a point: under the memo's 11 pt body, as a figure's text reads
ASPECT = 0.5  # height over width: 3.25 in on a 6.5 in measure, room for its caption and table
_CHART = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_THEME = "application/vnd.openxmlformats-officedocument.theme+xml"
# Charts take drawing ids of their own, above the pictures' (which count up from the
# prepared next_shape, as python-docx numbers them, so a chart shifts no picture's id) and
# above any id the template's headers, footers and other parts use: ids are unique
# across the document's story parts (OOXML validator: "wp:docPr id ... used more than once")
_CHART_IDS = 10000
_DOCPR_ID = re.compile(r"<wp:docPr\b[^>]*?\bid=\"(\d+)\"")


def _first_id(prepared: Prepared) -> int:
    """The id of a memo's first chart: past every drawing id the template holds."""
    texts = [h.middle for h in prepared.parts.values()]
    texts += [b.decode("utf-8", "replace") for n, b in prepared.static.items()
              if n.endswith(".xml")]  # fmt: skip
    used = [int(m) for t in texts for m in _DOCPR_ID.findall(t)]
    return max([_CHART_IDS, prepared.next_shape + _CHART_IDS, *(u + 1 for u in used)])


def _theme(prepared: Prepared) -> bytes | None:
    """The template's theme part, which the workbook takes as its own (its fonts and
    colours then match the memo's when a reader opens the data), if the template has one."""
    for name, kind in prepared.overrides.items():
        if kind == _THEME and name.lstrip("/") in prepared.static:
            return prepared.static[name.lstrip("/")]
    return None


def paragraph_with_chart(
    block: MemoTable,
    media: memopack.Media,
    palette: Mapping[str, object],
    when: dt.datetime,
    decl: str,
) -> str:
    """The paragraph holding ``block``'s chart, drawn inline across the text width, kept with
    the caption and table that follow; its parts added to ``media``'s package."""
    assert block.chart is not None
    prepared = media.prepared
    actors = palette.get("actors")
    primary = str(palette.get("primary") or "#1F3A5F")
    colors = [str(c) for c in actors] if isinstance(actors, (list, tuple)) and actors else [primary]
    text = str(palette.get("text") or "#1A1A1A")
    part = chart_xml(block.chart, colors, text, size=SIZE)
    placed = sum(1 for _, _, kind in media.new_parts if kind == memopack.CT_CHART)
    shape_id = _first_id(prepared) + placed
    rid = memopack.add_chart(media, part, workbook(block.chart, when, _theme(prepared)))
    cx = prepared.text_width
    cy = int(cx * ASPECT)
    name, descr = f"Chart {shape_id}", attr(block.alt)
    inline = (
        f'<wp:inline distT="0" distB="0" distL="0" distR="0"{prepared.inline_decl}>'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{shape_id}" name="{name}" descr="{descr}"/><wp:cNvGraphicFramePr/>'
        f'<a:graphic><a:graphicData uri="{_CHART}"><c:chart xmlns:c="{_CHART}" '
        f'xmlns:r="{_R}" r:id="{rid}"/></a:graphicData></a:graphic></wp:inline>'
    )
    props = '<w:keepNext/><w:spacing w:after="120"/><w:jc w:val="center"/>'
    return paragraph(props, f"<w:r><w:drawing>{inline}</w:drawing></w:r>", decl)
