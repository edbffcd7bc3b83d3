"""`deckgen build -f pdf -j N`: a batch's PDFs are drawn by N LibreOffices kept running for
the batch, each PDF from its own source; where none can start, the one-shot run makes them
and a warning says so."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from conftest import MINIMAL, need_tool, run_cli

pytestmark = [pytest.mark.soffice]

TITLES = ("Harbour Traffic", "Grain Corridor", "Border Crossings")


def _text(pdf: Path) -> str:
    done = subprocess.run([need_tool("pdftotext"), str(pdf), "-"], capture_output=True,
                          text=True, check=True)  # fmt: skip
    return " ".join(done.stdout.split())


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    need_tool("soffice")
    (tmp_path / "content").mkdir()
    for n, title in enumerate(TITLES):
        text = f"id: brief-{n}\n" + MINIMAL.replace("title: Minimal Briefing", f"title: {title}")
        (tmp_path / "content" / f"brief-{n}.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def _pdfs_hold_their_own_titles(out: Path) -> None:
    for n, title in enumerate(TITLES):
        for kind in ("deck", "memo"):
            text = _text(out / f"brief-{n}-{kind}.pdf")
            assert title in text, (kind, n, text[:200])
            assert not any(other in text for other in TITLES if other != title), (kind, n)


def test_a_parallel_batch_draws_every_pdf_from_its_own_source(ws: Path) -> None:
    done = run_cli("build", "-f", "pdf", "-j", "2", "-o", "out", cwd=ws)
    said = done.stdout + done.stderr
    assert done.returncode == 0, said
    assert "Traceback" not in said and "one LibreOffice run" not in said, said
    _pdfs_hold_their_own_titles(ws / "out")


def test_without_a_warm_renderer_the_batch_says_so_and_still_makes_its_pdfs(ws: Path) -> None:
    done = run_cli("build", "-f", "pdf", "-j", "2", "-o", "out", cwd=ws,
                   env={"DECKGEN_UNO_PYTHON": "/bin/false"})  # fmt: skip
    said = done.stdout + done.stderr
    assert done.returncode == 0, said
    assert "warning: -j 2: the PDFs are drawn by one LibreOffice run, one file at a time" in said
    _pdfs_hold_their_own_titles(ws / "out")


def test_a_parallel_batch_writes_the_bytes_and_words_of_a_serial_one(ws: Path) -> None:
    """-j 2 draws in two LibreOffices and finishes the PDFs in two processes: the same
    PDFs, byte for byte, and the same diagnostics, in the same order, as one of each."""
    serial = run_cli("build", "-f", "pdf", "-o", "one", cwd=ws)
    parallel = run_cli("build", "-f", "pdf", "-j", "2", "-o", "two", cwd=ws)
    assert serial.returncode == parallel.returncode == 0, serial.stderr + parallel.stderr
    assert parallel.stderr.replace("two/", "one/") == serial.stderr
    made = sorted(p.name for p in (ws / "one").glob("*.pdf"))
    assert len(made) == 2 * len(TITLES)
    assert made == sorted(p.name for p in (ws / "two").glob("*.pdf"))
    for name in made:
        assert (ws / "one" / name).read_bytes() == (ws / "two" / name).read_bytes(), name
