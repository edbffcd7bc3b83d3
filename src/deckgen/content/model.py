"""The briefing as typed, validated values: what loading produces and planning consumes."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field

from deckgen.text import Text
from deckgen.vocabulary import Estimate


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date known to the year, month or day (``2017``, ``2017-03``, ``2017-03-27``)."""

    year: int
    month: int | None = None
    day: int | None = None

    def iso(self) -> str:
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
        if self.day:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)

    def long(self) -> str:
        """As a reader writes it: ``27 March 2017``, ``September 2015`` or ``2017``."""
        if self.month is None:
            return str(self.year)
        month = calendar.month_name[self.month]
        if self.day is None:
            return f"{month} {self.year}"
        return f"{self.day} {month} {self.year}"

    @property
    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)


@dataclass(frozen=True, slots=True)
class MemoHeader:
    to: Text | None = None
    sender: Text | None = None
    subject: Text | None = None


@dataclass(frozen=True, slots=True)
class Actor:
    id: str
    name: str
    color: str | None = None


@dataclass(frozen=True, slots=True)
class KeyJudgment:
    text: Text
    estimate: Estimate | None = None
    confidence: str | None = None
    sources: tuple[str, ...] = ()
    audience: tuple[str, ...] = ()  # empty: every audience


@dataclass(frozen=True, slots=True)
class SharedGoal:
    title: Text
    detail: Text | None = None
    actors: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    audience: tuple[str, ...] = ()  # empty: every audience


@dataclass(frozen=True, slots=True)
class Divergence:
    issue: Text
    positions: dict[str, Text] = field(default_factory=dict)
    significance: str | None = None
    detail: Text | None = None
    sources: tuple[str, ...] = ()
    audience: tuple[str, ...] = ()  # empty: every audience


@dataclass(frozen=True, slots=True)
class Outcome:
    """How a forecast turned out, as of a date, with a short note and its sources."""

    result: str  # one of vocabulary.OUTCOMES
    as_of: PartialDate | None = None
    note: Text | None = None
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Forecast:
    actor: str
    statement: Text
    area: str = "other"
    horizon: str | None = None
    estimate: Estimate | None = None
    confidence: str | None = None
    sources: tuple[str, ...] = ()
    audience: tuple[str, ...] = ()  # empty: every audience
    resolves_by: PartialDate | None = None  # None: the end of the horizon, when it is a year
    criterion: Text | None = None
    outcome: Outcome | None = None


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    date: PartialDate
    event: Text
    sources: tuple[str, ...] = ()
    audience: tuple[str, ...] = ()  # empty: every audience


@dataclass(frozen=True, slots=True)
class Table:
    columns: tuple[Text, ...]
    rows: tuple[tuple[Text, ...], ...]


@dataclass(frozen=True, slots=True)
class Chart:
    type: str
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float, ...]], ...]
    title: str | None = None
    unit: str | None = None


@dataclass(frozen=True, slots=True)
class Image:
    path: str  # absolute, checked to lie inside the workspace
    alt: str


@dataclass(frozen=True, slots=True)
class Quote:
    text: Text
    by: Text | None = None


@dataclass(frozen=True, slots=True)
class Bullet:
    text: Text
    level: int = 0


@dataclass(frozen=True, slots=True)
class Section:
    title: Text
    bullets: tuple[Bullet, ...] = ()
    table: Table | None = None
    chart: Chart | None = None
    image: Image | None = None
    quote: Quote | None = None
    notes: str | None = None
    sources: tuple[str, ...] = ()
    audience: tuple[str, ...] = ()  # empty: every audience


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    title: str
    publisher: str | None = None
    date: PartialDate | None = None
    url: str | None = None
    author: str | None = None
    audience: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Variant:
    """A version of the briefing for some audiences, with its own marking and handling."""

    name: str
    audiences: tuple[str, ...]
    marking: str | None = None
    distribution: str | None = None


@dataclass(frozen=True, slots=True)
class Briefing:
    """One content file, validated; ``path`` is where it came from."""

    id: str
    title: Text
    actors: tuple[Actor, ...]
    path: str = ""
    subtitle: Text | None = None
    date: PartialDate | None = None
    version: str | None = None
    author: str | None = None
    organization: str | None = None
    marking: str | None = None
    distribution: str | None = None
    language: str = "en"
    memo: MemoHeader = MemoHeader()
    bluf: Text | None = None
    key_judgments: tuple[KeyJudgment, ...] = ()
    shared_goals: tuple[SharedGoal, ...] = ()
    divergences: tuple[Divergence, ...] = ()
    forecasts: tuple[Forecast, ...] = ()
    timeline: tuple[TimelineEvent, ...] = ()
    sections: tuple[Section, ...] = ()
    notes: dict[str, str] = field(default_factory=dict)
    sources: tuple[Source, ...] = ()
    variants: tuple[Variant, ...] = ()
    variant: str | None = None  # the variant this briefing was narrowed to, if any

    def actor(self, actor_id: str) -> Actor:
        return next(a for a in self.actors if a.id == actor_id)

    def source(self, source_id: str) -> Source:
        return next(s for s in self.sources if s.id == source_id)
