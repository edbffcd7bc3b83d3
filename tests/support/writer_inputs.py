"""The shipped briefing planned once for the writer tests, and what the writers take beside it.

Plain functions, cached for the session: the writers are pure, so every test may share the
same plans and inputs (none of them changes what it is given, which test_deck_writer checks).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from functools import cache
from pathlib import Path

from deckgen.build.inputs import deck_parts, media
from deckgen.content.load import load_file
from deckgen.content.model import Briefing
from deckgen.content.variants import whole
from deckgen.plan import Deck, Memo, plan_deck, plan_memo
from deckgen.templates import memo as memoprep
from deckgen.templates.deck import DeckPrep, prepare
from deckgen.templates.sets import TemplateSet, find
from deckgen.writers.deck import DeckParts

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "content" / "russia-iran-2017.yaml"
WHEN = dt.datetime(2021, 3, 4, 5, 6, 8)  # not the briefing's date: only `when` dates outputs
STAMP = "2021-03-04T05:06:08Z"


@cache
def template() -> TemplateSet:
    return find("default", ROOT)


@cache
def briefing() -> Briefing:
    return whole(load_file(SHIPPED, ROOT))


@cache
def deck_prep() -> DeckPrep:
    t = template()
    return prepare(t.deck, t.layouts, t.fonts)


@cache
def deck() -> Deck:
    t = template()
    return plan_deck(briefing(), t, t.recipe("full"), deck_prep().geometry())


@cache
def parts() -> DeckParts:
    return deck_parts(deck_prep())


@cache
def pictures() -> dict[str, bytes]:
    return media(briefing(), template())


@cache
def memo() -> Memo:
    t = template()
    return plan_memo(briefing(), t, t.recipe("full"))


@cache
def memo_prepared() -> memoprep.Prepared:
    return memoprep.prepare(template())


def image_path() -> str:
    """The one picture the shipped briefing shows."""
    (path,) = [s.image.path for s in briefing().sections if s.image is not None]
    return path


def png(width: int = 40, height: int = 20, color: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    """A small picture no file holds."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, "PNG")
    return out.getvalue()


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}
