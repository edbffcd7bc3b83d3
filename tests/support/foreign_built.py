"""The foreign-template corpus, and the shipped briefing built and rendered with each, made once
per test session and shared by every test process (xdist worker) through a folder and a lock.

Four test files read the same corpus and two the same builds and PDFs; each making its own
copy cost the suite over four minutes of work. The first process to ask makes it, holding the
lock; the others wait for it, then read what it recorded.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import SHIPPED, run_cli
from support import foreign

OUTPUT = {"deck": "russia-iran-2017-deck.pptx", "memo": "russia-iran-2017-memo.docx"}
KINDS = {"deck": ("--deck-template", "pptx"), "memo": ("--memo-template", "docx")}


def session_folder(factory: pytest.TempPathFactory, name: str) -> Path:
    """A folder all of this session's test processes share: beside the workers' own temporary
    folders under xdist (pytest-N/ is the session's), inside the session's folder without it
    (whose parent holds earlier sessions' folders too)."""
    base = factory.getbasetemp()
    folder = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Held by one process at a time (the others block until it is released)."""
    with (folder / ".lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _once(folder: Path, make: Callable[[], dict[str, object]]) -> dict[str, object]:
    """What ``make`` recorded in ``folder`` (as JSON), made by whichever process came first."""
    record = folder / "made.json"
    with locked(folder):
        if not record.is_file():
            made = make()
            record.write_text(json.dumps(made), encoding="utf-8")
        return dict(json.loads(record.read_text(encoding="utf-8")))


_templates: dict[Path, dict[str, dict[str, Path | Exception]]] = {}


def templates(factory: pytest.TempPathFactory) -> dict[str, dict[str, Path | Exception]]:
    """Per kind ("deck", "memo"): each foreign template's path, or why it could not be made."""
    folder = session_folder(factory, "foreign-templates")
    if folder not in _templates:

        def make() -> dict[str, object]:
            made = {
                "deck": foreign.make_all(foreign.DECKS, folder),
                "memo": foreign.make_all(foreign.MEMOS, folder),
            }
            # a path, or [why it could not be made]
            return {
                kind: {n: str(p) if isinstance(p, Path) else [str(p)] for n, p in m.items()}
                for kind, m in made.items()
            }

        recorded = _once(folder, make)
        _templates[folder] = {
            kind: {n: Path(v) if isinstance(v, str) else RuntimeError(v[0]) for n, v in m.items()}
            for kind, m in recorded.items()  # type: ignore[attr-defined]
        }
    return _templates[folder]


@dataclass
class Built:
    """The shipped briefing built with every foreign template (``-f pptx`` or ``-f docx``) and
    each output's PDF, drawn by deckgen's own LibreOffice run (its fonts, as `build -f pdf`)."""

    root: Path
    templates: dict[str, dict[str, Path | Exception]]
    builds: dict[tuple[str, str], subprocess.CompletedProcess[str]] = field(default_factory=dict)
    pdfs: dict[tuple[str, str], Path] = field(default_factory=dict)

    def output(self, kind: str, name: str) -> Path:
        return self.root / "out" / kind / name / OUTPUT[kind]


_built: dict[Path, Built] = {}


def built(factory: pytest.TempPathFactory) -> Built:
    """Every foreign template's build and PDF (PDFs only where LibreOffice is installed)."""
    made = templates(factory)
    root = session_folder(factory, "foreign-built")
    if root in _built:
        return _built[root]

    def make() -> dict[str, object]:
        jobs = [(k, n, p) for k, m in made.items() for n, p in m.items() if isinstance(p, Path)]

        def build(job: tuple[str, str, Path]) -> list[object]:
            kind, name, path = job
            option, fmt = KINDS[kind]
            out = root / "out" / kind / name
            done = run_cli("build", str(SHIPPED), "-o", str(out), option, str(path), "-f", fmt)
            return [kind, name, done.returncode, done.stdout, done.stderr]

        with ThreadPoolExecutor(max_workers=3) as pool:
            builds = list(pool.map(build, jobs))
        return {"builds": builds, "pdfs": _render(root, builds)}

    recorded = _once(root, make)
    result = Built(root, made)
    for kind, name, code, out, err in recorded["builds"]:  # type: ignore[attr-defined]
        result.builds[kind, name] = subprocess.CompletedProcess([], code, out, err)
    for kind, name, pdf in recorded["pdfs"]:  # type: ignore[attr-defined]
        result.pdfs[kind, name] = Path(pdf)
    _built[root] = result
    return result


def _render(root: Path, builds: list[list[object]]) -> list[list[str]]:
    """One deckgen LibreOffice run for every output that was built: [kind, name, pdf] of the
    PDFs it wrote. Should it fail, the PDFs it did write stand and each missing one fails its
    own test; without LibreOffice there are none (the tests that need them skip or fail)."""
    if not (shutil.which("soffice") or os.environ.get("DECKGEN_SOFFICE")):
        return []
    from deckgen.errors import PdfError
    from deckgen.pdf.convert import convert

    staged = root / "staged"
    staged.mkdir(exist_ok=True)
    sources: dict[tuple[str, str], Path] = {}
    for kind, name, code, *_ in builds:
        output = root / "out" / str(kind) / str(name) / OUTPUT[str(kind)]
        if code == 0 and output.is_file():
            source = staged / f"{kind}-{str(name).replace('.', '-')}{output.suffix}"
            shutil.copyfile(output, source)
            sources[str(kind), str(name)] = source
    pdf_dir = root / "pdf"
    pdf_dir.mkdir(exist_ok=True)
    with contextlib.suppress(PdfError):
        convert(list(sources.values()), pdf_dir)
    return [
        [kind, name, str(pdf_dir / f"{source.stem}.pdf")]
        for (kind, name), source in sources.items()
        if (pdf_dir / f"{source.stem}.pdf").is_file()
    ]
