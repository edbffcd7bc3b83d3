"""Warm-renderer and picture timings side by side: medians and ratios in one run.

    python bench/preview.py [--pairs N]

Cases: deck and memo PDFs of the shipped briefing through the warm renderer (started once,
its start timed apart) against a bare cold `soffice --convert-to pdf` of both; pictures of
the deck PDF with pdftoppm against pypdfium2; save -> updated picture (a one-word edit of a
slide title, timed until `deckgen preview`'s /state.json shows that slide's new picture digest)
against a cold `deckgen build -f pdf` plus `pdftoppm` of the same briefing; a 20-briefing
PDF batch (`deckgen build -f pdf -j 2`: two warm renderers, their start included, against
the one-shot `deckgen build -f pdf` of the 20). Contenders alternate within each pair; each
row ends with the issue's target and whether this run met it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
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
        with warm.running(warm.parallel()) as why:  # as preview and watch run them
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
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cpus, "
        f"{_cpu()}, {platform.python_version()}, pairs {pairs}"
    )
    print(f"warm renderers ({warm.parallel()}) start: {start:.2f} s (once per preview/watch)")
    _row("deck+memo PDFs", "warm", hot, "cold soffice", cold, "<= 0.4", _ratio(hot, cold) <= 0.4)
    _row("deck pictures", "pdftoppm", poppler, "pypdfium2", pdfium)
    saved, cold_build = _save_to_picture(pairs)
    _row(
        "save->picture",
        "preview",
        saved,
        "cold build+pdftoppm",
        cold_build,
        "<= 0.5 and <= 1.5 s",
        _ratio(saved, cold_build) <= 0.5 and statistics.median(saved) <= 1.5,
    )
    batch_warm, batch_cold = _batch(pairs)
    _row(
        "20-briefing PDFs",
        "build -j 2",
        batch_warm,
        "build",
        batch_cold,
        "<= 0.5",
        _ratio(batch_warm, batch_cold) <= 0.5,
    )
    return 0


TITLE = "Tehran publicly credits Moscow"
EDITS = ("Tehran openly credits Moscow", TITLE)


def _state(port: int) -> dict[str, str]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/state.json", timeout=10) as r:
            found: dict[str, str] = json.load(r)["digests"]
            return found
    except OSError:
        return {}


def _until(port: int, test, limit: float = 300) -> float:  # type: ignore[no-untyped-def]
    started = time.monotonic()
    while time.monotonic() - started < limit:
        if test(_state(port)):
            return time.monotonic() - started
        time.sleep(0.02)
    raise SystemExit("the preview did not update in time")


def _save_to_picture(pairs: int) -> tuple[list[float], list[float]]:
    saved, cold = [], []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "content").mkdir()
        content = work / "content" / SHIPPED.name
        text = SHIPPED.read_text(encoding="utf-8")
        content.write_text(text, encoding="utf-8")
        if (SHIPPED.parent / "img").is_dir():
            shutil.copytree(SHIPPED.parent / "img", work / "content" / "img")
        proc = subprocess.Popen([sys.executable, "-m", "deckgen", "preview"], cwd=work,
                                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True)  # fmt: skip
        try:
            port = _port(proc)
            _until(port, lambda d: "deck-1.png" in d and "memo-1.png" in d)
            slide = _slide(next(work.glob("**/*-deck.pdf")))
            for i in range(pairs):
                before = _state(port)[slide]
                content.write_text(text.replace(TITLE, EDITS[i % 2]) if i % 2 == 0 else text,
                                   encoding="utf-8")  # fmt: skip
                saved.append(_until(port, lambda d, b=before: d.get(slide, b) != b))
                out = work / f"cold{i}"
                cold.append(_timed(lambda o=out: (subprocess.run(
                    [sys.executable, "-m", "deckgen", "build", str(content), "-f", "pdf",
                     "-o", str(o)], check=True, capture_output=True, cwd=work),
                    subprocess.run(["pdftoppm", "-png", "-r", "60", str(next(o.glob("*-deck.pdf"))),
                                    str(o / "p")], check=True, capture_output=True))))  # fmt: skip
        finally:
            proc.terminate()
            proc.wait(timeout=60)
    return saved, cold


def _port(proc: subprocess.Popen[str]) -> int:
    """The free port preview chose, from the URL it prints; the rest of its output drained."""
    assert proc.stdout is not None
    for line in proc.stdout:
        found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if found:
            threading.Thread(target=proc.stdout.read, daemon=True).start()
            return int(found.group(1))
    raise SystemExit("deckgen preview printed no URL")


def _slide(deck: Path) -> str:
    import pypdfium2

    document = pypdfium2.PdfDocument(str(deck))
    for i, sheet in enumerate(document):
        if TITLE in sheet.get_textpage().get_text_range():
            return f"deck-{i + 1}.png"
    raise SystemExit(f"no slide holds {TITLE!r}")


def _batch(pairs: int) -> tuple[list[float], list[float]]:
    hot, cold = [], []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "content").mkdir()
        text = SHIPPED.read_text(encoding="utf-8")
        for n in range(20):
            named = text.replace("id: russia-iran-2017", f"id: briefing-{n:02d}", 1)
            (work / "content" / f"briefing-{n:02d}.yaml").write_text(named, encoding="utf-8")
        if (SHIPPED.parent / "img").is_dir():
            shutil.copytree(SHIPPED.parent / "img", work / "content" / "img")
        build = [sys.executable, "-m", "deckgen", "build", str(work / "content")]
        for i in range(pairs):
            cold.append(
                _timed(
                    lambda o=work / f"cold{i}": subprocess.run(
                        [*build, "-f", "pdf", "-o", str(o)],
                        check=True,
                        capture_output=True,
                        cwd=work,
                    )
                )
            )
            hot.append(
                _timed(
                    lambda o=work / f"warm{i}": subprocess.run(
                        [*build, "-f", "pdf", "-j", "2", "-o", str(o)],
                        check=True,
                        capture_output=True,
                        cwd=work,
                    )
                )
            )
    return hot, cold


def _pdfium(pdf: Path, folder: Path) -> None:
    try:
        import pypdfium2
    except ImportError:
        return
    folder.mkdir(exist_ok=True)
    document = pypdfium2.PdfDocument(str(pdf))
    for i, page in enumerate(document):
        page.render(scale=60 / 72).to_pil().save(folder / f"p{i}.png")


def _row(case: str, a: str, xs: list[float], b: str, ys: list[float], target: str = "",
         met: bool | None = None) -> None:  # fmt: skip
    ma, mb = statistics.median(xs), statistics.median(ys)
    aim = f"  target {target}: {'met' if met else 'NOT met'}" if target else ""
    print(f"{case:16} {a} {ma:6.2f} s  {b} {mb:6.2f} s  ratio {ma / mb:.2f}{aim}")


def _ratio(xs: list[float], ys: list[float]) -> float:
    return statistics.median(xs) / statistics.median(ys)


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
