"""Crash safety: kills, races, unwritable folders, full disks, no LibreOffice: no broken output."""

from __future__ import annotations

import builtins
import errno
import io
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
import pptx
import pytest
from click.testing import CliRunner

from deckgen.build import run as build_module
from deckgen.cli import main
from deckgen.errors import DeckgenError

from conftest import ROOT, SHIPPED, run_cli

# builds are killed, raced and starved through the real command line
pytestmark = [pytest.mark.slow]

PICTURE = ROOT / "content" / "img" / "alignment.png"
ID = "russia-iran-2017"
DECK, MEMO = f"{ID}-deck.pptx", f"{ID}-memo.docx"
KILLS = 50
ROUNDS = 4  # of two simultaneous builds


@dataclass
class Versions:
    """A workspace holding the shipped briefing, and the outputs of two versions of it."""

    ws: Path
    content: Path  # content/russia-iran-2017.yaml inside ws
    texts: tuple[str, str]  # version 1 (shipped) and version 2 (retitled)
    outputs: tuple[dict[str, bytes], dict[str, bytes]]  # output name -> bytes, per version
    seconds: float  # how long one full build takes here


def _cli(ws: Path, out: str, *extra: str) -> list[str]:
    # --force: rebuild even when the build cache says the outputs are current
    return [sys.executable, "-m", "deckgen", "build", f"content/{ID}.yaml", "-o", out,
            "--force", *extra]  # fmt: skip


def _opens(path: Path) -> None:
    """A complete document: a sound zip that python-pptx or python-docx reads."""
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None, f"{path.name}: a damaged zip member"
    if path.suffix == ".pptx":
        assert len(pptx.Presentation(str(path)).slides) > 0
    else:
        assert len(docx.Document(str(path)).paragraphs) > 0


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> Versions:
    ws = tmp_path_factory.mktemp("crash") / "ws"
    (ws / "content" / "img").mkdir(parents=True)
    shutil.copyfile(PICTURE, ws / "content" / "img" / PICTURE.name)
    one = SHIPPED.read_text(encoding="utf-8")
    two = one.replace("title: The Russia–Iran Alliance", "title: The Russia–Iran Partnership", 1)
    assert two != one
    content = ws / "content" / f"{ID}.yaml"
    outputs = []
    seconds = []
    for i, text in enumerate((one, two)):
        content.write_text(text, encoding="utf-8")
        for _ in range(2):  # the second run times a warm build, as the kills will see
            start = time.monotonic()
            done = subprocess.run(_cli(ws, f"ref{i}"), cwd=ws, capture_output=True, check=False)
            seconds.append(time.monotonic() - start)
            assert done.returncode == 0, done.stderr.decode()
        outputs.append({n: (ws / f"ref{i}" / n).read_bytes() for n in (DECK, MEMO)})
        for n in (DECK, MEMO):
            _opens(ws / f"ref{i}" / n)
    assert outputs[0][DECK] != outputs[1][DECK] and outputs[0][MEMO] != outputs[1][MEMO]
    return Versions(ws, content, (one, two), (outputs[0], outputs[1]), sorted(seconds)[1])


def _leftovers(out: Path) -> list[str]:
    """Files in ``out`` besides the outputs: only deckgen's hidden bookkeeping may remain."""
    extra = sorted(p.name for p in out.iterdir() if p.name not in (DECK, MEMO))
    assert all(name.startswith(".") for name in extra), f"visible leftovers: {extra}"
    return extra


# --- (a) kill -9 at random points ------------------------------------------------------------


