"""A chart (bar, column, line or pie) to inline SVG for the web edition, named by its alt text.

The drawing is for sighted readers; the SVG is one image to assistive technology (its name is
the chart's alt text, takeaway first) and the page gives the same numbers as a table after it.
Every value is written beside its bar, point or slice, so no reading depends on colour alone.
"""

from __future__ import annotations

import math
from html import escape

from deckgen.content.model import Chart

WIDTH = 640
_FONT = 13  # px, labels
_ROW = 26  # px, one bar of a bar chart
_PLOT_H = 240  # px, the plot of a column or line chart


def _num(v: float) -> str:
    return f"{v:g}"


def _x(v: float) -> str:
    """A coordinate, short and the same on every machine."""
    return f"{v:.1f}".rstrip("0").rstrip(".")


def _text(x: float, y: float, s: str, anchor: str = "start", weight: str = "normal") -> str:
    bold = ' font-weight="bold"' if weight == "bold" else ""
    return (f'<text x="{_x(x)}" y="{_x(y)}" text-anchor="{anchor}"{bold}>'
            f"{escape(s)}</text>")  # fmt: skip


def _scale(chart: Chart) -> tuple[float, float]:
    values = [v for _, vs in chart.series for v in vs]
    lo, hi = min(0.0, *values), max(0.0, *values)
    return (lo, hi) if hi > lo else (lo, lo + 1)


def _legend(chart: Chart, colors: list[str], y: float) -> tuple[list[str], float]:
    """Swatches and series names in a row (wrapping), when there is more than one series."""
    if len(chart.series) < 2:
        return [], y
    out, x = [], 0.0
    for i, (name, _) in enumerate(chart.series):
        width = 22 + len(name) * 7.5 + 18
        if x and x + width > WIDTH:
            x, y = 0.0, y + 22
        out.append(f'<rect x="{_x(x)}" y="{_x(y - 11)}" width="14" height="14" '
                   f'fill="{colors[i % len(colors)]}"/>')  # fmt: skip
        out.append(_text(x + 20, y, name))
        x += width
    return out, y + 26


def _named(chart: Chart, name: str, v: float) -> str:
    """A value's label, led by its series' name where several series share the chart, so
    colour is not the only thing that tells them apart (WCAG 1.4.1), as on the slide."""
    return f"{name}: {_num(v)}" if len(chart.series) > 1 else _num(v)


def _bar(chart: Chart, colors: list[str]) -> tuple[list[str], float]:
    """Horizontal bars, one group per category, values at the bars' ends."""
    parts, top = _legend(chart, colors, 16)
    label_w = min(220.0, max(len(c) for c in chart.categories) * 7.2 + 12)
    lo, hi = _scale(chart)
    left, right = label_w, WIDTH - 70
    span = right - left

    def at(v: float) -> float:
        return left + (v - lo) / (hi - lo) * span

    y = top
    group = len(chart.series) * _ROW + 10
    for c, category in enumerate(chart.categories):
        parts.append(_text(label_w - 8, y + group / 2, category, "end"))
        for s, (name, values) in enumerate(chart.series):
            v = values[c]
            y0 = y + s * _ROW
            x0, x1 = sorted((at(0), at(v)))
            parts.append(f'<rect x="{_x(x0)}" y="{_x(y0 + 3)}" width="{_x(max(x1 - x0, 1))}" '
                         f'height="{_ROW - 6}" fill="{colors[s % len(colors)]}"/>')  # fmt: skip
            end = at(v)
            anchor = "end" if v < 0 else "start"
            parts.append(_text(end + (-6 if v < 0 else 6), y0 + _ROW / 2 + 4,
                               _named(chart, name, v), anchor))  # fmt: skip
        y += group
    parts.append(f'<line x1="{_x(at(0))}" y1="{_x(top - 4)}" x2="{_x(at(0))}" y2="{_x(y)}" '
                 'class="axis"/>')  # fmt: skip
    return parts, y + 8


