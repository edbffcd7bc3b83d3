"""The warm renderer gets the one-shot run's PDF/UA options, from the same strings."""

from __future__ import annotations

from pathlib import Path

from deckgen.pdf import convert, warm


def test_pdfua_options_come_from_pdf_filter():
    assert warm.export_options(convert.PDF_FILTER) == ("impress_pdf_Export",
                                                       ["PDFUACompliance=true"])  # fmt: skip
    name, options = warm.export_options(convert.HANDOUT_FILTER)
    assert name == "impress_pdf_Export"
    assert options == ["PDFUACompliance=true", "ExportNotesPages=true",
                       "ExportOnlyNotesPages=true"]  # fmt: skip


def test_memo_gets_writers_filter():
    assert warm._filter_for(Path("a-memo.docx"), "impress_pdf_Export") == "writer_pdf_Export"
    assert warm._filter_for(Path("a-deck.pptx"), "impress_pdf_Export") == "impress_pdf_Export"


def test_no_uno_python_is_a_stated_fallback(monkeypatch, tmp_path):
    monkeypatch.setattr(warm, "uno_python", lambda: None)
    renderer, why = warm.start(tmp_path)
    assert renderer is None and "python3-uno" in why
    assert warm.active() is None
