"""What the author typed is what prints: text fields take a plain scalar as written, never as
YAML 1.1 reads it; numbers are numbers only where the format says so (issue 13, item 2)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from docx import Document as WordDocument
from pptx import Presentation

from deckgen.content.load import load_text
from deckgen.content.model import Briefing
from deckgen.errors import ContentError

from conftest import MINIMAL, run_cli, untypeset

# The table row, and the fields it names: YAML 1.1 read `3:1` as 181 (base 60),
# `12:30` as 750, `0.10` as 0.1, `0x1F` as 31, `1_000` as 1000, `010` as 8 and `1.10` as 1.1.
ROW = ["Final", "3:1", "12:30", "0.10", "0x1F", "1_000"]
TYPED = f"""deckgen: 1
title: Typed
subtitle: 010
version: 1.10
date: 2017-04-01
marking: no
author: 2017
actors:
  - {{id: alpha, name: on}}
  - {{id: no, name: 1e3}}
shared_goals:
  - title: yes
    detail: 0o17 and 1_0
    actors: [alpha, no]
forecasts:
  - actor: no
    statement: It holds.
    horizon: 2017-4
sections:
  - title: Table
    table:
      columns: [A, B, C, D, E, F]
      rows:
        - [{", ".join(ROW)}]
        - [on, off, no, 2017-4-1, .inf, 1.0e+3]
    notes: 010
  - title: Bullets
    bullets: [010, [yes, 1:2]]
  - title: Chart
    chart: {{type: bar, categories: [010, 1.10], series: {{S: [010, 2.50]}}}}
