"""Charts as LibreOffice draws them, read back with pdfplumber: axes where readers expect them,
labels that name the series where several share a chart, pie labels outside the slices, and
the same native chart in the memo (its part python-docx reopens, its figure's alt text)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURES, SHIPPED, run_cli

CHARTS = FIXTURES / "charts.yaml"
pytestmark = pytest.mark.soffice


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conftest import need_tool

    need_tool("soffice")
    out = tmp_path_factory.mktemp("charts")
    done = run_cli("build", str(CHARTS), str(SHIPPED), "-f", "pptx,docx,pdf", "-o", str(out),
                   timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return out


def _page(pdf: Path, heading: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The words and the filled shapes smaller than half the page (a pie's slices, not the
    chart's frame) of the first page whose text holds ``heading``: the words from the
    heading down, on a memo page only those above the chart's data table (its caption,
    "Data for the chart: …")."""
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            if heading in (page.extract_text() or ""):
                words = page.extract_words()
                first = heading.split()[0]
                at = min(w["top"] for w in words if w["text"] == first)
                caption = [w["top"] for w in words if w["text"] == "Data" and w["top"] > at]
                end = min(caption, default=page.height)
                words = [w for w in words if at <= w["top"] and w["bottom"] <= end]
                shapes = [c for c in page.curves if c.get("fill")
                          and c["x1"] - c["x0"] < page.width / 2]  # fmt: skip
                return words, shapes
    raise AssertionError(f"no page of {pdf.name} shows {heading!r}")


def _word(words: list[dict[str, Any]], text: str) -> dict[str, Any]:
    return next(w for w in words if w["text"] == text)


def _ticks(words: list[dict[str, Any]], row: bool) -> list[dict[str, Any]]:
    """The value axis's labels: the most numbers sharing one line (a row, when the axis lies
    along the foot) or one right edge (a column, when it stands at the left)."""
    numbers = [w for w in words if w["text"].replace(".", "").isdigit()]
    key = "top" if row else "x1"
    groups: dict[int, list[dict[str, Any]]] = {}
    for w in numbers:
        groups.setdefault(round(w[key]), []).append(w)
    best = max(groups.values(), key=len)
    assert len(best) >= 4, numbers
    return best


@pytest.mark.parametrize(("pdf", "heading", "categories"), [
    ("charts-deck.pdf", "Bars, one series", ["North", "South", "East"]),
    ("russia-iran-2017-deck.pdf", "The Syrian battlefield", ["Iran", "Russian", "Former"]),
    ("charts-memo.pdf", "Bars, one series", ["North", "South", "East"]),
])  # fmt: skip
def test_a_bar_chart_reads_top_down_with_its_value_axis_under_the_bars(
    built: Path, pdf: str, heading: str, categories: list[str]
) -> None:
    words, _ = _page(built / pdf, heading)
    rows = [_word(words, c) for c in categories]
    tops = [w["top"] for w in rows]
    assert tops == sorted(tops) and len(set(tops)) == 3, tops  # the YAML's order, top down
    ticks = _ticks(words, row=True)
    assert min(t["top"] for t in ticks) > max(w["bottom"] for w in rows)  # under the bars
    xs = [t["x0"] for t in sorted(ticks, key=lambda t: float(t["text"]))]
    assert xs == sorted(xs)  # counting up left to right


@pytest.mark.parametrize(("heading", "categories"), [
    ("Columns, two series", ["2015", "2016", "2017"]),
    ("Lines, two series", ["Q1", "Q2", "Q3", "Q4"]),
])  # fmt: skip
@pytest.mark.parametrize("pdf", ["charts-deck.pdf", "charts-memo.pdf"])
def test_columns_and_lines_have_categories_below_and_values_at_the_left(
    built: Path, pdf: str, heading: str, categories: list[str]
) -> None:
    words, _ = _page(built / pdf, heading)
    ticks = _ticks(words, row=False)
    cats = [_word(words, c) for c in categories]
    assert [c["x0"] for c in cats] == sorted(c["x0"] for c in cats)
    assert min(c["top"] for c in cats) > max(t["bottom"] for t in ticks)  # below the plot
    assert max(t["x1"] for t in ticks) < min(c["x0"] for c in cats)  # the values left
    tops = [t["top"] for t in sorted(ticks, key=lambda t: float(t["text"]))]
    assert tops == sorted(tops, reverse=True)  # counting up bottom to top


