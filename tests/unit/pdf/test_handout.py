"""pdf.convert's handout options and pdf.handout's check for notes that run off the page,
on PDFs made here with pikepdf (no LibreOffice)."""

from __future__ import annotations

import io
import json

import pikepdf

from deckgen.pdf import convert
from deckgen.pdf.handout import off_page


def _options(export: str) -> dict[str, dict[str, str]]:
    """The JSON part of a --convert-to argument (LibreOffice ignores `key=value` silently)."""
    kind, filter_name, options = export.split(":", 2)
    assert (kind, filter_name) == ("pdf", "impress_pdf_Export")
    return dict(json.loads(options))


def test_handout_filter_exports_notes_pages_only_and_tagged() -> None:
    options = _options(convert.HANDOUT_FILTER)
    for key in ("PDFUACompliance", "ExportNotesPages", "ExportOnlyNotesPages"):
        assert options[key] == {"type": "boolean", "value": "true"}, key
    assert "ExportNotesPages" not in _options(convert.PDF_FILTER)


def _pdf(*streams: bytes) -> bytes:
    pdf = pikepdf.new()
    for content in streams:
        pdf.add_blank_page(page_size=(540, 720))
        pdf.pages[-1].Contents = pdf.make_stream(content)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def test_text_below_the_page_is_found() -> None:
    inside = b"q BT /F1 12 Tf 100 600 Td (a) Tj ET Q"
    below = b"q BT /F1 12 Tf 100 -40 Td (b) Tj ET Q"
    assert off_page(_pdf(inside, below, inside)) == [2]


def test_positions_follow_cm_tm_and_line_moves() -> None:
    moved = b"q 1 0 0 1 0 -700 cm BT /F1 12 Tf 100 50 Td (c) Tj ET Q"  # 50 - 700 < 0
    matrix = b"BT 1 0 0 1 100 10 Tm 0 -14 Td (d) Tj ET"
    leading = b"BT 100 20 Td 30 TL (e) Tj T* (f) Tj ET"  # the second line is at -10
    restored = b"q 1 0 0 1 0 -700 cm Q BT 100 50 Td (g) Tj ET"
    assert off_page(_pdf(moved, matrix, leading, restored)) == [1, 2, 3]


def test_runs_at_the_side_edges_are_not_overflow() -> None:
    """LibreOffice writes an empty run or two just beyond a notes page's right edge."""
    assert off_page(_pdf(b"BT 545 348 Td () Tj ET BT 537 708 Td () Tj ET")) == []