"""


def _load(text: str, tmp_path: Path) -> Briefing:
    (tmp_path / "content").mkdir(exist_ok=True)
    return load_text(text.encode(), str(tmp_path / "content" / "typed.yaml"), tmp_path)


def test_text_fields_take_the_scalar_as_written(tmp_path: Path) -> None:
    b = _load(TYPED, tmp_path)
    assert b.subtitle is not None and b.subtitle.plain == "010"
    assert b.version == "1.10"
    assert b.marking == "no"
    assert b.author == "2017"
    assert [a.id for a in b.actors] == ["alpha", "no"]
    assert [a.name for a in b.actors] == ["on", "1e3"]
    goal = b.shared_goals[0]
    assert goal.title.plain == "yes"
    assert goal.detail is not None and goal.detail.plain == "0o17 and 1_0"
    assert goal.actors == ("alpha", "no")  # references read as written find the id
    assert b.forecasts[0].actor == "no" and b.forecasts[0].horizon == "2017-4"
    table = b.sections[0].table
    assert table is not None
    assert [c.plain for c in table.rows[0]] == ROW
    assert [c.plain for c in table.rows[1]] == ["on", "off", "no", "2017-4-1", ".inf", "1.0e+3"]
    assert b.sections[0].notes == "010"
    assert [(x.text.plain, x.level) for x in b.sections[1].bullets] == [
        ("010", 0),
        ("yes", 1),
        ("1:2", 1),
    ]
    chart = b.sections[2].chart
    assert chart is not None
    assert chart.categories == ("010", "1.10")
    assert chart.series == (("S", (10.0, 2.5)),)  # numbers as YAML 1.2 reads them: 010 is 10


def test_quoted_and_block_text_is_unchanged(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        "title: Minimal Briefing", 'title: "010"\nsubtitle: >\n  3:1 and\n  0x1F'
    )
    b = _load(text, tmp_path)
    assert b.title.plain == "010"
    assert b.subtitle is not None and b.subtitle.plain == "3:1 and 0x1F"


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("3:1", "base 60"),  # YAML 1.1 read 181
        ("12:30", "base 60"),  # 750
        ("1_000", "without separators, e.g. 1000"),
        ("yes", "expected a number"),
        ('"5"', "expected a number"),  # quoted: text, as before
        ("1e999", "not a finite number"),
        ("9" * 400, "not a finite number"),  # Python's int→float overflow was a crash
        ("0x" + "f" * 400, "not a finite number"),
    ],
)
def test_chart_values_are_numbers_only_as_yaml_1_2_reads_them(
    value: str, said: str, tmp_path: Path
) -> None:
    text = MINIMAL + (
        "sections:\n  - title: Chart\n"
        f"    chart: {{type: bar, categories: [a], series: {{S: [{value}]}}}}\n"
    )
    with pytest.raises(ContentError) as caught:
        _load(text, tmp_path)
    (d,) = caught.value.diagnostics
    column = text.splitlines()[11].index(value) + 1
    assert d.location is not None and (d.location.line, d.location.column) == (12, column)
    assert said in d.message + " " + d.hint, d.format()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("010", 10.0),
        ("0x1F", 31.0),
        ("0o17", 15.0),
        ("1e3", 1000.0),
        ("-2.5", -2.5),
        ("+7", 7.0),
    ],
)
def test_chart_values_yaml_1_2_reads_as_numbers(
    value: str, expected: float, tmp_path: Path
) -> None:
    text = MINIMAL + (
        "sections:\n  - title: Chart\n"
        f"    chart: {{type: bar, categories: [a], series: {{S: [{value}]}}}}\n"
    )
    chart = _load(text, tmp_path).sections[0].chart
    assert chart is not None and chart.series == (("S", (expected,)),)


@pytest.mark.parametrize(
    ("value", "message"),
    [("0.7", None), ("070", "Did you mean 0.7?"), ("7_0%", "expected a probability"),
     ("0:42", "expected a probability"), ("9" * 400, "outside the estimative scale")],
)  # fmt: skip
def test_probabilities_read_as_written(value: str, message: str | None, tmp_path: Path) -> None:
    text = MINIMAL + f"key_judgments:\n  - {{text: Holds., probability: {value}}}\n"
    if message is None:
        estimate = _load(text, tmp_path).key_judgments[0].estimate
        assert estimate is not None and estimate.probability == 0.7
        return
    with pytest.raises(ContentError) as caught:
        _load(text, tmp_path)
    assert message in caught.value.format(), caught.value.format()


def test_a_choice_or_a_date_says_what_was_typed(tmp_path: Path) -> None:
    """Where a word is wanted, `no` is the word no (not YAML's false); a date that YAML 1.1
    reads as a number is quoted as typed."""
    text = MINIMAL + (
        "date: 2_017\ndivergences:\n  - issue: Oil\n    positions: {alpha: Up}\n"
        "    significance: no\n"
    )
    with pytest.raises(ContentError) as caught:
        _load(text, tmp_path)
    said = caught.value.format()
    assert "'2_017' is not a date" in said
    assert "'no' is not one of: high, medium, low" in said


def test_single_reference_is_read_as_written(tmp_path: Path) -> None:
    text = (
        MINIMAL.replace(
            "  - title: Regional stability\n", "  - title: Regional stability\n    sources: 010\n"
        )
        + "sources:\n  - {id: '010', title: A source}\n"
    )
    assert _load(text, tmp_path).shared_goals[0].sources == ("010",)


def _deck_text(path: Path) -> list[str]:
    out = []
    for slide in Presentation(str(path)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                out.append(shape.text_frame.text)
            if shape.has_table:
                out += [cell.text for row in shape.table.rows for cell in row.cells]
    return out


def _memo_text(path: Path) -> list[str]:
    doc = WordDocument(str(path))
    out = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        out += [cell.text for row in table.rows for cell in row.cells]
    return [untypeset(t) for t in out]


def _chart_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as zf:
        return "".join(
            zf.read(n).decode() for n in zf.namelist() if n.startswith("ppt/charts/chart")
        )


def test_the_outputs_print_what_was_typed(tmp_path: Path) -> None:
    """Built by the CLI and read back with python-pptx and python-docx: the issue's row, the
    subtitle and the version print as typed, in the deck and in the memo."""
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "typed.yaml").write_text(TYPED, encoding="utf-8")
    done = run_cli("build", "content/typed.yaml", "-o", "out", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    deck = _deck_text(tmp_path / "out" / "typed-deck.pptx")
    memo = _memo_text(tmp_path / "out" / "typed-memo.docx")
    for cells in (deck, memo):
        at = cells.index("Final")
        assert cells[at : at + 12] == [*ROW, "on", "off", "no", "2017-4-1", ".inf", "1.0e+3"]
    assert "yes — 0o17 and 1_0" in deck and "010\nyes\n1:2" in deck  # goal; bullets
    assert "yes. 0o17 and 1_0 (Shared by: on, 1e3.)" in memo and "1:2" in memo
    assert "010" in deck and any("Version 1.10" in t for t in deck)
    assert any("1.10" in t for t in memo) and "010" in memo
    assert not any(t in deck + memo for t in ("181", "750", "31", "1000"))
    chart = _chart_xml(tmp_path / "out" / "typed-deck.pptx")
    assert "<c:v>010</c:v>" in chart and "<c:v>1.10</c:v>" in chart  # the categories
    assert "<c:v>10.0</c:v>" in chart and "<c:v>8" not in chart  # the value 010: ten


def test_marking_no_prints_no(tmp_path: Path) -> None:
    """`marking: no` was refused ("put the value in quotes"); the marking is the word no."""
    b = _load(MINIMAL + "marking: no\n", tmp_path)
    assert b.marking == "no"
