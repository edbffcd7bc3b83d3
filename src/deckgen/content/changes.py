"""Two versions of a briefing to what changed between them: judgments added, dropped, moved.

A pure comparison (the build loads the `previous:` file; this only reads the two values), so
the deck, the memo and lint all see the same changes. Key judgments and forecasts are the
judgments compared; a forecast is matched within its actor. Wording may change between
versions: an item whose text is close enough to one of the other version (difflib's ratio at
least ``SIMILAR``) is the same judgment reworded, not one dropped and one added.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, replace

from deckgen.content.model import Briefing, Forecast, KeyJudgment
from deckgen.text import Text
from deckgen.vocabulary import Estimate

SIMILAR = 0.75
KINDS = ("added", "dropped", "moved", "reworded")
Item = KeyJudgment | Forecast


@dataclass(frozen=True, slots=True)
class Change:
    """One judgment's change. ``index`` is its place in its part of the newer version (of
    the earlier one when dropped)."""

    kind: str  # one of KINDS: "moved" when likelihood or confidence changed
    part: str  # "key_judgments" or "forecasts"
    index: int
    text: Text
    before: Estimate | None = None
    after: Estimate | None = None
    confidence_before: str | None = None
    confidence_after: str | None = None
    note: Text | None = None
    actor: str | None = None  # a forecast's actor

    @property
    def likelihood_moved(self) -> bool:
        return _point(self.before) != _point(self.after)

    @property
    def confidence_moved(self) -> bool:
        return self.confidence_before != self.confidence_after

    @property
    def direction(self) -> int:
        """+1 when the judgment grew likelier, -1 when less likely, 0 otherwise."""
        a, b = _point(self.before), _point(self.after)
        if a is None or b is None or a == b:
            return 0
        return 1 if b > a else -1


@dataclass(frozen=True, slots=True)
class Changes:
    since: str  # how the earlier version is named: "version 1.0", "1 April 2017", a file
    items: tuple[Change, ...]


def _point(e: Estimate | None) -> float | None:
    """An estimate as one number for comparing: its probability, else its band's midpoint."""
    if e is None:
        return None
    if e.probability is not None:
        return e.probability
    lo, hi = e.band
    return (lo + hi) / 200


def _key(text: Text) -> str:
    return " ".join(text.plain.lower().split())


def since(earlier: Briefing, written: str) -> str:
    """How the deck names the earlier version: its version, else its date, else its file."""
    if earlier.version:
        return f"version {earlier.version}"
    if earlier.date:
        return earlier.date.long()
    return written


def compare(briefing: Briefing) -> Changes | None:
    """What changed since ``briefing.earlier`` (None without a previous version)."""
    earlier = briefing.earlier
    if earlier is None or briefing.previous is None:
        return None
    items: list[Change] = []
    items += _part("key_judgments", earlier.key_judgments, briefing.key_judgments)
    items += _part("forecasts", earlier.forecasts, briefing.forecasts)
    return Changes(since(earlier, briefing.previous.written), tuple(items))


def _text(item: Item) -> Text:
    return item.text if isinstance(item, KeyJudgment) else item.statement


def _group(item: Item) -> str:
    return item.actor if isinstance(item, Forecast) else ""


def _part(part: str, old: tuple[Item, ...], new: tuple[Item, ...]) -> list[Change]:
    pairs: dict[int, int] = {}  # new index -> old index
    free = set(range(len(old)))
    for i, item in enumerate(new):  # the same words first
        for j in sorted(free):
            if _group(old[j]) == _group(item) and _key(_text(old[j])) == _key(_text(item)):
                pairs[i] = j
                free.discard(j)
                break
    for i, item in enumerate(new):  # then the closest rewording, if close enough
        if i in pairs:
            continue
        scored = [
            (difflib.SequenceMatcher(None, _key(_text(old[j])), _key(_text(item))).ratio(), -j, j)
            for j in free
            if _group(old[j]) == _group(item)
        ]
        if scored:
            ratio, _order, j = max(scored)
            if ratio >= SIMILAR:
                pairs[i] = j
                free.discard(j)
    out: list[Change] = []
    for i, item in enumerate(new):
        actor = item.actor if isinstance(item, Forecast) else None
        if i not in pairs:
            out.append(
                Change(
                    "added",
                    part,
                    i,
                    _text(item),
                    after=item.estimate,
                    confidence_after=item.confidence,
                    note=item.change_note,
                    actor=actor,
                )
            )
            continue
        was = old[pairs[i]]
        change = Change(
            "moved",
            part,
            i,
            _text(item),
            was.estimate,
            item.estimate,
            was.confidence,
            item.confidence,
            item.change_note,
            actor,
        )
        if change.likelihood_moved or change.confidence_moved:
            out.append(change)
        elif _key(_text(was)) != _key(_text(item)) and item.change_note:
            out.append(replace(change, kind="reworded"))
    for j in sorted(free):
        was = old[j]
        actor = was.actor if isinstance(was, Forecast) else None
        out.append(
            Change(
                "dropped",
                part,
                j,
                _text(was),
                before=was.estimate,
                confidence_before=was.confidence,
                actor=actor,
            )
        )
    return out
