"""Folders: the workspace a folder belongs to, and a lock held on a folder.

Kept apart from `load` so that commands that only need to know where they are (a build with
nothing to do, `--help`) import nothing else.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path


def find_workspace(start: Path) -> Path:
    """The nearest folder at or above ``start`` holding `content/` or deckgen.yaml."""
    here = start.resolve()
    for folder in (here, *here.parents):
        if (folder / "deckgen.yaml").is_file() or (folder / "content").is_dir():
            return folder
    return here


@contextlib.contextmanager
def hold(folder: Path, wait: bool = True) -> Iterator[bool]:
    """An exclusive lock on ``folder`` itself (no lock file is left behind), released on
    exit: True while held; False where it is not, because another process holds it and
    ``wait`` is false, or the system has no flock (Windows)."""
    try:
        import fcntl
    except ImportError:
        yield False
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(fd)  # closing releases the lock
