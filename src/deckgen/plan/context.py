"""A briefing and a template set to the planning context every deck and memo part reads.

The parts are plain functions of a ``Context``: the briefing, the set's labels, palette and
sizes, the fitter for the deck's geometry and each actor's colour. Nothing in it changes
while a plan is made.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from deckgen.content.model import Actor, Briefing, Divergence, Forecast
from deckgen.geometry import Geometry
from deckgen.plan import wording
from deckgen.plan.blocks import Cell
from deckgen.plan.fit import DEFAULT_SIZES, Fitter
from deckgen.templates.sets import TemplateSet
from deckgen.text import Text, plain
from deckgen.vocabulary import AREAS


@dataclass(frozen=True)
class Context:
    """What the parts of one plan share."""

    b: Briefing
    labels: dict[str, Any]
    palette: dict[str, Any]
    sizes: dict[str, float]
    fitter: Fitter
    colors: dict[str, str]  # actor id -> colour
    condense: bool = False

    @classmethod
    def of(cls, briefing: Briefing, template: TemplateSet, geometry: Geometry,
           condense: bool = False) -> Context:  # fmt: skip
        """The context for planning ``briefing`` with ``template`` on ``geometry``."""
        floor = float(template.sizes.get("floor", DEFAULT_SIZES["floor"]))
        return cls(
            briefing,
            template.labels,
            template.palette,
            template.sizes,
            Fitter(geometry, floor),
            wording.actor_colors(briefing.actors, template.palette),
            condense,
        )

    def label(self, key: str, **kw: str) -> str:
        return wording.label(self.labels, key, **kw)

    def level(self, table: str, value: str | None) -> str:
        return wording.level(self.labels, table, value)

    def confidence(self, c: str | None) -> str:
        return wording.confidence(self.labels, c)

    def continued(self, title: Text, n: int) -> Text:
        return wording.continued(self.labels, title, n)

    def source_line(self, ids: list[str]) -> str:
        return wording.source_line(self.labels, self.b, ids)

    def actor_names(self, ids: tuple[str, ...]) -> str:
        return wording.actor_names(self.b, ids)

    def area_name(self, area: str) -> str:
        return wording.area_name(self.labels, area)

    def size(self, key: str) -> float:
        """A text size in points: the set's own, else deckgen's default."""
        return float(self.sizes.get(key, DEFAULT_SIZES[key]))

    def note(self, part: str) -> str:
        """The briefing's speaker notes for ``part`` (`notes:` in the briefing)."""
        return self.b.notes.get(part, "")

    def header_cell(self, text: str, fill: str | None = None) -> Cell:
        return Cell(
            plain(text, bold=True),
            fill=fill or self.palette.get("primary"),
            color="#FFFFFF",
            bold=True,
        )

    def forecasts_by_actor(self) -> Iterator[tuple[Actor, list[Forecast]]]:
        """Each actor with forecasts, in briefing order, its forecasts in area order."""
        for actor in self.b.actors:
            items = [f for f in self.b.forecasts if f.actor == actor.id]
            items.sort(key=lambda f: AREAS.index(f.area))
            if items:
                yield actor, items

    def properties(self) -> dict[str, str]:
        """The document properties both outputs carry (title, subject, author, ...)."""
        b = self.b
        return {
            "title": b.title.plain,
            "subject": (
                b.memo.subject.plain
                if b.memo.subject
                else b.subtitle.plain
                if b.subtitle
                else b.title.plain
            ),
            "author": b.author or b.organization or "",
            "keywords": ", ".join(a.name for a in b.actors),
            "category": b.marking or "",
            "version": b.version or "",
            "language": b.language,
            "date": b.date.iso() if b.date else "",
        }


def issue_width(divs: tuple[Divergence, ...]) -> float:
    """The Issue column's share of the table: wider when it also holds the details."""
    return 0.28 if any(d.detail for d in divs) else 0.2


def shared_horizon(items: list[Forecast]) -> tuple[str | None, bool]:
    """The horizon every forecast in ``items`` shares (it then goes in the title), and
    whether each row must show its own instead, because they differ (or some have none)."""
    horizons = {f.horizon for f in items}
    if len(horizons) == 1:
        return horizons.pop(), False
    return None, True
