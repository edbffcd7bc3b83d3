"""A killed or stopped PDF build leaves no LibreOffice process and no copy of the briefing in
the temporary folder: LibreOffice runs in a process group of its own under a guard that
ends it with deckgen (even after kill -9), and the next start removes what is left.

Every run gets a TMPDIR of its own, so the test sees exactly its own temporary folders and
processes (their command lines name that folder)."""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from deckgen import scratch
from deckgen.errors import PdfError
from deckgen.pdf import convert as pdf

from conftest import ROOT

FAKE = """#!/bin/sh
# a LibreOffice that never finishes, and starts a child of its own as soffice.bin does
echo $$ >> "$FAKE_PIDS"
sleep 300 &
echo $! >> "$FAKE_PIDS"
wait
"""


def workspace(at: Path) -> Path:
    shutil.copytree(ROOT / "content", at / "ws" / "content")
    (at / "tmp").mkdir()
    return at / "ws"


def fake_soffice(at: Path) -> dict[str, str]:
    script = at / "soffice"
    script.write_text(FAKE, encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return {"DECKGEN_SOFFICE": str(script), "FAKE_PIDS": str(at / "pids")}


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie, dead but not yet reaped by its parent, does not)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True


def naming(text: str) -> list[int]:
    """The processes whose command line holds ``text`` (Linux /proc)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as fh:
                    line = fh.read().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if text in line and alive(int(entry)):
                found.append(int(entry))
    return found


def _command(pid: int) -> str:
    """A process's command line, or "" when it ended since it was listed."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_text(errors="replace")
    except OSError:
        return ""


def ours(tmp: Path) -> list[str]:
    return sorted(p.name for p in tmp.iterdir() if p.name.startswith(scratch.PREFIXES))


