"""Office files to PDFs through LibreOffices kept running (warm_server.py): watch, preview.

A one-shot ``soffice --convert-to`` pays LibreOffice's start (a second or more) on every
conversion; a warm renderer pays it once. One LibreOffice converts one file at a time, so
``running`` can keep several (a deck and its memo drawn at once, on two cores). It needs a
Python that can import LibreOffice's ``uno`` (Debian: python3-uno) and the ``unoserver``
package; without them ``start`` says why and the caller goes on with the one-shot run
(pdf/convert.py), saying so.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

from deckgen.errors import PdfError

SERVER = Path(__file__).resolve().with_name("warm_server.py")
START_TIMEOUT = 90.0  # seconds LibreOffice has to start and accept
STARTUP_FAILED = "LibreOffice did not start as a warm renderer"
_active: Renderers | None = None
_pending: Starting | None = None


def export_options(export: str) -> tuple[str, list[str]]:
    """A --convert-to argument (``pdf:FILTER:{json}``) to the filter name and unoserver's
    ``Name=value`` options: the same PDF/UA options as the one-shot run, from one source."""
    _, filter_name, data = export.split(":", 2)
    options = [f"{name}={field['value']}" for name, field in json.loads(data).items()]
    return filter_name, options


_UNO_FOUND: dict[str | None, str | None] = {}  # DECKGEN_UNO_PYTHON -> what it gave


def uno_python() -> str | None:
    """An interpreter that can import ``uno``: DECKGEN_UNO_PYTHON, this one, the system's
    (asked once a process: each asking starts a Python, 70 ms, and a batch has several)."""
    chosen = os.environ.get("DECKGEN_UNO_PYTHON")
    if chosen not in _UNO_FOUND:
        _UNO_FOUND[chosen] = _find_uno_python(chosen)
    return _UNO_FOUND[chosen]


def _find_uno_python(chosen: str | None) -> str | None:
    candidates = [chosen] if chosen else [sys.executable, "/usr/bin/python3",
                                          shutil.which("python3") or ""]  # fmt: skip
    for python in dict.fromkeys(c for c in candidates if c):
        try:
            done = subprocess.run([python, "-c", "import uno"], capture_output=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if done.returncode == 0:
            return python
    return None


def _unoserver_dir() -> str | None:
    import importlib.util

    spec = importlib.util.find_spec("unoserver")
    if spec is None or not spec.origin:
        return None
    return str(Path(spec.origin).parent.parent)


class WarmRenderer:
    """One LibreOffice, started once, converting one file at a time."""

    def __init__(self, proc: subprocess.Popen[str], folder: Path) -> None:
        self.proc = proc
        self.folder = folder
        self.lock = threading.Lock()

    def convert(self, files: list[Path], out_dir: Path, export: str) -> list[Path]:
        """Every file to ``out_dir/STEM.pdf`` with ``export``'s filter and options."""
        filter_name, options = export_options(export)
        out_dir.mkdir(parents=True, exist_ok=True)
        made = []
        with self.lock:
            for source in files:
                target = out_dir / (source.stem + ".pdf")
                answer = self._ask({"in": str(source), "out": str(target),
                                    "filter": _filter_for(source, filter_name),
                                    "options": options})  # fmt: skip
                if "error" in answer or not target.is_file():
                    raise PdfError(f"LibreOffice could not convert {source.name} "
                                   f"(warm renderer: {answer.get('error', 'no PDF')})")  # fmt: skip
                made.append(target)
        return made

    def _ask(self, request: dict[str, object]) -> dict[str, str]:
        assert self.proc.stdin and self.proc.stdout
        try:
            self.proc.stdin.write(json.dumps(request) + "\n")
            self.proc.stdin.flush()
            line = self.proc.stdout.readline()
        except OSError as exc:
            return {"error": str(exc)}
        return json.loads(line) if line else {"error": "the warm renderer stopped"}

    def alive(self) -> bool:
        return self.proc.poll() is None

    def stop(self) -> None:
        """Close its stdin: the server ends LibreOffice's group and exits."""
        with contextlib.suppress(OSError):
            if self.proc.stdin:
                self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


