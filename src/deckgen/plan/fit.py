"""Blocks and a geometry to blocks that fit: shrink to a floor size first, then split.

Measurement is a character-width estimate calibrated on Calibri (deckgen.metrics); it errs
on the side of splitting. Every function here returns new blocks: the plan is frozen.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TypeVar

from deckgen import metrics as measure
from deckgen.content.model import Bullet
from deckgen.geometry import CELL_MARGINS_IN, Geometry
from deckgen.plan.blocks import BulletsBlock, Cell, StatementBlock, TableBlock
from deckgen.plan.columns import measured, widened
from deckgen.text import Text, joined, plain, sentences

TITLE_FLOOR = 16.0  # a title never shrinks below this
# Sizes in points a template set's `sizes:` may override; "floor" is the smallest body text.
DEFAULT_SIZES = {"body": 24, "statement": 26, "quote": 28, "table": 18, "dense_table": 16,
                 "source_line": 11, "marking": 12, "floor": 14}  # fmt: skip


class Fitter:
    """Splits tables and lists so every slide's content fits its area, shrinking first."""

    def __init__(self, geometry: Geometry, floor: float) -> None:
        self.geometry = geometry
        self.floor = floor
        self.font = geometry.font

    def row_height(self, cells: list[Cell], widths: list[float], size: float, width: float
                   ) -> float:  # fmt: skip
        """Inches a table row needs: its tallest cell, wrapped at the cell's inner width."""
        tallest = 0
        for cell, fraction in zip(cells, widths):
            inner = (fraction * width - CELL_MARGINS_IN[0]) * 72
            text = plain(cell.text.plain, bold=True) if cell.bold else cell.text
            tallest = max(tallest, measure.lines(text, inner, size, self.font))
        return tallest * measure.line_height(size, self.font) / 72 + CELL_MARGINS_IN[1] + 0.02

    def heights(self, table: TableBlock, role: str) -> list[float]:
        """Inches each row of ``table`` needs on a slide of ``role``, header first."""
        width = self.geometry.area(role)[0]
        return [self.row_height(row, table.widths, table.size, width)
                for row in (table.header, *table.rows)]  # fmt: skip

    def table(self, table: TableBlock, role: str, condense: bool = False
              ) -> tuple[list[TableBlock], int]:  # fmt: skip
        """Pages of ``table``, and how many rows were left out (only when condensing).

        Shrink first, never below the floor: to one slide if any size allows, else to the
        largest size that needs the fewest slides; then continue on following slides.
        Condensed recipes keep the first slide's rows and say how many were left out.
        A size at which a row alone is taller than the area does not fit, however few
        slides it needs; if none fits, the floor size overflows least.
        """
        height = self.geometry.area(role)[1]
        trials = {}
        size = table.size
        while size >= self.floor:
            pages = self.rows(replace(table, size=size, heights=[]), role)
            trials[size] = pages
            if len(pages) == 1 and fits(pages[0], height):
                return _shrunk(pages, table.size), 0
            size -= 1
        if not trials:
            return self.rows(table, role), 0
        if condense:
            first = trials[min(trials)][0]
            return _shrunk([first], table.size), len(table.rows) - len(first.rows)
        floor = min(trials)
        fitting = {s: pages for s, pages in trials.items()
                   if all(fits(page, height) for page in pages)}  # fmt: skip
        fitting = fitting or {floor: trials[floor]}  # none fits: the floor overflows least
        # the largest size that needs no more slides than the smallest fitting size does
        fewest = min(len(pages) for pages in fitting.values())
        best = max(s for s, pages in fitting.items() if len(pages) == fewest)
        return _shrunk(fitting[best], table.size), 0

    def columns(self, table: TableBlock, width: float) -> list[float]:
        """Column fractions widened where a column is narrower than its longest word, so no
        word breaks mid-word (plan/columns.py)."""
        return widened([table.header, *table.rows], table.widths, table.size, width, self.font)

    def rows(self, table: TableBlock, role: str) -> list[TableBlock]:
        """Split a table between rows, repeating the header row, so each page fits."""
        width, height = self.geometry.area(role)
        widths = measured([table.header, *table.rows], table.size, width, self.font)
        table = replace(table, widths=widths or self.columns(table, width), heights=[])
        header_h = self.row_height(table.header, table.widths, table.size, width)
        pages: list[TableBlock] = []
        current: list[list[Cell]] = []
        heights = [header_h]
        used = header_h
        for row in table.rows:
            h = self.row_height(row, table.widths, table.size, width)
            if current and used + h > height:
                pages.append(replace(table, rows=current, heights=heights))
                current, heights, used = [], [header_h], header_h
            current.append(row)
            heights.append(h)
            used += h
        pages.append(replace(table, rows=current, heights=heights))
        return pages

    def title(self, title: Text, role: str) -> float | None:
        """The smaller size ``title`` needs to fit the title box of ``role`` when it overflows
        at the layout's own size (never below TITLE_FLOOR); None when it fits as it is."""
        size = self.geometry.title(role)[2]
        asked = size
        # measured bold: most templates set titles bold, and bold is the wider of the two
        bold = title.bold()
        while size > TITLE_FLOOR and not self.title_fits(bold, size, role):
            size -= 1
        return size if size < asked else None

    def title_fits(self, title: Text, size: float, role: str = "") -> bool:
        """Whether ``title`` at ``size`` fits the title box of ``role`` (titles are set at
        90% line spacing in most templates)."""
        width, height, _ = self.geometry.title(role)
        face = self.geometry.heading
        lines = measure.lines(title, (width - 0.16) * 72, size, face)
        return lines * measure.line_height(size, face) * 0.9 <= (height - 0.1) * 72

    def statement(self, block: StatementBlock, role: str = "statement") -> list[StatementBlock]:
        """A statement (the BLUF) at the largest size, down to the floor, that fits its box;
        too long for one box even at the floor, it continues between sentences."""
        width, height = self.geometry.area(role)
        box = (width - 0.16) * 72

        def fits(text: Text | str, size: float) -> bool:
            lines = measure.lines(text, box, size, self.font)
            return lines * measure.line_height(size, self.font) / 72 + 0.1 <= height

        size = block.size
        while size > self.floor and not fits(block.text, size):
            size -= 1
        shrunk = block.size if size < block.size else None
        if fits(block.text, size):
            return [StatementBlock(block.text, size, shrunk)]
        pages: list[StatementBlock] = []
        chunk: list[Text] = []
        for sentence in sentences(block.text):
            if chunk and not fits(joined([*chunk, sentence]), size):
                pages.append(StatementBlock(joined(chunk), size, shrunk))
                chunk = []
            chunk.append(sentence)
        pages.append(StatementBlock(joined(chunk), size, shrunk))
        return pages

    def bullets(self, block: BulletsBlock, role: str = "bullets") -> list[BulletsBlock]:
        """Split bullets between items, shrinking first (never below the floor) to the
        largest size that needs the fewest slides. An item too tall for a slide on its own
        is split between sentences, never inside one."""
        items = self._split_long(block, role)
        trials = {}
        size = block.size
        while size >= self.floor:
            trials[size] = self._bullet_pages(BulletsBlock(items, size), role)
            if len(trials[size]) == 1:
                return _shrunk(trials[size], block.size)
            size -= 1
        if not trials:
            return self._bullet_pages(BulletsBlock(items, block.size), role)
        fewest = len(trials[min(trials)])
        best = max(s for s, pages in trials.items() if len(pages) == fewest)
        return _shrunk(trials[best], block.size)

    def _split_long(self, block: BulletsBlock, role: str) -> list[Bullet]:
        """Items taller than a whole slide at the floor size, cut into runs of sentences."""
        width, height = self.geometry.area(role)
        out: list[Bullet] = []
        for item in block.items:
            box = (width - 0.16 - 0.35 * (item.level + 1)) * 72
            size = self.floor if item.level == 0 else self.floor - 3
            pitch = measure.line_height(size, self.font) / 72
            if measure.lines(item.text, box, size, self.font) * pitch <= height:
                out.append(item)
                continue
            chunk: list[Text] = []
            for sentence in sentences(item.text):
                trial = joined([*chunk, sentence])
                if chunk and measure.lines(trial, box, size, self.font) * pitch > height * 0.9:
                    out.append(Bullet(joined(chunk), item.level))
                    chunk = []
                chunk.append(sentence)
            out.append(Bullet(joined(chunk), item.level))
        return out

    def _bullet_pages(self, block: BulletsBlock, role: str) -> list[BulletsBlock]:
        width, height = self.geometry.area(role)
        pages: list[BulletsBlock] = []
        current: list[Bullet] = []
        used = 0.0
        for item in block.items:
            size = block.size if item.level == 0 else block.size - 3
            box = (width - 0.16 - 0.35 * (item.level + 1)) * 72
            lines = measure.lines(item.text, box, size, self.font)
            h = (lines * measure.line_height(size, self.font) + 10) / 72
            if current and used + h > height and item.level == 0:
                pages.append(BulletsBlock(current, block.size))
                current, used = [], 0.0
            current.append(item)
            used += h
        pages.append(BulletsBlock(current, block.size))
        return pages


def proportional(rows: list[list[str]]) -> list[float]:
    """Column widths for a free-form table: wider where the text is longer (by the square
    root, so one wordy column does not starve the others), each between 10% and 70%."""
    columns = len(rows[0])
    weights = []
    for c in range(columns):
        lengths = [len(row[c]) for row in rows]
        weights.append(max(4.0, sum(lengths) / len(lengths)) ** 0.5)
    widths = [max(0.1, min(0.7, w / sum(weights))) for w in weights]
    return [w / sum(widths) for w in widths]


def fits(page: TableBlock, height: float) -> bool:
    """Whether ``page``'s measured rows fit an area ``height`` inches tall."""
    return sum(page.heights) <= height + 1e-9  # rows() compared a running sum of these floats


Page = TypeVar("Page", TableBlock, BulletsBlock, StatementBlock)


def _shrunk(pages: list[Page], asked: float) -> list[Page]:
    """The pages with the size asked for recorded on each, when fitting chose a smaller one."""
    return [replace(page, shrunk_from=asked) if page.size < asked else page for page in pages]
