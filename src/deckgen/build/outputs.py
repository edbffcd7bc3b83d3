"""Rendered bytes to files in the output folder, written atomically.

Output names, atomic writes, the folder made and checked, and what a build killed
mid-write left behind.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from glob import escape as glob_escape
from pathlib import Path

from deckgen.errors import RenderError

OUTPUT_NAMES = {"pptx": ("-deck.pptx",), "docx": ("-memo.docx",),
                "pdf": ("-deck.pdf", "-memo.pdf"), "html": (".html",)}  # fmt: skip


def output_names(stem: str, formats: Iterable[str]) -> list[str]:
    """The files a build writes for ``stem`` (an id, or ID-VARIANT) in ``formats``."""
    return [stem + end for f in formats for end in OUTPUT_NAMES.get(f, ())]


def write_atomic(path: Path, data: bytes, within: Path | None = None) -> None:
    """Write via a temporary file in the same folder and rename: readers never see half a file,
    and a symlink at ``path`` is replaced, never written through. With ``within``, every
    folder from it down to ``path`` must be a real folder (made where missing), not a link."""
    if within is not None:
        from deckgen.boundary import make_folders

        make_folders(within, path.parent)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    umask = os.umask(0)
    os.umask(umask)
    try:
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; outputs are ordinary files
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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
