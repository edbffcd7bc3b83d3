"""Work that needs a temporary folder to folders that go when their owner goes, even by kill -9.

A PDF run or a bundle copies the briefing's documents into the temporary folder. Each such
folder is locked (flock) by the process that made it for as long as it lives, and carries a
marker file; the kernel drops the lock when the owner dies, however it dies. The next deckgen
that makes a folder of its own removes every marked folder nobody holds. While LibreOffice
runs, the guard that watches it also removes the live folders should deckgen die
(pdf/guard.py).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

PREFIXES = ("deckgen-pdf-", "deckgen-soffice-", "deckgen-dist-")
MARKER = ".deckgen-owner"
# An unmarked folder may be one another deckgen made a moment ago and is about to lock and
# mark; older and empty, it is what a run killed in that moment left.
YOUNG = 2.0  # seconds
_LIVE: list[Path] = []  # this process's folders, for the guard


def live() -> list[Path]:
    """The temporary folders this process holds now."""
    return list(_LIVE)


@contextlib.contextmanager
def folder(prefix: str) -> Iterator[Path]:
    """A new temporary folder named ``prefix…``, held (locked and marked) while in use and
    removed on every way out; stale folders of dead runs are removed first."""
    sweep()
    path = Path(tempfile.mkdtemp(prefix=prefix))
    fd = _lock(path, wait=True)
    try:
        (path / MARKER).write_text(f"deckgen {os.getpid()}\n", encoding="utf-8")
        _LIVE.append(path)
        yield path
    finally:
        if path in _LIVE:
            _LIVE.remove(path)
        shutil.rmtree(path, ignore_errors=True)
        if fd is not None:
            os.close(fd)  # the lock goes with it


def _lock(path: Path, wait: bool) -> int | None:
    """An fd holding an exclusive lock on ``path``; None without flock (Windows) or, when
    ``wait`` is false, when another process holds it."""
    try:
        import fcntl
    except ImportError:
        return None
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd


def sweep(base: Path | None = None) -> list[Path]:
    """Remove the temporary folders of deckgen runs that are gone; the folders removed."""
    try:
        import fcntl  # noqa: F401  (without flock, a live folder cannot be told from a stale one)
    except ImportError:
        return []
    base = base or Path(tempfile.gettempdir())
    removed: list[Path] = []
    try:
        entries = list(os.scandir(base))
    except OSError:
        return removed
    uid = os.getuid() if hasattr(os, "getuid") else None
    for entry in entries:
        if not entry.name.startswith(PREFIXES):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISDIR(info.st_mode) or (uid is not None and info.st_uid != uid):
            continue  # a link, a file, another user's: not ours to remove
        path = Path(entry.path)
        if os.path.lexists(path / MARKER):
            fd = _lock(path, wait=False)
            if fd is None:
                continue  # its owner is alive
            try:
                shutil.rmtree(path, ignore_errors=True)
            finally:
                os.close(fd)
            removed.append(path)
        elif time.time() - info.st_mtime > YOUNG:
            with contextlib.suppress(OSError):
                path.rmdir()  # only an empty one: a killed run's, before it marked it
                removed.append(path)
    return removed
