"""A chart of the content to the DrawingML chartSpace XML the deck and the memo embed.

The XML is what python-pptx's chart writer produces for the four chart types the content
format has, with deckgen's settings applied (font size, data labels, colours, legend at the
bottom, bars read top-down with the value axis at their foot, the unit as the value axis's
title), written as text so a build with charts imports no chart library. One builder serves
the slide (writers/deck/chart.py) and the page (writers/memo/chart.py): only the text size
differs. Where several series share a chart, their data labels name the series, so colour is
never the only thing that tells them apart (WCAG 1.4.1).
"""

from __future__ import annotations

from deckgen.content.model import Chart
from deckgen.ooxml.package import escape

NS = ('xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')  # fmt: skip
# Axis ids pair a chart's axes; the schema makes them unsigned (python-pptx's are negative).
_AXES = {"bar": ("2068027336", "2113994440"), "column": ("2068027336", "2113994440"),
         "line": ("2118791784", "2140495176")}  # fmt: skip


def column_letter(number: int) -> str:
    """1 -> A, 27 -> AA: a worksheet column's letters."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _str_cache(values: list[str] | tuple[str, ...]) -> str:
    points = "".join(f'<c:pt idx="{i}"><c:v>{escape(v)}</c:v></c:pt>' for i, v in enumerate(values))
    return f'<c:strCache><c:ptCount val="{len(values)}"/>{points}</c:strCache>'


def _series(chart: Chart, index: int, name: str, values: tuple[float, ...], fill: str,
            labels: str = "") -> str:  # fmt: skip
    col = column_letter(2 + index)
    rows = len(chart.categories) + 1
    cats = f"Sheet1!$A$2:$A${rows}"
    points = "".join(f'<c:pt idx="{i}"><c:v>{v}</c:v></c:pt>' for i, v in enumerate(values))
    parts = [f'<c:ser><c:idx val="{index}"/><c:order val="{index}"/><c:tx><c:strRef>'
             f"<c:f>Sheet1!${col}$1</c:f>{_str_cache([name])}</c:strRef></c:tx>"]  # fmt: skip
    parts.append(fill)
    parts.append(labels)  # the series' own labels, where they differ from the chart's
    parts.append(f"<c:cat><c:strRef><c:f>{cats}</c:f>{_str_cache(chart.categories)}</c:strRef>"
                 f"</c:cat><c:val><c:numRef><c:f>Sheet1!${col}$2:${col}${rows}</c:f><c:numCache>"
                 f'<c:formatCode>General</c:formatCode><c:ptCount val="{len(values)}"/>{points}'
                 "</c:numCache></c:numRef></c:val>")  # fmt: skip
    if chart.type == "line":
        parts.append('<c:smooth val="0"/>')
    parts.append("</c:ser>")
    return "".join(parts)


def _solid(color: str) -> str:
    return f'<a:solidFill><a:srgbClr val="{color.lstrip("#").upper()}"/></a:solidFill>'


_SEPARATOR = ": "  # "Alpha: 6", the series named before its value


def _shown(category: bool, series: bool) -> str:
    """What a label shows: the value, with the category's or the series' name before it."""
    return ('<c:showLegendKey val="0"/><c:showVal val="1"/>'
            f'<c:showCatName val="{int(category)}"/><c:showSerName val="{int(series)}"/>'
            '<c:showPercent val="0"/><c:showBubbleSize val="0"/>'
            + (f"<c:separator>{_SEPARATOR}</c:separator>" if series else ""))  # fmt: skip


def _text(size: int, fill: str = "") -> str:
    return (f'<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="{size}">{fill}'
            "</a:defRPr></a:pPr></a:p></c:txPr>")  # fmt: skip


def _labels(show_category: bool, size: int, outside: str | None = None,
            series: bool = False) -> str:  # fmt: skip
    """Data labels; ``outside``: the text colour of labels set outside the points (a pie's:
    inside, a label sits on the slice's own colour, as low as 2:1 on a dark one); ``series``:
    each label names its series ("Alpha: 6")."""
    fill = _solid(outside) if outside else ""
    position = '<c:dLblPos val="outEnd"/>' if outside else ""
    return (f"<c:dLbls>{_text(size, fill)}{position}{_shown(show_category, series)}"
            '<c:showLeaderLines val="1"/></c:dLbls>')  # fmt: skip


def _line_labels(last: int, size: int) -> str:
    """A line's labels when several lines share the chart: the value at every point and the
    series' name beside its last one, right of the line's end (a direct label: the reader
    follows the line to its name, not its colour to the legend)."""
    return (f'<c:dLbls><c:dLbl><c:idx val="{last}"/>{_text(size)}<c:dLblPos val="r"/>'
            f"{_shown(False, True)}</c:dLbl>{_text(size)}{_shown(False, False)}"
            '<c:showLeaderLines val="0"/></c:dLbls>')  # fmt: skip


def _title(text: str, size: int, rotate: bool = False) -> str:
    """A chart or axis title; a vertical axis reads its title turned a quarter left."""
    body = '<a:bodyPr rot="-5400000" vert="horz"/>' if rotate else "<a:bodyPr/>"
    return (f'<c:title><c:tx><c:rich>{body}<a:lstStyle/><a:p><a:pPr><a:defRPr sz="{size}" '
            f'b="0"/></a:pPr><a:r><a:t>{escape(text)}'
            '</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title>')  # fmt: skip


def _axes(kind: str, unit: str | None, size: int) -> str:
    cat_id, val_id = _AXES[kind]
    cat_pos, val_pos = ("l", "b") if kind == "bar" else ("b", "l")
    # bar charts draw the first category at the bottom; readers expect it on top. Reversed,
    # the value axis would follow the first category to the top: crossing at the last
    # category keeps it, and the unit under it, at the foot (python-pptx's crosses = MAXIMUM)
    orientation = "maxMin" if kind == "bar" else "minMax"
    crosses = "max" if kind == "bar" else "autoZero"
    return (f'<c:catAx><c:axId val="{cat_id}"/><c:scaling><c:orientation val="{orientation}"/>'
            f'</c:scaling><c:delete val="0"/><c:axPos val="{cat_pos}"/>'
            '<c:majorTickMark val="out"/><c:minorTickMark val="none"/>'
            f'<c:tickLblPos val="nextTo"/><c:crossAx val="{val_id}"/><c:crosses val="autoZero"/>'
            '<c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/>'
            f'<c:noMultiLvlLbl val="0"/></c:catAx><c:valAx><c:axId val="{val_id}"/><c:scaling/>'
            f'<c:delete val="0"/><c:axPos val="{val_pos}"/><c:majorGridlines/>'
            # the unit names what the numbers count, on the axis that carries them
            + (_title(unit, size, rotate=val_pos == "l") if unit else "")
            + '<c:majorTickMark val="out"/><c:minorTickMark val="none"/>'
            f'<c:tickLblPos val="nextTo"/><c:crossAx val="{cat_id}"/><c:crosses val="{crosses}"/>'
            "</c:valAx>")  # fmt: skip


def chart_xml(
    chart: Chart,
    colors: list[str],
    text_color: str,
    backing: str | None = None,
    *,
    size: int,
) -> bytes:
    """The chart part for ``chart``, its series in ``colors``, its text in ``text_color`` at
    ``size`` (hundredths of a point), on a ``backing`` fill of its own where what lies behind
    it would not let the text read."""
    kind = chart.type
    several = len(chart.series) > 1
    out = ["<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n", f"<c:chartSpace {NS}>"]
    if kind != "pie":
        out.append('<c:date1904 val="0"/>')
    out.append("<c:chart>")
    heading = chart.title
    if kind == "pie" and chart.unit:  # no value axis to carry the unit: the title does
        heading = f"{chart.title or chart.series[0][0]} ({chart.unit})"
    if heading:
        out.append(f"<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:r><a:t>"
                   f"{escape(heading)}</a:t></a:r></a:p></c:rich></c:tx><c:layout/>"
                   '<c:overlay val="0"/></c:title>')  # fmt: skip
    out.append('<c:autoTitleDeleted val="0"/><c:plotArea>')
    series = []
    for i, (name, values) in enumerate(chart.series):
        color = colors[i % len(colors)]
        if kind == "pie":  # the points, not the series, carry a pie's colours
            fill = "".join(f'<c:dPt><c:idx val="{p}"/><c:spPr>{_solid(colors[p % len(colors)])}'
                           "</c:spPr></c:dPt>" for p in range(len(values)))  # fmt: skip
        elif kind == "line":
            fill = f"<c:spPr><a:ln>{_solid(color)}</a:ln></c:spPr>"
        else:
            fill = f"<c:spPr>{_solid(color)}</c:spPr>"
        own = _line_labels(len(values) - 1, size) if kind == "line" and several else ""
        series.append(_series(chart, i, name, values, fill, own))
    body = "".join(series)
    if kind in ("bar", "column"):
        bar_dir = "bar" if kind == "bar" else "col"
        cat_id, val_id = _AXES[kind]
        out.append(f'<c:barChart><c:barDir val="{bar_dir}"/><c:grouping val="clustered"/>'
                   f'{body}{_labels(False, size, series=several)}<c:axId val="{cat_id}"/>'
                   f'<c:axId val="{val_id}"/></c:barChart>'
                   f"{_axes(kind, chart.unit, size)}")  # fmt: skip
    elif kind == "line":
        cat_id, val_id = _AXES[kind]
        out.append(f'<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>{body}'
                   f'{_labels(False, size)}<c:marker val="1"/><c:smooth val="0"/>'
                   f'<c:axId val="{cat_id}"/><c:axId val="{val_id}"/></c:lineChart>'
                   f"{_axes(kind, chart.unit, size)}")  # fmt: skip
    else:
        out.append(
            f'<c:pieChart><c:varyColors val="1"/>{body}{_labels(True, size, text_color)}'
            "</c:pieChart>"
        )
    out.append("</c:plotArea>")
    multi = len(chart.series) > 1 or kind == "pie"
    if kind == "line":
        if multi:
            out.append('<c:legend><c:legendPos val="b"/><c:layout/><c:overlay val="0"/></c:legend>')
        out.append('<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/>'
                   '<c:showDLblsOverMax val="0"/>')  # fmt: skip
    else:
        if multi:
            out.append('<c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend>')
        out.append('<c:dispBlanksAs val="gap"/>')
    out.append("</c:chart>")
    if backing:
        out.append(f"<c:spPr>{_solid(backing)}</c:spPr>")
    out.append(f'<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="{size}">'
               f'{_solid(text_color)}</a:defRPr></a:pPr><a:endParaRPr lang="en-US"/></a:p>'
               '</c:txPr><c:externalData r:id="rId1"><c:autoUpdate val="0"/></c:externalData>'
               "</c:chartSpace>")  # fmt: skip
    return "".join(out).encode("utf-8")
