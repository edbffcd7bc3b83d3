"""The track record's arithmetic on a hand-computed set: Brier score and calibration."""

from __future__ import annotations

from dataclasses import replace

import pytest

from deckgen.content.model import Actor, Briefing, Forecast, Outcome, PartialDate
from deckgen.content.score import probability, resolves_by, track_record
from deckgen.text import plain
from deckgen.vocabulary import estimate_from_probability, estimate_from_term


def _f(actor: str, estimate: str | float, result: str | None, area: str = "military",
       confidence: str = "moderate") -> Forecast:  # fmt: skip
    est = (estimate_from_probability(estimate) if isinstance(estimate, float)
           else estimate_from_term(estimate))  # fmt: skip
    outcome = Outcome(result) if result else None
    statement = plain(f"{actor} {estimate} {area}")  # distinct: one forecast each
    return Forecast(actor, statement, area, "2017", est, confidence, outcome=outcome)


@pytest.mark.parametrize(
    ("term", "midpoint"),
    [
        ("almost no chance", 0.03),
        ("very unlikely", 0.125),
        ("unlikely", 0.325),
        ("roughly even chance", 0.5),
        ("likely", 0.675),
        ("very likely", 0.875),
        ("almost certain", 0.97),
        ("probable", 0.675),  # a set-B synonym scores as its set-A term
    ],
)
def test_an_estimative_term_scores_at_the_midpoint_of_its_band(term: str, midpoint: float) -> None:
    est = estimate_from_term(term)
    assert est is not None
    assert probability(est) == pytest.approx(midpoint)


def test_a_numeric_probability_scores_as_given() -> None:
    assert probability(estimate_from_probability(0.7)) == 0.7


def _briefing() -> Briefing:
    forecasts = (
        _f("russia", 0.7, "happened", "military", "high"),  # (0.7 - 1)² = 0.09
        _f("russia", "likely", "did-not-happen", "diplomatic"),  # 0.675² = 0.455625
        _f("iran", "very unlikely", "partly", "military", "low"),  # (0.125 - 0.5)² = 0.140625
        _f("iran", "roughly even chance", "unresolved"),  # not scored
        _f("iran", "almost certain", None),  # no outcome yet: not scored
    )
    return Briefing("b", plain("B"), (Actor("russia", "Russia"), Actor("iran", "Iran")),
                    forecasts=forecasts)  # fmt: skip


def test_the_brier_score_of_a_hand_computed_set() -> None:
    record = track_record([_briefing()])
    assert record.brier == pytest.approx((0.09 + 0.455625 + 0.140625) / 3)  # 0.22875
    assert [s.brier for s in record.forecasts] == pytest.approx(
        [0.09, 0.455625, 0.140625, None, None]
    )
    assert record.counts() == {"forecasts": 5, "resolved": 3, "happened": 1,
                               "did-not-happen": 1, "partly": 1, "unresolved": 2}  # fmt: skip


def test_the_calibration_table_by_band() -> None:
    bands = {g.name: g for g in track_record([_briefing()]).by_band}
    # bands in scale order, only those with forecasts; 0.7 falls in `likely`
    assert list(bands) == ["very unlikely", "roughly even chance", "likely", "almost certain"]
    likely = bands["likely"]
    assert (likely.forecasts, likely.resolved, likely.band) == (2, 2, (55, 80))
    assert likely.mean_probability == pytest.approx((0.7 + 0.675) / 2)
    assert likely.observed == pytest.approx(0.5)  # one of two happened
    assert likely.brier == pytest.approx((0.09 + 0.455625) / 2)
    vu = bands["very unlikely"]
    assert (vu.resolved, vu.observed, vu.band) == (1, 0.5, (5, 20))  # partly is 0.5
    even = bands["roughly even chance"]
    assert (even.forecasts, even.resolved, even.observed, even.brier) == (1, 0, None, None)


def test_calibration_by_actor_area_and_confidence() -> None:
    record = track_record([_briefing()])
    actors = {g.name: g for g in record.by_actor}
    assert actors["russia"].brier == pytest.approx((0.09 + 0.455625) / 2)
    assert actors["iran"].brier == pytest.approx(0.140625)
    assert (actors["iran"].forecasts, actors["iran"].resolved) == (3, 1)
    areas = {g.name: g for g in record.by_area}
    assert areas["military"].observed == pytest.approx(0.75)  # happened and partly
    assert [g.name for g in record.by_confidence] == ["high", "moderate", "low"]


def test_resolves_by_defaults_to_the_end_of_the_horizon() -> None:
    f = _f("russia", "likely", None)
    assert resolves_by(f) == PartialDate(2017, 12, 31)
    from dataclasses import replace

    assert resolves_by(replace(f, horizon="2018–2022")) == PartialDate(2022, 12, 31)
    assert resolves_by(replace(f, horizon="the next decade")) is None
    assert resolves_by(replace(f, resolves_by=PartialDate(2017, 6))) == PartialDate(2017, 6)


def test_a_forecast_carried_into_a_review_counts_once_with_its_outcome() -> None:
    first = _briefing()
    plain_again = tuple(replace(f, outcome=None) for f in first.forecasts)
    original = replace(first, id="a", forecasts=plain_again)
    record = track_record([original, first])
    assert len(record.forecasts) == 5
    assert {s.briefing for s in record.resolved} == {"b"}
    assert record.brier == pytest.approx(0.22875)
    # in the other order too: the one with an outcome is kept
    assert track_record([first, original]).brier == pytest.approx(0.22875)


def test_a_variant_keeps_the_sources_an_outcome_cites() -> None:
    """Narrowing drops sources nothing cites; an outcome's sources are cited too (else the
    variant's track-record source line names a source that is gone)."""
    from deckgen.content.model import Source, Variant
    from deckgen.content.variants import narrow

    b = _briefing()
    scored = replace(b.forecasts[0], sources=("s1",),
                     outcome=Outcome("happened", sources=("s2",)))  # fmt: skip
    b = replace(b, forecasts=(scored,), sources=(Source("s1", "One"), Source("s2", "Two")),
                variants=(Variant("public", ("public",)),))  # fmt: skip
    assert [s.id for s in narrow(b, "public").sources] == ["s1", "s2"]
