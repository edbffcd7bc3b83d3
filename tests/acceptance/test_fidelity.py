"""Rendered proof that nothing overflows: every glyph LibreOffice draws lies inside the declared
box of the shape that holds it, tables included, and every table is drawn at the size it
declares; in the default and classic sets and two foreign templates, for the shipped briefing
and a stress briefing."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from pptx import Presentation

from deckgen.content.load import load_file

from conftest import FIXTURES, SHIPPED, need_tool, run_cli

EMU_PER_PT = 12700
TOLERANCE = 3.0  # points: glyph boxes include the font's full ascent and descent
ROW_TOLERANCE = 1.0  # points: a drawn row edge against the declared one (EMU rounding)
STRESS = FIXTURES / "stress.yaml"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """Decks and their PDFs for each (briefing, template) pair, made in one pass."""
    need_tool("soffice")
    from support import foreign

    root = tmp_path_factory.mktemp("fidelity")
    templates: dict[str, list[str]] = {"default": [], "classic": ["-t", "classic"]}
    made = foreign.pandoc_deck(root)[0]
    templates["pandoc"] = ["--deck-template", str(made)]
    made = foreign.deck_idx10(root)[0]
    templates["idx10-4x3"] = ["--deck-template", str(made)]
    out: dict[tuple[str, str], Path] = {}
    for content in (SHIPPED, STRESS):
        for name, args in templates.items():
            folder = root / f"{content.stem}-{name}"
            done = run_cli("build", str(content), "-o", str(folder), "-f", "pptx,pdf", *args,
                           timeout=600)  # fmt: skip
            assert done.returncode == 0, done.stderr
            ident = load_file(content).id
            out[(content.stem, name)] = folder / f"{ident}-deck.pptx"
            SAID[out[(content.stem, name)]] = " ".join(done.stderr.split())
    return out


SAID: dict[Path, str] = {}  # what each build printed: a deck's warnings


@dataclass
class Held:
    """A shape of a slide: its declared box (x0, top, x1, bottom in PDF points) and the text
    it holds, squeezed (see ``_squeeze``)."""

    name: str
    kind: str  # table, chart or text
    box: tuple[float, float, float, float]
    text: str

    def holds(self, ch: dict[str, Any]) -> bool:
        x0, top, x1, bottom = self.box
        return (x0 - TOLERANCE <= ch["x0"] and ch["x1"] <= x1 + TOLERANCE
                and top - TOLERANCE <= ch["top"]
                and ch["bottom"] <= bottom + TOLERANCE)  # fmt: skip


def _squeeze(text: str) -> str:
    """Text as compared between the deck and the PDF: compatibility forms folded (a drawn
    "ﬁ" ligature reads back as "fi"), case folded (a layout may set its text in capitals),
    whitespace left out (lines wrap anywhere)."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def held(slide: Any, scale: float) -> list[Held]:
    """Every shape of ``slide`` with its declared box and text (a table's: all its cells; a
    chart's: the text of its chart part)."""
    out = []
    for shape in slide.shapes:
        x0, top = shape.left / EMU_PER_PT * scale, shape.top / EMU_PER_PT * scale
        box = (x0, top, x0 + shape.width / EMU_PER_PT * scale,
               top + shape.height / EMU_PER_PT * scale)  # fmt: skip
        if shape.has_table:
            text = " ".join(cell.text for row in shape.table.rows for cell in row.cells)
            out.append(Held(shape.name, "table", box, _squeeze(text)))
        elif shape.has_chart:
            text = " ".join(shape.chart._chartSpace.itertext())
            out.append(Held(shape.name, "chart", box, _squeeze(text)))
        elif shape.has_text_frame:
            out.append(Held(shape.name, "text", box, _squeeze(shape.text_frame.text)))
    return out


_NUMBER = re.compile(r"[\d.,%()+\-−–]+")


def owners(word: str, shapes: list[Held]) -> list[Held]:
    """The shapes that may hold ``word``: those whose text contains it. A number may also be
    a chart's axis label (the renderer computes them); a mark no text contains is a list
    bullet, which the template draws in a text shape."""
    text = _squeeze(word)
    found = [s for s in shapes if text in s.text or text[::-1] in s.text]  # [::-1]: RTL
    if _NUMBER.fullmatch(text):
        found += [s for s in shapes if s.kind == "chart"]
    if not found and all(unicodedata.category(ch)[0] in "PS" for ch in text):
        found = [s for s in shapes if s.kind == "text"]
    return found


