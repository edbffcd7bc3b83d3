"""A memo PDF to its page count and how full its last page is (its share of the text area)."""

from __future__ import annotations

import io

import pikepdf

from deckgen.pdf.positions import BODY, FURNITURE, drawn

SHORT_LAST_PAGE = 0.25  # a typesetter's floor: a last page under a quarter full looks stranded


def last_page(data: bytes) -> tuple[int, float | None]:
    """How many pages a memo PDF has (0 when pikepdf cannot read it), and its last page's
    filled share of the text area: from the top of the first page's content to its lowest
    line, footnotes included (the first page runs full), down to the last page's lowest line
    of body text or picture; None for a one-page PDF or one with nothing outside page
    furniture to measure."""
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PdfError:
        return 0, None  # not a PDF pikepdf can read: the PDF checks before this one say so
    with pdf:
        count = len(pdf.pages)
        if count < 2:
            return count, None
        first = [(low, high) for low, high, what in drawn(pdf.pages[0]) if what != FURNITURE]
        # the body only: footnotes sit at the page's foot however little text is above them
        last = [low for low, _, what in drawn(pdf.pages[-1]) if what == BODY]
    if not first or not last:
        return count, None
    top, bottom = max(h for _, h in first), min(low for low, _ in first)
    if top - bottom <= 0:
        return count, None
    return count, max(0.0, min(1.0, (top - min(last)) / (top - bottom)))
