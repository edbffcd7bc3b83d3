"""A handout PDF (notes pages) to the pages whose text runs off the page.

LibreOffice neither shrinks nor wraps a notes page's text onto another page: notes longer
than the notes box are drawn on below the page's bottom edge, where no reader or printer
shows them (seen on LibreOffice 7.4). The text is still in the file, so only its position
tells: every line LibreOffice draws starts with its own absolute ``Td`` or ``Tm``.
"""

from __future__ import annotations

import io

import pikepdf

from deckgen.pdf.positions import drawn

_SLACK = 1.0  # points: rounding in LibreOffice's coordinates is not an overflow


def off_page(data: bytes) -> list[int]:
    """The numbers (from 1) of the pages that draw text below their media box's bottom."""
    found = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            bottom = float(page.mediabox[1])
            # only below the bottom: LibreOffice puts an empty run or two at the edges
            if any(high < bottom - _SLACK for _, high, _ in drawn(page)):
                found.append(number)
    return found