class Renderers:
    """Several warm renderers converting a batch together: each takes the next file of one
    queue (largest first) as soon as it is free, so none idles while another has a backlog."""

    def __init__(self, renderers: list[WarmRenderer]) -> None:
        self.renderers = renderers

    def convert(self, files: list[Path], out_dir: Path, export: str) -> list[Path]:
        """Every file to ``out_dir/STEM.pdf``, in ``files``' order."""
        alive = [r for r in self.renderers if r.alive()]
        if len(alive) < 2 or len(files) < 2:
            return (alive or self.renderers)[0].convert(files, out_dir, export)
        queue = sorted(files, key=lambda f: -f.stat().st_size)
        taking = threading.Lock()
        failed: list[Exception] = []

        def work(renderer: WarmRenderer) -> None:
            while not failed:
                with taking:
                    if not queue:
                        return
                    source = queue.pop(0)
                try:
                    renderer.convert([source], out_dir, export)
                except Exception as exc:  # any share's failure is the batch's
                    failed.append(exc)

        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(len(alive)) as pool:
            list(pool.map(work, alive))
        if failed:
            raise failed[0]
        return [out_dir / (f.stem + ".pdf") for f in files]

    def alive(self) -> bool:
        return any(r.alive() for r in self.renderers)

    def stop(self) -> None:
        for renderer in self.renderers:
            renderer.stop()


def _filter_for(source: Path, impress: str) -> str:
    """The export filter of the document's own kind: the one-shot run names Impress's for
    both (LibreOffice takes it for a memo too), UNO needs Writer's for a .docx."""
    return "writer_pdf_Export" if source.suffix == ".docx" else impress


def start(folder: Path, profile: Path | None = None) -> tuple[WarmRenderer | None, str]:
    """A warm renderer whose temporary files live in ``folder``, and its LibreOffice profile
    too unless ``profile`` names a kept one; or None and why not (no uno-capable Python, no
    unoserver, LibreOffice would not start)."""
    launched = launch(folder, profile)
    return launched.ready() if isinstance(launched, Launched) else (None, launched)


class Launched:
    """A LibreOffice started as a warm renderer that has not yet said it is ready: it starts
    while the caller goes on (a batch renders its briefings meanwhile)."""

    def __init__(self, proc: subprocess.Popen[str], folder: Path) -> None:
        self.proc = proc
        self.folder = folder

    def ready(self) -> tuple[WarmRenderer | None, str]:
        """The renderer once it answers, or None and why not."""
        first = _first_line(self.proc)
        if not first.get("ready"):
            self.proc.kill()
            self.proc.wait()
            return None, f"{STARTUP_FAILED} ({first.get('error')})"
        return WarmRenderer(self.proc, self.folder), ""


def launch(folder: Path, profile: Path | None = None) -> Launched | str:
    """``start``'s first half: LibreOffice launched, not waited for; or why it cannot be."""
    from deckgen.pdf.convert import find_soffice, fontconfig_file

    soffice = find_soffice()
    python = uno_python()
    if python is None:
        return ("no Python here can import LibreOffice's uno module (Debian: apt-get "
                "install python3-uno; or set DECKGEN_UNO_PYTHON)")  # fmt: skip
    engine = _unoserver_dir()
    if engine is None:
        return "the unoserver package is not installed (pip install unoserver)"
    own_tmp = folder / "tmp"
    own_tmp.mkdir(parents=True, exist_ok=True)  # its parents too: one folder per renderer
    env = {**os.environ, "FONTCONFIG_FILE": str(fontconfig_file(folder)), "TMPDIR": str(own_tmp)}
    args = [python, "-I", str(SERVER), str(os.getpid()), engine, "--", soffice,
            f"-env:UserInstallation={(profile or folder / 'profile').as_uri()}", "--headless",
            "--invisible", "--nologo", "--norestore", "--nodefault"]  # fmt: skip
    try:
        proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, text=True, env=env,
                                start_new_session=True)  # fmt: skip
    except OSError as exc:
        return f"cannot run {python}: {exc}"
    return Launched(proc, folder)


def _first_line(proc: subprocess.Popen[str]) -> dict[str, str]:
    got: list[str] = []
    reader = threading.Thread(target=lambda: got.append(proc.stdout.readline() if proc.stdout
                                                        else ""), daemon=True)  # fmt: skip
    reader.start()
    reader.join(START_TIMEOUT)
    if not got or not got[0]:
        return {"error": "no answer"}
    try:
        return dict(json.loads(got[0]))
    except ValueError:
        return {"error": got[0].strip()}


def active() -> Renderers | None:
    """The warm renderers this process keeps running, if any (convert.convert uses them)."""
    return _active if _active is not None and _active.alive() else None


def pending() -> Starting | None:
    """The warm renderers this process started ahead of a batch's PDFs, if any: the PDF
    step waits for them (``Starting.ready``) rather than start its own."""
    return _pending


