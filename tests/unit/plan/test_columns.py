"""Column widths measured from the cells: every word whole, the fewest lines of text overall."""

from __future__ import annotations

from deckgen import metrics as measure
from deckgen.geometry import CELL_MARGINS_IN
from deckgen.plan import Cell, TableBlock
from deckgen.plan.columns import longest_word, measured
from deckgen.plan.fit import Fitter
from deckgen.text import plain

from support.builders import geometry, words

FACE = measure.DEFAULT


def _rows(comment_words: int = 18, n: int = 8) -> list[list[Cell]]:
    header = [Cell(plain(h), bold=True) for h in ("Row", "Place", "Comment")]
    body = [[Cell(plain(str(i))), Cell(plain("Damascus countryside")),
             Cell(plain(words(comment_words)))] for i in range(n)]  # fmt: skip
    return [header, *body]


def _lines(table: list[list[Cell]], widths: list[float], size: float, width: float) -> int:
    total = 0
    for row in table:
        total += max(
            measure.lines(c.text, (w * width - CELL_MARGINS_IN[0]) * 72, size, FACE)
            for c, w in zip(row, widths)
        )
    return total


def test_each_column_holds_its_longest_word() -> None:
    table = _rows()
    widths = measured(table, 16, 10.0, FACE)
    assert widths is not None and abs(sum(widths) - 1) < 1e-9
    for c, w in enumerate(widths):
        need = max(longest_word(row[c], 16, FACE) for row in table) / 72 + CELL_MARGINS_IN[0]
        assert w * 10.0 >= need


def test_measured_widths_need_fewer_lines_than_equal_shares() -> None:
    # the table: "Row" as wide as "Place" while "Comment" wraps on every row
    table = _rows()
    widths = measured(table, 16, 10.0, FACE)
    assert widths is not None
    assert widths[0] < widths[1] < widths[2]
    assert _lines(table, widths, 16, 10.0) < _lines(table, [1 / 3] * 3, 16, 10.0)


def test_text_that_fits_on_one_line_is_never_wrapped() -> None:
    table = [[Cell(plain("Date")), Cell(plain("Event"))],
             [Cell(plain("2017")), Cell(plain("Talks."))]]  # fmt: skip
    widths = measured(table, 18, 10.0, FACE)
    assert widths is not None and _lines(table, widths, 18, 10.0) == 2


def test_no_widths_when_the_longest_words_cannot_sit_side_by_side() -> None:
    table = [[Cell(plain("Internationalization" * 3)), Cell(plain("Counterproliferation" * 3))]]
    assert measured(table, 18, 4.0, FACE) is None


def test_the_fitter_lays_out_tables_with_measured_widths() -> None:
    header = [Cell(plain("Row"), bold=True), Cell(plain("Comment"), bold=True)]
    rows = [[Cell(plain(str(i))), Cell(plain(words(30)))] for i in range(6)]
    table = TableBlock(header, rows, [0.5, 0.5], 16)
    (page,) = Fitter(geometry(height=6.0), 14).rows(table, "table")
    assert page.widths[0] < 0.15  # the number column shrank to what it holds


def test_an_answer_worked_out_again_is_the_same_and_a_callers_change_stays_its_own() -> None:
    # measured() keeps its answers (the fitter asks again at each size it tries): a caller
    # that edits the list it got back must not change what the next caller gets
    table = _rows()
    first = measured(table, 16, 10.0, FACE)
    assert first is not None
    first[0] = 0.9
    again = measured([list(row) for row in table], 16, 10.0, FACE)
    assert again is not None and again[0] != 0.9 and abs(sum(again) - 1) < 1e-9


def test_words_and_wrapped_count_as_lines_does() -> None:
    text = plain(words(40))
    space = measure.width(" ", 14, face=FACE)
    for box in (40.0, 120.0, 300.0, 2000.0):
        assert measure.wrapped(measure.words(text, 14, FACE), box, space) == measure.lines(
            text, box, 14, FACE
        )
