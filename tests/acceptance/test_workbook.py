"""The embedded chart workbook is, byte for byte, what XlsxWriter writes for python-pptx."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from deckgen.content.model import Chart
from deckgen.ooxml import zip as ooxml
from deckgen.resources import XLSX_THEME
from deckgen.writers.deck import workbook

WHEN = dt.datetime(2017, 4, 1, 12, 30, 5)
CHARTS = [
    Chart("bar", ("Iran", "Russian Federation", "Former USSR border"),
          (("Distance (km)", (0.0, 700.0, 450.0)),)),
    Chart("column", ("2015", "A&B <x>", " padded "),
          (("Alpha", (1.0, 4.5, 6.0)), ("Beta & co", (2.0, 3.0, 0.1)))),
    Chart("line", tuple(f"Q{i}" for i in range(1, 40)),
          tuple((f"S{j}", tuple(float(i * j) / 7 for i in range(39))) for j in range(1, 30))),
    Chart("pie", ("Air", "Land", "Air", "_x0041_ and \x07 bell"),
          (("Air", (1e20, 1e-7, -3.25, 123456789.123)),)),
]  # fmt: skip


def _xlsxwriter(chart: Chart) -> bytes:
    """What python-pptx's CategoryWorkbookWriter makes, dated as deckgen dates it."""
    from xlsxwriter import Workbook

    out = io.BytesIO()
    book = Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet()
    general = book.add_format({"num_format": "General"})
    sheet.set_column(0, 0, 10)
    for row, name in enumerate(chart.categories, 1):
        sheet.write(row, 0, name, general)
    for col, (name, values) in enumerate(chart.series, 1):
        sheet.write(0, col, name)
        sheet.write_column(1, col, list(values), book.add_format({"num_format": "General"}))
    book.close()
    return ooxml.normalize_zip(ooxml.pin_dates(out.getvalue(), WHEN), WHEN)


@pytest.mark.parametrize("chart", CHARTS, ids=[c.type for c in CHARTS])
def test_workbook_matches_xlsxwriter_byte_for_byte(chart: Chart) -> None:
    assert workbook.workbook(chart, WHEN, XLSX_THEME.read_bytes()) == _xlsxwriter(chart)


# (the column chart's " padded " category is left out: its xml:space, which XlsxWriter writes
# too, is one the ECMA schema does not allow, with or without a theme)
@pytest.mark.parametrize("chart", [CHARTS[0], CHARTS[3]], ids=["bar", "pie"])
def test_a_workbook_without_a_theme_is_valid_and_names_none(chart: Chart, tmp_path: Path) -> None:
    """A memo template without a theme part gives its charts' workbooks none (a theme is
    optional): no part, no override, no relationship left pointing at it."""
    import zipfile

    from conftest import ooxml_problems

    data = workbook.workbook(chart, WHEN, None)
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        assert "xl/theme/theme1.xml" not in book.namelist()
        assert b"theme" not in book.read("[Content_Types].xml")
        assert b"theme" not in book.read("xl/_rels/workbook.xml.rels")
    path = tmp_path / "book.xlsx"
    path.write_bytes(data)
    assert not ooxml_problems(path)
