"""A table's cells, a size and a frame width to column widths measured from what they hold.

Each column gets at least its longest word (so no word breaks mid-word) and never more than
its longest cell set on one line (its preferred width); the width between goes, a step at a
time, to the column where it saves the most rows of text over the whole table. Measured with
the shipped advance widths (deckgen.metrics), as the fitter measures the rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from deckgen import metrics as measure
from deckgen.geometry import CELL_MARGINS_IN
from deckgen.plan.blocks import Cell
from deckgen.text import Text, plain

STEPS = 120  # the frame's width is handed out in this many steps: finer changes no row
_PAD = CELL_MARGINS_IN[0] + 0.02  # inches a cell's text loses to its margins (fit.row_height)


def _text(cell: Cell) -> Text:
    return plain(cell.text.plain, bold=True) if cell.bold else cell.text


def longest_word(cell: Cell, size: float, face: measure.Font) -> float:
    """Points the widest word of ``cell`` needs."""
    return max(
        (measure.width(word, size, cell.bold or run.bold, face)
         for run in cell.text.runs for word in run.text.split()),
        default=0.0,
    )  # fmt: skip


def unwrapped(cell: Cell, size: float, face: measure.Font) -> float:
    """Points ``cell`` needs set on one line."""
    text = _text(cell)
    return sum(measure.width(run.text, size, run.bold, face) for run in text.runs)


def widened(table: Sequence[Sequence[Cell]], widths: Sequence[float], size: float,
            width: float, face: measure.Font) -> list[float]:  # fmt: skip
    """The column fractions ``widths`` of a frame ``width`` inches wide, each widened where
    it is narrower than its longest word at ``size`` (rows of ``table``, header first), so
    no word breaks mid-word; the width comes from the columns with the most room to spare.
    Where even the longest words do not fit side by side, ``widths`` as they are."""
    need = [(max(longest_word(row[c], size, face) for row in table) / 72 + _PAD) / width
            for c in range(len(widths))]  # fmt: skip
    out = list(widths)
    if sum(need) >= 1:
        return out  # nothing to take from: long words will wrap inside the column
    for c, (have, want) in enumerate(zip(out, need)):
        if have < want:
            spare = {i: w - need[i] for i, w in enumerate(out) if i != c and w > need[i]}
            total = sum(spare.values())
            deficit = min(want - have, total)
            for i, room in spare.items():
                out[i] -= deficit * room / total
            out[c] += deficit
    return out


def measured(table: Sequence[Sequence[Cell]], size: float, width: float,
             face: measure.Font) -> list[float] | None:  # fmt: skip
    """Column fractions of a frame ``width`` inches wide for the rows of ``table`` (header
    first) at ``size``, fewest rows of text overall; None when even the longest words do not
    fit side by side (the caller keeps its own widths, and long words wrap)."""
    # the fitter asks again for the same table at each size it tries and for each edition
    # of a briefing: the answer is a pure function of its arguments, worked out once
    found = _measured(tuple(tuple(row) for row in table), size, width, face)
    return list(found) if found is not None else None


@lru_cache(maxsize=256)
def _measured(table: tuple[tuple[Cell, ...], ...], size: float, width: float,
              face: measure.Font) -> tuple[float, ...] | None:  # fmt: skip
    columns = len(table[0]) if table else 0
    if not columns or width <= 0:
        return None
    cols = [[row[c] for row in table] for c in range(columns)]
    low = [max(longest_word(cell, size, face) for cell in col) / 72 + _PAD for col in cols]
    high = [max(max(unwrapped(cell, size, face) for cell in col) / 72 + _PAD, w)
            for col, w in zip(cols, low)]  # fmt: skip
    if sum(low) > width:
        return None
    if sum(high) <= width:
        # everything sits on one line: the room to spare goes by each column's own need,
        # so no column looks starved beside a wide one
        spare = width - sum(high)
        return tuple((h + spare * h / sum(high)) / width for h in high)
    # each cell's words measured once; a column's line counts kept per width tried, since
    # every step tries each column again and only the one that grew has a new width
    words = [[measure.words(_text(cell), size, face) for cell in col] for col in cols]
    space = measure.width(" ", size, face=face)
    tried: dict[tuple[int, float], list[int]] = {}

    def lines(c: int, w: float) -> list[int]:
        if (c, w) not in tried:
            inner = (w - CELL_MARGINS_IN[0]) * 72
            tried[c, w] = [measure.wrapped(cell, inner, space) for cell in words[c]]
        return tried[c, w]

    widths = list(low)
    counts = [lines(c, w) for c, w in enumerate(widths)]
    step = (width - sum(low)) / STEPS
    left = width - sum(widths)
    while left > 1e-9:
        give = min(step, left)
        total = _rows(counts)
        best, best_counts, best_gain = -1, counts[0], 0.0
        for c in range(columns):
            if widths[c] >= high[c]:
                continue
            trial = lines(c, min(widths[c] + give, high[c]))
            gain = total - _rows([*counts[:c], trial, *counts[c + 1 :]])
            if gain > best_gain:
                best, best_counts, best_gain = c, trial, gain
        if best < 0:
            # no single step saves a row: the column furthest from its one-line width
            # grows, so the next steps can
            open_ = [c for c in range(columns) if widths[c] < high[c]]
            if not open_:
                break
            best = max(open_, key=lambda c: (high[c] - widths[c]) / high[c])
            best_counts = lines(best, min(widths[best] + give, high[best]))
        added = min(give, high[best] - widths[best])
        widths[best] += added
        counts[best] = best_counts
        left -= added
    if left > 1e-9:  # every column at its one-line width: share what is left alike
        widths = [w + left * w / sum(widths) for w in widths]
    return tuple(w / width for w in widths)


def _rows(counts: list[list[int]]) -> int:
    """Lines of text the table's rows take: each row as tall as its tallest cell."""
    return sum(max(row) for row in zip(*counts))
