"""The deck's numbers, structure and tables as LibreOffice draws them (read back with pdfplumber).

The shipped briefing, one section marked `appendix: true`, built with the default set's
`structured` recipe (agenda, dividers, backup slides): slide numbers are live fields reading
"n of N" with N the main deck, backup slides read "Appendix A" and "A-1", the main slide
before the backup points to it, shared goals are an actor matrix, and tables are laid out by
measured column widths: larger text, no continuation slide, no word broken inside.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from pptx import Presentation

from conftest import ROOT, SHIPPED, need_tool, run_cli

BACKUP = "Both capitals put the defeat of ISIS first in their 2017 military aims"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def _workspace(tmp: Path, text: str) -> Path:
    ws = tmp / "ws"
    (ws / "content").mkdir(parents=True)
    shutil.copytree(ROOT / "content" / "img", ws / "content" / "img")
    (ws / "content" / "structured.yaml").write_text(text, encoding="utf-8")
    return ws


def _structured() -> str:
    text = SHIPPED.read_text(encoding="utf-8")
    marked = text.replace(f"  - title: {BACKUP}\n", f"  - title: {BACKUP}\n    appendix: true\n")
    assert marked != text
    return marked


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    ws = _workspace(tmp_path_factory.mktemp("structure"), _structured())
    done = run_cli("build", "content/structured.yaml", "--recipe", "structured", "-f",
                   "pptx,pdf", "-o", "out", cwd=ws, timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stderr
    out = ws / "out"
    return {"pptx": out / "russia-iran-2017-deck.pptx", "pdf": out / "russia-iran-2017-deck.pdf"}


@pytest.fixture(scope="module")
def pages(built: dict[str, Path]) -> list[dict[str, Any]]:
    """Each rendered slide: its text, its words and the sizes its characters are drawn at."""
    need_tool("soffice")
    import pdfplumber

    out = []
    with pdfplumber.open(str(built["pdf"])) as pdf:
        for page in pdf.pages:
            out.append({"text": page.extract_text() or "", "words": page.extract_words(),
                        "chars": page.chars})  # fmt: skip
    return out


def _titles(deck: Path) -> list[str]:
    return [
        s.shapes.title.text if s.shapes.title is not None else "" for s in Presentation(deck).slides
    ]


def _page(pages: list[dict[str, Any]], title: str) -> dict[str, Any]:
    """The page whose title (its line under the marking) starts with ``title``."""
    return next(p for p in pages if any(line.startswith(title) for line in
                                        p["text"].splitlines()[1:2]))  # fmt: skip


def test_each_slide_is_numbered_live_n_of_the_main_deck(built: dict[str, Path]) -> None:
    titles = _titles(built["pptx"])
    main = titles.index("Appendix")  # the slides before the appendix's divider
    for number, slide in enumerate(Presentation(built["pptx"]).slides, 1):
        boxes = [sh for sh in slide.shapes if sh.name == "Slide number"]
        fields = [f for sh in boxes for f in sh._element.iter(f"{A}fld")]
        if number == 1 or number == main + 1:  # the title slide and the appendix divider
            assert not boxes, number
        elif number <= main:
            assert [f.get("type") for f in fields] == ["slidenum"], number
            assert boxes[0].text_frame.text == f"{number} of {main}"
        else:
            assert not fields and re.fullmatch(r"[A-Z]-\d+", boxes[0].text_frame.text), number


@pytest.mark.soffice
def test_slide_numbers_render_n_of_the_main_deck(pages: list[dict[str, Any]]) -> None:
    main = next(n for n, p in enumerate(pages) if p["text"].splitlines()[1:2] == ["Appendix"])
    assert main >= 15
    for n, page in enumerate(pages[1:main], 2):
        assert re.search(rf"(^|\s){n} of {main}(\s|$)", page["text"]), (n, page["text"][-80:])
    assert not any(f" of {len(pages)}" in p["text"] for p in pages)  # N is not every slide


@pytest.mark.soffice
def test_backup_slides_read_appendix_a_numbered_apart(pages: list[dict[str, Any]]) -> None:
    backup = _page(pages, "Appendix A: Both capitals")
    assert re.search(r"(^|\s)A-1(\s|$)", backup["text"])
    timeline = _page(pages, "Appendix B: Timeline")
    assert re.search(r"(^|\s)B-1(\s|$)", timeline["text"])
    pointing = _page(pages, "Shared security threats drew Moscow and Tehran together")
    assert "(see Appendix A)" in pointing["text"]
    assert not any(BACKUP in p["text"] and "Appendix A" not in p["text"] for p in pages)


@pytest.mark.soffice
def test_the_agenda_and_dividers_render(pages: list[dict[str, Any]]) -> None:
    agenda = _page(pages, "Agenda")
    for heading in ("Key judgments", "Shared goals", "Forecasts", "Analysis",
                    "Shared security threats drew Moscow and Tehran together"):  # fmt: skip
        assert heading in agenda["text"]
    assert "Appendix" not in agenda["text"] and "Timeline" not in agenda["text"]
    assert _page(pages, "Part 1: Forecasts")["text"].count("\n") < 6  # a divider: its title alone


@pytest.mark.soffice
def test_shared_goals_render_as_a_matrix_of_marks(pages: list[dict[str, Any]]) -> None:
    page = _page(pages, "Shared goals")
    assert "Shared by" not in page["text"] and "Russia, Iran" not in page["text"]
    header = page["text"].splitlines()[2]
    assert header.split()[-2:] == ["Russia", "Iran"]
    assert page["text"].count("●") == 14  # seven goals, both actors


@pytest.mark.soffice
def test_measured_columns_keep_words_whole_and_tables_on_fewer_slides(
    built: dict[str, Path], pages: list[dict[str, Any]]
) -> None:
    titles = _titles(built["pptx"])
    assert not any(t.startswith("Outlook: Iran (2017) (cont.)") for t in titles)
    russia = _page(pages, "Outlook: Russia (2017)")
    # the "D" of each "Diplomatic" row (the bands' 12 pt marking and number aside)
    sizes = [c["size"] for c in russia["chars"] if c["text"] == "D" and c["size"] > 12.5]
    assert sizes and min(sizes) >= 15.5  # 16 pt: fixed widths left it at 14 pt
    for n, slide in enumerate(Presentation(built["pptx"]).slides):
        drawn = {w["text"] for w in pages[n]["words"]}
        for shape in slide.shapes:
            if not shape.has_table:
                continue
            for row in shape.table.rows:
                for cell in row.cells:
                    # LibreOffice may break after a dash; anything else drawn is a word whole
                    for word in re.split(r"\s+|(?<=[–-])", cell.text):
                        if word:
                            assert word in drawn or any(word in d for d in drawn), (n + 1, word)


@pytest.mark.soffice
def test_forecast_tables_name_the_area_on_every_row(pages: list[dict[str, Any]]) -> None:
    for title in ("Outlook: Russia (2017)", "Outlook: Iran (2017)"):
        lines = _page(pages, title)["text"].splitlines()
        rows = [ln for ln in lines if re.search(r"\((\d\d–\d\d|\d\d)%\)|\(\d\d–$", ln)]
        areas = [ln for ln in lines if ln.split()[:1] and ln.split()[0] in
                 ("Diplomatic", "Military", "Economic", "Political", "Other")]  # fmt: skip
        assert len(areas) >= len(rows) - 1 and len(areas) >= 7, title


def test_an_appendix_flag_that_is_not_true_or_false_is_a_located_error(tmp_path: Path) -> None:
    text = _structured().replace("    appendix: true\n", "    appendix: later\n")
    ws = _workspace(tmp_path, text)
    done = run_cli("validate", "content/structured.yaml", cwd=ws)
    assert done.returncode == 1 and "Traceback" not in done.stderr + done.stdout
    line = text.splitlines().index("    appendix: later") + 1
    assert re.search(rf"content/structured\.yaml:{line}:15: error: expected true or false",
                     done.stdout + done.stderr), done.stdout + done.stderr  # fmt: skip
