"""Timed deckgen, pandoc, floor.py and LibreOffice runs, side by side, into a table of ratios.

    python bench/bench.py [--quick] [--pairs N] [--only CASE,...] [--json OUT] [--shared DIR]

Every run is a cold process. Contenders alternate within each pair (deckgen, pandoc, floor,
deckgen, pandoc, floor, ...), so drift in machine load hits all of them alike; the table shows
medians and the median of per-pair ratios. See bench/README.md for how to read it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import generate

REPO = Path(__file__).resolve().parent.parent
BRIEFING = "russia-iran-2017"
PY = sys.executable
RUN_TIMEOUT = 900  # seconds; a run this slow is a finding, not something to wait on forever
CASES = ("cold", "batch20", "scale", "memo5000", "noop", "pdf")
HEAVY_MODULES = ("pptx", "docx", "lxml")  # what the no-op and --help paths must not import


# ------------------------------------------------------------------------------- sizes ---
@dataclass(frozen=True)
class Sizes:
    """How big each case is; --quick shrinks them for a fast look."""

    pairs: int
    pdf_pairs: int
    batch: int
    slides: tuple[int, int]
    rows: tuple[int, int]


FULL = Sizes(pairs=5, pdf_pairs=3, batch=20, slides=(1000, 2000), rows=(2500, 5000))
QUICK = Sizes(pairs=3, pdf_pairs=2, batch=5, slides=(200, 400), rows=(500, 1000))


# ----------------------------------------------------------------------------- running ---
@dataclass
class Run:
    """One timed run of a contender: wall seconds, and peak resident memory when known."""

    seconds: float
    rss_kib: int | None


class RunFailed(Exception):
    """A command exited non-zero; the message ends with the tail of its output."""


@dataclass
class Contender:
    """One side of a comparison: commands timed together as one run (pandoc's deck + memo)."""

    name: str
    commands: list[list[str]]
    cwd: Path
    env: dict[str, str] | None = None
    setup: Callable[[], None] | None = None  # untimed, before every run


def spawn(argv: list[str], cwd: Path, env: dict[str, str] | None, log: Path) -> int | None:
    """Run ``argv`` to completion; return its peak RSS in KiB (None where unmeasurable).

    os.wait4 returns the rusage of exactly this child (what GNU time's %M reports), without
    a wrapper process in the timing and without the cumulative RUSAGE_CHILDREN bookkeeping.
    """
    with log.open("wb") as out:
        proc = subprocess.Popen(
            argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT
        )
        timer = threading.Timer(RUN_TIMEOUT, proc.kill)
        timer.start()
        try:
            if hasattr(os, "wait4"):
                _, status, usage = os.wait4(proc.pid, 0)
                proc.returncode = os.waitstatus_to_exitcode(status)  # Popen must not reap again
                rss: int | None = usage.ru_maxrss  # KiB on Linux
            else:
                proc.wait()
                rss = None
        finally:
            timer.cancel()
    if proc.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-3:]
        raise RunFailed(f"exit {proc.returncode}: {' '.join(argv[:4])} ...: {' | '.join(tail)}")
    return rss


def deckgen_argv(*args: str) -> list[str]:
    """deckgen as installed in this Python, as a cold process."""
    return [PY, "-m", "deckgen", *args]


def run_once(c: Contender, log: Path) -> Run:
    if c.setup:
        c.setup()
    peak: int | None = None
    start = time.perf_counter()
    for argv in c.commands:
        rss = spawn(argv, c.cwd, c.env, log)
        peak = rss if peak is None or (rss or 0) > peak else peak
    return Run(time.perf_counter() - start, peak)


@dataclass
class Samples:
    """Every timed run of a case, by contender; contenders that failed, with why."""

    runs: dict[str, list[Run]] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)

    def ok(self, name: str) -> bool:
        return bool(self.runs.get(name)) and name not in self.failed

    def median(self, name: str) -> float:
        return statistics.median(r.seconds for r in self.runs[name])

    def paired_ratio(self, num: str, den: str) -> float:
        """Median of per-pair ratios: each pair ran back to back, so load drift cancels."""
        return statistics.median(
            a.seconds / b.seconds for a, b in zip(self.runs[num], self.runs[den])
        )

    def peak_rss(self, name: str) -> int | None:
        values = [r.rss_kib for r in self.runs[name] if r.rss_kib is not None]
        return max(values) if values else None


