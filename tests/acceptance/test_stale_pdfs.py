"""PDFs are outputs like the others: once a build made them, a later build that remakes the
deck and memo remakes the PDFs too, or says plainly which PDF is now older than its source."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from conftest import MINIMAL, need_tool, run_cli

# every case builds PDFs
pytestmark = [pytest.mark.soffice]

NO_SOFFICE = {"DECKGEN_SOFFICE": "/nonexistent/soffice"}
OFFICE = ("brief-deck.pptx", "brief-memo.docx")
PDFS = ("brief-deck.pdf", "brief-memo.pdf")


def _titled(ws: Path, title: str) -> None:
    text = "id: brief\n" + MINIMAL.replace("title: Minimal Briefing", f"title: {title}")
    (ws / "content" / "brief.yaml").write_text(text, encoding="utf-8")


def _mtimes(out: Path, names: tuple[str, ...]) -> list[int]:
    return [(out / n).stat().st_mtime_ns for n in names]


def _text(pdf: Path) -> str:
    done = subprocess.run([need_tool("pdftotext"), str(pdf), "-"], capture_output=True,
                          text=True, check=True)  # fmt: skip
    return " ".join(done.stdout.split())


def _ok(done: subprocess.CompletedProcess[str]) -> str:
    said = done.stdout + done.stderr
    assert done.returncode == 0, said
    assert "Traceback" not in said and "internal error" not in said, said
    return said


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    need_tool("soffice")
    (tmp_path / "content").mkdir()
    _titled(tmp_path, "First Edition")
    return tmp_path


def test_a_plain_build_remakes_the_pdfs_an_earlier_build_made(ws: Path) -> None:
    out = ws / "out"
    _ok(run_cli("build", "-f", "pptx,docx,pdf", "-o", "out", cwd=ws))
    made = _mtimes(out, OFFICE + PDFS)

    said = _ok(run_cli("build", "-o", "out", cwd=ws))  # nothing changed: truly up to date
    assert "4 outputs already up to date" in said, said
    assert _mtimes(out, OFFICE + PDFS) == made

    _titled(ws, "Second Edition")
    said = _ok(run_cli("build", "-o", "out", cwd=ws))
    for name in OFFICE + PDFS:
        assert f"wrote out/{name}" in said, said
    assert "warning" not in said, said
    assert min(_mtimes(out, PDFS)) >= max(_mtimes(out, OFFICE))
    assert "Second Edition" in _text(out / "brief-deck.pdf")
    assert "Second Edition" in _text(out / "brief-memo.pdf")


def test_a_pdf_that_cannot_be_remade_is_named(ws: Path) -> None:
    out = ws / "out"
    _ok(run_cli("build", "-f", "pptx,docx,pdf", "-o", "out", cwd=ws))

    # formats chosen without PDFs: the deck's PDF is left, and said to be old
    _titled(ws, "Deck Only")
    said = _ok(run_cli("build", "-f", "pptx", "-o", "out", cwd=ws))
    assert "out/brief-deck.pdf: warning: is older than brief-deck.pptx" in said, said
    assert "deckgen build -f pptx,pdf" in said, said
    assert "brief-memo.pdf" not in said, said  # its memo was not rewritten: not older

    # no LibreOffice: the deck and memo are built, both PDFs named, the build succeeds
    _titled(ws, "No Office")
    said = _ok(run_cli("build", "-o", "out", cwd=ws, env=NO_SOFFICE))
    assert "the PDFs an earlier build made here were not remade" in said, said
    for pdf, office in zip(PDFS, OFFICE):
        assert f"out/{pdf}: warning: is older than {office}" in said, said
    assert "First Edition" in _text(out / "brief-deck.pdf")

    # with LibreOffice back, the next plain build remakes them (the record kept them)
    said = _ok(run_cli("build", "-o", "out", cwd=ws))
    assert "wrote out/brief-deck.pdf" in said and "wrote out/brief-memo.pdf" in said, said
    assert "No Office" in _text(out / "brief-deck.pdf")
    assert min(_mtimes(out, PDFS)) >= max(_mtimes(out, OFFICE))


def test_a_folder_without_pdfs_gets_none(ws: Path) -> None:
    _ok(run_cli("build", "-o", "out", cwd=ws, env=NO_SOFFICE))
    _titled(ws, "Changed")
    said = _ok(run_cli("build", "-o", "out", cwd=ws, env=NO_SOFFICE))
    assert "pdf" not in said.lower(), said
    assert not list((ws / "out").glob("*.pdf"))


def test_watch_remakes_the_pdfs_with_the_deck_and_memo(ws: Path) -> None:
    import os
    import signal
    import sys
    import time

    from acceptance.test_watch import Output

    out = ws / "out"
    _ok(run_cli("build", "-f", "pptx,docx,pdf", "-o", "out", cwd=ws))
    proc = subprocess.Popen([sys.executable, "-m", "deckgen", "watch", "-o", "out"], cwd=ws,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "NO_COLOR": "1"})  # fmt: skip
    try:
        lines = Output(proc)
        lines.wait_for(r"^watching ", time.monotonic() + 120)
        after = lines.count()
        time.sleep(1.0)  # a save in the same second as the last build still counts
        _titled(ws, "Watched Edition")
        rebuilt = lines.wait_for(r"changed → rebuilt brief \(([^)]*)\)", time.monotonic() + 120,
                                 after)  # fmt: skip
        for name in OFFICE + PDFS:
            assert name in rebuilt.group(1), lines.text()
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == 0, lines.text()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert "warning" not in lines.text(), lines.text()
    assert min(_mtimes(out, PDFS)) >= max(_mtimes(out, OFFICE))
    assert "Watched Edition" in _text(out / "brief-deck.pdf")
    assert "Watched Edition" in _text(out / "brief-memo.pdf")
