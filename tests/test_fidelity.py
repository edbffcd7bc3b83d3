"""Rendered proof that nothing overflows: every glyph LibreOffice draws lies inside the box
of the shape that holds it, on the slide, with the marking legible, in the default template
and in two foreign ones, for the shipped briefing and a stress briefing."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pptx import Presentation

from deckgen.load import load_file

from conftest import FIXTURES, SHIPPED, need_tool, run_cli

EMU_PER_PT = 12700
TOLERANCE = 3.0  # points: glyph boxes include the font's full ascent and descent
STRESS = FIXTURES / "stress.yaml"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """Decks and their PDFs for each (briefing, template) pair, made in one pass."""
    need_tool("soffice")
    import foreign

    root = tmp_path_factory.mktemp("fidelity")
    templates: dict[str, list[str]] = {"default": []}
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
    return out


def allowed_boxes(slide: Any, slide_height: float) -> list[tuple[float, float, float, float]]:
    """Boxes (x0, top, x1, bottom in points) text may occupy on ``slide``. A table's rows
    grow with their text, so a table may reach down to the slide's source line."""
    boxes = []
    floor = slide_height
    for shape in slide.shapes:
        if shape.name in ("Source line", "Marking (bottom)"):
            floor = min(floor, shape.top / EMU_PER_PT)
    for shape in slide.shapes:
        x0, top = shape.left / EMU_PER_PT, shape.top / EMU_PER_PT
        x1, bottom = x0 + shape.width / EMU_PER_PT, top + shape.height / EMU_PER_PT
        if shape.has_table:
            bottom = floor
        boxes.append((x0, top, x1, bottom))
    return boxes


def overflowing(pptx: Path) -> list[str]:
    """Every glyph of the rendered PDF that lies outside all its slide's shape boxes."""
    import pdfplumber

    prs = Presentation(str(pptx))
    width, height = prs.slide_width / EMU_PER_PT, prs.slide_height / EMU_PER_PT
    problems = []
    with pdfplumber.open(str(pptx.with_suffix(".pdf"))) as pdf:
        assert len(pdf.pages) == len(prs.slides), "one page per slide"
        for number, (page, slide) in enumerate(zip(pdf.pages, prs.slides), 1):
            scale = page.width / width
            boxes = [tuple(v * scale for v in box) for box in allowed_boxes(slide, height)]
            for ch in page.chars:
                if not ch["text"].strip():
                    continue
                if not (
                    ch["x0"] >= -TOLERANCE
                    and ch["x1"] <= page.width + TOLERANCE
                    and ch["top"] >= -TOLERANCE
                    and ch["bottom"] <= page.height + TOLERANCE
                ):
                    problems.append(f"slide {number}: {ch['text']!r} off the slide")  # fmt: skip
                    continue
                inside = any(
                    x0 - TOLERANCE <= ch["x0"] and ch["x1"] <= x1 + TOLERANCE
                    and top - TOLERANCE <= ch["top"] and ch["bottom"] <= bottom + TOLERANCE
                    for x0, top, x1, bottom in boxes
                )  # fmt: skip
                if not inside:
                    where = f"{ch['x0']:.0f},{ch['top']:.0f}"
                    title = slide.shapes.title.text[:40]
                    problems.append(f"slide {number} {title!r}: {ch['text']!r} at {where}")
    return problems


CASES = [(c, t) for c in ("russia-iran-2017", "stress") for t in ("default", "pandoc", "idx10-4x3")]


@pytest.mark.parametrize(("content", "template"), CASES)
def test_no_glyph_lies_outside_its_box(built: dict[tuple[str, str], Path], content: str,
                                       template: str) -> None:  # fmt: skip
    problems = overflowing(built[(content, template)])
    assert not problems, f"{len(problems)} glyphs overflow, e.g. " + "; ".join(problems[:8])


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


def test_pdf_export_runs_libreoffice_once_per_batch(tmp_path: Path) -> None:
    wrapper, log = _logging_soffice(tmp_path)
    out = tmp_path / "out"
    done = run_cli("build", str(SHIPPED), str(FIXTURES / "three-actors.yaml"), "-o", str(out),
                   "-f", "pdf", env={"DECKGEN_SOFFICE": str(wrapper)}, timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stderr
    calls = log.read_text(encoding="utf-8").splitlines()
    assert len(calls) == 1, calls
    assert "-env:UserInstallation=file://" in calls[0]  # a profile of its own
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
