"""Hand-built briefings, geometries, recipes and the default template set for unit tests.

Nothing here reads a briefing file or opens an Office library: unit tests build exactly the
input they assert on (tests/unit/plan imports these as ``support.builders``).
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import Any

from deckgen.content.model import (
    Actor,
    Briefing,
    Bullet,
    Chart,
    Divergence,
    Forecast,
    KeyJudgment,
    PartialDate,
    Quote,
    Section,
    SharedGoal,
    Source,
    Table,
    TimelineEvent,
)
from deckgen.geometry import Geometry
from deckgen.templates.sets import Recipe, TemplateSet, find
from deckgen.text import Text, plain
from deckgen.vocabulary import Estimate

ALPHA = Actor("alpha", "Alpha")
BETA = Actor("beta", "Beta")
WORDS = "coordination across the border holds while trade water and migration divide them"


def words(count: int) -> str:
    """``count`` words of plain prose (the fitter measures it; the meaning does not matter)."""
    pool = WORDS.split()
    return " ".join(pool[i % len(pool)] for i in range(count))


def estimate(term: str = "likely", probability: float | None = None) -> Estimate:
    """An estimate in the ICD 203 set A, as loading makes one of ``term``."""
    return Estimate(term, term, "A", probability)


def source(sid: str = "s1", **kw: Any) -> Source:
    fields: dict[str, Any] = {"title": "Annual Review", "publisher": "Institute",
                              "date": PartialDate(2017, 3, 27)}  # fmt: skip
    return Source(sid, **{**fields, **kw})


def briefing(**kw: Any) -> Briefing:
    """The smallest briefing (two actors, a title) with ``kw`` fields set."""
    fields: dict[str, Any] = {"id": "test", "title": plain("Test Briefing"),
                              "actors": (ALPHA, BETA)}  # fmt: skip
    return Briefing(**{**fields, **kw})


def full_briefing() -> Briefing:
    """A briefing with every part filled: each deck and memo part has something to show."""
    return briefing(
        subtitle=plain("A subtitle"),
        date=PartialDate(2017, 3),
        version="2",
        author="A. Analyst",
        organization="Desk",
        marking="UNCLASSIFIED",
        bluf=plain("Alpha and Beta coordinate. They will keep doing so."),
        key_judgments=(
            KeyJudgment(plain("Coordination holds."), estimate("likely"), "moderate", ("s1",)),
            KeyJudgment(plain("Trade divides them."), estimate("unlikely", 0.3), "high"),
        ),
        shared_goals=(
            SharedGoal(
                plain("Regional stability"), plain("Both want calm."), ("alpha", "beta"), ("s1",)
            ),
        ),
        divergences=(
            Divergence(plain("Water"), {"alpha": plain("Dams")}, "high", plain("Scarce"), ("s2",)),
        ),
        forecasts=(
            Forecast("alpha", plain("Alpha builds."), "economic", "2018", estimate("likely")),
            Forecast(
                "beta", plain("Beta waits."), "political", "2018", estimate("very likely"), "low"
            ),
        ),
        timeline=(
            TimelineEvent(PartialDate(2016), plain("Later event")),
            TimelineEvent(PartialDate(2015, 9), plain("Earlier event"), ("s1",)),
        ),
        sections=(
            Section(
                plain("Background"),
                bullets=(Bullet(plain("First point.")), Bullet(plain("Detail."), 1)),
                chart=Chart("bar", ("2016", "2017"), (("Trade", (1.0, 2.5)),), "Trade", "bn"),
                quote=Quote(plain("We agree."), plain("A minister")),
                sources=("s2",),
            ),
        ),
        sources=(
            source("s1"),
            source(
                "s2",
                title="Second Report",
                publisher=None,
                author="B. Writer",
                date=None,
                url="https://x.test/r",
            ),
        ),
        notes={"bluf": "Say it first."},
    )


def table_section(rows: int, cell_words: int = 3, title: str = "Data") -> Section:
    """A section holding only a two-column table of ``rows`` rows."""
    body = tuple((plain(f"Row {n}"), plain(words(cell_words))) for n in range(rows))
    table = Table((plain("Issue"), plain("Detail")), body)
    return Section(plain(title), table=table)


def geometry(width: float = 12.0, height: float = 4.8, title: tuple[float, float, float] = (
        12.0, 0.95, 30.0)) -> Geometry:  # fmt: skip
    """The same content area (inches) for every role, and one title box for every role."""
    roles = ("table", "bullets", "statement", "comparison", "chart", "quote", "image")
    return Geometry({r: (width, height) for r in roles}, titles={r: title for r in roles})


def recipe(deck: tuple[str, ...] = (), memo: tuple[str, ...] = (), condense: bool = False
           ) -> Recipe:  # fmt: skip
    return Recipe("test", deck, memo, condense)


@lru_cache(maxsize=1)
def default_set() -> TemplateSet:
    """The built-in default template set (read once: its labels, palette, sizes, recipes)."""
    return find("default")


def with_labels(template: TemplateSet, **labels: Any) -> TemplateSet:
    """``template`` with some labels replaced."""
    return replace(template, labels={**template.labels, **labels})


def texts(items: list[Text] | tuple[Text, ...]) -> list[str]:
    return [t.plain for t in items]
