"""The memo's charts: a native chart part with its workbook, inline above the chart's data
table, as wide as the text, described by the chart's alt text; ids clash with none."""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile

from lxml import etree

from deckgen.content.model import Chart
from deckgen.plan import MemoTable, Para
from deckgen.text import plain
from deckgen.writers.memo import chart as memochart
from deckgen.writers.memo import write_memo

from support.writer_inputs import WHEN, members, memo, memo_prepared, pictures, template

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W, "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
      "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
      "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}  # fmt: skip
CHART = "http://schemas.openxmlformats.org/drawingml/2006/chart"


def charts_of(files: dict[str, bytes]) -> list[str]:
    return sorted(n for n in files if re.fullmatch(r"word/charts/chart\d+\.xml", n))


def test_the_shipped_memo_draws_its_chart_above_the_caption_and_table() -> None:
    plan = memo()
    files = members(write_memo(plan, template(), memo_prepared(), pictures(), WHEN)[0])
    assert charts_of(files) == ["word/charts/chart1.xml"]
    body = etree.fromstring(files["word/document.xml"]).find(f"{{{W}}}body")
    kids = list(body)
    at = next(i for i, k in enumerate(kids) if k.xpath(".//c:chart", namespaces=NS))
    # the chart, then the caption ("Data for the chart: …"), then the data table, kept
    assert "Data for the chart" in "".join(kids[at + 1].itertext())
    assert etree.QName(kids[at + 2]).localname == "tbl"
    assert kids[at].xpath("w:pPr/w:keepNext", namespaces=NS)
    (inline,) = kids[at].xpath(".//wp:inline", namespaces=NS)
    table = next(b for b in plan.blocks if isinstance(b, MemoTable) and b.chart is not None)
    assert inline.xpath("wp:docPr/@descr", namespaces=NS) == [table.alt]
    assert inline.xpath("a:graphic/a:graphicData/@uri", namespaces=NS) == [CHART]
    cx = int(inline.xpath("wp:extent/@cx", namespaces=NS)[0])
    assert cx == memo_prepared().text_width  # as wide as the text
    rid = inline.xpath(".//c:chart/@r:id", namespaces=NS)[0]
    rels = files["word/_rels/document.xml.rels"].decode()
    assert f'Id="{rid}" Type="{NS["r"]}/chart" Target="charts/chart1.xml"' in rels
    types = files["[Content_Types].xml"].decode()
    assert ('PartName="/word/charts/chart1.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.drawingml.chart+xml"') in types  # fmt: skip
    assert 'Extension="xlsx"' in types
    chart_rels = files["word/charts/_rels/chart1.xml.rels"].decode()
    assert 'Id="rId1"' in chart_rels and "../embeddings/Microsoft_Excel_Sheet1.xlsx" in chart_rels
    assert b'<c:externalData r:id="rId1">' in files["word/charts/chart1.xml"]
    with zipfile.ZipFile(io.BytesIO(files["word/embeddings/Microsoft_Excel_Sheet1.xlsx"])) as book:
        sheet = book.read("xl/sharedStrings.xml").decode()
        assert "Former USSR border" in sheet
        # the template's own theme, so the data opens in the memo's fonts and colours
        assert book.read("xl/theme/theme1.xml") == memo_prepared().static["word/theme/theme1.xml"]


def _with_charts(n: int) -> list[object]:
    chart = Chart("column", ("A", "B"), (("One", (1.0, 2.0)), ("Two", (3.0, 4.0))))
    blocks: list[object] = []
    for i in range(n):
        blocks.append(Para(plain(f"Data for the chart: {i}"), "caption"))
        blocks.append(MemoTable([plain("Category"), plain("One"), plain("Two")],
                                [[plain("A"), plain("1"), plain("3")]], [1 / 3] * 3,
                                chart=chart, alt=f"Chart {i}. Column chart."))  # fmt: skip
    return blocks


def test_charts_have_their_own_parts_and_unique_drawing_ids() -> None:
    plan = memo()
    plan = dataclasses.replace(plan, blocks=[*plan.blocks, *_with_charts(2)])
    files = members(write_memo(plan, template(), memo_prepared(), pictures(), WHEN)[0])
    assert charts_of(files) == [f"word/charts/chart{n}.xml" for n in (1, 2, 3)]
    books = [n for n in files if n.startswith("word/embeddings/")]
    assert len(books) == 3
    ids = [m for part, blob in files.items() if part.endswith(".xml")
           for m in re.findall(rb'<wp:docPr id="(\d+)"', blob)]  # fmt: skip
    assert len(ids) == len(set(ids)) >= 4  # three charts and the picture


def test_a_chart_id_passes_every_id_the_template_holds() -> None:
    prepared = memo_prepared()
    header = next(iter(prepared.parts))
    part = prepared.parts[header]
    drawn = '<wp:docPr id="123456" name="Logo"/>'
    changed = dataclasses.replace(
        prepared, parts={**prepared.parts, header: dataclasses.replace(part, middle=drawn)}
    )
    assert memochart._first_id(changed) == 123457
    assert memochart._first_id(prepared) >= 10000 + prepared.next_shape
