"""Rendered bytes to files in the output folder, written atomically.

Output names, atomic writes, the folder made and checked, and what a build killed
mid-write left behind.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from glob import escape as glob_escape
from pathlib import Path

from deckgen.boundary import write_atomic
from deckgen.errors import RenderError

# What each output's name ends in after the briefing's id (or ID-VARIANT): defined here only
DECK, MEMO, DECK_PDF, MEMO_PDF, PAGE = "-deck.pptx", "-memo.docx", "-deck.pdf", "-memo.pdf", ".html"
HANDOUT = "-handout.pdf"
PDF_FORMATS = ("pdf", "handout")  # what LibreOffice makes: deck and memo PDFs; the handout
OUTPUT_NAMES = {"pptx": (DECK,), "docx": (MEMO,), "pdf": (DECK_PDF, MEMO_PDF),
                "handout": (HANDOUT,), "html": (PAGE,)}  # fmt: skip


def output_names(stem: str, formats: Iterable[str]) -> list[str]:
    """The files a build writes for ``stem`` (an id, or ID-VARIANT) in ``formats``."""
    return [stem + end for f in formats for end in OUTPUT_NAMES.get(f, ())]


def make_folder(out_dir: Path) -> None:
    """The output folder, made if needed; a clear error where it cannot be."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out_dir):
            pass  # can a file be made here at all?
    except OSError as exc:
        raise RenderError(
            f"{out_dir}: cannot write outputs here ({exc.strerror or exc}); "
            "choose another folder with -o, or make this one writable"
        ) from None


def write_output(target: Path, data: bytes) -> None:
    """Write one output atomically; a failure is a RenderError that says what to do."""
    try:
        write_atomic(target, data)
    except OSError as exc:
        raise RenderError(
            f"{target}: cannot write the output ({exc.strerror or exc}); the previous "
            "file, if any, is unchanged. Free some space or choose another folder with -o"
        ) from None


def clear_stale_temps(out_dir: Path, names: Iterable[str]) -> None:
    """Remove the temporary files a build killed mid-write left beside ``names`` (the caller
    holds the folder's lock, so no other build is writing them)."""
    for name in names:
        for stale in out_dir.glob(f".{glob_escape(name)}.*.tmp"):
            stale.unlink(missing_ok=True)
