"""A briefing and a variant name to the briefing that variant's audiences may see.

An item tagged `audience: [...]` appears only in variants that include one of those
audiences; untagged items appear everywhere. Sources cited only by removed items go too, so
a public variant never lists an internal source.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from deckgen.content.model import Briefing, Variant
from deckgen.errors import DeckgenError


def find(briefing: Briefing, name: str) -> Variant:
    for variant in briefing.variants:
        if variant.name == name:
            return variant
    known = ", ".join(v.name for v in briefing.variants) or "none declared"
    raise DeckgenError(
        f"{briefing.path}: briefing {briefing.id!r} has no variant {name!r} (variants: {known})"
    )


def whole(briefing: Briefing) -> Briefing:
    """The full briefing, every item kept, marked as the variant that includes every
    audience it uses: the full edition must never carry a narrower variant's release line."""
    if not briefing.variants:
        return briefing
    used = {a for part in _parts(briefing) for item in part for a in item.audience}
    widest = [v for v in briefing.variants if used <= set(v.audiences)]
    if not widest:
        return briefing
    v = max(widest, key=lambda v: len(v.audiences))
    return replace(briefing, marking=v.marking or briefing.marking,
                   distribution=v.distribution or briefing.distribution)  # fmt: skip


def _parts(b: Briefing) -> tuple[tuple[Any, ...], ...]:
    return (b.key_judgments, b.shared_goals, b.divergences, b.forecasts, b.timeline,
            b.sections, b.sources)  # fmt: skip


def _visible(item: Any, audiences: set[str]) -> bool:
    return not item.audience or bool(audiences.intersection(item.audience))


def narrow(briefing: Briefing, name: str) -> Briefing:
    """The briefing as variant ``name`` shows it, with its marking and distribution."""
    variant = find(briefing, name)
    seen = set(variant.audiences)

    def keep(items: tuple[Any, ...]) -> tuple[Any, ...]:
        return tuple(i for i in items if _visible(i, seen))

    narrowed = replace(
        briefing,
        id=f"{briefing.id}-{variant.name}",
        key_judgments=keep(briefing.key_judgments),
        shared_goals=keep(briefing.shared_goals),
        divergences=keep(briefing.divergences),
        forecasts=keep(briefing.forecasts),
        timeline=keep(briefing.timeline),
        sections=keep(briefing.sections),
        marking=variant.marking or briefing.marking,
        distribution=variant.distribution or briefing.distribution,
        variant=variant.name,
        earlier=_seen_by(briefing.earlier, seen),
    )
    cited = {
        s
        for part in (narrowed.key_judgments, narrowed.shared_goals, narrowed.divergences,
                     narrowed.forecasts, narrowed.timeline, narrowed.sections)
        for item in part
        for s in item.sources
    }  # fmt: skip
    cited.update(s for f in narrowed.forecasts if f.outcome for s in f.outcome.sources)
    sources = tuple(s for s in keep(briefing.sources) if s.id in cited)
    return replace(narrowed, sources=sources)


def _seen_by(earlier: Briefing | None, audiences: set[str]) -> Briefing | None:
    """The previous version as these audiences may see it: what changed must not name a
    judgment the variant hides."""
    if earlier is None:
        return None
    return replace(earlier, key_judgments=tuple(k for k in earlier.key_judgments
                                                if _visible(k, audiences)),
                   forecasts=tuple(f for f in earlier.forecasts
                                   if _visible(f, audiences)))  # fmt: skip
