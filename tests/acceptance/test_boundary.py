"""The boundary holds: every command, run in a workspace full of hostile symlinks, FIFOs and
oversized files, neither reads nor writes anything outside it.

A folder beside the workspace (``outside/``) holds what an attacker would point at: a
credentials file, a briefing, a template set, pictures, files a link would have deckgen write
over. Every file there carries a marker. Each command runs through the real CLI and must
exit 0 or 1 (never 3, never a traceback) and print no marker; afterwards every file outside
must have its bytes, modification time and access time (the mount updates it on a read;
the test checks that first), and no file may have come or gone there. On Linux with strace,
each run is also traced (``open``, ``openat``, ``openat2``, ``creat``): no path under
``outside/`` may appear, opened or even tried.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from deckgen.templates.sets import BUILTIN

from conftest import MINIMAL, ROOT

MARKER = "AKIAOUTSIDE7F3A"  # in every file outside: it must never reach a user's screen
PICTURE = ROOT / "content" / "img" / "alignment.png"
DECK = BUILTIN / "default" / "deck.pptx"
MEMO = BUILTIN / "default" / "memo.docx"
NO_SOFFICE = {"DECKGEN_SOFFICE": str(Path("nowhere") / "soffice")}
STRACE = shutil.which("strace")


def briefing(ident: str, title: str = "Minimal Briefing") -> str:
    return f"id: {ident}\n" + MINIMAL.replace("title: Minimal Briefing", f"title: {title}")


@dataclass
class Hostile:
    ws: Path
    outside: Path
    tmp: Path  # TMPDIR of every run: deckgen's temporary folders must all be gone after


def _make(root: Path) -> Hostile:
    outside = root / "outside"
    (outside / "set").mkdir(parents=True)
    (outside / "dir").mkdir()
    (outside / "out").mkdir()
    (outside / "secret.txt").write_text(
        f"[default]\naws_access_key_id = {MARKER}\naws_secret_access_key = {MARKER}\n",
        encoding="utf-8",
    )
    (outside / "brief.yaml").write_text(briefing("stolen", MARKER), encoding="utf-8")
    (outside / "dir" / "inner.yaml").write_text(briefing("inner", MARKER), encoding="utf-8")
    (outside / "set" / "template.yaml").write_text(
        f"name: evil\ndescription: {MARKER}\nlogo: {{path: logo.png, alt: {MARKER}}}\n",
        encoding="utf-8",
    )
    shutil.copy(DECK, outside / "set" / "deck.pptx")
    shutil.copy(MEMO, outside / "set" / "memo.docx")
    shutil.copy(PICTURE, outside / "set" / "logo.png")
    shutil.copy(PICTURE, outside / "picture.png")
    for name in ("victim.pptx", "schema.json", "gitignore", "bundle.zip"):
        (outside / name).write_text(f"{MARKER}: must stay as it is\n", encoding="utf-8")

    ws = root / "ws"
    content = ws / "content"
    (content / "img").mkdir(parents=True)
    (content / "good.yaml").write_text(briefing("good"), encoding="utf-8")
    (content / "pic.yaml").write_text(
        briefing("pic") + "sections:\n  - title: Map\n"
        "    image: {path: img/evil.png, alt: a map}\n",
        encoding="utf-8",
    )
    (content / "img" / "evil.png").symlink_to(outside / "picture.png")
    (content / "notes.yaml").symlink_to(outside / "secret.txt")  # the credentials
    (content / "brief.yaml").symlink_to(Path("..", "..", "outside", "brief.yaml"))  # relative
    (content / "dangling.yaml").symlink_to(outside / "missing.yaml")
    (content / "loop.yaml").symlink_to("loop.yaml")
    (content / "zero.yaml").symlink_to("/dev/zero")
    (content / "sub").symlink_to(outside / "dir", target_is_directory=True)
    os.mkfifo(content / "fifo.yaml")
    with open(content / "big.yaml", "w", encoding="utf-8") as fh:
        fh.write(briefing("big"))
        fh.write("# padding to pass the size limit\n" * 200_000)  # 6.6 MB
    templates = ws / "templates"
    templates.mkdir()
    (templates / "evil").symlink_to(outside / "set", target_is_directory=True)
    (templates / "linked").mkdir()
    (templates / "linked" / "template.yaml").symlink_to(outside / "set" / "template.yaml")
    (templates / "fifo").mkdir()
    os.mkfifo(templates / "fifo" / "template.yaml")
    (templates / "loop").symlink_to("loop")
    (templates / "logo").mkdir()
    (templates / "logo" / "template.yaml").write_text("logo: {path: logo.png}\n", "utf-8")
    (templates / "logo" / "logo.png").symlink_to(outside / "set" / "logo.png")
    (templates / "stray").mkdir()  # a usable set with hostile neighbours in its folder
    (templates / "stray" / "template.yaml").write_text("name: stray\n", encoding="utf-8")
    (templates / "stray" / "notes.txt").symlink_to(outside / "secret.txt")
    os.mkfifo(templates / "stray" / "pipe")
    (ws / "deckgen.schema.json").symlink_to(outside / "schema.json")
    (ws / "build").mkdir()
    (ws / "build" / "good-deck.pptx").symlink_to(outside / "victim.pptx")
    (ws / "elsewhere").symlink_to(outside / "out", target_is_directory=True)
    (ws / "deck-link.pptx").symlink_to(outside / "set" / "deck.pptx")
    (ws / "decks").mkdir()
    shutil.copy(DECK, ws / "decks" / "org.pptx")
    (ws / "newws").mkdir()
    (ws / "newws" / ".gitignore").symlink_to(outside / "gitignore")
    (ws / "links").mkdir()  # a folder of outputs that are links out, for diff
    (ws / "links" / "good-deck.pptx").symlink_to(outside / "set" / "deck.pptx")

    tmp = root / "tmp"
    tmp.mkdir()
    # a read must show in the access times: older than the modification time, relatime
    # (the usual mount option) updates them on the next read
    for path in outside.rglob("*"):
        if path.is_file():
            info = path.stat()
            os.utime(path, ns=(info.st_mtime_ns - 86_400 * 10**9, info.st_mtime_ns))
    return Hostile(ws, outside, tmp)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Hostile:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this system")
    return _make(tmp_path_factory.mktemp("boundary"))


Snapshot = dict[str, tuple[str, int, int, str]]


def snapshot(folder: Path) -> Snapshot:
    """Every entry under ``folder``, links not followed: kind, modification and access time
    and (files) digest. Reading a file for its digest moves its access time: it is put back."""
    found: Snapshot = {}
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        digest = ""
        if path.is_file() and not path.is_symlink():
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
        kind = "file" if digest else "link" if path.is_symlink() else "other"
        found[str(path.relative_to(folder))] = (kind, info.st_mtime_ns, info.st_atime_ns, digest)
    return found


def atime_shows_reads(folder: Path) -> bool:
    """Whether this mount records a read in the access time (not with noatime)."""
    probe = folder / ".probe"
    probe.write_text("probe\n", encoding="utf-8")
    info = probe.stat()
    os.utime(probe, ns=(info.st_mtime_ns - 86_400 * 10**9, info.st_mtime_ns))
    before = probe.stat().st_atime_ns
    probe.read_bytes()
    moved = probe.stat().st_atime_ns != before
    probe.unlink()
    return moved


def strace_works() -> bool:
    if not STRACE or not sys.platform.startswith("linux"):
        return False
    done = subprocess.run([STRACE, "-f", "-qq", "-o", os.devnull, "true"],
                          capture_output=True, check=False)  # fmt: skip
    return done.returncode == 0  # ptrace may be denied in a container


def traced(args: tuple[str, ...], trace: Path) -> list[str]:
    """The command line that runs deckgen ARGS under strace, its opens logged in ``trace``."""
    return [STRACE or "strace", "-f", "--seccomp-bpf", "-qq", "-y", "-o", str(trace),
            "-e", "trace=open,openat,openat2,creat",
            sys.executable, "-m", "deckgen", *args]  # fmt: skip


def touched(trace: Path, outside: Path) -> list[str]:
    """The traced calls that name a path under ``outside``, tried or opened."""
    pattern = re.compile(re.escape(str(outside)) + r'[/>"]')
    return [line for line in trace.read_text(errors="replace").splitlines()
            if pattern.search(line)]  # fmt: skip


@dataclass(frozen=True)
class Run:
    """One command: its arguments, the exit status it must have and phrases it must say."""

    name: str
    args: tuple[str, ...]
    code: int
    says: tuple[str, ...] = ()
    env: tuple[tuple[str, str], ...] = ()


LEADS_OUT = "leads outside the workspace through a symbolic link"
RUNS = [
    Run(
        "validate",
        ("validate",),
        1,
        (
            f"content/notes.yaml: error: it {LEADS_OUT}",
            f"content/brief.yaml: error: it {LEADS_OUT}",
            f"content/dangling.yaml: error: it {LEADS_OUT}",
            f"content/zero.yaml: error: it {LEADS_OUT}",
            "content/fifo.yaml: error: this is a FIFO (named pipe), not a regular file",
            "content/big.yaml:1:1: error: the file is",
            "content/loop.yaml: error: cannot read the file",
            "content/pic.yaml:13:19: error: 'img/evil.png' points outside the workspace",
            "ok content/good.yaml",
        ),
    ),
    Run("validate-typed-link", ("validate", "content/brief.yaml"), 1, (LEADS_OUT,)),
    Run(
        "validate-folder-link",
        ("validate", "content/sub"),
        1,
        (f"content/sub: error: it {LEADS_OUT}",),
    ),
    Run(
        "build-default-output",
        ("build",),
        1,
        ("build/good-deck.pptx: error: is a symbolic link", "neither writes through a link"),
    ),
    Run("build", ("build", "-o", "out"), 1, ("wrote out/good-deck.pptx", LEADS_OUT)),
    Run(
        "build-o-link",
        ("build", "content/good.yaml", "-o", "elsewhere"),
        1,
        (f"elsewhere: error: it {LEADS_OUT}",),
    ),
    Run(
        "build-set-link",
        ("build", "content/good.yaml", "-o", "out", "-t", "evil"),
        1,
        (f"templates/evil: error: it {LEADS_OUT}",),
    ),
    Run(
        "build-set-path",
        ("build", "content/good.yaml", "-o", "out", "-t", "../../outside/set"),
        1,
        ("a template set is named by one word",),
    ),
    Run(
        "build-set-manifest-link",
        ("build", "content/good.yaml", "-o", "out", "-t", "linked"),
        1,
        (f"templates/linked/template.yaml: error: it {LEADS_OUT}",),
    ),
    Run(
        "build-set-fifo",
        ("build", "content/good.yaml", "-o", "out", "-t", "fifo"),
        1,
        ("templates/fifo/template.yaml: error: is a FIFO",),
    ),
    Run("build-set-loop", ("build", "content/good.yaml", "-o", "out", "-t", "loop"), 1),
    Run(
        "build-set-logo-link",
        ("build", "content/good.yaml", "-o", "out", "-t", "logo"),
        1,
        ("logo 'logo.png' is outside the template set's folder",),
    ),
    Run(
        "build-set-stray-links",
        ("build", "content/good.yaml", "-o", "out2", "-t", "stray"),
        0,
        ("wrote out2/good-deck.pptx",),
    ),
    Run(
        "build-deck-link",
        ("build", "content/good.yaml", "-o", "out", "--deck-template", "deck-link.pptx"),
        1,
        (f"deck-link.pptx: error: it {LEADS_OUT}",),
    ),
    Run("lint", ("lint",), 1, (LEADS_OUT,)),
    Run("new", ("new", "fresh"), 1, ("deckgen.schema.json: error: is a symbolic link",)),
    Run("init", ("init", "newws"), 1, ("newws/.gitignore: error: is a symbolic link",)),
    Run(
        "templates-init-path",
        ("templates", "init", "../../x", "--from", "decks/org.pptx"),
        1,
        ("cannot name a template set",),
    ),
    Run(
        "templates-init-link",
        ("templates", "init", "acme", "--from", "deck-link.pptx"),
        1,
        (LEADS_OUT,),
    ),
    Run(
        "templates-init",
        ("templates", "init", "acme", "--from", "decks/org.pptx"),
        0,
        ("wrote templates/acme/template.yaml",),
    ),
    Run("templates-list", ("templates", "list"), 0, ("evil         cannot be used:",)),
    Run("templates-show", ("templates", "show", "evil"), 1, (LEADS_OUT,)),
    Run("template-inspect-link", ("template", "inspect", "deck-link.pptx"), 1, (LEADS_OUT,)),
    Run(
        "template-inspect-in-link",
        ("template", "inspect", "templates/evil/deck.pptx"),
        1,
        (LEADS_OUT,),
    ),
    Run(
        "template-inspect-annotate",
        ("template", "inspect", "decks/org.pptx", "--annotate", "elsewhere/x.pptx"),
        1,
        (LEADS_OUT,),
    ),
    Run(
        "dist",
        ("dist", "-o", "out"),
        1,
        ("wrote out/dist/good-0.zip", LEADS_OUT),
        tuple(NO_SOFFICE.items()),
    ),
    Run("diff", ("diff", "content/good.yaml", "content/brief.yaml"), 1, (LEADS_OUT,)),
    Run(
        "diff-folders",
        ("diff", "out", "links"),
        1,
        (f"links/good-deck.pptx: error: it {LEADS_OUT}",),
    ),
    Run(
        "pdf",
        ("build", "content/good.yaml", "-o", "out3", "-f", "pdf"),
        0,
        ("wrote out3/good-deck.pdf",),
    ),
]
if not shutil.which("soffice"):
    RUNS = [r for r in RUNS if r.name != "pdf"]


def _check(done: subprocess.CompletedProcess[str], run: Run) -> None:
    said = done.stdout + done.stderr
    assert "Traceback" not in said and "internal error" not in said, said
    assert MARKER not in said, said
    assert done.returncode == run.code, f"exit {done.returncode}\n{said}"
    for phrase in run.says:
        assert phrase in said, f"{phrase!r} not said:\n{said}"


def _watched(hostile: Hostile, run: Run, trace: Path | None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **dict(run.env), "TMPDIR": str(hostile.tmp), "NO_COLOR": "1"}
    command = traced(run.args, trace) if trace else [sys.executable, "-m", "deckgen", *run.args]
    # a session of its own: on a timeout the whole group goes, strace and what it traces
    with subprocess.Popen(
        command,
        cwd=hostile.ws,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    ) as proc:
        try:
            out, err = proc.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            pytest.fail(f"{run.name} did not finish within 120 s")
    return subprocess.CompletedProcess(command, proc.returncode, out, err)  # fmt: skip


@pytest.mark.parametrize(
    "run",
    [pytest.param(r, marks=pytest.mark.soffice) if r.name == "pdf" else r for r in RUNS],
    ids=[r.name for r in RUNS],
)
def test_nothing_outside_is_read_or_written(hostile: Hostile, run: Run, tmp_path: Path) -> None:
    before = snapshot(hostile.outside)
    trace = tmp_path / "trace.txt" if strace_works() else None
    started = time.monotonic()
    done = _watched(hostile, run, trace)
    took = time.monotonic() - started
    _check(done, run)
    assert snapshot(hostile.outside) == before, "a file outside was read, changed or made"
    if trace is not None:
        assert not touched(trace, hostile.outside), "\n".join(touched(trace, hostile.outside))
    assert not list(hostile.tmp.iterdir()), "a temporary folder was left behind"
    assert took < (30 if run.name == "pdf" else 10), f"{run.name} took {took:.1f} s"


def test_the_watch_on_the_outside_folder_can_see_a_read(hostile: Hostile) -> None:
    """The access-time check is only proof where the mount records reads: say so if not."""
    if not atime_shows_reads(hostile.tmp):
        pytest.skip("this mount does not record reads in access times (noatime)")
    before = snapshot(hostile.outside)
    (hostile.outside / "secret.txt").read_bytes()
    assert snapshot(hostile.outside) != before


def test_the_trace_sees_a_read_through_a_link(hostile: Hostile, tmp_path: Path) -> None:
    """What the traced runs would show had deckgen opened a file outside."""
    if not strace_works():
        pytest.skip("strace is not available or not permitted here")
    trace = tmp_path / "trace.txt"
    code = f"open({str(hostile.ws / 'content' / 'notes.yaml')!r}).read()"
    subprocess.run([STRACE or "strace", "-f", "-qq", "-y", "-o", str(trace),
                    "-e", "trace=open,openat", sys.executable, "-c", code], check=True)  # fmt: skip
    assert touched(trace, hostile.outside)


def test_watch_stays_inside(hostile: Hostile, tmp_path: Path) -> None:
    """`deckgen watch` builds, watches (each folder without its subfolders, since a recursive
    watch follows symlinked folders) and stops on Ctrl-C, all without a look outside."""
    before = snapshot(hostile.outside)
    trace = tmp_path / "trace.txt" if strace_works() else None
    args = ("watch", "-o", "watched")
    env = {**os.environ, "TMPDIR": str(hostile.tmp), "NO_COLOR": "1"}
    command = traced(args, trace) if trace else [sys.executable, "-m", "deckgen", *args]
    proc = subprocess.Popen(command, cwd=hostile.ws, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while (
            time.monotonic() < deadline and not (hostile.ws / "watched" / "good-deck.pptx").exists()
        ):
            time.sleep(0.1)
        time.sleep(1.0)  # the watch is set up after the first build
        (hostile.ws / "content" / "good.yaml").write_text(briefing("good", "Changed"), "utf-8")
        time.sleep(1.5)
        target = _deckgen_pid(proc.pid) if trace else proc.pid
        os.kill(target, signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)  # strace and the deckgen it traces
            proc.communicate()
        (hostile.ws / "content" / "good.yaml").write_text(briefing("good"), "utf-8")
    said = out + err
    assert "Traceback" not in said and MARKER not in said, said
    assert proc.returncode == 0, said
    assert "rebuilt good" in said and "watching" in said, said
    assert snapshot(hostile.outside) == before
    if trace is not None:
        assert not touched(trace, hostile.outside), "\n".join(touched(trace, hostile.outside))


def _deckgen_pid(strace_pid: int) -> int:
    """The deckgen process strace started."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        for task in Path(f"/proc/{strace_pid}/task").iterdir():
            children = (task / "children").read_text().split()
            if children:
                return int(children[0])
        time.sleep(0.05)
    raise AssertionError("strace started no process")


