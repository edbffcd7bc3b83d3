"""The handout format's parts that need no LibreOffice: its name in the one list of formats,
its output name, which staged files become which PDFs, and how the record and the stale-PDF
check tell a handout from a deck's PDF."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from deckgen.build.outputs import OUTPUT_NAMES, PDF_FORMATS, output_names
from deckgen.build.pdfs import _sources
from deckgen.build.run import _pdfs_of, pdf_kinds
from deckgen.build.settings import Formats
from deckgen.cli.options import parse_formats
from deckgen.publish.dist import _made_of
from deckgen.writers import FORMATS


def test_handout_is_a_format_with_its_own_output_name() -> None:
    assert "handout" in FORMATS and "handout" in PDF_FORMATS
    assert set(OUTPUT_NAMES) == set(FORMATS)
    assert output_names("x", ["handout"]) == ["x-handout.pdf"]
    assert output_names("x-public", ["pptx", "handout"]) == ["x-public-deck.pptx",
                                                             "x-public-handout.pdf"]  # fmt: skip


def test_command_line_and_settings_take_handout() -> None:
    assert parse_formats(None, None, "pptx,HANDOUT") == ("pptx", "handout")
    with pytest.raises(click.BadParameter, match="handout"):
        parse_formats(None, None, "handouts")  # the choices named in the error
    assert "handout" in Formats().json()["items"]["enum"]


def test_only_a_deck_is_staged_for_a_handout() -> None:
    assert _sources("x-deck.pptx", ("handout",)) == [("handout", "handout/x-handout.pptx")]
    assert _sources("x-memo.docx", ("handout",)) == []
    assert _sources("x.html", ("pdf", "handout")) == []
    assert _sources("x-deck.pptx", ("pdf", "handout")) == [
        ("pdf", "x-deck.pptx"), ("handout", "handout/x-handout.pptx")]  # fmt: skip
    assert _sources("x-deck.pptx", ("pdf",)) == [("pdf", "x-deck.pptx")]


def test_recorded_pdfs_tell_their_format() -> None:
    assert pdf_kinds([Path("o/x-handout.pdf")]) == ("handout",)
    assert pdf_kinds([Path("o/x-deck.pdf"), Path("o/x-memo.pdf")]) == ("pdf",)
    assert pdf_kinds([Path("o/x-handout.pdf"), Path("o/x-deck.pdf")]) == ("pdf", "handout")
    assert pdf_kinds([]) == ()


def test_a_rewritten_deck_has_its_handout_checked_for_staleness() -> None:
    out = Path("o")
    found = _pdfs_of("x", ["x-deck.pptx", "x-memo.docx", "x.html"], out)
    assert found == [("x-deck.pptx", out / "x-deck.pdf", "pdf"),
                     ("x-deck.pptx", out / "x-handout.pdf", "handout"),
                     ("x-memo.docx", out / "x-memo.pdf", "pdf")]  # fmt: skip


def test_a_bundle_holds_a_decks_handout() -> None:
    assert _made_of(Path("t/x-v-deck.pptx")) == ["x-v-deck.pdf", "x-v-handout.pdf"]
    assert _made_of(Path("t/x-memo.docx")) == ["x-memo.pdf"]
    assert _made_of(Path("t/x.html")) == []
