"""A briefing to its analytic and citation findings (EST, GOAL and CITE rules)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from deckgen import vocabulary as analytic
from deckgen.content.model import Briefing
from deckgen.errors import Diagnostic, Location
from deckgen.review.where import Where, excerpt, finding
from deckgen.templates.sets import Recipe

# The parts whose items are claims, with how a reader names one and the field that says it.
CLAIMS: dict[str, tuple[str, str]] = {
    "key_judgments": ("key judgment", "text"),
    "shared_goals": ("shared goal", "title"),
    "divergences": ("divergence", "issue"),
    "forecasts": ("forecast", "statement"),
    "timeline": ("timeline event", "event"),
}

_CONFIDENCE = re.compile(
    r"\b(?:low|moderate|high)(?:[- ]to[- ](?:low|moderate|high))?\s+confidence\b", re.I
)
# longest first, so "very likely" is one match rather than "likely" inside it
_TERM = re.compile(
    r"\b(?:"
    + "|".join(re.escape(t) for t in sorted(analytic.TERMS, key=len, reverse=True))
    + r")\b",
    re.I,
)
_YEAR = re.compile(r"\b(1[89]\d\d|2\d\d\d)\b")
_YEARS_AHEAD = re.compile(r"\b(\d+)[\s-]*years?\b", re.I)


# -- analytic -----------------------------------------------------------------------------


def estimates(b: Briefing, recipe: Recipe, at: Where) -> Iterator[Diagnostic]:
    """EST-03 once when sets A and B meet; EST-01 for each number printed in the other set."""
    items = [
        (part, i, item.estimate)
        for part in ("key_judgments", "forecasts")
        for i, item in enumerate(getattr(b, part))
        if item.estimate is not None
    ]
    sets = {
        "A": [x for x in items if x[2].term_set == "A"],
        "B": [x for x in items if x[2].term_set == "B"],
    }
    if not (sets["A"] and sets["B"]):
        return
    # the set most items use is the briefing's own; on a tie, ICD 203's canonical set A
    main = "B" if len(sets["B"]) > len(sets["A"]) else "A"
    other = "A" if main == "B" else "B"

    def where(part: str, i: int) -> Location:
        key = "likelihood" if at.has(part, i, "likelihood") else "probability"
        return at(part, i, key)

    part, i, _estimate = sets[other][0]
    words = ", ".join(sorted({e.written for _p, _i, e in sets[other]}))
    message = (
        f"estimative terms of ICD 203 set {main} and set {other} are mixed: "
        f"{len(sets[other])} item(s) use set {other} ({words}), first here"
    )
    if "estimative" in recipe.memo:
        yield finding(
            "EST-03",
            "warning",
            where(part, i),
            message,
            f"The memo's estimative-language note must say both sets mean the same "
            f"probabilities; better, write every term from set {main}.",
        )
    else:
        yield finding(
            "EST-03",
            "error",
            where(part, i),
            message,
            f"Recipe {recipe.name!r} prints no estimative-language note in the memo, so nothing "
            f"says the two sets mean the same probabilities: use set {main} throughout, or "
            "add `estimative` to the recipe's memo parts.",
        )
    for part, i, e in sets[other]:
        if e.probability is None:
            continue
        key = "probability" if at.has(part, i, "probability") else "likelihood"
        synonym = next(a if main == "A" else s for a, s, _lo, _hi in analytic.SCALE if a == e.term)
        yield finding(
            "EST-01",
            "warning",
            at(part, i, key),
            f"probability {e.probability:g} is printed as {e.written!r}, a set-{other} term, in "
            f"a briefing that otherwise uses set {main}",
            f"Give `likelihood: {synonym}` with the probability so it prints in set {main}.",
        )


def sentences(b: Briefing, at: Where) -> Iterator[Diagnostic]:
    """EST-02: likelihood describes the event and confidence the evidence; one sentence
    holding both reads as one merged number."""
    texts: list[tuple[tuple[str | int, ...], str]] = []
    if b.bluf:
        texts.append((("bluf",), b.bluf.plain))
    texts += [(("key_judgments", i, "text"), k.text.plain) for i, k in enumerate(b.key_judgments)]
    texts += [(("forecasts", i, "statement"), f.statement.plain) for i, f in enumerate(b.forecasts)]
    for keys, text in texts:
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            level, term = _CONFIDENCE.search(sentence), _TERM.search(sentence)
            if level and term:
                yield finding(
                    "EST-02",
                    "warning",
                    at(*keys),
                    f"{level.group(0)!r} and {term.group(0)!r} stand in one sentence: "
                    f"{excerpt(sentence)!r}",
                    "Give the likelihood in the text or `likelihood:`, and the confidence in "
                    "`confidence:` or a separate sentence.",
                )


def _horizon_reason(horizon: str, base_year: int | None) -> str | None:
    """Why ``horizon`` reaches more than a year ahead, or None when it does not."""
    years = [int(y) for y in _YEAR.findall(horizon)]
    if len(years) > 1 and max(years) > min(years):
        return f"the horizon {horizon!r} spans {min(years)} to {max(years)}"
    if years and base_year is not None and max(years) > base_year + 1:
        return f"the horizon {horizon!r} ends more than a year after the briefing ({base_year})"
    ahead = _YEARS_AHEAD.search(horizon)
    if ahead and int(ahead.group(1)) > 1:
        return f"the horizon {horizon!r} is {ahead.group(1)} years"
    return None


def horizons(b: Briefing, at: Where) -> Iterator[Diagnostic]:
    """EST-06: high confidence rarely survives a multi-year forecast (DOMAIN §1.2)."""
    base = b.date.year if b.date else None
    for i, f in enumerate(b.forecasts):
        if f.confidence != "high" or not f.horizon:
            continue
        reason = _horizon_reason(f.horizon, base)
        if reason:
            yield finding(
                "EST-06",
                "warning",
                at("forecasts", i, "confidence"),
                f"high confidence on a forecast reaching years ahead: {reason}",
                "Judgments several years out rarely warrant high confidence; use moderate, "
                "or shorten the horizon.",
            )


def goals(b: Briefing, at: Where) -> Iterator[Diagnostic]:
    """GOAL-01: a shared goal one actor holds is allowed (beside the goals others share it
    may be worth showing), but it is an aim, and other parts say aims better."""
    names = {a.id: a.name for a in b.actors}
    for i, goal in enumerate(b.shared_goals):
        if len(goal.actors) != 1:
            continue
        actor = goal.actors[0]
        yield finding(
            "GOAL-01",
            "info",
            at("shared_goals", i, "actors"),
            f"shared goal {goal.title.plain!r} lists one actor, {names.get(actor, actor)}",
            f"An aim one actor holds reads better as a forecast (`actor: {actor}` under "
            "`forecasts:`) or as its position in a divergence; keep it here to show it "
            "beside the goals the others share.",
        )


# -- citations ----------------------------------------------------------------------------


def citations(b: Briefing, at: Where) -> Iterator[Diagnostic]:
    """CITE-03 per unsourced claim, CITE-01 per unsourced data section, CITE-04 per idle source."""
    cited: set[str] = set()
    for part, (noun, field) in CLAIMS.items():
        for i, item in enumerate(getattr(b, part)):
            cited.update(item.sources)
            if not item.sources:
                said = excerpt(getattr(item, field).plain)
                yield finding(
                    "CITE-03",
                    "warning",
                    at(part, i),
                    f"{noun} {i + 1} has no sources: {said!r}",
                    "Add `sources: [ID]` naming the sources this rests on.",
                )
    for i, s in enumerate(b.sections):
        cited.update(s.sources)
        if not s.sources and (s.table or s.chart):
            kind = "table" if s.table else "chart"
            yield finding(
                "CITE-01",
                "warning",
                at("sections", i),
                f"section {s.title.plain!r} shows a {kind} but has no sources, so its slide has "
                "no Source: line",
                "Add `sources: [ID]`; for your own data, add a source such as “Team analysis”.",
            )
    cited.update(x for f in b.forecasts if f.outcome for x in f.outcome.sources)
    for i, src in enumerate(b.sources):
        if src.id not in cited:
            yield finding(
                "CITE-04",
                "warning",
                at("sources", i, "id"),
                f"source {src.id!r} is never cited",
                "Cite it from the claims it supports, or remove it from `sources`.",
            )