def test_gallery_stays_inside(hostile: Hostile, tmp_path: Path) -> None:
    """`deckgen gallery` reads no content file (the FIFO, /dev/zero and the links among them
    are never opened) and nothing a link in the output folder points at: links named like
    outputs, thumbnails or bundles are told and left alone."""
    before = snapshot(hostile.outside)
    shown = hostile.ws / "shown"
    (shown / "thumbs").mkdir(parents=True, exist_ok=True)
    (shown / "dist").mkdir(exist_ok=True)
    shutil.copy(DECK, shown / "good-deck.pptx")
    for link, target in (
        ("stolen-deck.pptx", "set/deck.pptx"),
        ("good-memo.docx", "set/memo.docx"),
        ("good-deck.pdf", "secret.txt"),
        ("thumbs/good-1.png", "picture.png"),
        ("dist/good-1.zip", "bundle.zip"),
    ):
        if not os.path.lexists(shown / link):
            (shown / link).symlink_to(hostile.outside / target)
    if not os.path.lexists(shown / "fifo-deck.pptx"):
        os.mkfifo(shown / "fifo-deck.pptx")
    trace = tmp_path / "trace.txt" if strace_works() else None
    run = Run("gallery", ("gallery", "-o", "shown"), 0,
              ("wrote shown/index.html", "stolen-deck.pptx: not listed: it is a symbolic link",
               "fifo-deck.pptx: not listed: it is a FIFO", "no build record for good"))  # fmt: skip
    started = time.monotonic()
    done = _watched(hostile, run, trace)
    assert time.monotonic() - started < 10, "deckgen gallery blocked"
    _check(done, run)
    page = (shown / "index.html").read_text(encoding="utf-8")
    assert "good-deck.pptx" in page and "stolen" not in page and "good-memo" not in page
    assert snapshot(hostile.outside) == before
    if trace is not None:
        assert not touched(trace, hostile.outside), "\n".join(touched(trace, hostile.outside))
        assert "content/" not in trace.read_text(errors="replace"), "a content file was opened"
