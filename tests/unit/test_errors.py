"""deckgen.errors: locations, the diagnostics printed from them, and the exception tree."""

from __future__ import annotations

from pathlib import Path

import pytest

from deckgen.errors import (
    ContentError,
    DeckgenError,
    Diagnostic,
    Location,
    PdfError,
    RenderError,
    TemplateError,
    excerpt,
)


def test_a_location_prints_as_editors_read_it() -> None:
    assert str(Location("content/a.yaml", 3, 7)) == "content/a.yaml:3:7"
    assert str(Location("content/a.yaml")) == "content/a.yaml"


def test_a_location_never_prints_a_control_character() -> None:
    assert "\x1b" not in str(Location("evil\x1b[2J.yaml", 1, 1))


def test_the_exception_tree_and_its_categories() -> None:
    assert issubclass(PdfError, RenderError) and issubclass(RenderError, DeckgenError)
    assert issubclass(ContentError, DeckgenError) and issubclass(TemplateError, DeckgenError)
    assert [c.category for c in (DeckgenError, ContentError, TemplateError, RenderError,
                                 PdfError)] == [
        "error", "content error", "template error", "render error", "pdf error"]  # fmt: skip


def test_a_content_error_counts_its_errors_not_its_warnings() -> None:
    errors = [
        Diagnostic(None, "a"),
        Diagnostic(None, "b"),
        Diagnostic(None, "c", severity="warning"),
    ]
    assert ContentError(errors).message == "2 errors in content"
    assert ContentError(errors[:1]).message == "1 error in content"
    assert len(ContentError(errors).diagnostics) == 3


def test_an_error_without_diagnostics_prints_its_category() -> None:
    assert TemplateError("no such set").format() == "template error: no such set"
    assert str(TemplateError("no such set")) == "no such set"


def test_an_error_with_diagnostics_prints_each() -> None:
    error = DeckgenError("x", [Diagnostic(None, "one"), Diagnostic(None, "two")])
    assert error.format() == "error: one\nerror: two"


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "brief.yaml"
    path.write_text("id: brief\ntitle: 'A title'\nsummary: x\n", encoding="utf-8")
    return path


def test_a_diagnostic_shows_the_line_with_a_caret_under_the_token(source: Path) -> None:
    text = Diagnostic(Location(str(source), 2, 8), "is wrong", "Fix it.").format()
    first, shown, caret, hint = text.split("\n")
    assert first == f"{source}:2:8: error: is wrong"
    assert shown == " 2 | title: 'A title'"
    assert caret == "   |        ^~~~~~~~~"  # under 'A title', quotes included
    assert hint == "    Fix it."


def test_a_code_goes_before_the_message_and_the_severity_is_named() -> None:
    text = Diagnostic(None, "too long", code="EST-03", severity="warning").format()
    assert text == "warning: EST-03: too long"


def test_without_a_line_or_with_source_off_no_excerpt_is_shown(source: Path) -> None:
    assert Diagnostic(Location(str(source)), "m").format() == f"{source}: error: m"
    assert "\n" not in Diagnostic(Location(str(source), 1, 1), "m").format(source=False)


def test_excerpt_of_a_missing_file_or_line_is_none(source: Path) -> None:
    assert excerpt(Location(str(source.parent / "gone.yaml"), 1, 1)) is None
    assert excerpt(Location(str(source), 99, 1)) is None
    assert excerpt(Location(str(source), 0, 0)) is None


def test_excerpt_clips_a_long_line_around_the_column(tmp_path: Path) -> None:
    path = tmp_path / "long.yaml"
    path.write_text("k: " + "a" * 500 + " target " + "b" * 500 + "\n", encoding="utf-8")
    number, line, pad, width = excerpt(Location(str(path), 1, 505)) or ("", "", 0, 0)
    assert number == "1" and line.startswith("…") and line.endswith("…")
    assert len(line) < 120
    assert line[pad : pad + width] == "target"


def test_excerpt_replaces_control_characters_and_skips_a_bom(tmp_path: Path) -> None:
    path = tmp_path / "ctl.yaml"
    path.write_bytes("\ufeffk: \x1b[31mred\tx\n".encode())
    _, line, pad, _ = excerpt(Location(str(path), 1, 1)) or ("", "", 0, 0)
    assert "\x1b" not in line and "\t" not in line and line.startswith("k: \ufffd")
    assert pad == 0


def test_excerpt_of_a_binary_file_is_none(tmp_path: Path) -> None:
    path = tmp_path / "bin.yaml"
    path.write_bytes(b"a\x00b\n")
    assert excerpt(Location(str(path), 1, 1)) is None


def test_the_caret_counts_wide_characters_as_two_cells(tmp_path: Path) -> None:
    path = tmp_path / "wide.yaml"
    path.write_text("名前: x\n", encoding="utf-8")
    _, _, pad, _ = excerpt(Location(str(path), 1, 5)) or ("", "", 0, 0)
    assert pad == 6  # two wide characters, a colon and a space