def test_kill_minus_9_never_leaves_a_broken_output(versions: Versions) -> None:
    """50 builds killed at random moments: each output is the old file, absent where there
    was none, or the complete new one; never anything in between."""
    seed = int(os.environ.get("DECKGEN_KILL_SEED", time.time_ns() % 1_000_000))
    rng = random.Random(seed)
    ws, old, new = versions.ws, versions.outputs[0], versions.outputs[1]
    versions.content.write_text(versions.texts[1], encoding="utf-8")
    seen = {"old": 0, "absent": 0, "new": 0}
    temps = 0

    def kill(i: int, delay: float, seeded: bool) -> None:
        nonlocal temps
        out = ws / "killed" / str(i)
        out.mkdir(parents=True)
        if seeded:
            for name, data in old.items():
                (out / name).write_bytes(data)
        proc = subprocess.Popen(
            _cli(ws, str(out)), cwd=ws, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        where = f"kill {i} after {delay:.3f}s (seed {seed})"
        for name in (DECK, MEMO):
            path = out / name
            if not path.exists():
                assert not seeded, f"{where}: {name} vanished"
                seen["absent"] += 1
                continue
            data = path.read_bytes()
            if seeded and data == old[name]:
                seen["old"] += 1
            elif data == new[name]:
                seen["new"] += 1
            else:  # not byte-identical to a reference build, yet it must be whole
                _opens(path)
                seen["new"] += 1
        temps += len([n for n in _leftovers(out) if n.endswith(".tmp")])

    for i in range(KILLS):
        # most runs replace good outputs; some write into an empty folder; half the kills
        # anywhere in the build, half in its last third, where it writes
        span = (0.0, 1.1) if i % 2 else (0.66, 1.1)
        kill(i, rng.uniform(*span) * versions.seconds, seeded=i % 5 != 4)
    # on a loaded machine a build can take longer than the one timed: kill later and later
    # until one has finished, so the test still sees both sides of the replacement
    for j, late in enumerate((1.5, 2, 3, 4, 6, 8, 12)):
        if seen["new"]:
            break
        kill(KILLS + j, late * versions.seconds, seeded=True)
    print(f"kill -9 x{KILLS} (seed {seed}): {seen}; temporary files left: {temps}")
    # the kills fell both before and after the outputs were replaced: the test saw both sides
    assert seen["new"] > 0 and seen["old"] + seen["absent"] > 0, seen
    # and a build after all those kills still works in a folder they left behind
    last = ws / "killed" / "0"
    done = subprocess.run(_cli(ws, str(last)), cwd=ws, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    assert (last / DECK).read_bytes() == new[DECK]


# --- (b) two builds at once ------------------------------------------------------------------


def test_two_builds_at_once_both_finish(versions: Versions) -> None:
    ws = versions.ws
    versions.content.write_text(versions.texts[1], encoding="utf-8")
    for round_ in range(ROUNDS):
        out = ws / "twice" / str(round_)
        procs = [
            subprocess.Popen(
                _cli(ws, str(out)), cwd=ws, stdout=subprocess.PIPE, stderr=subprocess.PIPE
            )
            for _ in range(2)
        ]
        for proc in procs:
            _, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, err.decode()
            assert b"Traceback" not in err
        for name in (DECK, MEMO):
            if (out / name).read_bytes() != versions.outputs[1][name]:
                _opens(out / name)
        _leftovers(out)


# --- (c) a read-only output folder and a full disk -------------------------------------------


def _root_writes_anyway(folder: Path) -> bool:
    """Whether permissions fail to stop writes here (root, or a filesystem ignoring modes)."""
    probe = folder / "probe"
    probe.mkdir()
    probe.chmod(0o555)
    try:
        (probe / "x").write_bytes(b"")
        return True
    except PermissionError:
        return False
    finally:
        probe.chmod(0o755)
        shutil.rmtree(probe)


def _one_error(stderr: str, names: str) -> None:
    """One clear error, naming ``names``; no traceback."""
    assert "Traceback" not in stderr, stderr
    assert "internal error" not in stderr, stderr
    errors = [line for line in stderr.splitlines() if "error" in line.lower()]
    assert len(errors) == 1, stderr
    assert names in errors[0], stderr


def test_unwritable_output_folder(versions: Versions, tmp_path: Path) -> None:
    """Permissions where they bind; otherwise (root) a folder that cannot exist: a path
    under a regular file."""
    ws = versions.ws
    versions.content.write_text(versions.texts[1], encoding="utf-8")
    if _root_writes_anyway(tmp_path):
        blocker = tmp_path / "not-a-folder"
        blocker.write_text("a file where the output folder should go\n", encoding="utf-8")
        target, named = blocker / "out", "not-a-folder"
    else:
        target, named = tmp_path / "locked-out", "locked-out"
        target.mkdir()
        for name, data in versions.outputs[0].items():
            (target / name).write_bytes(data)
        target.chmod(0o555)
    try:
        done = run_cli(*_cli(ws, str(target))[3:], cwd=ws, timeout=120)
    finally:
        if target.is_dir():
            target.chmod(0o755)
    assert done.returncode == 1, f"exit {done.returncode}\n{done.stderr}"
    _one_error(done.stderr, named)
    if target.is_dir():  # the good outputs in the read-only folder are untouched
        for name, data in versions.outputs[0].items():
            assert (target / name).read_bytes() == data


def _fd_under(fd: int, folder: Path) -> bool:
    """Whether descriptor ``fd`` is a file inside ``folder`` (where /proc cannot tell: yes)."""
    link = Path(f"/proc/self/fd/{fd}")
    if not link.parent.is_dir():
        return True
    return Path(os.readlink(link)).is_relative_to(folder.resolve())


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Callable[[], int]:
    """Every write to a file opened for writing under ``tmp_path/out`` fails with ENOSPC,
    however deckgen opens it (open, os.fdopen); returns how many writes failed."""
    out = tmp_path / "out"
    failed = 0

    class Full(io.RawIOBase):
        def __init__(self, real: Any) -> None:
            self.real = real

        def writable(self) -> bool:
            return True

        def write(self, data: Any) -> int:
            nonlocal failed
            failed += 1
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        def close(self) -> None:
            self.real.close()
            super().close()

        def fileno(self) -> int:
            return int(self.real.fileno())

        def __getattr__(self, name: str) -> Any:
            return getattr(self.real, name)

    real_open, real_fdopen = builtins.open, os.fdopen

    def writing(mode: str) -> bool:
        return any(c in mode for c in "wax+")

    def fake_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        handle = real_open(file, mode, *args, **kwargs)
        inside = isinstance(file, (str, os.PathLike)) and (
            Path(file).resolve().is_relative_to(out.resolve())
        )
        return Full(handle) if inside and writing(mode) else handle

    def fake_fdopen(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        handle = real_fdopen(fd, mode, *args, **kwargs)
        return Full(handle) if writing(mode) and _fd_under(fd, out) else handle

    out.mkdir()
    monkeypatch.setattr(builtins, "open", fake_open)
    monkeypatch.setattr(os, "fdopen", fake_fdopen)
    return lambda: failed


def test_full_disk_in_process(versions: Versions, tmp_path: Path, full_disk: Callable[[], int],
                              monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """`build` on a full disk: deckgen's own error naming the output, old files unchanged."""
    out = tmp_path / "out"
    for name, data in versions.outputs[0].items():
        (out / name).write_bytes(data)
    monkeypatch.chdir(versions.ws)
    versions.content.write_text(versions.texts[1], encoding="utf-8")
    options = build_module.Options(out_dir=out, force=True)
    try:
        report = build_module.build([f"content/{ID}.yaml"], options, versions.ws)
        errors = [e.format() for e in report.errors]
    except DeckgenError as exc:
        errors = [exc.format()]
    assert full_disk() > 0, "no write reached the full disk"
    assert len(errors) == 1, errors
    assert str(out) in errors[0] or out.name in errors[0], errors
    for name, data in versions.outputs[0].items():
        assert (out / name).read_bytes() == data, f"{name} was damaged"
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")], "temporary files remain"


def test_full_disk_through_the_cli(versions: Versions, tmp_path: Path,
                                   full_disk: Callable[[], int],
                                   monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """The same through the command line: exit 1 and one message, not an internal error."""
    out = tmp_path / "out"
    monkeypatch.chdir(versions.ws)
    versions.content.write_text(versions.texts[1], encoding="utf-8")
    result = CliRunner().invoke(main, ["build", f"content/{ID}.yaml", "-o", str(out), "--force"])
    assert full_disk() > 0, "no write reached the full disk"
    assert result.exit_code == 1, f"exit {result.exit_code}\n{result.output}"
    _one_error(result.stderr, str(out))


# --- (d) LibreOffice missing -------------------------------------------------------------------


def _path_without_soffice() -> str:
    keep = [
        d
        for d in os.environ.get("PATH", "").split(os.pathsep)
        if d and not any((Path(d) / n).exists() for n in ("soffice", "libreoffice"))
    ]
    return os.pathsep.join(keep)


@pytest.mark.parametrize("formats", ["pdf", "pptx,docx,pdf"])
@pytest.mark.parametrize("how", ["DECKGEN_SOFFICE", "PATH"])
def test_missing_libreoffice(versions: Versions, tmp_path: Path, formats: str, how: str) -> None:
    ws = versions.ws
    versions.content.write_text(versions.texts[1], encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    for name, data in versions.outputs[0].items():
        (out / name).write_bytes(data)
    env = {"PATH": _path_without_soffice()}
    if how == "DECKGEN_SOFFICE":
        env["DECKGEN_SOFFICE"] = str(tmp_path / "no" / "soffice")
    done = run_cli(*_cli(ws, str(out), "-f", formats)[3:], cwd=ws, env=env, timeout=120)
    assert done.returncode == 1, f"exit {done.returncode}\n{done.stderr}"
    _one_error(done.stderr, "soffice" if how == "DECKGEN_SOFFICE" else "LibreOffice")
    assert not list(out.glob("*.pdf")), "a PDF appeared without LibreOffice"
    for name, data in versions.outputs[0].items():
        now = (out / name).read_bytes()
        if "pptx" not in formats:
            assert now == data, f"{name} changed though only PDFs were asked for"
        elif now not in (data, versions.outputs[1][name]):  # asked for: old, or whole and new
            _opens(out / name)
    _leftovers(out)