class Starting:
    """Warm renderers launched together, each on its own profile, ready when asked."""

    def __init__(self, slots: list[tuple[Path, Path | None]]) -> None:
        self.slots = [(folder, profile, launch(folder, profile)) for folder, profile in slots]
        self.why: str | None = None  # set by ready(): "" or why no renderer started
        self.renderers: list[WarmRenderer] = []
        self.previous: Renderers | None = None

    def ready(self) -> str:
        """Wait for them to start and keep those that did for convert.convert; "" or the
        warning that says why PDFs are made by one LibreOffice run each instead."""
        global _active
        if self.why is not None:
            return self.why
        started = [_ready(folder, profile, launched) for folder, profile, launched in self.slots]
        self.renderers = [r for r, _ in started if r is not None]
        if not self.renderers:
            self.why = (f"no warm renderer: {started[0][1]}; each PDF build starts LibreOffice "
                        "anew (a second or more each)")  # fmt: skip
            return self.why
        self.why = ""
        self.previous, _active = _active, Renderers(self.renderers)
        return self.why

    def stop(self) -> None:
        """Stop them, waiting first for any still starting (LibreOffice ends its own group
        once its server is answered, never left running alone)."""
        global _active
        self.ready()
        if self.renderers:
            _active = self.previous
            Renderers(self.renderers).stop()
            self.renderers = []


@contextlib.contextmanager
def _launched(count: int) -> Iterator[Starting]:
    """``count`` warm renderers launched now, each on a kept profile where one is free, and
    stopped when the ``with`` block ends; the block goes on while they start."""
    from deckgen.scratch import folder

    with folder("deckgen-warm-") as tmp, contextlib.ExitStack() as held:
        kept = _kept_profiles(held, count)
        slots = [(tmp / f"renderer-{n}" if count > 1 else tmp, kept[n]) for n in range(count)]
        launched = Starting(slots)
        try:
            yield launched
        finally:
            launched.stop()


@contextlib.contextmanager
def ahead(count: int) -> Iterator[None]:
    """``count`` warm renderers started for a batch's PDF step (``pending``) while the build
    renders its briefings: LibreOffice's start (a second) then costs the batch nothing."""
    global _pending
    with _launched(count) as launched:
        previous, _pending = _pending, launched
        try:
            yield
        finally:
            _pending = previous


@contextlib.contextmanager
def running(count: int = 1) -> Iterator[str]:
    """Keep ``count`` warm renderers (started together) for the ``with`` block; yields "" or
    the warning that says why PDFs are made by one LibreOffice run each instead. Should
    only some start, the block runs with those."""
    with _launched(count) as launched:
        yield launched.ready()


KEPT_PROFILES = 8  # warm profiles kept in the user cache: watches and batches at once


def _kept_profiles(held: contextlib.ExitStack, count: int) -> list[Path | None]:
    """``count`` LibreOffice profiles kept in the user cache, each held (flock) while its
    renderer runs, or None where none is free: a kept profile starts LibreOffice in 0.8 s,
    a new one in 1.0-1.2 s (it is made afresh each time)."""
    from deckgen.paths import hold
    from deckgen.usercache import cache_dir

    found: list[Path | None] = []
    for slot in range(KEPT_PROFILES):
        if len(found) == count:
            break
        folder = cache_dir() / f"soffice-profile-warm-{slot}"
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            break
        if held.enter_context(hold(folder, wait=False)):
            found.append(folder / "profile")
    return found + [None] * (count - len(found))


def _ready(folder: Path, profile: Path | None, launched: Launched | str
           ) -> tuple[WarmRenderer | None, str]:  # fmt: skip
    """The renderer launched on the kept ``profile``, or one on a new profile where that
    fails (a profile that a killed LibreOffice left damaged), as the one-shot run does."""
    renderer, why = launched.ready() if isinstance(launched, Launched) else (None, launched)
    if renderer is None and profile is not None and why.startswith(STARTUP_FAILED):
        return start(folder)
    return renderer, why


def for_batch(jobs: int, files: int) -> int:
    """How many warm renderers a -j ``jobs`` build keeps for ``files`` PDFs: ``jobs`` (at
    most one a file) for three files or more, else none (one LibreOffice run draws two files
    sooner than two LibreOffices start)."""
    return min(jobs, files) if jobs >= 2 and files >= 3 else 0


def parallel() -> int:
    """How many warm renderers a preview or watch keeps: two where there are two cores (a
    deck and its memo drawn at once), else one."""
    return 2 if (os.cpu_count() or 1) >= 2 else 1
