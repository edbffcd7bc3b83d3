"""SRC-01 and CHG-01 fire on their lint fixtures, at the key that says it, and stay silent on
the fixtures that fix each one."""

from __future__ import annotations

from pathlib import Path

from deckgen.build.pipeline import validate
from deckgen.errors import Diagnostic
from deckgen.review import RULES
from deckgen.review import footing as rules
from deckgen.review.where import Where

from conftest import FIXTURES

LINT = FIXTURES / "lint"


def _loaded(name: str) -> tuple[object, Where]:
    path = LINT / name
    (briefing,), errors = validate([path], FIXTURES)
    assert not errors
    return briefing, Where(briefing.path)


def _line_of(name: str, holding: str, nth: int = 1) -> int:
    for number, line in enumerate((LINT / name).read_text(encoding="utf-8").splitlines(), 1):
        if holding in line and (nth := nth - 1) == 0:
            return number
    raise AssertionError(holding)


def _codes(found: list[Diagnostic]) -> list[str]:
    return [d.code or "" for d in found]


def test_the_rules_are_listed() -> None:
    assert {"SRC-01", "CHG-01"} <= set(RULES)


def test_high_confidence_on_weak_grades_only_is_flagged_at_its_confidence() -> None:
    b, at = _loaded("weak-grounds.yaml")
    found = list(rules.weak_grounds(b, at))  # type: ignore[arg-type]
    assert _codes(found) == ["SRC-01"]
    assert found[0].location is not None
    assert found[0].location.line == _line_of("weak-grounds.yaml", "confidence: high")
    assert "key judgment 1" in found[0].message


def test_one_well_graded_citation_is_footing_enough() -> None:
    b, at = _loaded("weak-grounds-ok.yaml")
    assert list(rules.weak_grounds(b, at)) == []  # type: ignore[arg-type]


def test_a_likelihood_moved_without_a_note_is_flagged_at_its_estimate() -> None:
    b, at = _loaded("moved-silent.yaml")
    found = list(rules.unexplained_moves(b, at))  # type: ignore[arg-type]
    assert _codes(found) == ["CHG-01", "CHG-01"]  # the confidence-only change asks none
    lines = [d.location.line for d in found if d.location]
    assert lines == [
        _line_of("moved-silent.yaml", "likelihood: very likely"),
        _line_of("moved-silent.yaml", "probability: 0.3"),
    ]
    assert "since version 1" in found[0].message


def test_moves_with_their_notes_pass() -> None:
    b, at = _loaded("moved-explained.yaml")
    assert list(rules.unexplained_moves(b, at)) == []  # type: ignore[arg-type]


def test_without_a_previous_version_nothing_is_compared() -> None:
    b, at = _loaded("moved-before.yaml")
    assert list(rules.unexplained_moves(b, at)) == []  # type: ignore[arg-type]


def test_lint_runs_both_rules(tmp_path: Path) -> None:
    from deckgen.review import lint_briefing

    from support.builders import default_set

    for name, code in (("weak-grounds.yaml", "SRC-01"), ("moved-silent.yaml", "CHG-01")):
        b, _at = _loaded(name)
        assert code in _codes(lint_briefing(b, default_set(), "full"))
