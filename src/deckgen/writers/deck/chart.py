"""A chart of the deck plan to its chart part: the shared chartSpace at the slide's sizes.

The XML itself is built in writers/chartspace.py, which the memo's charts use too, so a chart
reads the same on a slide and on a page; the deck sets its text at 14 pt.
"""

from __future__ import annotations

from deckgen.content.model import Chart
from deckgen.writers.chartspace import chart_xml as _chart_xml
from deckgen.writers.chartspace import column_letter

__all__ = ["chart_xml", "column_letter"]

SIZE = 1400  # hundredths of a point: a slide's chart text, legible across a room


def chart_xml(
    chart: Chart, colors: list[str], text_color: str, backing: str | None = None
) -> bytes:
    """The deck's chart part for ``chart`` (see chartspace.chart_xml)."""
    return _chart_xml(chart, colors, text_color, backing, size=SIZE)
