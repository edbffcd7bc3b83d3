"""The shared chartSpace builder: axes where readers expect them, labels that name the series
where several share a chart, pie labels outside, one builder for the deck and the memo."""

from __future__ import annotations

import re

import pytest
from lxml import etree

from deckgen.content.model import Chart
from deckgen.writers import chartspace
from deckgen.writers.deck import chart as deckchart

NS = {"c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
      "a": "http://schemas.openxmlformats.org/drawingml/2006/main"}  # fmt: skip
COLORS = ["#1F4E79", "#2E7D5B"]
ONE = (("Units", (3.0, 7.5, 2.0)),)
TWO = (("Alpha", (1.0, 4.0, 6.0)), ("Beta", (2.0, 3.0, 5.0)))


def built(
    kind: str, series: tuple[tuple[str, tuple[float, ...]], ...], size: int = 1400
) -> etree._Element:
    chart = Chart(kind, ("North", "South", "East"), series)
    return etree.fromstring(chartspace.chart_xml(chart, COLORS, "#1A1A1A", size=size))


def test_bars_read_top_down_with_the_value_axis_at_their_foot() -> None:
    root = built("bar", ONE)
    assert root.xpath("//c:catAx/c:scaling/c:orientation/@val", namespaces=NS) == ["maxMin"]
    assert root.xpath("//c:catAx/c:axPos/@val", namespaces=NS) == ["l"]
    assert root.xpath("//c:valAx/c:axPos/@val", namespaces=NS) == ["b"]
    # the value axis crosses the reversed category axis at its last category: the foot
    assert root.xpath("//c:valAx/c:crosses/@val", namespaces=NS) == ["max"]


@pytest.mark.parametrize("kind", ["column", "line"])
def test_columns_and_lines_keep_categories_below_and_values_left(kind: str) -> None:
    root = built(kind, ONE)
    assert root.xpath("//c:catAx/c:axPos/@val", namespaces=NS) == ["b"]
    assert root.xpath("//c:valAx/c:axPos/@val", namespaces=NS) == ["l"]
    assert root.xpath("//c:catAx/c:scaling/c:orientation/@val", namespaces=NS) == ["minMax"]
    assert root.xpath("//c:valAx/c:crosses/@val", namespaces=NS) == ["autoZero"]


@pytest.mark.parametrize("kind", ["bar", "column"])
def test_bars_of_several_series_name_the_series_in_every_label(kind: str) -> None:
    labels = built(kind, TWO).xpath("//c:barChart/c:dLbls", namespaces=NS)[0]
    assert labels.xpath("c:showSerName/@val", namespaces=NS) == ["1"]
    assert labels.xpath("c:showVal/@val", namespaces=NS) == ["1"]
    assert labels.xpath("c:separator/text()", namespaces=NS) == [": "]


@pytest.mark.parametrize("kind", ["bar", "column", "line"])
def test_one_series_labels_show_the_value_alone(kind: str) -> None:
    root = built(kind, ONE)
    assert set(root.xpath("//c:showSerName/@val", namespaces=NS)) == {"0"}
    assert not root.xpath("//c:separator", namespaces=NS)
    assert not root.xpath("//c:ser/c:dLbls", namespaces=NS)


def test_lines_of_several_series_are_named_at_their_last_point() -> None:
    root = built("line", TWO)
    for ser in root.xpath("//c:ser", namespaces=NS):
        (point,) = ser.xpath("c:dLbls/c:dLbl", namespaces=NS)
        assert point.xpath("c:idx/@val", namespaces=NS) == ["2"]  # the last of three
        assert point.xpath("c:showSerName/@val", namespaces=NS) == ["1"]
        assert point.xpath("c:dLblPos/@val", namespaces=NS) == ["r"]
        # the other points keep their value alone
        assert ser.xpath("c:dLbls/c:showSerName/@val", namespaces=NS) == ["0"]
        # in the schema's order: after the line's fill, before its categories
        names = [etree.QName(e).localname for e in ser]
        assert names.index("spPr") < names.index("dLbls") < names.index("cat")


def test_pie_labels_sit_outside_in_the_text_colour() -> None:
    labels = built("pie", ONE).xpath("//c:pieChart/c:dLbls", namespaces=NS)[0]
    assert labels.xpath("c:dLblPos/@val", namespaces=NS) == ["outEnd"]
    assert labels.xpath(".//a:srgbClr/@val", namespaces=NS) == ["1A1A1A"]
    assert labels.xpath("c:showCatName/@val", namespaces=NS) == ["1"]


def test_the_text_size_is_the_callers_and_the_deck_s_is_14_pt() -> None:
    chart = Chart("column", ("A", "B"), (("S", (1.0, 2.0)),), unit="km")
    memo = chartspace.chart_xml(chart, COLORS, "#1A1A1A", size=900).decode()
    assert set(re.findall(r'sz="(\d+)"', memo)) == {"900"}
    deck = deckchart.chart_xml(chart, COLORS, "#1A1A1A").decode()
    assert set(re.findall(r'sz="(\d+)"', deck)) == {"1400"}
    assert deck == chartspace.chart_xml(chart, COLORS, "#1A1A1A", size=1400).decode()