def alternate(
    case: str, contenders: list[Contender], pairs: int, logdir: Path, warmup: bool = True
) -> Samples:
    """Run the contenders in turn, ``pairs`` times; one untimed warm-up round first fills the
    OS file cache and deckgen's template cache, as any second run by a user would find them."""
    samples = Samples(runs={c.name: [] for c in contenders})
    logs = {c.name: logdir / f"{case}-{c.name}.log" for c in contenders}
    live = list(contenders)
    rounds = ([0] if warmup else []) + list(range(1, pairs + 1))
    for number in rounds:
        label = "warm-up" if number == 0 else f"pair {number}/{pairs}"
        shown = []
        for c in list(live):
            try:
                run = run_once(c, logs[c.name])
            except RunFailed as exc:
                samples.failed[c.name] = str(exc)
                live.remove(c)
                shown.append(f"{c.name} FAILED")
                continue
            if number:
                samples.runs[c.name].append(run)
            shown.append(f"{c.name} {fmt_s(run.seconds)}")
        say(f"  {case:<9}{label:<11}" + " · ".join(shown))
    for name, why in samples.failed.items():
        say(f"  {case}: {name} failed: {why}")
    return samples


# ---------------------------------------------------------------------------- the table ---
@dataclass
class Row:
    case: str
    measure: str
    deckgen: str
    compared: str
    ratio: str
    target: str
    result: str  # PASS, MISS, info, SKIP or FAIL


def fmt_s(seconds: float) -> str:
    return f"{seconds:.3f} s" if seconds < 10 else f"{seconds:.1f} s"


def fmt_mib(kib: int | None) -> str:
    return "n/a" if kib is None else f"{kib / 1024:.0f} MiB"


def verdict(value: float, limit: float | None) -> str:
    return "info" if limit is None else ("PASS" if value <= limit else "MISS")


def missing_row(case: str, measure: str, s: Samples, names: list[str], target: str) -> Row | None:
    """A SKIP/FAIL row when any contender the row needs has no runs; None when all ran."""
    for name in names:
        if name in s.failed:
            short = s.failed[name].split(":")[0]  # "exit N"; the whole message went to stderr
            return Row(case, measure, "", f"{name} failed ({short})", "", target, "FAIL")
        if not s.runs.get(name):
            return Row(case, measure, "", f"{name} not run", "", target, "SKIP")
    return None


def ratio_row(
    case: str, measure: str, s: Samples, num: str, den: str, limit: float | None, target: str = ""
) -> Row:
    """``num`` against ``den``: both medians and the paired ratio, checked against ``limit``."""
    target = target or (f"<= {limit:.2f}x" if limit is not None else "-")
    blocked = missing_row(case, measure, s, [num, den], target)
    if blocked:
        if s.ok(num):  # the peer is what is missing: deckgen's own time still tells something
            blocked.deckgen = fmt_s(s.median(num))
        return blocked
    ratio = s.paired_ratio(num, den)
    return Row(
        case,
        measure,
        fmt_s(s.median(num)),
        f"{den} {fmt_s(s.median(den))}",
        f"{ratio:.2f}x",
        target,
        verdict(ratio, limit),
    )


def absolute_row(case: str, measure: str, s: Samples, name: str, limit: float, floor: str) -> Row:
    """``name``'s median against an absolute limit; ``floor`` (the bare interpreter) for context."""
    target = f"<= {limit:.3f} s"
    blocked = missing_row(case, measure, s, [name], target)
    if blocked:
        return blocked
    value = s.median(name)
    compared = f"{floor} {fmt_s(s.median(floor))}" if s.ok(floor) else "-"
    ratio = f"{s.paired_ratio(name, floor):.2f}x" if s.ok(floor) else "-"
    return Row(case, measure, fmt_s(value), compared, ratio, target, verdict(value, limit))


def print_table(rows: list[Row]) -> None:
    head = Row("case", "measure", "deckgen", "compared with", "paired ratio", "target", "result")
    cells = [list(asdict(r).values()) for r in [head, *rows]]
    widths = [max(len(str(c[i])) for c in cells) for i in range(len(cells[0]))]
    for n, line in enumerate(cells):
        print("  ".join(str(v).ljust(w) for v, w in zip(line, widths)).rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))


