"""`-f handout` writes ID-handout.pdf: the deck's notes pages, each slide above its speaker
notes, tagged PDF/UA-1 like the other PDFs, rebuilt byte for byte, remade and warned about
like them, bundled by `dist` when asked for, and notes that run off their page said
(issue 16, item 5)."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml

from conftest import MINIMAL, SHIPPED, need_tool, run_cli

pikepdf = pytest.importorskip("pikepdf", reason="the PDF/UA checks read PDFs with pikepdf")
pytestmark = [pytest.mark.soffice]

HANDOUT = "russia-iran-2017-handout.pdf"


def _ok(done: subprocess.CompletedProcess[str]) -> str:
    said = done.stdout + done.stderr
    assert done.returncode == 0, said
    assert "Traceback" not in said and "internal error" not in said, said
    return said


def _flat(text: str) -> str:
    return " ".join(text.split())


def _pages(pdf: Path) -> list[str]:
    """Each page's text, as pdftotext reads it (what a reader sees on the page)."""
    done = subprocess.run([need_tool("pdftotext"), "-layout", str(pdf), "-"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    return [_flat(page) for page in done.stdout.split("\f")[:-1]]


@pytest.fixture(scope="module")
def twice(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """The shipped briefing built as deck and handout into two folders, and what the first
    build said."""
    need_tool("soffice")
    outs = [tmp_path_factory.mktemp("handout"), tmp_path_factory.mktemp("handout-again")]
    said = [_ok(run_cli("build", str(SHIPPED), "-f", "pptx,handout", "-o", str(out),
                        timeout=600)) for out in outs]  # fmt: skip
    return outs[0], outs[1], said[0]


def test_handout_is_written_and_named(twice: tuple[Path, Path, str]) -> None:
    out, _, said = twice
    assert f"wrote {out / HANDOUT}" in said, said
    assert sorted(p.name for p in out.iterdir()) == ["russia-iran-2017-deck.pptx", HANDOUT]
    assert "warning" not in said, said


def test_one_page_per_slide_with_its_title_and_notes(twice: tuple[Path, Path, str]) -> None:
    from pptx import Presentation

    out, _, _ = twice
    deck = Presentation(str(out / "russia-iran-2017-deck.pptx"))
    pages = _pages(out / HANDOUT)
    assert len(pages) == len(deck.slides)  # notes pages only: no slide pages before them
    noted = 0
    for number, (slide, page) in enumerate(zip(deck.slides, pages), 1):
        title = slide.shapes.title
        assert title is not None and _flat(title.text_frame.text) in page, (number, page)
        notes = _flat(slide.notes_slide.notes_text_frame.text) if slide.has_notes_slide else ""
        assert notes in page, (number, notes, page)
        noted += bool(notes)
    assert noted >= len(pages) // 2  # the shipped deck's slides mostly carry notes


def test_handout_is_tagged_and_passes_the_checker(twice: tuple[Path, Path, str]) -> None:
    from deckgen.pdf.check import check

    out, _, _ = twice
    briefing = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    found = check(out / HANDOUT, language=briefing["language"], title=briefing["title"])
    assert not found.counts, found.problems
    with pikepdf.open(out / HANDOUT) as pdf:
        assert str(pdf.Root.Lang) == briefing["language"]
        with pdf.open_metadata() as xmp:
            assert xmp.get("dc:title") == briefing["title"]
            assert str(xmp.get("xmp:CreateDate")).startswith(str(briefing["date"]))
        # each page's slide picture is named for its slide
        figures = [str(e.get("/Alt")) for e in _figures(pdf)]
    assert "Slide 1: The Russia–Iran Alliance" in figures, figures


def _figures(pdf: object) -> list[object]:
    from deckgen.pdf.finish import elements

    tree = pdf.Root.StructTreeRoot  # type: ignore[attr-defined]
    return [e for e in elements(tree) if str(e.S) == "/Figure"]


def test_two_builds_give_identical_bytes(twice: tuple[Path, Path, str]) -> None:
    first, second, _ = twice
    assert (first / HANDOUT).read_bytes() == (second / HANDOUT).read_bytes()


# -- the record, stale handouts, long notes, dist -------------------------------------------


def _titled(ws: Path, title: str, notes: str = "") -> None:
    text = "id: brief\n" + MINIMAL.replace("title: Minimal Briefing", f"title: {title}")
    if notes:
        text += f"notes:\n  title: >\n    {notes}\n"
    (ws / "content" / "brief.yaml").write_text(text, encoding="utf-8")


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    need_tool("soffice")
    (tmp_path / "content").mkdir()
    _titled(tmp_path, "First Edition")
    return tmp_path


def test_a_plain_build_remakes_the_handout_and_a_stale_one_is_named(ws: Path) -> None:
    out = ws / "out"
    _ok(run_cli("build", "-f", "pptx,handout", "-o", "out", cwd=ws))
    made = (out / "brief-handout.pdf").stat().st_mtime_ns

    said = _ok(run_cli("build", "-f", "pptx,handout", "-o", "out", cwd=ws))
    assert "2 outputs already up to date" in said, said
    assert (out / "brief-handout.pdf").stat().st_mtime_ns == made

    _titled(ws, "Second Edition")  # a plain build remakes the handout it finds
    said = _ok(run_cli("build", "-o", "out", cwd=ws))
    assert "wrote out/brief-handout.pdf" in said, said
    assert "Second Edition" in _pages(out / "brief-handout.pdf")[0]

    _titled(ws, "Third Edition")  # formats chosen without it: left, and said to be old
    said = _ok(run_cli("build", "-f", "pptx", "-o", "out", cwd=ws))
    assert "out/brief-handout.pdf: warning: is older than brief-deck.pptx" in said, said
    assert "deckgen build -f pptx,handout" in said, said
    assert "Second Edition" in _pages(out / "brief-handout.pdf")[0]


def test_notes_that_run_off_the_page_are_said(ws: Path) -> None:
    words = " ".join(f"Point {i} of a speaker note far too long for its page." for i in range(90))
    _titled(ws, "Long Notes", words)
    said = _ok(run_cli("build", "-f", "handout", "-o", "out", cwd=ws))
    flat = _flat(said)
    assert "out/brief-handout.pdf: warning: the speaker notes of slide 1 run past the bottom" \
        in flat, said  # fmt: skip
    assert "Shorten those notes" in flat, said


def test_strict_refuses_a_handout_that_fails_the_checks(ws: Path) -> None:
    """A LibreOffice that ignores the JSON options writes an untagged PDF (exit 0)."""
    real = need_tool("soffice")
    wrapper = ws / "soffice"
    wrapper.write_text(
        "#!/bin/sh\n"
        'for a in "$@"; do case "$a" in pdf:*) set -- "$@" pdf;; *) set -- "$@" "$a";; esac;'
        " shift; done\n"
        f'exec "{real}" "$@"\n',
        encoding="utf-8",
    )
    wrapper.chmod(0o755)
    done = run_cli("build", "-f", "handout", "--strict", "-o", "out", cwd=ws,
                   env={"DECKGEN_SOFFICE": str(wrapper)})  # fmt: skip
    assert done.returncode == 1, done.stdout + done.stderr
    assert "brief-handout.pdf: not written under --strict" in _flat(done.stderr), done.stderr
    assert not (ws / "out" / "brief-handout.pdf").exists()


def test_dist_bundles_the_handout_when_asked_for(ws: Path) -> None:
    _ok(run_cli("dist", "-o", "out", cwd=ws))
    with zipfile.ZipFile(ws / "out" / "dist" / "brief-0.zip") as zf:
        names = [Path(n).name for n in zf.namelist()]
    assert "brief-deck.pdf" in names and "brief-handout.pdf" not in names, names

    (ws / "deckgen.yaml").write_text("formats: [pptx, docx, handout]\n", encoding="utf-8")
    _ok(run_cli("dist", "-o", "out", "--force", cwd=ws))
    with zipfile.ZipFile(ws / "out" / "dist" / "brief-0.zip") as zf:
        names = [Path(n).name for n in zf.namelist()]
        handout = next(n for n in zf.namelist() if n.endswith("brief-handout.pdf"))
        data = zf.read(handout)
        manifest = next(n for n in zf.namelist() if n.endswith("manifest.json"))
        assert "brief-handout.pdf" in zf.read(manifest).decode("utf-8")
    assert "brief-deck.pdf" in names and "brief-memo.pdf" in names, names
    from deckgen.pdf.check import check

    assert not check(data, language="en").counts
