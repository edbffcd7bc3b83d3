"""The table fitter measures every row, and the deck writer declares what it measured."""

from __future__ import annotations

import re
import zipfile
from itertools import pairwise
from pathlib import Path

import pytest
from pptx import Presentation

from deckgen import metrics as measure
from deckgen.content.load import load_file
from deckgen.geometry import CELL_MARGINS_IN, Geometry
from deckgen.plan import Cell, Deck, TableBlock, plan_deck
from deckgen.plan.fit import Fitter as _Fitter
from deckgen.plan.fit import fits
from deckgen.templates.deck import prepare
from deckgen.templates.sets import find
from deckgen.text import plain

from conftest import MINIMAL, SHIPPED, run_cli

EMU = 914400
AREA = (12.0, 4.8)  # inches
WORDS = "coordination across the border holds while trade water and migration divide them"


def _fitter(floor: float = 14) -> _Fitter:
    return _Fitter(Geometry({"table": AREA}), floor)


def _words(count: int) -> str:
    base = WORDS.split()
    return " ".join(base[i % len(base)] for i in range(count))


def _table(rows: list[list[str]], size: float = 18) -> TableBlock:
    header = [Cell(plain(name, bold=True), bold=True) for name in ("Issue", "Detail")]
    return TableBlock(header, [[Cell(plain(c)) for c in row] for row in rows], [0.3, 0.7], size)


def _deck(recipe: str, path: Path = SHIPPED) -> tuple[Deck, Geometry]:
    template = find("default")
    prep = prepare(template.deck, template.layouts, template.fonts)
    geometry = prep.geometry()
    return plan_deck(load_file(path), template, template.recipe(recipe), geometry), geometry


def test_pages_carry_one_measured_height_per_row_header_first() -> None:
    fitter = _fitter()
    table = _table([[f"Row {n}", _words(5 + 9 * (n % 4))] for n in range(30)])
    pages = fitter.rows(table, "table")
    assert len(pages) > 1
    for page in pages:
        assert page.heights == fitter.heights(page, "table")
        assert len(page.heights) == len(page.rows) + 1
        assert fits(page, AREA[1])
    # a page ends only where the next row would not fit under it
    for page, following in pairwise(pages):
        next_row = fitter.row_height(following.rows[0], page.widths, page.size, AREA[0])
        assert sum(page.heights) + next_row > AREA[1]


def test_a_row_is_its_lines_at_the_font_s_line_height_plus_the_cell_insets() -> None:
    fitter = _fitter()
    size = 18.0
    one = fitter.row_height([Cell(plain("short")), Cell(plain("short"))], [0.3, 0.7], size, 12)
    pitch = measure.line_height(size) / 72
    assert one == pytest.approx(pitch + CELL_MARGINS_IN[1] + 0.02)
    # the widest cell decides: a text three lines long in the narrow column
    inner = (0.3 * 12 - CELL_MARGINS_IN[0]) * 72
    text = _words(60)
    lines = measure.lines(text, inner, size)
    assert lines >= 3
    tall = fitter.row_height([Cell(plain(text)), Cell(plain("short"))], [0.3, 0.7], size, 12)
    assert tall == pytest.approx(lines * pitch + CELL_MARGINS_IN[1] + 0.02)
    # a header is measured bold (wider), as the writer sets it
    bold = Cell(plain("Significance Significance", bold=True), bold=True)
    regular = Cell(plain("Significance Significance"))
    narrow = measure.width("Significance Significance", size, True) / 72 + 0.16 - 0.01
    assert fitter.row_height([bold], [1.0], size, narrow) > fitter.row_height(
        [regular], [1.0], size, narrow
    )


def test_a_size_where_one_row_alone_overflows_does_not_count_as_fitting() -> None:
    """One row taller than the area at 18 pt but not at 14 pt: the table shrinks until it
    fits, rather than keeping 18 pt because a single page is 'one slide'."""
    fitter = _fitter()
    table = _table([["Only row", _words(260)]])  # measured columns give "Detail" 94%
    at_asked = fitter.rows(table, "table")
    assert len(at_asked) == 1 and not fits(at_asked[0], AREA[1])  # the case this is about
    pages, dropped = fitter.table(table, "table")
    assert dropped == 0 and len(pages) == 1
    assert pages[0].size < table.size and pages[0].shrunk_from == table.size
    assert fits(pages[0], AREA[1])


def test_a_row_too_tall_even_at_the_floor_stays_at_the_floor() -> None:
    fitter = _fitter()
    table = _table([["Short", "short"], ["Huge", _words(900)], ["Short", "short"]])
    pages, _ = fitter.table(table, "table")
    assert {page.size for page in pages} == {14}
    assert [fits(page, AREA[1]) for page in pages].count(False) == 1


def test_heights_follow_the_rows_a_part_regroups_after_fitting() -> None:
    """The executive outlook sorts each page's rows by actor after fitting, and grouping
    blanks a repeated name: the heights written must be those of the rows as written."""
    for recipe in ("full", "executive"):
        deck, geometry = _deck(recipe)
        fitter = _Fitter(geometry, 14)
        tables = [(s.role, s.body) for s in deck.slides if isinstance(s.body, TableBlock)]
        assert len(tables) >= 3
        for role, block in tables:
            assert block.heights == fitter.heights(block, role), (recipe, block.header)
            assert fits(block, geometry.area(role)[1])
        assert not deck.overflows


