"""`deckgen diff` and the gallery read decks and memos within the template reader's limits: a
zip bomb (1 GB of zeros deflated to about 1 MB) or a member-count bomb (100,000 entries) is
refused at once with a clear message, in bounded memory, never inflated."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from deckgen.templates.sets import BUILTIN

DECK = BUILTIN / "default" / "deck.pptx"
MEMO = BUILTIN / "default" / "memo.docx"
GIB = 1 << 30
ENTRIES = 100_000
MAX_RSS_KB = 400_000  # far below the gigabyte a bomb would take, far above deckgen's needs
NO_SOFFICE = {"DECKGEN_SOFFICE": "/nonexistent/soffice"}

# Runs the CLI and reports its peak memory (kB) as the last line of stderr.
MEASURED = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:])
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)
sys.exit(done.returncode)
"""


def _copy_except(source: Path, target: Path, skip: str, mode: int) -> zipfile.ZipFile:
    out = zipfile.ZipFile(target, "w", mode)
    with zipfile.ZipFile(source) as zf:
        for info in zf.infolist():
            if info.filename != skip:
                out.writestr(info.filename, zf.read(info))
    return out


def zip_bomb(source: Path, target: Path) -> Path:
    """``source`` with docProps/core.xml (a part python-pptx, python-docx and the gallery all
    read) replaced by a gigabyte of zeros, deflated: about 1 MB on disk."""
    out = _copy_except(source, target, "docProps/core.xml", zipfile.ZIP_DEFLATED)
    with out, out.open("docProps/core.xml", "w", force_zip64=True) as fh:
        chunk = bytes(1 << 20)
        for _ in range(GIB // len(chunk)):
            fh.write(chunk)
    return target


def count_bomb(source: Path, target: Path) -> Path:
    """``source`` with 100,000 empty members added: about 10 MB of zip directory."""
    with _copy_except(source, target, "", zipfile.ZIP_STORED) as out:
        for n in range(ENTRIES):
            out.writestr(f"docProps/x{n}.xml", b"")
    return target


@pytest.fixture(scope="module")
def bombs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bombs")
    return {
        "deck": zip_bomb(DECK, folder / "bomb-deck.pptx"),
        "memo": zip_bomb(MEMO, folder / "bomb-memo.docx"),
        "deck-count": count_bomb(DECK, folder / "count-deck.pptx"),
        "memo-count": count_bomb(MEMO, folder / "count-memo.docx"),
    }


def measured(*args: str, cwd: Path, env: dict[str, str] | None = None) -> tuple[int, str, int]:
    """Exit status, stderr (without the measure) and peak memory in kB of `deckgen ARGS`."""
    import os

    done = subprocess.run(
        [sys.executable, "-c", MEASURED, sys.executable, "-m", "deckgen", *args],
        cwd=cwd, env={**os.environ, **(env or {})}, capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip
    *said, peak = done.stderr.rstrip("\n").split("\n")
    return done.returncode, "\n".join(said) + done.stdout, int(peak)


def test_the_bombs_are_what_they_claim(bombs: dict[str, Path]) -> None:
    for kind in ("deck", "memo"):
        assert bombs[kind].stat().st_size < 3_000_000
        with zipfile.ZipFile(bombs[kind]) as zf:
            assert zf.getinfo("docProps/core.xml").file_size == GIB
        with zipfile.ZipFile(bombs[f"{kind}-count"]) as zf:
            assert len(zf.infolist()) > ENTRIES


@pytest.mark.parametrize("kind", ["deck", "memo", "deck-count", "memo-count"])
def test_diff_refuses_a_bomb_fast_in_bounded_memory(
    bombs: dict[str, Path], kind: str, tmp_path: Path
) -> None:
    good = tmp_path / (DECK.name if kind.startswith("deck") else MEMO.name)
    good.write_bytes((DECK if kind.startswith("deck") else MEMO).read_bytes())
    started = time.monotonic()
    code, said, peak = measured("diff", str(good), str(bombs[kind]), cwd=tmp_path)
    took = time.monotonic() - started
    assert code == 1, said
    assert "Traceback" not in said and "internal error" not in said, said
    assert f"cannot compare: {bombs[kind]}" in said, said
    assert ("zip bomb" if "count" not in kind else "a template is limited to 10,000") in said
    assert took < 10, f"{took:.1f} s"
    assert peak < MAX_RSS_KB, f"{peak} kB"


def test_the_gallery_lists_a_bomb_without_inflating_it(
    bombs: dict[str, Path], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    for kind, name in (("deck", "a-deck.pptx"), ("memo", "b-memo.docx"),
                       ("deck-count", "c-deck.pptx")):  # fmt: skip
        (out / name).write_bytes(bombs[kind].read_bytes())
    (out / "d-deck.pptx").write_bytes(DECK.read_bytes())
    (out / "dist").mkdir()
    with zipfile.ZipFile(out / "dist" / "d-1.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("d-1/manifest.json", json.dumps({"id": "d"}))
        with zf.open("d-1/big.bin", "w", force_zip64=True) as fh:  # never inflated either
            for _ in range(256):
                fh.write(bytes(1 << 20))
    started = time.monotonic()
    code, said, peak = measured("gallery", "-o", "out", cwd=tmp_path, env=NO_SOFFICE)
    took = time.monotonic() - started
    assert code == 0, said
    assert "Traceback" not in said, said
    for name in ("a-deck.pptx", "b-memo.docx", "c-deck.pptx"):
        assert f"note: {name}: listed without its title and marking" in said, said
        if name.endswith(".pptx"):
            assert f"note: no thumbnails for {name}" in said, said
    page = (out / "index.html").read_text(encoding="utf-8")
    for name in ("a-deck.pptx", "b-memo.docx", "c-deck.pptx", "d-deck.pptx", "dist/d-1.zip"):
        assert f'href="{name}"' in page
    assert took < 10, f"{took:.1f} s"
    assert peak < MAX_RSS_KB, f"{peak} kB"
