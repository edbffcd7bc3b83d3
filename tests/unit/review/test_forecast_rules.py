"""The SCORE rules of `deckgen lint` (review/forecasts.py): each fires on a fixture made to
break it, at the key to fix, and stays silent on one that keeps it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from deckgen.content.load import load_file
from deckgen.errors import Diagnostic
from deckgen.review import RULES
from deckgen.review.forecasts import forecasts
from deckgen.review.where import Where

TODAY = dt.date(2018, 3, 1)
HEAD = """deckgen: 1
title: Scored
actors: [{id: a, name: A}, {id: b, name: B}]
sources: [{id: s1, title: A source}]
forecasts:
"""
SCORED = """  - actor: a
    statement: A does it.
    horizon: "2017"
    likelihood: likely
    sources: [s1]
    criterion: A signs it.
    outcome:
      result: happened
      as_of: 2018-02-28
      sources: [s1]
"""


def _run(tmp_path: Path, forecasts_yaml: str, today: dt.date = TODAY) -> list[Diagnostic]:
    path = tmp_path / "b.yaml"
    path.write_text(HEAD + forecasts_yaml, encoding="utf-8")
    return list(forecasts(load_file(path, tmp_path), Where(path), today))


def _codes(found: list[Diagnostic]) -> list[str]:
    return [d.code or "" for d in found]


def test_the_rules_are_in_the_rule_table() -> None:
    assert {"SCORE-01", "SCORE-02", "SCORE-03"} <= set(RULES)


def test_a_scored_forecast_with_criterion_and_sourced_outcome_is_clean(tmp_path: Path) -> None:
    assert _run(tmp_path, SCORED) == []


def test_score_01_a_forecast_past_its_resolves_by_with_no_outcome(tmp_path: Path) -> None:
    due = """  - actor: b
    statement: B does it.
    likelihood: unlikely
    sources: [s1]
    criterion: B announces it.
    resolves_by: 2017-06-30
"""
    found = _run(tmp_path, SCORED + due)
    assert _codes(found) == ["SCORE-01"]
    loc = found[0].location
    assert loc is not None and (loc.line, loc.column) == (21, 18)  # at `resolves_by`'s value
    assert "30 June 2017" in found[0].message and "outcome" in found[0].hint
    # not yet due: silent
    assert _run(tmp_path, SCORED + due, dt.date(2017, 6, 30)) == []


def test_score_01_counts_an_old_briefings_horizon_once(tmp_path: Path) -> None:
    """A file from before outcomes existed gets one finding, at its first due forecast."""
    old = """  - {actor: a, statement: One., horizon: "2017", likelihood: likely, sources: [s1]}
  - {actor: b, statement: Two., horizon: "2017", likelihood: likely, sources: [s1]}
"""
    found = _run(tmp_path, old)
    assert _codes(found) == ["SCORE-01"]
    assert found[0].message.startswith("2 forecast(s) fell due by 31 December 2017")
    assert _run(tmp_path, old, dt.date(2017, 12, 31)) == []  # due at the end of that day


def test_score_02_a_forecast_without_a_criterion(tmp_path: Path) -> None:
    bare = """  - actor: b
    statement: B does it.
    horizon: "2019"
    likelihood: unlikely
    sources: [s1]
"""
    found = _run(tmp_path, SCORED + bare)
    assert _codes(found) == ["SCORE-02"]
    assert found[0].location is not None and found[0].location.line == 17
    # a briefing that has not taken up scoring is not asked for criteria
    assert _run(tmp_path, bare) == []


def test_score_03_an_outcome_without_sources(tmp_path: Path) -> None:
    unsourced = SCORED.replace("      sources: [s1]\n", "")
    found = _run(tmp_path, unsourced)
    assert _codes(found) == ["SCORE-03"]
    assert found[0].location is not None and found[0].location.line == 13  # `result:`
    # `unresolved` claims nothing, so it needs no source
    assert _run(tmp_path, unsourced.replace("result: happened", "result: unresolved")) == []