@pytest.mark.parametrize("pdf", ["charts-deck.pdf", "charts-memo.pdf"])
def test_labels_name_the_series_where_several_share_a_chart(built: Path, pdf: str) -> None:
    """Colour is not the only thing telling Alpha from Beta (WCAG 1.4.1): each column's
    label names its series, and each line is named at its end."""
    import pdfplumber

    with pdfplumber.open(built / pdf) as doc:
        texts = {i: p.extract_text() or "" for i, p in enumerate(doc.pages)}
    columns = next(t for t in texts.values() if "Columns, two series" in t)
    for label in ("Alpha: 1", "Alpha: 4", "Alpha: 6", "Beta: 2", "Beta: 3", "Beta: 5"):
        assert label in columns, columns
    lines = next(t for t in texts.values() if "Lines, two series" in t)
    assert "Alpha: 14" in lines and "Beta: 10" in lines, lines
    assert "Alpha: 10" not in lines  # only the last point is named: the rest stay legible
    bars = next(t for t in texts.values() if "Bars, one series" in t)
    assert "Units:" not in bars  # one series: the value alone


@pytest.mark.parametrize("pdf", ["charts-deck.pdf", "charts-memo.pdf"])
def test_pie_labels_are_drawn_outside_the_pie(built: Path, pdf: str) -> None:
    words, curves = _page(built / pdf, "A pie")
    slices = [c for c in curves if c.get("fill") and c["x1"] - c["x0"] > 40
              and c["bottom"] - c["top"] > 40]  # fmt: skip
    assert len(slices) == 3
    left, right = min(c["x0"] for c in slices), max(c["x1"] for c in slices)
    top, bottom = min(c["top"] for c in slices), max(c["bottom"] for c in slices)
    cx, cy, r = (left + right) / 2, (top + bottom) / 2, (right - left) / 2
    for name in ("Air;", "Land;", "Sea;"):
        w = next(w for w in words if w["text"] == name and w["top"] < bottom)
        nearest_x = min(max(cx, w["x0"]), w["x1"])
        nearest_y = min(max(cy, w["top"]), w["bottom"])
        assert math.hypot(nearest_x - cx, nearest_y - cy) > r * 0.97, name


def test_the_memo_draws_the_chart_above_its_data_table(built: Path) -> None:
    """The shipped memo's chart: its labels and axis on the page, above the caption and the
    table that keep its numbers."""
    import pdfplumber

    with pdfplumber.open(built / "russia-iran-2017-memo.pdf") as doc:
        page = next(p for p in doc.pages if "Data for the chart" in (p.extract_text() or ""))
        words = page.extract_words()
    ticks = _ticks(words, row=True)
    assert {t["text"] for t in ticks} >= {"0", "100", "700"}
    caption = _word(words, "Data")
    assert max(t["bottom"] for t in ticks) < caption["top"]
    former = [w for w in words if w["text"] == "Former"]
    assert len(former) == 2  # once as the chart's category, once in the table
    assert former[0]["top"] < caption["top"] < former[1]["top"]


def test_the_memo_chart_is_a_native_part_python_docx_reopens(built: Path) -> None:
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    from deckgen.content.load import load_file
    from deckgen.plan.wording import chart_alt

    document = docx.Document(str(built / "charts-memo.docx"))
    part = document.part
    charts = [r.target_part for r in part.rels.values() if r.reltype == RT.CHART]
    assert [c.partname for c in charts] == [f"/word/charts/chart{n}.xml" for n in (1, 2, 3, 4)]
    for chart in charts:
        assert chart.content_type == (
            "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
        )
        (book,) = [r.target_part for r in chart.rels.values() if r.reltype == RT.PACKAGE]
        assert book.partname.endswith(".xlsx") and book.blob[:2] == b"PK"
    body = part.element.body
    inlines = body.xpath(
        ".//wp:inline[a:graphic/a:graphicData"
        "[@uri='http://schemas.openxmlformats.org/drawingml/2006/chart']]"
    )
    briefing = load_file(CHARTS)
    wanted = [chart_alt(s.chart, s.title.plain) for s in briefing.sections if s.chart]
    assert [i.xpath("./wp:docPr/@descr")[0] for i in inlines] == wanted
    section = document.sections[0]
    width = section.page_width - section.left_margin - section.right_margin
    for inline in inlines:
        assert int(inline.xpath("./wp:extent/@cx")[0]) == width  # the text's width
        rid = inline.xpath(".//c:chart/@r:id")[0]
        assert part.rels[rid].target_part in charts
    # the data tables stay, after the charts
    assert len([t for t in document.tables if t.rows[0].cells[0].text == "Category"]) == 4


def test_the_memo_pdf_gives_each_chart_figure_its_alt_text(built: Path) -> None:
    import pikepdf

    from deckgen.content.load import load_file
    from deckgen.pdf.check import check
    from deckgen.pdf.finish import elements
    from deckgen.plan.wording import chart_alt

    briefing = load_file(CHARTS)
    wanted = [chart_alt(s.chart, s.title.plain) for s in briefing.sections if s.chart]
    with pikepdf.open(built / "charts-memo.pdf") as pdf:
        figures = [e for e in elements(pdf.Root.StructTreeRoot) if str(e.S) == "/Figure"]
        assert [str(f.get("/Alt", "")) for f in figures] == wanted
    found = check(built / "charts-memo.pdf", language="en", title=briefing.title.plain)
    assert not found.problems, found.problems
