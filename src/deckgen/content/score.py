"""Briefings' forecasts and their outcomes to a track record: Brier score and calibration.

Pure: no file, clock or environment. A forecast's probability is its numeric `probability`
as given, or else the midpoint of its ICD 203 term's band (`likely`, 55–80%, is 0.675). An
outcome scores 1 when it `happened`, 0 when it `did-not-happen` and 0.5 when it happened
`partly` (half-way, so a partial outcome neither rewards nor punishes a forecast of 50%);
`unresolved` and missing outcomes are not scored. The Brier score is the mean of
(probability − outcome)² over the scored forecasts: 0 is perfect, 0.25 is what always
saying 50% earns, 1 is always wrong with full certainty.

A forecast carried unchanged into a later version of a briefing (the same actor, statement
and horizon: a review that records outcomes) is one forecast, not two: it is scored once,
from the latest file that gives it an outcome, else the latest that has it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from deckgen.content.model import Briefing, Forecast, PartialDate
from deckgen.vocabulary import SCALE, Estimate

# The outcome each result counts as; `unresolved` counts as none.
OUTCOME_VALUE: dict[str, float] = {"happened": 1.0, "did-not-happen": 0.0, "partly": 0.5}


def probability(estimate: Estimate) -> float:
    """The probability a forecast is scored at: its number, else its band's midpoint."""
    if estimate.probability is not None:
        return estimate.probability
    lo, hi = estimate.band
    return (lo + hi) / 200


def resolves_by(forecast: Forecast) -> PartialDate | None:
    """When the forecast can be judged: its `resolves_by`, else the end of the last year
    its horizon names ("2017" → 31 December 2017, "2018–2022" → 31 December 2022)."""
    if forecast.resolves_by is not None:
        return forecast.resolves_by
    years = re.findall(r"(?<!\d)\d{4}(?!\d)", forecast.horizon or "")
    return PartialDate(int(years[-1]), 12, 31) if years else None


@dataclass(frozen=True, slots=True)
class Scored:
    """One forecast with where it came from and, once resolved, its outcome value."""

    briefing: str  # the briefing's id
    index: int  # its place in the briefing's `forecasts`
    forecast: Forecast
    probability: float | None  # None: the forecast gives no likelihood
    term: str | None  # the ICD 203 term whose band holds it
    result: str  # happened, did-not-happen, partly, unresolved (also when no outcome)
    value: float | None  # 1, 0, 0.5; None when not scored

    @property
    def brier(self) -> float | None:
        if self.value is None or self.probability is None:
            return None
        return (self.probability - self.value) ** 2


@dataclass(frozen=True, slots=True)
class Group:
    """The scored forecasts of one band, actor, area or confidence level."""

    name: str
    forecasts: int  # every forecast in the group
    resolved: int  # those with an outcome that scores
    mean_probability: float | None  # over the resolved ones
    observed: float | None  # their mean outcome value: the observed frequency
    brier: float | None
    band: tuple[int, int] | None = None  # the ICD 203 range in percent, for bands

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "name": self.name,
            "forecasts": self.forecasts,
            "resolved": self.resolved,
            "mean_probability": _round(self.mean_probability),
            "observed_frequency": _round(self.observed),
            "brier": _round(self.brier),
        }
        if self.band is not None:
            out["band"] = list(self.band)
        return out


@dataclass(frozen=True, slots=True)
class TrackRecord:
    forecasts: tuple[Scored, ...]
    brier: float | None
    by_band: tuple[Group, ...]
    by_actor: tuple[Group, ...]
    by_area: tuple[Group, ...]
    by_confidence: tuple[Group, ...]

    @property
    def resolved(self) -> tuple[Scored, ...]:
        return tuple(s for s in self.forecasts if s.brier is not None)

    def counts(self) -> dict[str, int]:
        out = {"forecasts": len(self.forecasts), "resolved": len(self.resolved)}
        for result in (*OUTCOME_VALUE, "unresolved"):
            out[result] = sum(1 for s in self.forecasts if s.result == result)
        return out

    def as_dict(self) -> dict[str, object]:
        return {
            "counts": self.counts(),
            "brier": _round(self.brier),
            "partly_counts_as": OUTCOME_VALUE["partly"],
            "by_band": [g.as_dict() for g in self.by_band],
            "by_actor": [g.as_dict() for g in self.by_actor],
            "by_area": [g.as_dict() for g in self.by_area],
            "by_confidence": [g.as_dict() for g in self.by_confidence],
            "forecasts": [
                {
                    "briefing": s.briefing,
                    "index": s.index,
                    "actor": s.forecast.actor,
                    "area": s.forecast.area,
                    "statement": s.forecast.statement.plain,
                    "probability": _round(s.probability),
                    "term": s.term,
                    "confidence": s.forecast.confidence,
                    "result": s.result,
                    "brier": _round(s.brier),
                }
                for s in self.forecasts
            ],
        }


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def score_forecast(briefing: str, index: int, f: Forecast) -> Scored:
    p = probability(f.estimate) if f.estimate else None
    result = f.outcome.result if f.outcome else "unresolved"
    value = OUTCOME_VALUE.get(result) if p is not None else None
    return Scored(briefing, index, f, p, f.estimate.term if f.estimate else None, result, value)


def _group(name: str, items: list[Scored], band: tuple[int, int] | None = None) -> Group:
    done = [s for s in items if s.brier is not None]
    n = len(done)

    def mean(xs: Iterable[float]) -> float | None:
        xs = list(xs)
        return sum(xs) / n if n else None

    return Group(
        name,
        len(items),
        n,
        mean(s.probability for s in done if s.probability is not None),
        mean(s.value for s in done if s.value is not None),
        mean(s.brier for s in done if s.brier is not None),
        band,
    )


def _by(items: list[Scored], key: str, order: Iterable[str] = ()) -> tuple[Group, ...]:
    groups: dict[str, list[Scored]] = {k: [] for k in order}
    for s in items:
        groups.setdefault(str(getattr(s.forecast, key) or "—"), []).append(s)
    return tuple(_group(k, v) for k, v in groups.items() if v)


def track_record(briefings: Iterable[Briefing]) -> TrackRecord:
    """The track record of every forecast of ``briefings``, in their order."""
    latest: dict[tuple[str, str, str], Scored] = {}
    for b in briefings:
        for i, f in enumerate(b.forecasts):
            key = (f.actor, " ".join(f.statement.plain.split()), f.horizon or "")
            seen = latest.get(key)
            if seen is None or f.outcome is not None or seen.forecast.outcome is None:
                latest[key] = score_forecast(b.id, i, f)
    # dict order is first appearance: the track record lists forecasts as first made
    scored = list(latest.values())
    bands = tuple(
        _group(term, [s for s in scored if s.term == term], (lo, hi))
        for term, _b, lo, hi in SCALE
        if any(s.term == term for s in scored)
    )
    overall = _group("all", scored)
    return TrackRecord(
        tuple(scored),
        overall.brier,
        bands,
        _by(scored, "actor"),
        _by(scored, "area"),
        _by(scored, "confidence", ("high", "moderate", "low")),
    )
