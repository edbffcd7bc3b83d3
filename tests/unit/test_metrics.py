"""deckgen.metrics: advance widths from the shipped tables, wrapped line counts, and the
conservative measure for a face deckgen has no table for."""

from __future__ import annotations

import pytest

from deckgen.metrics import (
    DEFAULT,
    TWINS,
    WIDE,
    WIDE_MARGIN,
    conservative_note,
    font,
    line_height,
    lines,
    width,
)
from deckgen.text import parse


@pytest.mark.parametrize(
    ("name", "table"),
    [("Calibri", "calibri"), ("calibri ", "calibri"), ("Carlito", "calibri"),
     ("Cambria", "cambria"), ("Arial", "arial"), ("Helvetica", "arial"),
     ("Times New Roman", "times"), ("Courier New", "courier"), ("Liberation Mono", "courier")],
)  # fmt: skip
def test_a_face_with_a_table_is_measured_exactly(name: str, table: str) -> None:
    face = font(name)
    assert face.table == table and face.exact
    assert face.twin is TWINS[table]


def test_no_name_is_calibri() -> None:
    assert font(None) == font("Calibri") == DEFAULT
    assert font("").table == "calibri"  # an empty name is no name


@pytest.mark.parametrize("name", ["Georgia", "Gill Sans", "Comic Sans MS"])
def test_a_face_without_a_table_is_measured_wide_and_has_no_twin(name: str) -> None:
    face = font(name)
    assert face.table == WIDE and not face.exact and face.twin is None


def test_the_note_names_the_face_and_the_margins() -> None:
    note = conservative_note(font("Georgia"))
    assert "'Georgia'" in note
    assert f"{round((WIDE_MARGIN['regular'] - 1) * 100)}%" in note
    assert f"{round((WIDE_MARGIN['bold'] - 1) * 100)}% bold" in note


def test_width_scales_with_the_size() -> None:
    assert width("Hello", 20) == pytest.approx(2 * width("Hello", 10))
    assert width("", 12) == 0


def test_bold_is_wider_and_a_string_is_the_sum_of_its_characters() -> None:
    assert width("Hello world", 12, bold=True) > width("Hello world", 12)
    assert width("ab", 12) == pytest.approx(width("a", 12) + width("b", 12))


@pytest.mark.parametrize("text", ["Hello world", "Iran and Russia, 2017", "WWW mmm iii 0123"])
def test_the_wide_table_is_never_narrower_than_any_table(text: str) -> None:
    wide = width(text, 12, face=font("Georgia"))
    for table in ("Calibri", "Cambria", "Arial", "Times New Roman"):
        assert wide >= width(text, 12, face=font(table))
    bold = width(text, 12, bold=True, face=font("Georgia"))
    assert bold >= max(width(text, 12, True, font(t)) for t in ("Calibri", "Cambria"))


def test_characters_outside_every_table_get_a_fallback_width() -> None:
    cjk = width("漢", 10)
    assert cjk == pytest.approx(10.0)  # a wide East Asian character: a full em
    assert width("\U0001f600", 10) == pytest.approx(10.0)  # an emoji is wide too
    assert width("\u0f00", 10) == pytest.approx(5.5)  # Tibetan: a conservative average


def test_line_height_is_proportional_and_the_wide_one_the_tallest() -> None:
    assert line_height(20) == pytest.approx(2 * line_height(10))
    assert line_height(12) > 12  # single spacing is more than the size
    wide = line_height(12, font("Georgia"))
    assert all(wide >= line_height(12, font(n)) for n in ("Calibri", "Cambria", "Arial"))


def test_text_that_fits_is_one_line() -> None:
    assert lines("Hello world", 1000, 12) == 1
    assert lines("", 100, 12) == 1


def test_words_wrap_greedily_at_the_box_width() -> None:
    word = width("word", 12)
    space = width(" ", 12)
    box = 3 * word + 2 * space  # exactly three words per line
    assert lines("word word word", box, 12) == 1
    assert lines("word word word word", box, 12) == 2
    assert lines("word " * 9, box, 12) == 3
    assert lines("word word word word", box - 0.01, 12) == 2  # two a line


def test_a_word_longer_than_the_line_breaks_across_lines() -> None:
    long = "x" * 40
    per_line = width("x" * 10, 12)
    assert lines(long, per_line, 12) == 4


def test_a_box_with_no_room_still_gives_a_finite_count() -> None:
    assert lines("a few words", 0, 12) > 3
    assert lines("a few words", -5, 12) == lines("a few words", 1, 12)


def test_styled_text_is_measured_run_by_run() -> None:
    text = parse("**bold words** and more")
    box = width("bold words and more", 12)  # fits unstyled, not with the bold run
    assert lines("bold words and more", box, 12) == 1
    assert lines(text, box, 12) == 2
    assert lines(parse("plain words here"), width("plain words here", 12), 12) == 1


def test_a_conservative_face_wraps_no_later_than_an_exact_one() -> None:
    text = "The quick brown fox jumps over the lazy dog " * 5
    for box in (100, 200, 300):
        assert lines(text, box, 12, font("Georgia")) >= lines(text, box, 12, font("Arial"))
