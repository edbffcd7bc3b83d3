"""The footing fields load into the model, and each mistake in them is reported where it was
written: citations with credibility, source reliability, assumptions, indicators, previous."""

from __future__ import annotations

from pathlib import Path

import pytest

from deckgen.build.pipeline import validate
from deckgen.content.load import load_text
from deckgen.content.model import Citation
from deckgen.errors import ContentError

HEAD = """deckgen: 1
title: T
actors:
  - {id: alpha, name: Alpha}
  - {id: beta, name: Beta}
shared_goals:
  - title: Calm
"""
SOURCES = """sources:
  - {id: s1, title: One, reliability: c}
  - {id: s2, title: Two}
"""


def _load(text: str, tmp_path: Path) -> object:
    path = tmp_path / "b.yaml"
    path.write_text(text, encoding="utf-8")
    return load_text(text.encode(), str(path), tmp_path)


def _errors(text: str, tmp_path: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        _load(text, tmp_path)
    return [
        f"{d.location.line}:{d.location.column} {d.message}"
        for d in caught.value.diagnostics
        if d.location
    ]


def test_a_citation_may_carry_its_credibility(tmp_path: Path) -> None:
    kj = "key_judgments:\n  - text: Holds.\n    sources: [s1, {id: s2, credibility: 2}]\n"
    b = _load(HEAD + kj + SOURCES, tmp_path)
    cites = b.key_judgments[0].sources  # type: ignore[attr-defined]
    assert cites == ("s1", "s2")  # ids as before, for every reader that looks sources up
    assert [c.credibility for c in cites] == [None, 2]
    assert all(isinstance(c, Citation) for c in cites)
    assert b.sources[0].reliability == "C"  # type: ignore[attr-defined]


def test_one_graded_citation_stands_for_a_list(tmp_path: Path) -> None:
    b = _load(
        HEAD
        + "key_judgments:\n  - text: Holds.\n    sources: {id: s2, credibility: 6}\n"
        + SOURCES,
        tmp_path,
    )
    assert b.key_judgments[0].sources[0].credibility == 6  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("cite", "column", "says"),
    [
        ("{id: s2, credibility: 7}", 37, "credibility 7 is not a grade"),
        ("{id: s2, credibility: 2.5}", 37, "credibility 2.5 is not a grade"),
        ("{id: s2, credibility: high}", 37, "credibility 'high' is not a grade"),
        ("{id: s2, credible: 2}", 24, "unknown key 'credible' in a citation"),
        ("{credibility: 2}", 15, "expected an id from `sources`, found a mapping with no `id`"),
        ("{id: s9, credibility: 2}", 20, "unknown source id 's9'"),
    ],
)
def test_a_bad_citation_is_reported_where_it_is(
    tmp_path: Path, cite: str, column: int, says: str
) -> None:
    text = HEAD + f"key_judgments:\n  - text: Holds.\n    sources: [{cite}]\n" + SOURCES
    errors = _errors(text, tmp_path)
    assert any(e.startswith(f"10:{column} ") and says in e for e in errors), errors


def test_a_bad_reliability_is_reported_where_it_is(tmp_path: Path) -> None:
    text = HEAD + "sources:\n  - id: s1\n    title: One\n    reliability: G\n"
    assert _errors(text, tmp_path) == ["11:18 'G' is not a reliability grade of the Admiralty code"]


def test_assumptions_and_indicators_load_with_their_levels(tmp_path: Path) -> None:
    text = (
        HEAD
        + """forecasts:
  - actor: alpha
    statement: Alpha builds.
    basis: The plans are public.
    assumptions:
      - {text: Money holds., confidence: moderate, if_wrong: It slows.}
    indicators:
      - {text: Cranes on site., direction: up, status: not-seen}
    change_note: New.
"""
    )
    f = _load(text, tmp_path).forecasts[0]  # type: ignore[attr-defined]
    assert f.basis.plain == "The plans are public."
    assumption = f.assumptions[0]
    assert (assumption.confidence, assumption.if_wrong.plain) == ("moderate", "It slows.")
    assert (f.indicators[0].direction, f.indicators[0].status) == ("up", "not-seen")
    assert f.change_note.plain == "New."


def test_a_near_word_in_an_indicator_is_refused_with_the_word_meant(tmp_path: Path) -> None:
    text = HEAD + "key_judgments:\n  - text: Holds.\n    indicators:\n"
    text += "      - {text: X, direction: raises, status: not seen}\n"
    with pytest.raises(ContentError) as caught:
        _load(text, tmp_path)
    found = [
        (d.location.line, d.location.column, d.hint) for d in caught.value.diagnostics if d.location
    ]
    assert [(line, col) for line, col, _h in found] == [(11, 30), (11, 46)]
    assert "Did you mean 'up'?" in found[0][2] and "Did you mean 'not-seen'?" in found[1][2]


def _previous(tmp_path: Path, value: str) -> list[str]:
    path = tmp_path / "new.yaml"
    path.write_text(HEAD + f"previous: {value}\n", encoding="utf-8")
    _loaded, errors = validate([path], tmp_path)
    return [f"{d.location}: {d.message}" for e in errors for d in e.diagnostics]


def test_previous_names_a_file_that_must_exist(tmp_path: Path) -> None:
    (found,) = _previous(tmp_path, "old.yaml")
    assert "new.yaml:8:11" in found and "previous: 'old.yaml' does not exist" in found


def test_previous_must_be_a_valid_briefing(tmp_path: Path) -> None:
    (tmp_path / "old.yaml").write_text("deckgen: 1\ntitle: Old\n", encoding="utf-8")
    (found,) = _previous(tmp_path, "old.yaml")
    assert "new.yaml:8:11" in found and "is not a valid briefing" in found


def test_previous_must_lie_inside_the_workspace(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    (tmp_path / "old.yaml").write_text(HEAD, encoding="utf-8")
    (found,) = _previous(ws, "../old.yaml")
    assert "previous: '../old.yaml' lies outside the workspace" in found


def test_previous_may_not_be_the_file_itself(tmp_path: Path) -> None:
    (found,) = _previous(tmp_path, "new.yaml")
    assert "is this file itself" in found


def test_previous_is_loaded_beside_the_briefing(tmp_path: Path) -> None:
    (tmp_path / "old.yaml").write_text(HEAD + "version: '1'\n", encoding="utf-8")
    path = tmp_path / "new.yaml"
    path.write_text(HEAD + "previous: old.yaml\n", encoding="utf-8")
    (b,), errors = validate([path], tmp_path)
    assert not errors
    assert b.earlier is not None and b.earlier.version == "1"
    assert b.previous is not None and b.previous.written == "old.yaml"
