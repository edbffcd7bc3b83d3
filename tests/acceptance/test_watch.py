"""`deckgen watch` as a user runs it: a save rebuilds within 2 s, a bad save shows the located
error and the watch goes on, a picture rebuilds the briefing that shows it, Ctrl-C exits 0."""

from __future__ import annotations

import hashlib
import os
import re
import signal
import struct
import subprocess
import sys
import threading
import time
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from deckgen.build.run import Options
from deckgen.build.watch import Watcher

from conftest import need_tool, run_cli

SAVE_TO_OUTPUT = 2.0  # seconds from a save to its rebuilt output (issue 8)
PATIENCE = 90.0  # the first build, on a loaded machine, before anything is timed


def png(rgb: tuple[int, int, int], size: int = 8) -> bytes:
    """A small solid-colour PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes(rgb) * size
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(row * size))
        + chunk(b"IEND", b"")
    )


class Output:
    """Lines a subprocess prints, collected by a thread so the test never blocks on a pipe."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.lines: list[str] = []
        self.lock = threading.Lock()
        assert proc.stdout is not None
        stream = proc.stdout
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream: object) -> None:
        for line in stream:  # type: ignore[attr-defined]
            with self.lock:
                self.lines.append(line.rstrip("\n"))

    def text(self) -> str:
        with self.lock:
            return "\n".join(self.lines)

    def wait_for(self, pattern: str, deadline: float, after: int = 0) -> re.Match[str]:
        """The first match of ``pattern`` in the lines from number ``after`` on."""
        while True:
            with self.lock:
                found = re.search(pattern, "\n".join(self.lines[after:]), re.M)
            if found:
                return found
            if time.monotonic() > deadline:
                raise AssertionError(f"no {pattern!r} in time; output so far:\n{self.text()}")
            time.sleep(0.02)

    def count(self) -> int:
        with self.lock:
            return len(self.lines)


def digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def wait_until(check: Callable[[], bool], seconds: float) -> float | None:
    """Seconds until ``check()`` holds, or None when it did not within ``seconds``."""
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if check():
            return time.monotonic() - start
        time.sleep(0.02)
    return None


def slide_text(deck: Path) -> str:
    with zipfile.ZipFile(deck) as z:
        return "".join(
            z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("ppt/slides/slide")
        )