def outside(pptx: Path, unowned_anywhere: bool = False) -> tuple[list[str], int]:
    """Every glyph of the rendered PDF that lies outside the declared box of the shape that
    holds it (or that no shape holds, or off the slide); and how many glyphs were drawn.
    ``unowned_anywhere``: a word no shape's text is found to hold (a pie's labels, drawn
    "Sea; 40%"; a right-to-left word with its punctuation) must lie inside some shape's box."""
    import pdfplumber

    prs = Presentation(str(pptx))
    width = prs.slide_width / EMU_PER_PT
    problems = []
    glyphs = 0
    with pdfplumber.open(str(pptx.with_suffix(".pdf"))) as pdf:
        assert len(pdf.pages) == len(prs.slides), "one page per slide"
        for number, (page, slide) in enumerate(zip(pdf.pages, prs.slides), 1):
            shapes = held(slide, page.width / width)
            title = slide.shapes.title.text[:40] if slide.shapes.title else ""
            for word in page.extract_words(return_chars=True):
                candidates = owners(word["text"], shapes)
                if unowned_anywhere and not candidates:
                    candidates = shapes
                for ch in word["chars"]:
                    if not ch["text"].strip():
                        continue
                    glyphs += 1
                    on_slide = (ch["x0"] >= -TOLERANCE and ch["x1"] <= page.width + TOLERANCE
                                and ch["top"] >= -TOLERANCE
                                and ch["bottom"] <= page.height + TOLERANCE)  # fmt: skip
                    if on_slide and any(shape.holds(ch) for shape in candidates):
                        continue
                    where = f"{ch['x0']:.0f},{ch['top']:.0f}-{ch['bottom']:.0f}"
                    named = ", ".join(s.name for s in candidates) or "no shape holds it"
                    problems.append(f"slide {number} {title!r}: {ch['text']!r} of "
                                    f"{word['text']!r} at {where} ({named})")  # fmt: skip
    return problems, glyphs


CASES = [(c, t) for c in ("russia-iran-2017", "stress")
         for t in ("default", "classic", "pandoc", "idx10-4x3")]  # fmt: skip


@pytest.mark.soffice
@pytest.mark.pandoc
@pytest.mark.slow
@pytest.mark.parametrize(("content", "template"), CASES)
def test_every_glyph_lies_inside_its_own_shapes_box(
    built: dict[tuple[str, str], Path], content: str, template: str
) -> None:
    problems, glyphs = outside(built[(content, template)])
    assert glyphs > 1000  # the deck was drawn and read back
    assert not problems, (f"{len(problems):,} of {glyphs:,} glyphs outside their shape's box, "
                          "e.g. " + "; ".join(problems[:8]))  # fmt: skip


def drawn_rows(page: Any, shape: Any, scale: float) -> list[tuple[float, float]]:
    """(top, bottom) in PDF points of each row of the table ``shape`` as LibreOffice drew it:
    the extent of the cell fills that span exactly one of its columns."""
    edges = [shape.left / EMU_PER_PT * scale]
    for column in shape.table.columns:
        edges.append(edges[-1] + column.width / EMU_PER_PT * scale)
    spans = list(pairwise(edges))
    rows: list[tuple[float, float]] = []
    fills = sorted(
        (r["top"], r["bottom"]) for r in page.rects
        if any(abs(r["x0"] - x0) < ROW_TOLERANCE and abs(r["x1"] - x1) < ROW_TOLERANCE
               for x0, x1 in spans)
    )  # fmt: skip
    for top, bottom in fills:
        if rows and abs(top - rows[-1][0]) < ROW_TOLERANCE:
            rows[-1] = (rows[-1][0], max(rows[-1][1], bottom))
        else:
            rows.append((top, bottom))
    return rows