def wait_for(check: object, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():  # type: ignore[operator]
            return True
        time.sleep(0.05)
    return False


STARTED: list[subprocess.Popen[str]] = []


@pytest.fixture(autouse=True)
def reap(tmp_path: Path) -> Iterator[None]:
    """Whatever a failing test left running: its deckgen, and the fake soffice's processes
    (only those still running the fake, so a reused process id is never hit)."""
    yield
    while STARTED:
        proc = STARTED.pop()
        if proc.poll() is None:
            proc.kill()
        proc.communicate()
    pids = tmp_path / "pids"
    for pid in (int(p) for p in pids.read_text().split()) if pids.exists() else ():
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as fh:
                line = fh.read()
        except OSError:
            continue
        if b"sleep\x00300" in line or str(tmp_path).encode() in line:
            os.kill(pid, signal.SIGKILL)


def _as_from_a_terminal() -> None:
    """SIGINT back to its default in the child, as in a terminal's foreground job: a runner
    started as a background job (`pytest &`, some CI shells) has SIGINT ignored, a child
    inherits that, and Python then leaves it ignored, so the test's Ctrl-C would never
    arrive (the build ran on to the 300 s fake LibreOffice)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start(ws: Path, env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    full = {**os.environ, "TMPDIR": str(ws.parent / "tmp"), **env}
    proc = subprocess.Popen(
        [sys.executable, "-m", "deckgen", "build", "content/russia-iran-2017.yaml", "-o", "out",
         "--force", *args], cwd=ws, env=full, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL, text=True,  # never the test runner's own pipe, as CI has none
        preexec_fn=_as_from_a_terminal,
    )  # fmt: skip
    STARTED.append(proc)
    return proc


needs_proc = pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="needs /proc")


@pytest.mark.soffice
@needs_proc
def test_kill_9_of_a_real_pdf_build_leaves_no_libreoffice_and_no_copies(tmp_path: Path) -> None:
    if not shutil.which("soffice"):
        pytest.skip("LibreOffice is not installed")
    ws = workspace(tmp_path)
    tmp = tmp_path / "tmp"
    good = start(ws, {}, "-f", "pptx,docx")
    assert good.wait(timeout=120) == 0, good.communicate()[1]
    before = {p.name: p.read_bytes() for p in (ws / "out").iterdir()}
    proc = start(ws, {}, "-f", "pptx,docx,pdf")
    # LibreOffice converting (its command line names the staging folder in our TMPDIR)
    running = wait_for(lambda: any("soffice.bin" in _command(p) for p in naming(str(tmp))), 60)
    assert running, proc.communicate()[1]
    assert ours(tmp), "no deckgen-pdf-* folder while LibreOffice converts?"
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate()
    assert wait_for(lambda: not naming(str(tmp)), 3), f"left running: {naming(str(tmp))}"
    assert wait_for(lambda: not ours(tmp), 3), f"left behind: {ours(tmp)}"
    for name, data in before.items():  # killed mid-way: the outputs are the previous ones
        assert (ws / "out" / name).read_bytes() == data or name.endswith(".pdf")


@needs_proc
@pytest.mark.parametrize("sig, code, word", [(signal.SIGTERM, 143, "SIGTERM"),
                                             (signal.SIGINT, 130, "Ctrl-C")])  # fmt: skip
def test_sigterm_and_ctrl_c_stop_libreoffice_and_clean_up(
    tmp_path: Path, sig: int, code: int, word: str
) -> None:
    ws = workspace(tmp_path)
    env = fake_soffice(tmp_path)
    proc = start(ws, env, "-f", "pdf")
    pids = tmp_path / "pids"
    assert wait_for(lambda: pids.exists() and len(pids.read_text().split()) == 2, 20)
    os.kill(proc.pid, sig)
    # the stop path waits up to STOP_WAIT for the guard to end LibreOffice; generous for a
    # loaded machine, and a real hang (the fake LibreOffice runs 300 s) still fails here
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == code, err
    assert f"deckgen: stopped ({word})" in err and "Traceback" not in err, err
    started = [int(p) for p in pids.read_text().split()]
    assert wait_for(lambda: not any(alive(p) for p in started), 3), "LibreOffice left running"
    assert not ours(tmp_path / "tmp")
    assert not list((ws / "out").glob("*.pdf")) if (ws / "out").exists() else True


@needs_proc
def test_kill_9_of_deckgen_and_its_guard_is_cleaned_at_the_next_start(tmp_path: Path) -> None:
    """Should the guard die too, the folders are stale: the next deckgen that makes one of
    its own removes them (their lock died with their owner)."""
    ws = workspace(tmp_path)
    env = fake_soffice(tmp_path)
    tmp = tmp_path / "tmp"
    proc = start(ws, env, "-f", "pdf")
    pids = tmp_path / "pids"
    assert wait_for(lambda: pids.exists() and len(pids.read_text().split()) == 2, 20)
    guards = [p for p in naming("guard.py") if str(proc.pid) in Path(f"/proc/{p}/cmdline")
              .read_text(errors="replace").split("\0")]  # fmt: skip
    assert len(guards) == 1
    for pid in (*guards, proc.pid, *(int(p) for p in pids.read_text().split())):
        os.kill(pid, signal.SIGKILL)  # everything: nothing of deckgen's can clean up now
    proc.communicate()
    stale = ours(tmp)
    assert stale, "nothing left to clean: the test would prove nothing"
    assert all((tmp / name / scratch.MARKER).exists() for name in stale)
    assert scratch.sweep(tmp) and not ours(tmp)


def test_sweep_removes_only_what_is_stale(tmp_path: Path) -> None:
    marked = tmp_path / "deckgen-pdf-dead"  # marked, lock free: its owner died
    marked.mkdir()
    (marked / scratch.MARKER).write_text("deckgen 1\n", encoding="utf-8")
    (marked / "russia-iran-2017-deck.pptx").write_bytes(b"a copy of the briefing")
    held = tmp_path / "deckgen-dist-alive"  # marked and locked by a live process
    held.mkdir()
    (held / scratch.MARKER).write_text("deckgen 2\n", encoding="utf-8")
    holder = subprocess.Popen([sys.executable, "-c", (
        "import fcntl, os, sys, time\n"
        f"fd = os.open({str(held)!r}, os.O_RDONLY); fcntl.flock(fd, fcntl.LOCK_EX)\n"
        "print('held', flush=True); time.sleep(60)\n"
    )], stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        young = tmp_path / "deckgen-soffice-young"  # unmarked: being set up right now
        young.mkdir()
        old = tmp_path / "deckgen-soffice-old"  # unmarked, empty and old: killed at birth
        old.mkdir()
        os.utime(old, (time.time() - 60, time.time() - 60))
        busy = tmp_path / "deckgen-pdf-unmarked"  # unmarked but not empty: not ours to judge
        busy.mkdir()
        (busy / "file").write_text("x", encoding="utf-8")
        os.utime(busy, (time.time() - 60, time.time() - 60))
        (tmp_path / "deckgen-pdf-link").symlink_to(marked)  # never followed
        other = tmp_path / "other-folder"
        other.mkdir()
        (other / scratch.MARKER).write_text("not deckgen's prefix\n", encoding="utf-8")
        removed = scratch.sweep(tmp_path)
        assert sorted(p.name for p in removed) == ["deckgen-pdf-dead", "deckgen-soffice-old"]
        assert sorted(p.name for p in tmp_path.iterdir()) == [
            "deckgen-dist-alive", "deckgen-pdf-link", "deckgen-pdf-unmarked",
            "deckgen-soffice-young", "other-folder"]  # fmt: skip
    finally:
        holder.kill()
        holder.wait()


def test_a_folder_is_held_while_used_and_gone_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", None)  # read TMPDIR anew
    with scratch.folder("deckgen-pdf-") as held:
        assert held.parent == tmp_path and (held / scratch.MARKER).is_file()
        assert scratch.live() == [held]
        assert scratch.sweep(tmp_path) == []  # its owner (we) is alive
    assert not held.exists() and scratch.live() == []
    with pytest.raises(RuntimeError), scratch.folder("deckgen-dist-") as failing:
        raise RuntimeError("a build that fails")
    assert not failing.exists()


@needs_proc
def test_a_timeout_ends_the_whole_process_group(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in fake_soffice(tmp_path).items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    monkeypatch.setattr("tempfile.tempdir", None)
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(pdf, "TIMEOUT", 1)
    source = tmp_path / "x.pptx"
    source.write_bytes(b"not converted")
    started = time.monotonic()
    with pytest.raises(PdfError, match="did not finish within 1 s"):
        pdf.convert([source], tmp_path / "pdf")
    assert time.monotonic() - started < 10
    pids = [int(p) for p in (tmp_path / "pids").read_text().split()]
    assert len(pids) == 2 and wait_for(lambda: not any(alive(p) for p in pids), 3)
    assert not ours(tmp_path / "tmp")


@pytest.mark.soffice
def test_the_shipped_briefing_still_makes_pdfs_under_the_guard(tmp_path: Path) -> None:
    if not shutil.which("soffice"):
        pytest.skip("LibreOffice is not installed")
    ws = workspace(tmp_path)
    proc = start(ws, {}, "-f", "pdf")
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert (ws / "out" / "russia-iran-2017-deck.pdf").read_bytes().startswith(b"%PDF")
    assert not ours(tmp_path / "tmp") and not naming(str(tmp_path / "tmp"))