def save(path: Path, text: str) -> None:
    """Save as an editor does: write a temporary file beside it, then rename over it."""
    tmp = path.with_name(f".{path.name}.swp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def test_watch_rebuilds_on_save_survives_errors_and_stops_cleanly(tmp_path: Path) -> None:
    assert run_cli("init", "ws", cwd=tmp_path).returncode == 0
    ws = tmp_path / "ws"
    content = ws / "content" / "sample-briefing.yaml"
    deck = ws / "build" / "sample-briefing-deck.pptx"
    original = content.read_text(encoding="utf-8")
    assert re.search(r"^title: ", original, re.M)
    proc = subprocess.Popen(
        [sys.executable, "-m", "deckgen", "watch"],
        cwd=ws,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "NO_COLOR": "1", "PYTHONUNBUFFERED": "1"},
    )
    out = Output(proc)
    try:
        out.wait_for(r"^watching ", time.monotonic() + PATIENCE)
        assert deck.is_file(), out.text()
        before = digest(deck)

        # 1. a valid save: rebuilt within 2 s, with the new title inside
        save(content, re.sub(r"^title: .*$", "title: Harbour traffic", original, flags=re.M))
        took = wait_until(lambda: digest(deck) != before, PATIENCE)
        assert took is not None, out.text()
        assert took < SAVE_TO_OUTPUT, f"rebuilt after {took:.2f} s\n{out.text()}"
        assert "Harbour traffic" in slide_text(deck)
        out.wait_for(r"content/sample-briefing\.yaml changed → rebuilt sample-briefing",
                     time.monotonic() + 5)  # fmt: skip

        # 2. an invalid save: the located error is shown, the outputs stay, watch goes on
        good = digest(deck)
        mark = out.count()
        broken = re.sub(r"^title: .*$", "titel: Harbour traffic", original, flags=re.M)
        line = broken.splitlines().index("titel: Harbour traffic") + 1
        save(content, broken)
        out.wait_for(
            rf"^content/sample-briefing\.yaml:{line}:1: error: unknown key 'titel'",
            time.monotonic() + 10,
            mark,
        )
        out.wait_for(r"error.* in content/sample-briefing\.yaml; previous outputs kept",
                     time.monotonic() + 5, mark)  # fmt: skip
        assert proc.poll() is None, out.text()
        assert digest(deck) == good

        # 3. the next valid save rebuilds again
        save(content, re.sub(r"^title: .*$", "title: Strait transits", original, flags=re.M))
        took = wait_until(lambda: digest(deck) != good, PATIENCE)
        assert took is not None and took < SAVE_TO_OUTPUT, out.text()
        assert "Strait transits" in slide_text(deck)

        # 4. a picture the briefing shows: changing it rebuilds the briefing
        picture = ws / "content" / "img" / "map.png"
        picture.parent.mkdir()
        picture.write_bytes(png((200, 30, 30)))
        with_picture = re.sub(r"^title: .*$", "title: Strait transits", original, flags=re.M)
        with_picture += (
            "\nsections:\n  - title: The strait\n    image: {path: img/map.png, "
            "alt: A map of the strait and its shipping lanes}\n"
        )
        current = digest(deck)
        save(content, with_picture)
        assert wait_until(lambda: digest(deck) != current, PATIENCE) is not None, out.text()
        current = digest(deck)
        mark = out.count()
        picture.write_bytes(png((30, 30, 200)))
        took = wait_until(lambda: digest(deck) != current, PATIENCE)
        assert took is not None and took < SAVE_TO_OUTPUT, out.text()
        out.wait_for(r"img/map\.png changed → rebuilt sample-briefing", time.monotonic() + 5, mark)

        # 5. Ctrl-C: a clean exit with status 0
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=20) == 0, out.text()
        assert "Traceback" not in out.text()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_what_a_change_rebuilds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Content files rebuild themselves; template files rebuild everything; other files
    nothing."""
    pytest.importorskip("watchfiles")
    assert run_cli("init", "ws", cwd=tmp_path).returncode == 0
    ws = tmp_path / "ws"
    second = ws / "content" / "second.yaml"
    second.write_text(
        (ws / "content" / "sample-briefing.yaml")
        .read_text(encoding="utf-8")
        .replace("id: sample-briefing", "id: second"),
        encoding="utf-8",
    )
    monkeypatch.chdir(ws)  # paths are shown relative to where the user stands
    watcher = Watcher([], Options(out_dir=ws / "build"), ws)
    targets = watcher.targets()
    one = next(p for p in targets if p.name == "second.yaml")
    files, reasons, _ = watcher.affected([one])
    assert [f.name for f in files] == ["second.yaml"] and reasons == ["content/second.yaml"]
    _, template_files = watcher.template_files()
    manifest = next(f for f in template_files if f.name == "template.yaml")
    files, _, _ = watcher.affected([manifest])
    assert sorted(f.name for f in files) == ["sample-briefing.yaml", "second.yaml"]
    files, reasons, _ = watcher.affected([(ws / "notes.txt").resolve()])
    assert files == [] and reasons == []
    output = (ws / "build" / "second-deck.pptx").resolve()
    assert watcher.affected([output]) == ([], [], [])
    roots = watcher.roots()
    assert (ws / "content").resolve() in roots
    # each folder is watched without its subfolders (a recursive watch would follow symlinked
    # folders out of the workspace), so the folder holding each file watched is a root
    assert manifest.parent in roots and len(roots) == len(set(roots))


def _descendants(pid: int) -> dict[int, str]:
    """Every process below ``pid``, by process id: its command name."""
    parents: dict[int, tuple[int, str]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue  # ended while listed
        name, rest = text[text.index("(") + 1 : text.rindex(")")], text[text.rindex(")") + 2 :]
        parents[int(stat.parent.name)] = (int(rest.split()[1]), name)
    found: dict[int, str] = {}
    wanted = [pid]
    while wanted:
        parent = wanted.pop()
        for child, (ppid, name) in parents.items():
            if ppid == parent and child not in found:
                found[child] = name
                wanted.append(child)
    return found


def pdf_text(pdf: Path) -> str:
    done = subprocess.run([need_tool("pdftotext"), str(pdf), "-"], capture_output=True,
                          text=True, check=False)  # fmt: skip
    return " ".join(done.stdout.split())


@pytest.mark.soffice
def test_watch_keeps_pdfs_current_through_one_warm_libreoffice(tmp_path: Path) -> None:
    """`deckgen watch -f pdf`: the PDFs are made at the start and after every save by the
    same LibreOffice, kept running (no "no warm renderer" fallback), which stops with watch."""
    need_tool("soffice")
    assert run_cli("init", "ws", cwd=tmp_path).returncode == 0
    ws = tmp_path / "ws"
    content = ws / "content" / "sample-briefing.yaml"
    pdfs = [ws / "build" / f"sample-briefing-{kind}.pdf" for kind in ("deck", "memo")]
    original = content.read_text(encoding="utf-8")
    env = {**os.environ, "NO_COLOR": "1", "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "deckgen", "watch", "-f", "pdf"], cwd=ws,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env=env)  # fmt: skip
    out = Output(proc)
    try:
        out.wait_for(r"^watching ", time.monotonic() + PATIENCE)
        assert "no warm renderer" not in out.text(), out.text()
        assert all(p.is_file() for p in pdfs), out.text()
        warm = {p for p, name in _descendants(proc.pid).items() if name.startswith("soffice")}
        assert warm, f"no LibreOffice kept running under watch\n{out.text()}"
        before = [digest(p) for p in pdfs]

        save(content, re.sub(r"^title: .*$", "title: Harbour traffic", original, flags=re.M))
        changed = lambda: all(digest(p) != d for p, d in zip(pdfs, before))  # noqa: E731
        assert wait_until(changed, PATIENCE) is not None, out.text()
        out.wait_for(r"rebuilt sample-briefing", time.monotonic() + 30)
        assert all("Harbour traffic" in pdf_text(p) for p in pdfs)
        still = {p for p, name in _descendants(proc.pid).items() if name.startswith("soffice")}
        assert warm <= still, "the rebuild's PDFs came from another LibreOffice"

        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == 0, out.text()
        gone = wait_until(lambda: not any(Path(f"/proc/{p}").exists() for p in warm), 20)
        assert gone is not None, "the warm LibreOffice outlived watch"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
