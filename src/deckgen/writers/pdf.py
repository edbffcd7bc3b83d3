"""Office files to PDFs through one LibreOffice run per batch, with its own profile folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

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
    """Convert every file in one soffice call; return the PDFs, written in ``out_dir``."""
    if not files:
        return []
    soffice = find_soffice()
    with tempfile.TemporaryDirectory(prefix="deckgen-soffice-") as tmp:
        profile = Path(tmp, "profile").as_uri()  # parallel runs must not share a profile
        args = [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            *map(str, files),
        ]
        try:
            done = subprocess.run(
                args, capture_output=True, text=True, timeout=TIMEOUT, check=False
            )  # an argument list: never through a shell
        except subprocess.TimeoutExpired:
            raise PdfError(f"LibreOffice did not finish within {TIMEOUT} s") from None
        except OSError as exc:
            raise PdfError(f"cannot run {soffice}: {exc}") from None
    pdfs = [out_dir / (f.stem + ".pdf") for f in files]
    missing = [p.name for p in pdfs if not p.is_file()]
    if done.returncode != 0 or missing:
        detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        raise PdfError(
            f"LibreOffice could not convert {', '.join(missing) or 'the files'} "
            f"(exit {done.returncode}: {detail[0]})"
        )
    return pdfs
