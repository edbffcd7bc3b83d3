"""The ICD 203 estimative scale and confidence levels: words and numbers to an Estimate."""

from __future__ import annotations

from dataclasses import dataclass

# (canonical term of set A, synonym of set B, low %, high %), in order of likelihood.
SCALE: tuple[tuple[str, str, int, int], ...] = (
    ("almost no chance", "remote", 1, 5),
    ("very unlikely", "highly improbable", 5, 20),
    ("unlikely", "improbable", 20, 45),
    ("roughly even chance", "roughly even odds", 45, 55),
    ("likely", "probable", 55, 80),
    ("very likely", "highly probable", 80, 95),
    ("almost certain", "nearly certain", 95, 99),
)

CONFIDENCE_LEVELS: tuple[str, ...] = ("low", "moderate", "high")

# Every accepted spelling, lower-cased, to (canonical term, term set "A" or "B").
_TERMS: dict[str, tuple[str, str]] = {}
for _a, _b, _lo, _hi in SCALE:
    _TERMS[_a] = (_a, "A")
    _TERMS[_b] = (_a, "B")
_TERMS["almost certainly"] = ("almost certain", "A")
_TERMS["improbably"] = ("unlikely", "B")
_TERMS["probably"] = ("likely", "B")

TERMS: tuple[str, ...] = tuple(_TERMS)


@dataclass(frozen=True, slots=True)
class Estimate:
    """A likelihood: its canonical ICD 203 term, the words the author used, and any number."""

    term: str
    written: str
    term_set: str
    probability: float | None = None

    @property
    def band(self) -> tuple[int, int]:
        """The term's probability range in percent."""
        for a, _b, lo, hi in SCALE:
            if a == self.term:
                return lo, hi
        raise KeyError(self.term)

    def label(self) -> str:
        """The term as printed, e.g. ``likely (70%)`` or ``very likely (80–95%)``."""
        if self.probability is not None:
            return f"{self.written} ({round(self.probability * 100)}%)"
        lo, hi = self.band
        return f"{self.written} ({lo:02d}–{hi:02d}%)"


def term_for(word: str) -> tuple[str, str] | None:
    """The canonical term and its set for an accepted spelling, or None."""
    return _TERMS.get(" ".join(word.lower().split()))


def term_for_probability(p: float) -> str:
    """The canonical term whose band holds ``p`` (0 < p < 1); a boundary goes to the lower row."""
    percent = p * 100
    for a, _b, _lo, hi in SCALE:
        if percent <= hi:
            return a
    return SCALE[-1][0]


def estimate_from_term(word: str) -> Estimate | None:
    found = term_for(word)
    if found is None:
        return None
    term, term_set = found
    return Estimate(term=term, written=" ".join(word.lower().split()), term_set=term_set)


def estimate_from_probability(p: float) -> Estimate:
    term = term_for_probability(p)
    return Estimate(term=term, written=term, term_set="A", probability=p)


# The closed sets of the content format, defined once: the schema checks them, the planner
# and templates use them.
AREAS = ("diplomatic", "military", "economic", "political", "other")
SIGNIFICANCE = ("high", "medium", "low")
CHART_TYPES = ("bar", "column", "line", "pie")
# NATO's Admiralty code (STANAG 2511, ICD 206's source descriptions): a source's reliability
# A-F, apart from the credibility 1-6 of what it reported; F and 6 mean "cannot be judged".
RELIABILITY: dict[str, str] = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}
CREDIBILITY: dict[int, str] = {
    1: "confirmed by other sources",
    2: "probably true",
    3: "possibly true",
    4: "doubtful",
    5: "improbable",
    6: "truth cannot be judged",
}
# Which way an indicator would move its judgment, and where it stands (the Tradecraft
# Primer's Indicators of Change)
DIRECTIONS = ("up", "down")
INDICATOR_STATUS = ("not-seen", "emerging", "seen")
# How a forecast turned out; `partly` scores as an outcome of 0.5 (see review/score.py).
OUTCOMES = ("happened", "did-not-happen", "partly", "unresolved")
# The parts of a deck, in the default order; recipes arrange them and `notes:` keys name them.
DECK_PARTS = (
    "title",
    "agenda",
    "divider",
    "bluf",
    "key_judgments",
    "shared_goals",
    "divergences",
    "forecasts",
    "timeline",
    "sections",
    "sources",
    "closing",
    "assumptions",
    "indicators",
    "appendix",
    "track_record",
)
# the agenda, dividers and the appendix arrange other parts' slides: no notes of their own
NOTE_PARTS = tuple(p for p in DECK_PARTS if p not in ("agenda", "divider", "appendix"))