def test_the_deck_declares_the_measured_rows_and_a_frame_as_tall_as_they_are(
    shipped: dict[str, Path],
) -> None:
    deck, _ = _deck("full")
    planned = [s.body for s in deck.slides if isinstance(s.body, TableBlock)]
    prs = Presentation(str(shipped["deck"]))
    written = [shape for slide in prs.slides for shape in slide.shapes if shape.has_table]
    assert len(written) == len(planned) >= 5
    heights = set()
    for block, shape in zip(planned, written):
        rows = [row.height for row in shape.table.rows]
        assert rows == [int(h * EMU) for h in block.heights]
        assert shape.height == sum(rows)
        heights |= set(rows)
    assert len(heights) > 5  # rows of one, two and three lines at several sizes


def test_cells_carry_the_insets_the_fitter_measures_with(shipped: dict[str, Path]) -> None:
    with zipfile.ZipFile(shipped["deck"]) as z:
        xml = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("ppt/slides/s"))
    insets = set(re.findall(r'<a:tcPr marL="(\d+)" marR="(\d+)" marT="(\d+)" marB="(\d+)"', xml))
    across, down = (str(round(v / 2 * EMU)) for v in CELL_MARGINS_IN)  # each side: half
    assert insets == {(across, across, down, down)} == {("73152", "73152", "45720", "45720")}


def test_no_table_cell_is_left_empty(shipped: dict[str, Path]) -> None:
    """A group name stands on every row (a blank repeat was an empty TD to a screen reader),
    so the shipped deck's tables have no empty cell; how the writer sizes one should it
    meet one is tests/unit/writers/test_deck_writer.py's
    test_an_empty_cell_keeps_the_tables_size."""
    prs = Presentation(str(shipped["deck"]))
    tables = [shape.table for slide in prs.slides for shape in slide.shapes if shape.has_table]
    assert tables
    empty = [cell for table in tables for row in table.rows for cell in row.cells
             if not cell.text.strip()]  # fmt: skip
    assert not empty


def test_a_table_page_without_heights_is_refused_by_the_writer(tmp_path: Path) -> None:
    from deckgen.build.clock import time_of as build_time
    from deckgen.build.inputs import deck_parts, media
    from deckgen.writers.deck import write_deck

    deck, _ = _deck("full")
    block = next(s.body for s in deck.slides if isinstance(s.body, TableBlock))
    object.__setattr__(block, "heights", [])  # a plan that skipped fitting (plans are frozen)
    template = find("default")
    prep = prepare(template.deck, template.layouts, template.fonts)
    pictures = media(load_file(SHIPPED), template)
    with pytest.raises(ValueError, match="one measured height per row"):
        write_deck(deck, prep, template, deck_parts(prep), pictures, build_time(""))


def test_a_row_that_cannot_fit_is_a_build_warning(tmp_path: Path) -> None:
    briefing = tmp_path / "huge-row.yaml"
    cell = _words(900)
    briefing.write_text(
        MINIMAL + "sections:\n  - title: A very long row\n    table:\n"
        f"      columns: [Issue, Detail]\n      rows:\n        - [Short, short]\n"
        f'        - [Huge, "{cell}"]\n',
        encoding="utf-8",
    )
    done = run_cli("build", str(briefing), "-o", str(tmp_path / "out"), "-f", "pptx")
    assert done.returncode == 0, done.stderr
    warned = (
        r"huge-row\.yaml: warning: slide \d+ 'A very long row \(cont\.\)': a table row "
        r"is taller than the content area even at 14 pt, so the table runs [\d.]+ in past it"
    )
    assert re.search(warned, done.stderr), done.stderr
    assert "Traceback" not in done.stderr


# -- statements and titles -------------------------------------------------------------------


def test_a_bluf_too_long_for_its_box_continues_between_sentences_keeping_its_runs() -> None:
    from deckgen.plan import StatementBlock
    from deckgen.text import parse

    fitter = _Fitter(Geometry({"statement": (12.0, 3.0)}), 14)
    sentence = "Both capitals keep **coordinating** in Syria while the threat lasts. "
    text = parse(sentence * 40)
    pages = fitter.statement(StatementBlock(text, 26), "statement")
    assert len(pages) > 1, "a BLUF no size fits goes on, never over its box"
    assert all(p.size == 14 and p.shrunk_from == 26 for p in pages)
    assert sum(p.text.plain.count("coordinating") for p in pages) == 40
    assert all(any(r.bold and r.text == "coordinating" for r in p.text.runs) for p in pages)
    for page in pages:
        lines = measure.lines(page.text, (12.0 - 0.16) * 72, 14, measure.DEFAULT)
        assert lines * measure.line_height(14, measure.DEFAULT) / 72 + 0.1 <= 3.0
    short = fitter.statement(StatementBlock(parse(sentence), 26), "statement")
    assert len(short) == 1 and short[0].size == 26 and short[0].shrunk_from is None


def test_a_title_too_long_even_at_the_floor_is_a_build_warning(tmp_path: Path) -> None:
    long_title = " ".join(["A title that says far too much about the partnership"] * 20)
    content = tmp_path / "content" / "long-title.yaml"
    content.parent.mkdir()
    text = MINIMAL.replace("title: Minimal Briefing", f"title: {long_title}")
    assert text != MINIMAL
    content.write_text(text, encoding="utf-8")
    done = run_cli("build", str(content), "-o", str(tmp_path / "out"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "the title is too long for its box even at 16 pt; shorten it" in done.stderr