@pytest.mark.soffice
@pytest.mark.pandoc
@pytest.mark.slow
@pytest.mark.parametrize(("content", "template"), CASES)
def test_tables_are_drawn_at_the_size_they_declare(
    built: dict[tuple[str, str], Path], content: str, template: str
) -> None:
    """Each row is drawn at the height its `a:tr h` states, so the frame (their sum) is the
    table's real extent, and it ends above the source line and the bottom marking."""
    import pdfplumber

    pptx = built[(content, template)]
    prs = Presentation(str(pptx))
    tables = 0
    with pdfplumber.open(str(pptx.with_suffix(".pdf"))) as pdf:
        for number, (page, slide) in enumerate(zip(pdf.pages, prs.slides), 1):
            scale = page.width / (prs.slide_width / EMU_PER_PT)
            for shape in slide.shapes:
                if not shape.has_table:
                    continue
                tables += 1
                heights = [row.height for row in shape.table.rows]
                assert shape.height == sum(heights), f"slide {number}: frame is not its rows"
                declared, top = [], shape.top
                for height in heights:
                    declared.append((top / EMU_PER_PT * scale,
                                     (top + height) / EMU_PER_PT * scale))  # fmt: skip
                    top += height
                drawn = drawn_rows(page, shape, scale)
                assert len(drawn) == len(declared), f"slide {number}: {drawn} for {declared}"
                for r, (want, got) in enumerate(zip(declared, drawn)):
                    assert all(abs(w - g) < ROW_TOLERANCE for w, g in zip(want, got)), (
                        f"slide {number} row {r}: declared {want[0]:.1f}-{want[1]:.1f} pt, "
                        f"drawn {got[0]:.1f}-{got[1]:.1f}"
                    )
                below = [s.top for s in slide.shapes
                         if s.name in ("Source line", "Marking (bottom)")]  # fmt: skip
                # a row taller than the content area even at the floor size runs past it; the
                # build must have said so for this slide (a visible fallback, never a silent one)
                said = f"slide {number} " in SAID[pptx] and "runs" in SAID[pptx].split(
                    f"slide {number} ", 1)[1].split("warning:", 1)[0]  # fmt: skip
                ends_above = all(shape.top + shape.height <= edge for edge in below)
                assert ends_above or said, f"slide {number}: the table runs past, unannounced"
    assert tables >= 5


@pytest.mark.soffice
@pytest.mark.pandoc
@pytest.mark.slow
@pytest.mark.parametrize(("content", "template"), CASES)
def test_marking_is_legible_top_and_bottom(built: dict[tuple[str, str], Path], content: str,
                                          template: str) -> None:  # fmt: skip
    import pdfplumber

    with pdfplumber.open(str(built[(content, template)].with_suffix(".pdf"))) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            words = [w for w in page.extract_words(extra_attrs=["size"])
                     if w["text"] == "UNCLASSIFIED"]  # fmt: skip
            assert len(words) == 2, f"slide {number}"
            top, bottom = sorted(words, key=lambda w: w["top"])
            assert top["bottom"] < page.height * 0.1 and bottom["top"] > page.height * 0.9
            assert min(w["size"] for w in words) >= 10, f"slide {number}: marking too small"


@pytest.mark.soffice
@pytest.mark.pandoc
@pytest.mark.slow
def test_the_deck_pdf_holds_every_sentence_of_the_content(
    built: dict[tuple[str, str], Path],
) -> None:
    need_tool("pdftotext")
    pdf = built[("russia-iran-2017", "default")].with_suffix(".pdf")
    # -raw keeps the order LibreOffice drew text in: each table cell's lines together
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    flat = _flat(text)
    b = load_file(SHIPPED)
    sentences = [b.bluf.plain]  # type: ignore[union-attr]
    sentences += [k.text.plain for k in b.key_judgments]
    sentences += [p.plain for d in b.divergences for p in d.positions.values()]
    sentences += [f.statement.plain for f in b.forecasts]
    sentences += [g.detail.plain for g in b.shared_goals if g.detail]
    sentences += [e.event.plain for e in b.timeline]
    sentences += [bullet.text.plain for s in b.sections for bullet in s.bullets]
    missing = []
    for sentence in sentences:
        for part in re.split(r"(?<=[.!?])\s+", " ".join(sentence.split())):
            if part and _flat(part) not in flat:
                missing.append(part)
    assert not missing, missing[:5]


def _flat(text: str) -> str:
    """Whitespace folded, and a line break after a hyphen ("first-⏎quarter") closed."""
    return re.sub(r"- ", "-", " ".join(text.split()))


