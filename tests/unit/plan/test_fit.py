"""The fitter alone: sizes shrink to the floor before anything splits, and never below it."""

from __future__ import annotations

from deckgen.content.model import Bullet
from deckgen.plan import BulletsBlock, Cell, StatementBlock, TableBlock
from deckgen.plan.fit import DEFAULT_SIZES, TITLE_FLOOR, Fitter, fits, proportional
from deckgen.text import plain

from support.builders import geometry, words


def _table(rows: int, cell_words: int = 4, size: float = 18) -> TableBlock:
    header = [Cell(plain("Issue"), bold=True), Cell(plain("Detail"), bold=True)]
    body = [[Cell(plain(f"Row {n}")), Cell(plain(words(cell_words)))] for n in range(rows)]
    return TableBlock(header, body, [0.3, 0.7], size)


def test_a_table_that_fits_stays_at_its_size() -> None:
    pages, dropped = Fitter(geometry(), 14).table(_table(3), "table")
    assert len(pages) == 1 and dropped == 0
    assert pages[0].size == 18 and pages[0].shrunk_from is None


def test_a_table_shrinks_before_it_splits() -> None:
    fitter = Fitter(geometry(height=4.0), 14)
    table = _table(9, 6)
    assert len(fitter.rows(table, "table")) > 1  # at its own size it would need two slides
    pages, _ = fitter.table(table, "table")
    assert len(pages) == 1 and 14 <= pages[0].size < 18 and pages[0].shrunk_from == 18


def test_a_long_table_splits_at_the_floor_and_repeats_its_header() -> None:
    pages, dropped = Fitter(geometry(height=3.0), 14).table(_table(40, 8), "table")
    assert len(pages) > 1 and dropped == 0
    assert all(p.size >= 14 for p in pages)
    assert all(p.header[0].text.plain == "Issue" for p in pages)
    assert sum(len(p.rows) for p in pages) == 40
    assert all(fits(p, 3.0) for p in pages)


def test_a_condensed_table_keeps_one_page_and_counts_the_rest() -> None:
    pages, dropped = Fitter(geometry(height=3.0), 14).table(_table(40, 8), "table", True)
    assert len(pages) == 1 and dropped == 40 - len(pages[0].rows) > 0


def test_each_page_records_one_height_per_row_header_first() -> None:
    for page in Fitter(geometry(height=3.0), 14).rows(_table(20, 8), "table"):
        assert len(page.heights) == len(page.rows) + 1


def test_fits_compares_the_measured_rows_with_the_area() -> None:
    page = TableBlock([], [], [], heights=[1.0, 1.0])
    assert fits(page, 2.0) and not fits(page, 1.99)


def test_bullets_that_fit_stay_at_their_size() -> None:
    block = BulletsBlock([Bullet(plain("One.")), Bullet(plain("Two."))], 24)
    (page,) = Fitter(geometry(), 14).bullets(block)
    assert page.size == 24 and page.shrunk_from is None and len(page.items) == 2


def test_many_bullets_shrink_then_continue_never_below_the_floor() -> None:
    block = BulletsBlock([Bullet(plain(words(25))) for _ in range(30)], 24)
    fitter = Fitter(geometry(height=3.0), 14)
    pages = fitter.bullets(block)
    assert len(pages) > 1 and len({p.size for p in pages}) == 1
    assert all(14 <= p.size < 24 and p.shrunk_from == 24 for p in pages)
    # the largest size that needs no more slides than the floor size does
    at_floor = fitter.bullets(BulletsBlock(block.items, 14))
    assert len(pages) == len(at_floor)
    assert sum(len(p.items) for p in pages) == 30


def test_a_statement_too_long_for_one_box_continues_between_sentences() -> None:
    text = plain(" ".join(f"Sentence {n} says {words(12)}." for n in range(30)))
    pages = Fitter(geometry(height=2.0), 14).statement(StatementBlock(text, 26))
    assert len(pages) > 1 and all(p.size == 14 for p in pages)
    assert all(p.text.plain.endswith(".") for p in pages)


def test_a_long_title_shrinks_but_not_below_the_title_floor() -> None:
    fitter = Fitter(geometry(title=(6.0, 0.9, 30.0)), 14)
    assert fitter.title(plain("Short"), "table") is None
    size = fitter.title(plain(words(12)), "table")
    assert size is not None and TITLE_FLOOR <= size < 30
    assert fitter.title(plain(words(200)), "table") == TITLE_FLOOR


def test_proportional_widths_sum_to_one_and_favour_longer_text() -> None:
    widths = proportional([["a", words(20)], ["b", words(20)]])
    assert abs(sum(widths) - 1) < 1e-9 and widths[1] > widths[0]
    assert all(0.1 <= w <= 0.7 for w in proportional([["x", "y", "z", words(60)]]))


def test_the_default_floor_is_below_every_default_size() -> None:
    floor = DEFAULT_SIZES["floor"]
    assert all(floor <= DEFAULT_SIZES[k] for k in ("body", "statement", "quote", "table"))