# ------------------------------------------------------------------------ environment ---
@dataclass
class Tools:
    """What this machine has; a case or a column without its tool is skipped and says so."""

    deckgen: str | None
    deckgen_path: str | None
    pandoc: str | None
    soffice: str | None
    floor: Path | None
    markdown: Path | None  # the shipped briefing as pandoc Markdown
    pptx_docx: bool
    wait4: bool
    missing: list[str] = field(default_factory=list)


def first_line(argv: list[str]) -> str | None:
    """The first line a command prints, or None when it cannot run or fails."""
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    lines = (done.stdout or done.stderr).strip().splitlines()
    return lines[0].strip() if done.returncode == 0 and lines else None


def version_of(argv: list[str]) -> str | None:
    """The version number a ``--version`` prints ("deckgen, version 0.1.0" -> "0.1.0")."""
    line = first_line(argv)
    found = re.search(r"\d+(\.\d+)+\S*", line or "")
    return found.group(0) if found else line


def find_soffice() -> str | None:
    """The soffice deckgen itself would use: DECKGEN_SOFFICE, else soffice/libreoffice on PATH."""
    chosen = os.environ.get("DECKGEN_SOFFICE")
    if chosen:
        return chosen if os.access(chosen, os.X_OK) else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def check_tools(shared: Path) -> Tools:
    spec = importlib.util.find_spec("deckgen")
    floor = shared / "bench" / "floor.py"
    markdown = shared / "bench" / "briefing.md"
    tools = Tools(
        deckgen=version_of(deckgen_argv("--version")) if spec else None,
        deckgen_path=str(Path(spec.origin).parent) if spec and spec.origin else None,
        pandoc=shutil.which("pandoc"),
        soffice=find_soffice(),
        floor=floor if floor.is_file() else None,
        markdown=markdown if markdown.is_file() else None,
        pptx_docx=all(importlib.util.find_spec(m) for m in ("pptx", "docx")),
        wait4=hasattr(os, "wait4"),
    )
    if not tools.deckgen:
        tools.missing.append(f"deckgen: `{PY} -m deckgen` does not run; `pip install -e .` first")
    if not tools.pandoc:
        tools.missing.append("pandoc (on PATH): every pandoc column is skipped")
    if not tools.soffice:
        tools.missing.append("LibreOffice soffice (PATH or DECKGEN_SOFFICE): case pdf is skipped")
    if not tools.markdown:
        tools.missing.append(f"{markdown}: the pandoc column of cold and batch20 is skipped")
    if not tools.floor:
        tools.missing.append(f"{floor}: the floor.py column of case cold is skipped (--shared)")
    if not tools.pptx_docx:
        tools.missing.append(
            "python-pptx/python-docx in this Python: floor.py and the slide/row counts are skipped"
        )
    if not tools.wait4:
        tools.missing.append("os.wait4 (POSIX): peak memory is not measured")
    return tools


def cpu_model() -> str:
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return platform.processor() or platform.machine()
    found = re.search(r"^model name\s*:\s*(.+)$", text, re.MULTILINE)
    return found.group(1).strip() if found else platform.machine()


