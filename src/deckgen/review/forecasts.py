"""A briefing's forecasts to the findings that keep them scorable (SCORE rules): due with no
outcome, no criterion, an outcome that cites nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from deckgen.content.model import Briefing, Forecast
from deckgen.content.score import resolves_by
from deckgen.errors import Diagnostic
from deckgen.review.where import Where, excerpt, finding

RULES: dict[str, str] = {
    "SCORE-01": "a forecast past its `resolves_by` (default: the end of its horizon) with no "
    "outcome",
    "SCORE-02": "a forecast without a `criterion`, in a briefing that scores its forecasts",
    "SCORE-03": "an outcome without sources",
}


def _scores(b: Briefing) -> bool:
    """Whether the briefing has taken up scoring: some forecast says how or when it is judged."""
    return any(f.resolves_by or f.criterion or f.outcome for f in b.forecasts)


def _due(f: Forecast, today: dt.date) -> bool:
    due = resolves_by(f)
    if due is None or f.outcome is not None:
        return False
    # a date known to the month or year is due once all of that month or year has passed
    last = (due.year, due.month or 12, due.day or 31)
    return last < (today.year, today.month, today.day)


def forecasts(b: Briefing, at: Where, today: dt.date | None = None) -> Iterator[Diagnostic]:
    """SCORE-01 per overdue forecast (one for the whole briefing when it has not taken up
    scoring: a file written before `outcome:` existed is one task, not seventeen); SCORE-02
    per forecast without a criterion; SCORE-03 per outcome, other than unresolved, that
    cites no source."""
    today = today or dt.date.today()
    scoring = _scores(b)
    overdue = [(i, f) for i, f in enumerate(b.forecasts) if _due(f, today)]
    if overdue and not scoring:
        i, f = overdue[0]
        due = resolves_by(f)
        yield finding(
            "SCORE-01",
            "warning",
            at("forecasts", i, "horizon") if at.has("forecasts", i, "horizon") else at("forecasts"),
            f"{len(overdue)} forecast(s) fell due by {due.long() if due else '?'} (the end of "
            "their horizon) and none records how it turned out",
            "Give each an `outcome:` (happened, did-not-happen, partly or unresolved, with "
            "`as_of`, `note` and `sources`), in this file or in a review of it that names it "
            "in `previous:`; `deckgen score` then scores them.",
        )
    elif scoring:
        for i, f in overdue:
            due = resolves_by(f)
            key = "resolves_by" if at.has("forecasts", i, "resolves_by") else "statement"
            yield finding(
                "SCORE-01",
                "warning",
                at("forecasts", i, key),
                f"forecast {excerpt(f.statement.plain)!r} was due by "
                f"{due.long() if due else '?'} and has no outcome",
                "Add `outcome:` with `result:` (happened, did-not-happen, partly or "
                "unresolved), `as_of`, a short `note` and `sources`.",
            )
    if scoring:
        for i, f in enumerate(b.forecasts):
            if f.criterion is None:
                yield finding(
                    "SCORE-02",
                    "warning",
                    at("forecasts", i, "statement"),
                    f"forecast {excerpt(f.statement.plain)!r} has no criterion, so no one can "
                    "say later whether it came true",
                    "Add `criterion:`: one sentence on what would show it happened, e.g. "
                    "'Russia and Turkey sign an agreement on Idlib'.",
                )
    for i, f in enumerate(b.forecasts):
        o = f.outcome
        if o is not None and o.result != "unresolved" and not o.sources:
            yield finding(
                "SCORE-03",
                "warning",
                at("forecasts", i, "outcome", "result"),
                f"the outcome {o.result!r} of forecast {excerpt(f.statement.plain)!r} cites no "
                "source, so a reader cannot check it",
                "Add `sources:` under `outcome:` with the ids of the works that show it; if "
                "the record is not clear, write `result: unresolved`.",
            )
