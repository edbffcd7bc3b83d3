"""A briefing to its footing findings: graded sources too weak for high confidence (SRC-01),
judgments that moved since the previous version without a reason (CHG-01)."""

from __future__ import annotations

from collections.abc import Iterator

from deckgen.content.changes import compare
from deckgen.content.model import Briefing
from deckgen.errors import Diagnostic
from deckgen.review.where import Where, excerpt, finding

# Admiralty grades that cannot carry high confidence on their own: an unreliable source (E),
# one whose reliability cannot be judged (F), a report that is improbable (5) or cannot be
# judged (6)
WEAK_RELIABILITY = ("E", "F")
WEAK_CREDIBILITY = (5, 6)
_NOUNS = {"key_judgments": ("key judgment", "text"), "forecasts": ("forecast", "statement")}


def weak_grounds(b: Briefing, at: Where) -> Iterator[Diagnostic]:
    """SRC-01 per high-confidence judgment whose every citation is weakly graded."""
    reliability = {s.id: s.reliability for s in b.sources}
    for part, (noun, field) in _NOUNS.items():
        for i, item in enumerate(getattr(b, part)):
            if item.confidence != "high" or not item.sources:
                continue
            weak = [
                c
                for c in item.sources
                if reliability.get(c) in WEAK_RELIABILITY
                or getattr(c, "credibility", None) in WEAK_CREDIBILITY
            ]
            if len(weak) < len(item.sources):
                continue
            said = excerpt(getattr(item, field).plain)
            yield finding(
                "SRC-01",
                "warning",
                at(part, i, "confidence"),
                f"{noun} {i + 1} claims high confidence but rests only on sources graded "
                f"E or F or on reports of credibility 5 or 6: {said!r}",
                "Lower the confidence to moderate or low, or cite a source of better grade "
                "that supports it.",
            )


def unexplained_moves(b: Briefing, at: Where) -> Iterator[Diagnostic]:
    """CHG-01 per judgment whose likelihood moved since `previous:` without a change note."""
    changes = compare(b)
    if changes is None:
        return
    for c in changes.items:
        if c.kind != "moved" or not c.likelihood_moved or c.note is not None:
            continue
        noun = _NOUNS[c.part][0]
        key = "likelihood" if at.has(c.part, c.index, "likelihood") else "probability"
        before = c.before.label() if c.before else "no likelihood"
        after = c.after.label() if c.after else "no likelihood"
        yield finding(
            "CHG-01",
            "warning",
            at(c.part, c.index, key),
            f"{noun} {c.index + 1} moved from {before} to {after} since {changes.since} "
            f"without a change note: {excerpt(c.text.plain)!r}",
            "Add `change_note:` saying why the judgment moved; readers of a recurring product "
            "need the reason, not only the new estimate.",
        )