def git_state(folder: str | None) -> str:
    """The commit deckgen's own source folder is at, so a pasted table names what it timed."""
    head = (
        first_line(["git", "-C", str(folder), "rev-parse", "--short", "HEAD"]) if folder else None
    )
    if not head:
        return "not a git checkout"
    dirty = subprocess.run(
        ["git", "-C", str(folder), "status", "--porcelain", "--untracked-files=no"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return f"git {head}" + (" + uncommitted changes" if dirty else "")


def library_versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for dist in ("python-pptx", "python-docx"):
        try:
            found.append(f"{dist} {version(dist)}")
        except PackageNotFoundError:
            found.append(f"{dist} missing")
    return ", ".join(found)


def tool_version(path: str | None) -> str:
    return (first_line([path, "--version"]) or "?") if path else "missing"


def machine(tools: Tools) -> dict[str, str]:
    """What a pasted table needs beside it: hardware, load at start, and every tool's version."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = " ".join(f"{v:.2f}" for v in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    where = f"{tools.deckgen_path} ({git_state(tools.deckgen_path)})"
    rss = "os.wait4 ru_maxrss of each child (what GNU time %M reports)"
    return {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": f"{cpu_model()}, {os.cpu_count()} cores ({usable} usable), load {load} at start",
        "os": platform.platform(),
        "python": f"{platform.python_version()} ({PY})",
        "deckgen": f"{tools.deckgen or 'missing'} from {where}",
        "libraries": library_versions(),
        "pandoc": tool_version(tools.pandoc),
        "soffice": tool_version(tools.soffice),
        "peak RSS": rss if tools.wait4 else "not measured",
    }


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# -------------------------------------------------------------------------- the bench ---
@dataclass
class Bench:
    """Shared state of one bench run: tools, sizes, scratch space, raw results for --json."""

    tools: Tools
    sizes: Sizes
    shared: Path
    briefing: Path
    tmp: Path
    raw: dict[str, Any] = field(default_factory=dict)

    def folder(self, *parts: str) -> Path:
        path = self.tmp.joinpath(*parts)
        path.mkdir(parents=True, exist_ok=True)
        return path

    def env(self) -> dict[str, str]:
        """deckgen's environment: its user cache inside the scratch folder, so the bench neither
        reads a stale cache nor leaves one behind. Bytecode may be written: with
        PYTHONDONTWRITEBYTECODE set (some shells and containers set it), an editable install
        would recompile every module on every run, which no installed deckgen does (pip
        compiles the package when it installs it)."""
        env = {**os.environ, "DECKGEN_CACHE_DIR": str(self.tmp / "deckgen-cache")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        return env

    def workspace(self, name: str, copies: int = 1) -> Path:
        """A scratch workspace: content/ with the shipped briefing (``copies`` times, distinct
        ids) and its pictures, so deckgen resolves images and writes caches there, not in the
        repo."""
        root = self.folder(name)
        content = self.folder(name, "content")
        for folder in self.briefing.parent.iterdir():
            if folder.is_dir():
                shutil.copytree(folder, content / folder.name, dirs_exist_ok=True)
        text = self.briefing.read_text(encoding="utf-8")
        if copies == 1:
            (content / self.briefing.name).write_text(text, encoding="utf-8")
            return root
        for n in range(1, copies + 1):
            ident = f"{BRIEFING}-{n:02d}"
            (content / f"{ident}.yaml").write_text(generate.with_id(text, ident), encoding="utf-8")
        return root

    def deckgen(self, name: str, cwd: Path, *args: str) -> Contender:
        return Contender(name, [deckgen_argv(*args)], cwd, self.env())

    def pandoc(self, name: str, source: Path, outputs: list[Path]) -> Contender:
        commands = [[str(self.tools.pandoc), str(source), "-o", str(out)] for out in outputs]
        return Contender(name, commands, source.parent)

    def measure(
        self, case: str, contenders: list[Contender], pairs: int = 0, warmup: bool = True
    ) -> Samples:
        """Time ``contenders`` alternately (``pairs`` or the default) and keep the raw runs."""
        samples = alternate(case, contenders, pairs or self.sizes.pairs, self.tmp, warmup)
        self.raw[case] = {
            "runs": {k: [asdict(r) for r in v] for k, v in samples.runs.items()},
            "failed": samples.failed,
        }
        return samples

    def check(self, argv: list[str], cwd: Path) -> None:
        """An untimed command that must succeed before timing means anything."""
        spawn(argv, cwd, self.env(), self.tmp / "check.log")


# ------------------------------------------------------------------------------- cases ---
def case_cold(b: Bench) -> list[Row]:
    """The shipped briefing, deck and memo, each run a fresh process."""
    ws = b.workspace("cold")
    out = b.folder("cold", "out")
    contenders = [
        b.deckgen("deckgen", ws, "build", f"content/{BRIEFING}.yaml", "-o", str(out), "--force")
    ]
    if b.tools.pandoc and b.tools.markdown:
        pout = b.folder("cold", "pandoc")
        outs = [pout / "b.pptx", pout / "b.docx"]
        contenders.append(b.pandoc("pandoc", b.tools.markdown, outs))
    if b.tools.floor and b.tools.pptx_docx:
        fout = b.folder("cold", "floor")
        contenders.append(Contender("floor", [[PY, str(b.tools.floor), str(fout)]], ws))
    s = b.measure("cold", contenders)
    what = "shipped briefing, deck+memo"
    return [
        ratio_row("cold", f"{what} vs 2 pandoc runs", s, "deckgen", "pandoc", 1.0),
        ratio_row("cold", f"{what} vs floor.py", s, "deckgen", "floor", None),
    ]


def case_batch(b: Bench) -> list[Row]:
    """N briefings in one deckgen build (serial and -j 2) against N pandoc pairs in a row."""
    n = b.sizes.batch
    ws = b.workspace("batch", copies=n)
    b.check(deckgen_argv("validate", "content"), ws)
    build = ["build", "content", "--force", "-o"]
    contenders = [
        b.deckgen("deckgen", ws, *build, str(b.folder("batch", "o1"))),
        b.deckgen("deckgen-j2", ws, *build, str(b.folder("batch", "o2")), "-j", "2"),
    ]
    if b.tools.pandoc and b.tools.markdown:
        pout = b.folder("batch", "pandoc")
        outs = [pout / f"b{i:02d}.{ext}" for i in range(1, n + 1) for ext in ("pptx", "docx")]
        contenders.append(b.pandoc("pandoc", b.tools.markdown, outs))
    s = b.measure("batch20", contenders)
    return [
        ratio_row(
            "batch20", f"{n} briefings, one build vs {n} pandoc pairs", s, "deckgen", "pandoc", 0.4
        ),
        ratio_row(
            "batch20", f"{n} briefings, -j 2 vs {n} pandoc pairs", s, "deckgen-j2", "pandoc", 0.4
        ),
        ratio_row("batch20", "-j 2 vs one process (2 cores)", s, "deckgen-j2", "deckgen", None),
    ]


_COUNT_DECK = """
import json, sys
from pptx import Presentation
slides = list(Presentation(sys.argv[1]).slides)
notes = sum(1 for s in slides if s.has_notes_slide and s.notes_slide.notes_text_frame.text)
charts = sum(1 for s in slides for sh in s.shapes if getattr(sh, "has_chart", False))
print(json.dumps([len(slides), notes, charts]))
"""
_COUNT_MEMO = """
import json, sys
from docx import Document
print(json.dumps(sum(len(t.rows) for t in Document(sys.argv[1]).tables)))
"""


def _count(script: str, path: Path) -> Any:
    """Run a check in its own process: reading a 2,000-slide deck here would swell the bench
    process, and every child forked after it would report the bench's memory as its own."""
    done = subprocess.run([PY, "-c", script, str(path)], capture_output=True, text=True,
                          check=True)  # fmt: skip
    return json.loads(done.stdout)


def count_deck(path: Path) -> tuple[int, int, int]:
    """Slides, slides with speaker notes, and charts in a .pptx (untimed check)."""
    slides, notes, charts = _count(_COUNT_DECK, path)
    return slides, notes, charts


def frame_slides(b: Bench, ws: Path) -> int:
    """How many slides the full recipe adds around the sections (title, goals, sources,
    closing), measured on a tiny build so the generated decks land on exactly N slides."""
    probe = 10
    (ws / "content" / "probe.yaml").write_text(generate.slides_yaml(probe, "probe"), "utf-8")
    out = b.folder("scale", "probe")
    b.check(
        deckgen_argv("build", "content/probe.yaml", "-o", str(out), "-f", "pptx", "--force"), ws
    )
    (ws / "content" / "probe.yaml").unlink()
    if not b.tools.pptx_docx:
        return 4  # what the full recipe added when this bench was written; uncounted here
    return count_deck(out / "probe-deck.pptx")[0] - probe


def case_scale(b: Bench) -> list[Row]:
    """N and 2N slides with notes and a chart every 50, deck only; pandoc on 2N for scale."""
    small, big = b.sizes.slides
    ws = b.folder("scale")
    b.folder("scale", "content")
    frame = frame_slides(b, ws)
    rows: list[Row] = []
    contenders = []
    for n in (small, big):
        ident = f"scale-{n}"
        (ws / "content" / f"{ident}.yaml").write_text(
            generate.slides_yaml(n - frame, ident), encoding="utf-8"
        )
        out = b.folder("scale", f"out-{n}")
        args = ["build", f"content/{ident}.yaml", "-o", str(out), "-f", "pptx", "--force"]
        # The checks double as each contender's warm-up, which matters little at this size.
        b.check(deckgen_argv("validate", f"content/{ident}.yaml"), ws)
        b.check(deckgen_argv(*args), ws)
        rows.append(deck_check_row(b, out / f"{ident}-deck.pptx", n))
        contenders.append(b.deckgen(f"deckgen-{n}", ws, *args))
    if b.tools.pandoc:
        md = ws / f"scale-{big}.md"
        md.write_text(generate.slides_markdown(big - 1), encoding="utf-8")  # + pandoc's title
        contenders.append(b.pandoc(f"pandoc-{big}", md, [ws / f"pandoc-{big}.pptx"]))
    s = b.measure("scale", contenders, warmup=False)
    d_small, d_big, p_big = f"deckgen-{small}", f"deckgen-{big}", f"pandoc-{big}"
    rows += [
        ratio_row("scale", f"time({big}) / time({small}) slides", s, d_big, d_small, 2.1),
        ratio_row(
            "scale",
            f"{big} slides vs pandoc (notes divs)",
            s,
            d_big,
            p_big,
            0.2,
            "<= 0.20x (5x faster)",
        ),
        rss_row(s, d_big, p_big, big),
    ]
    return rows


def deck_check_row(b: Bench, deck: Path, n: int) -> Row:
    """What the generated content really produced: slide, notes and chart counts."""
    if not b.tools.pptx_docx:
        return Row("scale", f"{n}-slide deck built", "not counted", "", "", "", "SKIP")
    slides, notes, charts = count_deck(deck)
    expected = n // generate.CHART_EVERY
    ok = slides == n and notes == n and abs(charts - expected) <= 1
    return Row(
        "scale",
        f"{n}-slide deck: slides/notes/charts",
        f"{slides}/{notes}/{charts}",
        "",
        "",
        f"{n}/{n}/~{expected}",
        "ok" if ok else "CHECK",
    )


def rss_row(s: Samples, name: str, peer: str, n: int) -> Row:
    target = "<= 150 MiB"
    blocked = missing_row("scale", f"peak RSS, {n} slides", s, [name], target)
    if blocked:
        return blocked
    rss = s.peak_rss(name)
    peer_text = f"{peer} {fmt_mib(s.peak_rss(peer))}" if s.ok(peer) else "-"
    result = "SKIP" if rss is None else verdict(rss / 1024, 150)
    return Row("scale", f"peak RSS, {n} slides", fmt_mib(rss), peer_text, "-", target, result)


def case_memo(b: Bench) -> list[Row]:
    """A memo whose one table has R and 2R rows; pandoc's pipe table to docx for context."""
    small, big = b.sizes.rows
    ws = b.folder("memo")
    b.folder("memo", "content")
    contenders = []
    rows: list[Row] = []
    for n in (small, big):
        ident = f"table-{n}"
        (ws / "content" / f"{ident}.yaml").write_text(generate.table_yaml(n, ident), "utf-8")
        out = b.folder("memo", f"out-{n}")
        b.check(deckgen_argv("validate", f"content/{ident}.yaml"), ws)
        args = ["build", f"content/{ident}.yaml", "-o", str(out), "-f", "docx", "--force"]
        contenders.append(b.deckgen(f"deckgen-{n}", ws, *args))
        if b.tools.pandoc:
            md = ws / f"{ident}.md"
            md.write_text(generate.table_markdown(n), encoding="utf-8")
            contenders.append(b.pandoc(f"pandoc-{n}", md, [ws / f"pandoc-{n}.docx"]))
    s = b.measure("memo5000", contenders)
    if b.tools.pptx_docx and s.ok(f"deckgen-{big}"):
        rows.append(memo_check_row(b.tmp / "memo" / f"out-{big}" / f"table-{big}-memo.docx", big))
    d_small, d_big, p_small, p_big = (
        f"{t}-{n}" for t in ("deckgen", "pandoc") for n in (small, big)
    )
    rows += [
        ratio_row("memo5000", f"time({big}) / time({small}) rows", s, d_big, d_small, 2.1),
        ratio_row("memo5000", f"pandoc time({big}) / time({small})", s, p_big, p_small, None),
        ratio_row("memo5000", f"{big}-row memo vs pandoc", s, d_big, p_big, None),
    ]
    return rows


def memo_check_row(memo: Path, n: int) -> Row:
    """The table really holds every row (split tables summed), header rows counted out."""
    body = _count(_COUNT_MEMO, memo)
    return Row(
        "memo5000",
        f"{n}-row memo: table rows (+headers)",
        str(body),
        "",
        "",
        f">= {n}",
        "ok" if body >= n else "CHECK",
    )


def heavy_imports(b: Bench, cwd: Path, args: list[str]) -> list[str]:
    """Top-level heavy modules a deckgen process imports, from -X importtime's report."""
    done = subprocess.run(
        [PY, "-X", "importtime", "-m", "deckgen", *args],
        cwd=cwd,
        env=b.env(),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:  # a failed run imports little: its silence would read as a PASS
        raise RunFailed(f"exit {done.returncode}: -X importtime {' '.join(args)}")
    names = {m.group(1).split(".")[0] for m in re.finditer(r"\|\s*([\w.]+)\s*$", done.stderr, re.M)}
    return sorted(n for n in names if n in HEAVY_MODULES)


def case_noop(b: Bench) -> list[Row]:
    """A rebuild with nothing changed, and --help; the bare interpreter as the floor."""
    ws = b.workspace("noop")
    out = b.folder("noop", "out")
    build = ["build", f"content/{BRIEFING}.yaml", "-o", str(out)]
    b.check(deckgen_argv(*build), ws)  # the first build, which the no-op follows
    stamps = {p.name: p.stat().st_mtime_ns for p in out.iterdir() if p.is_file()}
    noop_imports = heavy_imports(b, ws, build)
    rewritten = sorted(
        p.name for p in out.iterdir() if p.is_file() and stamps.get(p.name) != p.stat().st_mtime_ns
    )
    help_imports = heavy_imports(b, ws, ["--help"])
    contenders = [
        b.deckgen("deckgen-noop", ws, *build),
        b.deckgen("deckgen-help", ws, "--help"),
        Contender("python", [[PY, "-c", "pass"]], ws),
    ]
    s = b.measure("noop", contenders)
    return [
        absolute_row(
            "noop", "no-op rebuild of the shipped briefing", s, "deckgen-noop", 0.1, "python"
        ),
        absolute_row("noop", "deckgen --help", s, "deckgen-help", 0.08, "python"),
        flag_row("no-op rebuild imports", noop_imports),
        flag_row("--help imports", help_imports),
        flag_row("no-op rebuild rewrote outputs", [f"{len(rewritten)} files"] if rewritten else []),
    ]


def flag_row(measure: str, found: list[str]) -> Row:
    return Row(
        "noop", measure, ", ".join(found) or "none", "", "", "none", "MISS" if found else "PASS"
    )


def soffice_wrapper(path: Path, soffice: str, profile: str) -> Path:
    """A DECKGEN_SOFFICE stand-in that swaps deckgen's own profile for the bench's warmed
    one, which the bare soffice uses too: the two sides run LibreOffice alike."""
    swapped = shlex.quote(f"-env:UserInstallation={profile}")
    path.write_text(
        "#!/bin/sh\n"
        'for a; do shift; case "$a" in\n'
        f'  -env:UserInstallation=*) set -- "$@" {swapped} ;;\n'
        '  *) set -- "$@" "$a" ;;\nesac; done\n'
        f'exec {shlex.quote(soffice)} "$@"\n',
        encoding="utf-8",
    )
    path.chmod(0o755)
    return path


def case_pdf(b: Bench) -> list[Row]:
    """deckgen's deck, memo and both PDFs against one bare soffice conversion of the two files."""
    soffice = str(b.tools.soffice)
    ws = b.workspace("pdf")
    src = b.folder("pdf", "src")
    b.check(deckgen_argv("build", f"content/{BRIEFING}.yaml", "-o", str(src)), ws)
    files = [str(src / f"{BRIEFING}-deck.pptx"), str(src / f"{BRIEFING}-memo.docx")]
    warm = (b.tmp / "pdf" / "profile-warm").as_uri()
    fresh = b.tmp / "pdf" / "profile-fresh"

    convert = ["--headless", "--norestore", "--convert-to", "pdf", "--outdir"]  # as deckgen does

    def soffice_cmd(profile: str, out: Path) -> list[list[str]]:
        return [[soffice, f"-env:UserInstallation={profile}", *convert, str(out), *files]]

    build = ["build", f"content/{BRIEFING}.yaml", "-f", "pptx,docx,pdf", "--force", "-o"]
    shim = soffice_wrapper(b.tmp / "pdf" / "soffice-warm.sh", soffice, warm)
    contenders = [
        b.deckgen("deckgen", ws, *build, str(b.folder("pdf", "d1"))),
        Contender(
            "deckgen-warm",
            [deckgen_argv(*build, str(b.folder("pdf", "d2")))],
            ws,
            {**b.env(), "DECKGEN_SOFFICE": str(shim)},
        ),
        Contender("soffice", soffice_cmd(warm, b.folder("pdf", "s1")), ws),
        Contender(
            "soffice-fresh",
            soffice_cmd(fresh.as_uri(), b.folder("pdf", "s2")),
            ws,
            setup=lambda: shutil.rmtree(fresh, ignore_errors=True),
        ),
    ]
    # The warm-up round creates the warm profile before any timed run uses it.
    s = b.measure("pdf", contenders, pairs=b.sizes.pdf_pairs)
    return [
        ratio_row("pdf", "deckgen (its own kept profile) vs soffice", s, "deckgen", "soffice", 1.2),
        ratio_row("pdf", "deckgen (warm profile) vs soffice", s, "deckgen-warm", "soffice", 1.2),
        ratio_row(
            "pdf", "deckgen vs soffice with a fresh profile", s, "deckgen", "soffice-fresh", None
        ),
    ]


RUNNERS: dict[str, Callable[[Bench], list[Row]]] = {
    "cold": case_cold,
    "batch20": case_batch,
    "scale": case_scale,
    "memo5000": case_memo,
    "noop": case_noop,
    "pdf": case_pdf,
}


def blocked_case(case: str, tools: Tools) -> str | None:
    """Why ``case`` cannot run here at all, or None."""
    if not tools.deckgen:
        return "deckgen does not run"
    if case == "pdf" and not tools.soffice:
        return "LibreOffice soffice not found"
    return None


# -------------------------------------------------------------------------------- main ---
def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes, 3 pairs (~2 min)")
    parser.add_argument("--pairs", type=int, help="timed pairs per case (default 5, pdf 3)")
    parser.add_argument("--only", help=f"comma-separated cases: {','.join(CASES)}")
    parser.add_argument("--json", type=Path, help="also write raw timings and the table here")
    parser.add_argument(
        "--shared",
        type=Path,
        default=REPO.parent / "shared",
        help="folder holding bench/briefing.md and bench/floor.py "
        "(default: ../shared beside the repo)",
    )
    parser.add_argument(
        "--briefing",
        type=Path,
        default=REPO / "content" / f"{BRIEFING}.yaml",
        help="the shipped briefing (its folder's subfolders are copied too)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    args = parser.parse_args(argv)
    args.cases = args.only.split(",") if args.only else list(CASES)
    unknown = [c for c in args.cases if c not in CASES]
    if unknown:
        parser.error(f"unknown case {', '.join(unknown)}; choose from {', '.join(CASES)}")
    if args.pairs is not None and args.pairs < 1:
        parser.error("--pairs must be at least 1")
    return args


def sizes_for(args: argparse.Namespace) -> Sizes:
    base = QUICK if args.quick else FULL
    if args.pairs is None:
        return base
    return Sizes(args.pairs, args.pairs, base.batch, base.slides, base.rows)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    tools = check_tools(args.shared)
    for line in tools.missing:
        say(f"missing: {line}")
    info = machine(tools)
    sizes = sizes_for(args)
    tmp = Path(tempfile.mkdtemp(prefix="deckgen-bench-"))
    bench = Bench(tools, sizes, args.shared, args.briefing.resolve(), tmp)
    rows: list[Row] = []
    started = time.perf_counter()
    try:
        for case in args.cases:
            why = blocked_case(case, tools)
            if why:
                rows.append(Row(case, "whole case", "", why, "", "", "SKIP"))
                continue
            say(f"{case} ...")
            try:
                rows += RUNNERS[case](bench)
            except RunFailed as exc:  # a setup step failed: the case cannot be timed
                say(f"  {case}: setup failed: {exc}")
                short = str(exc).split(":")[0]
                rows.append(
                    Row(case, "setup", "", f"a setup step failed ({short})", "", "", "FAIL")
                )
    finally:
        if args.keep:
            say(f"scratch folder kept: {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    report(info, sizes, args, rows, time.perf_counter() - started)
    if args.json:
        payload = {
            "machine": info,
            "sizes": asdict(sizes),
            "rows": [asdict(r) for r in rows],
            "raw": bench.raw,
        }
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return 0


def report(
    info: dict[str, str], sizes: Sizes, args: argparse.Namespace, rows: list[Row], took: float
) -> None:
    print()
    print(
        "deckgen bench"
        + (" (--quick: small sizes, verdicts indicative only)" if args.quick else "")
    )
    for key, value in info.items():
        print(f"  {key:<10} {value}")
    print(
        f"  {'pairs':<10} {sizes.pairs} per case (pdf {sizes.pdf_pairs}); contenders "
        f"alternate; ratios are medians of per-pair ratios; bench took {took:.0f} s"
    )
    print()
    print_table(rows)


if __name__ == "__main__":
    sys.exit(main())
