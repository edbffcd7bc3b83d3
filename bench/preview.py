"""Warm-renderer and picture timings side by side: medians and ratios in one run.

    python bench/preview.py [--pairs N]

Cases: deck and memo PDFs of the shipped briefing through the warm renderer (started once,
its start timed apart) against a bare cold `soffice --convert-to pdf` of both; pictures of
the deck PDF with pdftoppm against pypdfium2. Contenders alternate within each pair.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHIPPED = REPO / "content" / "russia-iran-2017.yaml"


def _timed(call) -> float:  # type: ignore[no-untyped-def]
    started = time.monotonic()
    call()
    return time.monotonic() - started


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=5)
    pairs = parser.parse_args().pairs
    from deckgen.pdf import convert, warm

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        built = [sys.executable, "-m", "deckgen", "build", str(SHIPPED), "-f", "pptx,docx",
                 "-o", str(work / "b")]  # fmt: skip
        subprocess.run(built, check=True, capture_output=True)
        sources = sorted((work / "b").glob("*.pptx")) + sorted((work / "b").glob("*.docx"))
        soffice = convert.find_soffice()
        cold, hot, poppler, pdfium = [], [], [], []
        started = time.monotonic()
        with warm.running() as why:
            start = time.monotonic() - started
            if why:
                print(why)
                return 1
            for i in range(pairs):
                profile = (work / f"profile{i}").as_uri()
                cold.append(_timed(lambda p=profile: subprocess.run(
                    [soffice, f"-env:UserInstallation={p}", "--headless", "--convert-to", "pdf",
                     "--outdir", str(work / "cold"), *map(str, sources)],
                    check=True, capture_output=True)))  # fmt: skip
                hot.append(_timed(lambda: convert.convert(sources, work / "warm")))
        deck_pdf = next((work / "warm").glob("*-deck.pdf"))
        for _ in range(pairs):
            poppler.append(_timed(lambda: subprocess.run(
                ["pdftoppm", "-png", "-r", "60", str(deck_pdf), str(work / "pp")],
                check=True, capture_output=True)))  # fmt: skip
            pdfium.append(_timed(lambda: _pdfium(deck_pdf, work / "pd")))
    print(f"machine: {platform.machine()}, {os.cpu_count()} cpus, "
          f"{_cpu()}, {platform.python_version()}, pairs {pairs}")
    print(f"warm renderer start: {start:.2f} s (once per preview/watch)")
    _row("deck+memo PDFs", "warm", hot, "cold soffice", cold)
    _row("deck pictures", "pdftoppm", poppler, "pypdfium2", pdfium)
    return 0


def _pdfium(pdf: Path, folder: Path) -> None:
    try:
        import pypdfium2
    except ImportError:
        return
    folder.mkdir(exist_ok=True)
    document = pypdfium2.PdfDocument(str(pdf))
    for i, page in enumerate(document):
        page.render(scale=60 / 72).to_pil().save(folder / f"p{i}.png")


def _row(case: str, a: str, xs: list[float], b: str, ys: list[float]) -> None:
    ma, mb = statistics.median(xs), statistics.median(ys)
    print(f"{case:16} {a} {ma:6.2f} s  {b} {mb:6.2f} s  ratio {ma / mb:.2f}")


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "cpu unknown"


if __name__ == "__main__":
    shutil.which("pdftoppm") or sys.exit("pdftoppm is needed")
    sys.exit(main())
