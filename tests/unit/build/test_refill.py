"""build/refill: which setting mends a memo's short last page, decided on its drawings.

LibreOffice's drawings are stood in for: each 'PDF' holds the setting it was drawn at, and
``last_page`` reads the page count and fill a script gives for that setting."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest

from deckgen.build import refill as module
from deckgen.errors import PdfError
from deckgen.writers.memo.spacing import scaled

WHEN = dt.datetime(2026, 1, 15)
MEMO = "brief-memo.docx"


def _docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("word/styles.xml", b'<w:spacing w:after="120" w:line="259"/>')
    return out.getvalue()


def _setting(docx: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return z.read("word/styles.xml").decode()


@pytest.fixture
def staging(tmp_path: Path) -> Path:
    (tmp_path / MEMO).write_bytes(_docx())
    (tmp_path / "pdf").mkdir()
    (tmp_path / "pdf" / "brief-memo.pdf").write_bytes(b"first")
    (tmp_path / "pdf" / "brief-deck.pdf").write_bytes(b"deck")
    return tmp_path


def _script(monkeypatch: pytest.MonkeyPatch, pages: dict[str, tuple[int, float | None]],
            fail: bool = False) -> list[list[str]]:  # fmt: skip
    """``pages``: 'first', or the after= gap a setting gives -> (pages, fill)."""
    calls: list[list[str]] = []

    def convert(files: list[Path], out_dir: Path) -> list[Path]:
        calls.append([f.name for f in files])
        if fail:
            raise PdfError("LibreOffice could not convert")
        out_dir.mkdir()
        made = []
        for f in files:
            gap = _setting(f.read_bytes()).split('w:after="')[1].split('"')[0]
            (out_dir / (f.stem + ".pdf")).write_bytes(gap.encode())
            made.append(out_dir / (f.stem + ".pdf"))
        return made

    monkeypatch.setattr("deckgen.pdf.convert.convert", convert)
    monkeypatch.setattr(module, "last_page", lambda data: pages[data.decode()])
    return calls


def _run(staging: Path) -> module.Refills:
    made = [staging / "pdf" / "brief-memo.pdf", staging / "pdf" / "brief-deck.pdf"]
    office = {"brief-memo.pdf": MEMO, "brief-deck.pdf": "brief-deck.pptx"}
    when = dict.fromkeys(office, WHEN)
    return module.refill(made, office, staging, when)


def test_a_closer_setting_that_saves_a_page_replaces_the_memo_and_its_pdf(
    staging: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _script(monkeypatch, {"first": (3, 0.1), "60": (2, 0.9)})
    done = _run(staging)
    assert done.mended == {"brief-memo.pdf": module.Refilled("closer", 0.5, 0.1)}
    assert done.short == {}
    assert calls == [[MEMO]]  # one drawing; the deck is never set again
    assert (staging / MEMO).read_bytes() == scaled(_docx(), 0.5, 0.0, WHEN)
    assert (staging / "pdf" / "brief-memo.pdf").read_bytes() == b"60"


def test_where_closer_cannot_pull_the_page_back_more_open_fills_it(
    staging: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # closer keeps three pages (the last even emptier); more open fills the third page
    _script(monkeypatch, {"first": (3, 0.1), "60": (3, 0.05), "30": (3, 0.02), "192": (3, 0.4)})
    assert _run(staging) == module.Refills(
        {"brief-memo.pdf": module.Refilled("more open", 1.6, 0.1)}, {}
    )
    assert (staging / "pdf" / "brief-memo.pdf").read_bytes() == b"192"


def test_a_setting_that_strands_a_new_last_page_or_adds_one_is_refused(
    staging: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _script(monkeypatch, {"first": (3, 0.1), "60": (2, 0.1), "30": (2, 0.2),
                                  "192": (4, 0.5)})  # fmt: skip
    assert _run(staging) == module.Refills({}, {"brief-memo.pdf": 0.1})  # still short: said
    assert len(calls) == 3
    assert (staging / MEMO).read_bytes() == _docx()
    assert (staging / "pdf" / "brief-memo.pdf").read_bytes() == b"first"


def test_a_full_last_page_or_a_failed_drawing_leaves_the_memo_alone(
    staging: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _script(monkeypatch, {"first": (3, 0.6)}) is not None
    assert _run(staging) == module.Refills({}, {})
    calls = _script(monkeypatch, {"first": (3, 0.1)}, fail=True)
    assert _run(staging) == module.Refills({}, {"brief-memo.pdf": 0.1}) and len(calls) == 1
    assert (staging / MEMO).read_bytes() == _docx()
