"""Office files to PDFs through one LibreOffice run per batch, with its own profile folder."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import PdfError

TIMEOUT = 600


def find_soffice() -> str:
    """LibreOffice's ``soffice``: DECKGEN_SOFFICE if set, else on PATH."""
    chosen = os.environ.get("DECKGEN_SOFFICE")
    if chosen:
        if Path(chosen).is_file() and os.access(chosen, os.X_OK):
            return chosen
        raise PdfError(f"DECKGEN_SOFFICE={chosen} is not an executable file")
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise PdfError(
        "PDF export needs LibreOffice, which was not found on PATH. Install it "
        "(Debian/Ubuntu: `apt-get install libreoffice-impress libreoffice-writer`; "
        "macOS: `brew install --cask libreoffice`) or set DECKGEN_SOFFICE to soffice."
    )


def convert(files: list[Path], out_dir: Path) -> list[Path]:
    """Convert every file in one soffice call; return the PDFs, written in ``out_dir``.

    LibreOffice runs with deckgen's own profile folder, kept in the user cache: making a new
    one costs a tenth of a second or more per run. A run that finds it in use by another
    deckgen, or that fails with it (a profile a killed run left damaged), uses a fresh one.
    """
    if not files:
        return []
    soffice = find_soffice()
    with _kept_profile() as kept:
        if kept is not None:
            done = _run(soffice, kept, files, out_dir)
            if done.returncode == 0 and all(_pdf(f, out_dir).is_file() for f in files):
                return [_pdf(f, out_dir) for f in files]
    with tempfile.TemporaryDirectory(prefix="deckgen-soffice-") as tmp:
        done = _run(soffice, Path(tmp, "profile"), files, out_dir)
    pdfs = [_pdf(f, out_dir) for f in files]
    missing = [p.name for p in pdfs if not p.is_file()]
    if done.returncode != 0 or missing:
        detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        raise PdfError(
            f"LibreOffice could not convert {', '.join(missing) or 'the files'} "
            f"(exit {done.returncode}: {detail[0]})"
        )
    return pdfs


def _pdf(source: Path, out_dir: Path) -> Path:
    return out_dir / (source.stem + ".pdf")


def _run(soffice: str, profile: Path, files: list[Path], out_dir: Path) -> Any:
    args = [
        soffice,
        f"-env:UserInstallation={profile.as_uri()}",  # never the user's own LibreOffice profile
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
        str(out_dir),
        *map(str, files),
    ]
    try:
        return subprocess.run(
            args, capture_output=True, text=True, timeout=TIMEOUT, check=False
        )  # an argument list: never through a shell
    except subprocess.TimeoutExpired:
        raise PdfError(f"LibreOffice did not finish within {TIMEOUT} s") from None
    except OSError as exc:
        raise PdfError(f"cannot run {soffice}: {exc}") from None


@contextlib.contextmanager
def _kept_profile() -> Iterator[Path | None]:
    """deckgen's LibreOffice profile in the user cache, held for this run; None when another
    run holds it, or it cannot be made (then the caller uses a fresh one)."""
    from ..paths import hold
    from ..prepcache import cache_dir

    folder = cache_dir() / "soffice-profile"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        yield None
        return
    with hold(folder, wait=False) as held:  # never two LibreOffice runs on one profile
        yield folder / "profile" if held else None


_PDF_DATE = re.compile(rb"/(CreationDate|ModDate)\s*\(D:(\d{14})([^)]*)\)")
_PDF_ID = re.compile(rb"(/ID\s*\[\s*<)([0-9A-Fa-f]+)(>\s*<)([0-9A-Fa-f]+)(>)")
_PDF_SUM = re.compile(rb"(/DocChecksum\s*/)([0-9A-Fa-f]+)")


def pin_pdf(data: bytes, when: dt.datetime) -> bytes:
    """LibreOffice stamps the clock and a random /ID into every PDF; replace them with the build
    time and a digest of the content. Every field keeps its length, so the xref offsets hold."""
    stamp = when.strftime("%Y%m%d%H%M%S").encode()

    def date(m: re.Match[bytes]) -> bytes:
        zone = re.sub(rb"\d", b"0", m.group(3)).replace(b"-", b"+")  # UTC, same length
        return b"/" + m.group(1) + b"(D:" + stamp + zone + b")"

    data = _PDF_DATE.sub(date, data)

    def zeros(m: re.Match[bytes]) -> bytes:
        groups = [m.group(i) for i in range(1, m.lastindex + 1)]  # type: ignore[operator]
        return b"".join(b"0" * len(g) if i % 2 else g for i, g in enumerate(groups))

    blank = _PDF_SUM.sub(zeros, _PDF_ID.sub(zeros, data))
    digest = hashlib.md5(blank, usedforsecurity=False).hexdigest().upper().encode()

    def fill(m: re.Match[bytes]) -> bytes:
        groups = [m.group(i) for i in range(1, m.lastindex + 1)]  # type: ignore[operator]
        return b"".join((digest * 4)[: len(g)] if i % 2 else g for i, g in enumerate(groups))

    return _PDF_SUM.sub(fill, _PDF_ID.sub(fill, blank))
