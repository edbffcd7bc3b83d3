"""A record's loaded values to the values the model takes, or a located error: the checks
of the content format that span more than one field (an estimate's two spellings agree, a
table's rows fit its columns, a variant shows the sources of what it shows, …)."""

from __future__ import annotations

from typing import Any

from deckgen import vocabulary as analytic
from deckgen.checking.fields import INVALID, Context
from deckgen.checking.source import Path


def estimate(values: dict[str, Any], path: Path, ctx: Context) -> dict[str, Any] | None:
    """Merge ``likelihood`` and ``probability`` into one estimate; they must agree."""
    estimate = values.pop("likelihood", None)
    p = values.pop("probability", None)
    if p is not None:
        numeric = analytic.estimate_from_probability(p)
        if estimate is not None and estimate.probability is None:
            if estimate.term != numeric.term:
                lo, hi = estimate.band
                ctx.error(
                    (*path, "probability"),
                    f"probability {p:g} does not fit {estimate.written!r} ({lo}–{hi}%)",
                    f"{p:g} is {numeric.term!r}; change one so the two agree.",
                )
                return None
            estimate = analytic.Estimate(estimate.term, estimate.written, estimate.term_set, p)
        else:
            estimate = numeric
    values["estimate"] = estimate
    return values


def section(values: dict[str, Any], path: Path, ctx: Context) -> dict[str, Any] | None:
    if not any(values.get(k) for k in ("bullets", "table", "chart", "image", "quote")):
        ctx.error(
            path,
            "this section has nothing to show",
            "Give it `bullets`, `table`, `chart`, `image` or `quote`.",
        )
        return None
    return values


def table(values: dict[str, Any], path: Path, ctx: Context) -> dict[str, Any] | None:
    width = len(values["columns"])
    ok = True
    for i, row in enumerate(values["rows"]):
        if len(row) != width:
            ctx.error(
                (*path, "rows", i),
                f"row {i + 1} has {len(row)} cells but the table has {width} columns",
                "Give every row one cell per column.",
            )
            ok = False
    return values if ok else None


def chart(values: dict[str, Any], path: Path, ctx: Context) -> dict[str, Any] | None:
    count = len(values["categories"])
    ok = True
    for name, numbers in values["series"].items():
        if len(numbers) != count:
            ctx.error(
                (*path, "series", name),
                f"series {name!r} has {len(numbers)} values but there are {count} categories",
                "Give one value per category.",
            )
            ok = False
    if values["type"] == "pie" and len(values["series"]) > 1:
        ctx.error(
            (*path, "series"),
            "a pie chart shows one series",
            "Keep one series, or use type bar, column or line.",
        )
        ok = False
    values["series"] = tuple((k, tuple(v)) for k, v in values["series"].items())
    values["categories"] = tuple(str(c) for c in values["categories"])
    return values if ok else None


def image(values: dict[str, Any], path: Path, ctx: Context) -> dict[str, Any] | None:
    resolved = ctx.resolve_file(values["path"], (*path, "path"))
    if resolved is INVALID:
        return None
    values["path"] = resolved
    return values


def variant(values: dict[str, Any], path: Path, ctx: Context) -> dict[str, Any]:
    # an audience may belong to several variants (public ⊂ partners ⊂ internal): define once
    defined = ctx.defined.setdefault("audiences", {})
    for i, audience in enumerate(values["audiences"]):
        defined.setdefault(audience, (*path, "audiences", i))
    return values


def briefing(values: dict[str, Any], path: Path, ctx: Context) -> dict[str, Any] | None:
    values.pop("deckgen", None)
    parts = ("shared_goals", "divergences", "forecasts")
    if not any(values.get(k) for k in parts):
        present = [k for k in parts if (k,) in ctx.doc.keys]  # point at an empty list if any
        ctx.error(
            (present[0],) if present else path,
            "the briefing has no analysis to show",
            "Add at least one of `shared_goals`, `divergences` or `forecasts`.",
        )
        return None
    if "id" not in values:
        stem = ctx.default_id()
        if stem is INVALID:
            return None
        values["id"] = stem
    values["path"] = ctx.doc.path
    return values if sources_reach_every_audience(values, ctx) else None


_AUDIENCED = ("key_judgments", "shared_goals", "divergences", "forecasts", "timeline", "sections")


def sources_reach_every_audience(values: dict[str, Any], ctx: Context) -> bool:
    """Every variant that shows an item shows the sources it cites: else that variant would
    print a claim without its source (or, were the source kept, release what it hides)."""
    sources = {s.id: s for s in values.get("sources", ())}
    ok = True
    for variant in values.get("variants", ()):
        seen = set(variant.audiences)
        for part in _AUDIENCED:
            for i, item in enumerate(values.get(part, ())):
                if item.audience and not seen & set(item.audience):
                    continue
                outcome = getattr(item, "outcome", None)  # a forecast's outcome cites too
                where: list[tuple[Path, str]] = [
                    ((part, i, "sources", j), c) for j, c in enumerate(item.sources)
                ]
                where += [((part, i, "outcome", "sources", j), c)
                          for j, c in enumerate(outcome.sources if outcome else ())]  # fmt: skip
                for at, cited in where:
                    source = sources.get(cited)
                    if source is None or not source.audience or seen & set(source.audience):
                        continue
                    ctx.error(
                        at,
                        f"variant {variant.name!r} shows this item but not its source "
                        f"{cited!r} (audience: {', '.join(source.audience)})",
                        "Give the item the source's `audience`, or widen the source's, so "
                        "every edition that makes the claim also cites it.",
                    )
                    ok = False
    return ok
