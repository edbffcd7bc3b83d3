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


class Citation(str):
    """A cited source id that may carry the credibility (1-6, Admiralty code) of what the
    source reported for this claim. It is the id itself (equal to it, hashed as it), so
    everything that looks sources up by id reads a graded citation as a plain one."""

    credibility: int | None

    def __new__(cls, ident: str, credibility: int | None = None) -> Citation:
        made = super().__new__(cls, ident)
        made.credibility = credibility
        return made

    def __repr__(self) -> str:
        if self.credibility is None:
            return str.__repr__(self)
        return f"Citation({str.__repr__(self)}, {self.credibility})"


@dataclass(frozen=True, slots=True)
class Assumption:
    """What a judgment rests on: how sure the analysts are of it, what follows if it fails."""

    text: Text
    confidence: str | None = None
    if_wrong: Text | None = None


@dataclass(frozen=True, slots=True)
class Indicator:
    """A sign to watch: which way it would move the judgment, and where it stands now."""

    text: Text
    direction: str | None = None  # "up": the judgment grows likelier; "down": less likely
    status: str | None = None


@dataclass(frozen=True, slots=True)
class Previous:
    """The `previous:` version of a briefing: the path as written, resolved (not read), and
    where the key stands, so a file that cannot be read is reported there."""

    written: str
    path: str
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class KeyJudgment:
    text: Text
    estimate: Estimate | None = None
    confidence: str | None = None
    sources: tuple[str, ...] = ()
    audience: tuple[str, ...] = ()  # empty: every audience
    basis: Text | None = None
    assumptions: tuple[Assumption, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    change_note: Text | None = None


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
    basis: Text | None = None
    assumptions: tuple[Assumption, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    change_note: Text | None = None
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
    appendix: bool = False  # a backup slide: in the deck's appendix (plan.structure)


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    title: str
    publisher: str | None = None
    date: PartialDate | None = None
    url: str | None = None
    author: str | None = None
    audience: tuple[str, ...] = ()
    reliability: str | None = None  # Admiralty code A-F


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
    previous: Previous | None = None
    # the previous version, loaded by build.pipeline (planning compares, never reads)
    earlier: Briefing | None = None

    def actor(self, actor_id: str) -> Actor:
        return next(a for a in self.actors if a.id == actor_id)

    def source(self, source_id: str) -> Source:
        return next(s for s in self.sources if s.id == source_id)
