"""A briefing and its template set to the bytes the writers take beside the plan.

The writers are serializers and read nothing themselves: the pictures a briefing and its set
use, the deck template's parts and deckgen's stock parts are read here, once, by the caller.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from deckgen.content.model import Briefing
    from deckgen.templates.deck import DeckPrep
    from deckgen.templates.sets import TemplateSet
    from deckgen.writers.deck.presentation import DeckParts


def media(briefing: Briefing, template: TemplateSet) -> dict[str, bytes]:
    """Every picture ``briefing`` and ``template`` use (its sections' images, the set's
    logo): path, as the plans name it -> bytes, each file read once."""
    paths = [s.image.path for s in briefing.sections if s.image is not None]
    if template.logo:
        paths.append(template.logo.path)
    out: dict[str, bytes] = {}
    for path in paths:
        if path not in out:
            out[path] = Path(path).read_bytes()
    return out


def deck_parts(prep: DeckPrep) -> DeckParts:
    """The prepared deck template's package parts, as the safe reader checked them (a .potx
    made a .pptx), and the stock parts the deck writer adds where a template lacks them."""
    from importlib.util import find_spec

    from deckgen.ooxml.safe_reader import read_package
    from deckgen.resources import XLSX_THEME
    from deckgen.writers.deck.presentation import DeckParts

    # Office's default notes master and its theme, as python-pptx ships them: the files are
    # found without importing the library
    spec = find_spec("pptx")
    assert spec is not None and spec.origin is not None
    folder = Path(spec.origin).parent / "templates"
    return DeckParts(
        template=dict(read_package(prep.path, "deck")),
        notes_master=(folder / "notesMaster.xml").read_bytes(),
        notes_theme=(folder / "theme.xml").read_bytes(),
        workbook_theme=XLSX_THEME.read_bytes(),
    )
