"""Memo PDFs whose last page is nearly empty to the same memos set a little closer (or, where
that cannot pull the page back, a little more open), drawn again where that mends the page.

A typesetter does not leave a few lines alone on a last page. LibreOffice is the only judge
of where a page breaks, so each setting is tried by drawing the memo again: one conversion
for every short memo of the batch per setting, and none at all when no last page is short.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from deckgen.errors import DeckgenError
from deckgen.pdf.layout import SHORT_LAST_PAGE, last_page
from deckgen.writers.memo.notes import carries_endnotes
from deckgen.writers.memo.spacing import LOOSER, TIGHTER, scaled


@dataclass(frozen=True)
class Refilled:
    """One memo set again: the setting that mended its last page, and how full it was."""

    setting: str  # "closer" or "more open"
    gaps: float  # paragraph gaps as a share of the template's
    was: float  # the short last page's filled share before


@dataclass(frozen=True)
class Refills:
    """What refill did to a batch: the memos set again, and those whose last page no setting
    mended, with how full it is (the PDF step warns of those)."""

    mended: dict[str, Refilled]
    short: dict[str, float]


def refill(made: list[Path], office: dict[str, str], staging: Path,
           when: dict[str, dt.datetime]) -> Refills:  # fmt: skip
    """For each memo PDF in ``made`` (named in ``office``: PDF name -> its source in
    ``staging``) whose last page is under a quarter full (not its endnotes' page), the
    settings TIGHTER then LOOSER, until one leaves no such page: fewer pages, or as many
    with the last one full enough.
    A mended memo's source in staging and its PDF are replaced by the new ones; what it
    returns names them, and the memos still short. A conversion that fails leaves the memos
    as they were."""
    from deckgen.pdf import convert as pdf

    short: dict[str, tuple[int, float]] = {}
    for made_pdf in made:
        source = staging / office[made_pdf.name]
        if source.suffix == ".docx" and not carries_endnotes(source.read_bytes()):
            pages, fill = last_page(made_pdf.read_bytes())
            if fill is not None and fill < SHORT_LAST_PAGE:
                short[made_pdf.name] = (pages, fill)
    by_name = {p.name: p for p in made}
    mended: dict[str, Refilled] = {}
    settings = [(g, lead, "closer") for g, lead in TIGHTER] + [(*LOOSER, "more open")]
    for step, (gaps, leading, setting) in enumerate(settings):
        todo = [n for n in short if n not in mended]
        if not todo:
            break
        folder = staging / f"refill-{step}"
        folder.mkdir()
        tried = []
        for name in todo:
            source = folder / Path(office[name]).name
            source.write_bytes(scaled((staging / office[name]).read_bytes(), gaps, leading,
                                      when[name]))  # fmt: skip
            tried.append(source)
        try:
            drawn = pdf.convert(tried, folder / "pdf")
        except DeckgenError:
            break  # the first drawing stands; its short page is still said
        for name, source, new_pdf in zip(todo, tried, drawn):
            pages, fill = short[name]
            new_pages, new_fill = last_page(new_pdf.read_bytes())
            fewer = 0 < new_pages < pages and (new_fill is None or new_fill >= SHORT_LAST_PAGE)
            fuller = new_pages == pages and new_fill is not None and new_fill >= SHORT_LAST_PAGE
            if fewer if setting == "closer" else fuller:
                (staging / office[name]).write_bytes(source.read_bytes())
                by_name[name].write_bytes(new_pdf.read_bytes())
                mended[name] = Refilled(setting, gaps, fill)
    return Refills(mended, {n: fill for n, (_, fill) in short.items() if n not in mended})
