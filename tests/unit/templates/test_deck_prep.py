"""A deck template's facts survive the analysis cache: a layout's slide-number placeholder too."""

from __future__ import annotations

from pathlib import Path

from pptx import Presentation

from deckgen.templates import deck


def test_the_cached_analysis_is_the_analysis(tmp_path: Path) -> None:
    path = tmp_path / "plain.pptx"
    Presentation().save(str(path))
    prep = deck._analyse(path, {}, {})
    numbers = {role: layout.number for role, layout in prep.layouts.items()}
    assert all(n is not None and n.type == "sldNum" and n.box for n in numbers.values()), numbers
    assert deck._from_json(path, deck._to_json(prep)) == prep