def _logging_soffice(tmp_path: Path) -> tuple[Path, Path]:
    """A stand-in for soffice that logs each call's arguments, then runs the real one."""
    real = need_tool("soffice")
    log = tmp_path / "calls.log"
    wrapper = tmp_path / "soffice"
    wrapper.write_text(f'#!/bin/sh\necho "$@" >> "{log}"\nexec "{real}" "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    return wrapper, log


@pytest.mark.soffice
def test_pdf_export_runs_libreoffice_once_per_batch(tmp_path: Path) -> None:
    wrapper, log = _logging_soffice(tmp_path)
    out = tmp_path / "out"
    done = run_cli("build", str(SHIPPED), str(FIXTURES / "three-actors.yaml"), "-o", str(out),
                   "-f", "pdf", env={"DECKGEN_SOFFICE": str(wrapper)}, timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stderr
    calls = log.read_text(encoding="utf-8").splitlines()
    # one run draws the batch; a memo whose last page came out short is drawn again, one run
    # per spacing tried for all such memos together (build/refill.py), never per file
    assert calls and all("-env:UserInstallation=file://" in c for c in calls)  # its own profile
    assert all(name in calls[0] for name in ("russia-iran-2017-deck.pptx",
                                             "three-actors-memo.docx")), calls[0]  # fmt: skip
    assert len(calls) <= 1 + 3, calls  # TIGHTER's two settings and LOOSER
    for call in calls[1:]:  # memos only, set again in a folder of their own
        files = [word for word in call.split() if word.endswith((".docx", ".pptx"))]
        assert files and all("/refill-" in f and f.endswith("-memo.docx") for f in files), call
    assert sorted(p.name for p in out.iterdir()) == [
        "russia-iran-2017-deck.pdf", "russia-iran-2017-memo.pdf",
        "three-actors-deck.pdf", "three-actors-memo.pdf",
    ]  # fmt: skip


def test_missing_libreoffice_is_a_clear_error(tmp_path: Path) -> None:
    done = run_cli("build", str(SHIPPED), "-o", str(tmp_path), "-f", "pptx,pdf",
                   env={"DECKGEN_SOFFICE": str(tmp_path / "no-soffice")})  # fmt: skip
    assert done.returncode == 1
    assert "DECKGEN_SOFFICE" in done.stderr and "Traceback" not in done.stderr
    done = run_cli("build", str(SHIPPED), "-o", str(tmp_path), "-f", "pdf",
                   env={"PATH": "/nonexistent", "DECKGEN_SOFFICE": ""})  # fmt: skip
    assert done.returncode == 1
    assert "apt-get install libreoffice-impress libreoffice-writer" in done.stderr


@pytest.mark.soffice
def test_pdfs_rebuild_to_the_same_bytes(tmp_path: Path) -> None:
    need_tool("soffice")
    digests = []
    for folder in ("one", "two"):
        out = tmp_path / folder
        done = run_cli("build", str(FIXTURES / "three-actors.yaml"), "-o", str(out), "-f", "pdf",
                       env={"SOURCE_DATE_EPOCH": "1500000000"}, timeout=600)  # fmt: skip
        assert done.returncode == 0, done.stderr
        digests.append({p.name: p.read_bytes() for p in sorted(out.glob("*.pdf"))})
    assert digests[0].keys() == {"three-actors-deck.pdf", "three-actors-memo.pdf"}
    assert digests[0] == digests[1]


@pytest.mark.soffice
def test_a_damaged_libreoffice_profile_falls_back_to_a_fresh_one(tmp_path: Path) -> None:
    """deckgen keeps its LibreOffice profile in the user cache (a new one costs time on every
    run); a profile LibreOffice cannot use must not stop the PDFs."""
    wrapper, log = _logging_soffice(tmp_path)
    cache = tmp_path / "cache"
    (cache / "soffice-profile").mkdir(parents=True)
    (cache / "soffice-profile" / "profile").write_text("not a profile", encoding="utf-8")
    out = tmp_path / "out"
    done = run_cli("build", str(FIXTURES / "minimal.yaml"), "-o", str(out), "-f", "pdf",
                   env={"DECKGEN_SOFFICE": str(wrapper), "DECKGEN_CACHE_DIR": str(cache)},
                   timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stderr
    calls = log.read_text(encoding="utf-8").splitlines()
    assert len(calls) == 2 and "soffice-profile" in calls[0] and "soffice-profile" not in calls[1]
    assert sorted(p.name for p in out.iterdir()) == ["minimal-deck.pdf", "minimal-memo.pdf"]
