"""The review briefing as a user builds it: what changed since the April 2017 edition on the
BLUF slide and in the memo, the assumptions and indicators, graded sources in every output,
read back with python-pptx, python-docx, the OOXML validator and LibreOffice."""

from __future__ import annotations

import re
import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import pytest
from docx import Document
from pptx import Presentation

from conftest import ROOT, need_tool, ooxml_problems, run_cli

REVIEW = ROOT / "content" / "russia-iran-2017-review.yaml"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("review")
    done = run_cli("build", str(REVIEW), "-f", "pptx,docx,html", "-o", str(out))
    assert done.returncode == 0, done.stderr
    return out


def _slides(path: Path) -> list[dict[str, str]]:
    out = []
    for slide in Presentation(str(path)).slides:
        shapes = {s.name: s.text_frame.text for s in slide.shapes if s.has_text_frame}
        for s in slide.shapes:
            if s.has_table:
                shapes["Table"] = "\n".join(c.text for row in s.table.rows for c in row.cells)
        shapes["notes"] = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        shapes["title"] = slide.shapes.title.text_frame.text if slide.shapes.title else ""
        out.append(shapes)
    return out


def test_the_bluf_slide_holds_the_what_changed_box(built: Path) -> None:
    slides = _slides(built / "russia-iran-2017-review-deck.pptx")
    bluf = next(s for s in slides if s["title"] == "Bottom line up front")
    box = bluf["What changed"]
    assert box.startswith("What changed since version 1.0")
    assert "Up: Disagreement over Assad's future" in box
    assert "Added: Iran's faith in outright military victory" in box
    assert "Dropped: Wider Turkish and Israeli involvement" in box
    assert "Why: The EastWest Institute reported in February 2018" in bluf["notes"]


def test_the_assumptions_and_indicators_slides_and_graded_source_lines(built: Path) -> None:
    slides = _slides(built / "russia-iran-2017-review-deck.pptx")
    titles = [s["title"] for s in slides]
    assert "Key assumptions" in titles and "Indicators to watch" in titles
    assumed = slides[titles.index("Key assumptions")]
    assert "ISIS remains the main armed threat both capitals see in Syria." in assumed["Table"]
    assert (
        "Sources: SouthFront (2017) [C2/C3]; EastWest Institute (2018) [B2/B3]"
        in assumed["Source line"]
    )
    sources = slides[titles.index("Sources")]
    assert any("[B2/B3]. Reliability B: usually reliable." in v for v in sources.values())


def test_the_memo_shows_footing_changes_and_graded_notes(built: Path) -> None:
    path = built / "russia-iran-2017-review-memo.docx"
    doc = Document(str(path))
    texts = [p.text for p in doc.paragraphs]
    assert "What changed since version 1.0" in texts
    assert any(t.startswith("Assumption (high confidence): ISIS remains") for t in texts)
    assert any(t.startswith("Indicator (would make it less likely; not seen):") for t in texts)
    with zipfile.ZipFile(path) as z:
        notes = z.read("word/footnotes.xml").decode("utf-8")
    assert "[C2]." in notes and "[B3]" in notes  # graded citations, each its own note
    assert not ooxml_problems(path, built / "russia-iran-2017-review-deck.pptx")


def test_the_web_edition_grades_its_notes(built: Path) -> None:
    page = (built / "russia-iran-2017-review.html").read_text(encoding="utf-8")
    assert "What changed since version 1.0" in page
    assert re.search(
        r"SouthFront, “The Russian-Iranian Alliance: Aims, Objectives and "
        r"Differences,” March 2017 \[C2\]\.",
        page,
    )


@pytest.mark.soffice
def test_libreoffice_renders_the_box_and_the_grades(built: Path, tmp_path: Path) -> None:
    need_tool("pdftotext")
    done = run_cli("build", str(REVIEW), "-f", "pdf", "-o", str(tmp_path))
    assert done.returncode == 0, done.stderr
    pdf = tmp_path / "russia-iran-2017-review-deck.pdf"
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "What changed since version 1.0" in text
    assert "EastWest Institute (2018) [B2/B3]" in text
    assert "Indicators to watch" in text


def test_a_changed_previous_version_rebuilds_the_review(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(ROOT / "content", ws / "content")
    out = tmp_path / "out"
    assert run_cli("build", "-f", "pptx", "-o", str(out), cwd=ws).returncode == 0
    deck = out / "russia-iran-2017-review-deck.pptx"
    stamp = deck.stat().st_mtime_ns
    time.sleep(0.01)
    earlier = ws / "content" / "russia-iran-2017.yaml"
    earlier.write_text(
        earlier.read_text(encoding="utf-8").replace('version: "1.0"', 'version: "1.1"'),
        encoding="utf-8",
    )
    done = run_cli("build", "-f", "pptx", "-o", str(out), cwd=ws)
    assert done.returncode == 0, done.stderr
    assert deck.stat().st_mtime_ns != stamp
    assert "What changed since version 1.1" in _slides(deck)[1]["What changed"]


def test_a_missing_previous_version_is_an_error_at_its_key(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(ROOT / "content", ws / "content")
    (ws / "content" / "russia-iran-2017.yaml").unlink()
    done = run_cli("validate", cwd=ws)
    assert done.returncode == 1
    line = next(
        n
        for n, t in enumerate(REVIEW.read_text(encoding="utf-8").splitlines(), 1)
        if t.startswith("previous:")
    )
    assert (
        f"russia-iran-2017-review.yaml:{line}:11: error: previous: 'russia-iran-2017.yaml' "
        "does not exist" in done.stdout + done.stderr
    )
    assert "Traceback" not in done.stderr


def test_the_review_lints_without_footing_findings() -> None:
    done = run_cli("lint", str(REVIEW))
    assert done.returncode == 0, done.stdout
    assert not re.search(r"(SRC|CHG)-01", done.stdout)


def test_diff_plans_the_review_as_build_does() -> None:
    done = run_cli("diff", str(ROOT / "content" / "russia-iran-2017.yaml"), str(REVIEW))
    assert "What changed since version 1.0" in done.stdout, done.stdout + done.stderr