def _columns(chart: Chart, colors: list[str], line: bool) -> tuple[list[str], float]:
    """Vertical columns (or a line through the points), values above, categories below."""
    parts, top = _legend(chart, colors, 16)
    lo, hi = _scale(chart)
    top += 8
    bottom = top + _PLOT_H

    def at(v: float) -> float:
        return bottom - (v - lo) / (hi - lo) * _PLOT_H

    n = len(chart.categories)
    slot = WIDTH / n
    for c, category in enumerate(chart.categories):
        parts.append(_text(slot * (c + 0.5), bottom + 20, category, "middle"))
    if line:
        for s, (name, values) in enumerate(chart.series):
            color = colors[s % len(colors)]
            points = [(slot * (c + 0.5), at(v)) for c, v in enumerate(values)]
            path = " ".join(f"{_x(px)},{_x(py)}" for px, py in points)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{color}" '
                         'stroke-width="3"/>')  # fmt: skip
            for c, ((px, py), v) in enumerate(zip(points, values)):
                parts.append(f'<circle cx="{_x(px)}" cy="{_x(py)}" r="5" fill="{color}"/>')
                if c == n - 1 and len(chart.series) > 1:  # the line's name at its end
                    parts.append(_text(px + 5, py - 10, _named(chart, name, v), "end"))
                else:
                    parts.append(_text(px, py - 10, _num(v), "middle"))
    else:
        width = slot * 0.7 / len(chart.series)
        for c in range(n):
            for s, (name, values) in enumerate(chart.series):
                v = values[c]
                x = slot * c + slot * 0.15 + s * width
                y0, y1 = sorted((at(0), at(v)))
                parts.append(f'<rect x="{_x(x)}" y="{_x(y0)}" width="{_x(width - 2)}" '
                             f'height="{_x(max(y1 - y0, 1))}" '
                             f'fill="{colors[s % len(colors)]}"/>')  # fmt: skip
                label_y = y0 - 6 if v >= 0 else y1 + 16
                parts.append(_text(x + (width - 2) / 2, label_y, _named(chart, name, v),
                                   "middle"))  # fmt: skip
    parts.append(f'<line x1="0" y1="{_x(at(0))}" x2="{WIDTH}" y2="{_x(at(0))}" class="axis"/>')
    return parts, bottom + 34


def _pie(chart: Chart, colors: list[str]) -> tuple[list[str], float]:
    """Slices from twelve o'clock, clockwise; a legend beside gives each value and share."""
    values = chart.series[0][1]
    total = sum(v for v in values if v > 0) or 1.0
    cx, cy, r = 130.0, 130.0, 110.0
    parts: list[str] = []
    angle = -math.pi / 2
    for i, v in enumerate(values):
        color = colors[i % len(colors)]
        if v <= 0:
            continue
        sweep = v / total * 2 * math.pi
        if sweep >= 2 * math.pi - 1e-9:
            parts.append(f'<circle cx="{_x(cx)}" cy="{_x(cy)}" r="{_x(r)}" fill="{color}"/>')
        else:
            x0, y0 = cx + r * math.cos(angle), cy + r * math.sin(angle)
            x1, y1 = cx + r * math.cos(angle + sweep), cy + r * math.sin(angle + sweep)
            large = 1 if sweep > math.pi else 0
            parts.append(f'<path d="M{_x(cx)},{_x(cy)} L{_x(x0)},{_x(y0)} A{_x(r)},{_x(r)} 0 '
                         f'{large} 1 {_x(x1)},{_x(y1)} Z" fill="{color}" stroke="#FFFFFF" '
                         'stroke-width="2"/>')  # fmt: skip
        angle += sweep
    y = 30.0
    for i, (category, v) in enumerate(zip(chart.categories, values)):
        share = v / total * 100 if v > 0 else 0
        parts.append(f'<rect x="290" y="{_x(y - 12)}" width="14" height="14" '
                     f'fill="{colors[i % len(colors)]}"/>')  # fmt: skip
        parts.append(_text(312, y, f"{category}: {_num(v)} ({share:.0f}%)"))
        y += 24
    return parts, max(2 * cy, y)


def svg(chart: Chart, colors: list[str], alt: str, ident: str) -> str:
    """The chart as an ``<svg role="img">`` named by ``alt``; ``ident`` makes its ids unique."""
    if chart.type == "pie":
        parts, height = _pie(chart, colors)
    elif chart.type == "bar":
        parts, height = _bar(chart, colors)
    else:
        parts, height = _columns(chart, colors, line=chart.type == "line")
    title = f"{ident}-title"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{title}" '
        f'viewBox="-4 0 {WIDTH + 8} {_x(height)}" class="chart" font-size="{_FONT}">'
        f'<title id="{title}">{escape(alt)}</title>{"".join(parts)}</svg>'
    )
