"""`deckgen score`: the shipped pair's track record as text and JSON, and the track-record
deck and memo it writes, reopened by python-pptx and python-docx and checked by the OOXML
validator; bad input is located; the `track_record` part reaches a single briefing's build."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from docx import Document
from pptx import Presentation

from conftest import ROOT, ooxml_problems, run_cli

REVIEW = ROOT / "content" / "russia-iran-2017-review.yaml"
OWN = "content/russia-iran-2017-review.yaml"  # the workspace copy: its picture is inside
# the shipped review's 11 resolved forecasts, by hand (p: a term's band midpoint):
#   4 `likely` (0.675) that happened: (0.675 - 1)² = 0.105625 each
#   1 `likely` that happened partly: (0.675 - 0.5)² = 0.030625
#   3 `very likely` (0.875) that happened: 0.015625 each
#   1 `roughly even chance` (0.5), 1 `unlikely` (0.325), 1 `very unlikely` (0.125) that did
#   not: 0.25, 0.105625, 0.015625
BRIER = (4 * 0.105625 + 0.030625 + 3 * 0.015625 + 0.25 + 0.105625 + 0.015625) / 11  # 0.0792


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    return tmp_path


def test_score_prints_the_shipped_pairs_figures_and_writes_the_track_record(ws: Path) -> None:
    done = run_cli("score", cwd=ws)
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    # the 2017 briefing's forecasts are the review's, carried over: counted once
    assert "forecasts: 17, resolved: 11 (happened 7, partly 1, did not happen 3)" in out
    assert f"Brier score: {BRIER:.3f}" in out
    assert "likely (55–80%)" in out and "by actor:" in out and "by confidence:" in out
    deck, memo = ws / "build" / "track-record-deck.pptx", ws / "build" / "track-record-memo.docx"
    assert f"wrote {Path('build') / deck.name}" in out
    titles = [s.shapes.title.text for s in Presentation(str(deck)).slides if s.shapes.title]
    assert f"Track record: Brier score {BRIER:.2f} on 11 resolved forecasts" in titles
    with zipfile.ZipFile(deck) as z:
        charts = [n for n in z.namelist() if n.startswith("ppt/charts/chart")]
        assert charts, "the calibration chart is a native chart"
        xml = z.read(charts[0]).decode()
        assert "very likely" in xml and "Observed" in xml
    doc = Document(str(memo))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Track record" in text and "Brier score is 0.079" in text
    # the memo keeps dates and ranges whole with no-break spaces and word joiners
    cells = {c.text.replace("\u00a0", " ").replace("\u2060", "").replace("\u2011", "-")
             for t in doc.tables for row in t.rows for c in row.cells}  # fmt: skip
    assert "Did not happen" in cells and "Outcome (as of 28 February 2018)" in cells
    assert "31 December 2017" in cells
    assert ooxml_problems(deck, memo) == []


def test_score_json(ws: Path) -> None:
    done = run_cli("score", "--json", "--no-outputs", cwd=ws)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["command"] == "score" and data["ok"] and data["outputs"] == []
    assert data["counts"]["resolved"] == 11 and data["counts"]["forecasts"] == 17
    assert data["brier"] == pytest.approx(BRIER, abs=1e-4)
    assert data["partly_counts_as"] == 0.5
    bands = {b["name"]: b for b in data["by_band"]}
    assert bands["likely"]["band"] == [55, 80]
    assert bands["likely"]["resolved"] == 5
    assert bands["likely"]["observed_frequency"] == pytest.approx(0.9)  # 4 + 0.5 of 5
    assert {a["name"] for a in data["by_actor"]} == {"russia", "iran"}
    assert not (ws / "build").exists()


def test_score_formats_and_output_folder(ws: Path) -> None:
    done = run_cli("score", OWN, "-f", "docx", "-o", "elsewhere", cwd=ws)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (ws / "elsewhere").iterdir()) == ["track-record-memo.docx"]


def test_a_bad_outcome_is_located_with_what_to_do(ws: Path) -> None:
    bad = ws / "content" / "bad.yaml"
    text = REVIEW.read_text(encoding="utf-8").replace("id: russia-iran-2017-review", "id: bad")
    bad.write_text(text.replace("result: happened", "result: hapened", 1), encoding="utf-8")
    done = run_cli("score", str(bad), cwd=ws)
    assert done.returncode == 1
    line = next(n for n, t in enumerate(bad.read_text().splitlines(), 1) if "hapened" in t)
    assert f"bad.yaml:{line}:15: error: 'hapened' is not one of: happened" in done.stderr
    assert "Did you mean 'happened'?" in done.stderr and "Traceback" not in done.stderr


def test_briefings_with_different_markings_are_refused_not_merged(ws: Path) -> None:
    other = ws / "content" / "other.yaml"
    text = REVIEW.read_text(encoding="utf-8").replace("id: russia-iran-2017-review", "id: other")
    other.write_text(text.replace("marking: UNCLASSIFIED", "marking: SECRET"), encoding="utf-8")
    done = run_cli("score", OWN, str(other), cwd=ws)
    assert done.returncode == 1
    assert "different markings" in done.stderr and "Traceback" not in done.stderr


def test_the_track_record_part_reaches_the_reviews_own_build(ws: Path) -> None:
    done = run_cli("build", OWN, "-o", "out", cwd=ws)
    assert done.returncode == 0, done.stderr
    deck = Presentation(str(ws / "out" / "russia-iran-2017-review-deck.pptx"))
    titles = [s.shapes.title.text for s in deck.slides if s.shapes.title]
    at = titles.index(f"Track record: Brier score {BRIER:.2f} on 11 resolved forecasts")
    assert titles[at - 1].startswith("Outlook: Iran")  # after the forecasts, as `full` orders
    memo = Document(str(ws / "out" / "russia-iran-2017-review-memo.docx"))
    headings = [p.text for p in memo.paragraphs if p.style.name.startswith("Heading")]
    assert "Track record" in headings and "Forecasts and their outcomes" in headings
