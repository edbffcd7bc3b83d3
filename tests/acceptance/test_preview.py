"""The warm renderer and `deckgen preview` against real LibreOffice: the same PDFs as the
one-shot run, and a served page that follows a save."""

from __future__ import annotations

import datetime as dt
import http.client
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import SHIPPED, need_tool, run_cli

WAIT = 240  # seconds: generous, only a timeout, never a timed assertion


@pytest.mark.soffice
def test_warm_pdfs_are_the_one_shot_pdfs(tmp_path: Path) -> None:
    from deckgen.pdf import convert, warm

    need_tool("soffice")
    if warm.uno_python() is None:
        pytest.fail("no uno-capable Python: apt-get install python3-uno")
    done = run_cli("build", str(SHIPPED), "-f", "pptx,docx", "-o", str(tmp_path / "b"))
    assert done.returncode == 0, done.stderr
    sources = sorted((tmp_path / "b").glob("*.p*x")) + sorted((tmp_path / "b").glob("*.docx"))
    with warm.running() as why:
        assert why == ""
        assert warm.active() is not None
        hot = convert.convert(sources, tmp_path / "warm")
    assert warm.active() is None
    cold = convert.convert(sources, tmp_path / "cold")
    when = dt.datetime(2020, 1, 1)
    for a, b in zip(hot, cold, strict=True):
        pinned = convert.pin_pdf(a.read_bytes(), when)
        assert pinned == convert.pin_pdf(b.read_bytes(), when), a.name
        assert convert.tagged(pinned)


def _get(port: int, path: str) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read().decode("utf-8", "replace")
    conn.close()
    return response.status, body


def _sources(body: str) -> dict[str, str]:
    return dict(re.findall(r'src="/img/([^"?]+)\?v=(\w+)"', body))


def _wait(port: int, until) -> str:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        try:
            status, body = _get(port, "/")
            if status == 200 and until(body):
                return body
        except OSError:
            pass
        time.sleep(0.5)
    pytest.fail("the preview page did not reach the expected state in time")


@pytest.mark.soffice
def test_preview_follows_a_save(tmp_path: Path) -> None:
    need_tool("soffice")
    need_tool("pdftoppm")
    (tmp_path / "content").mkdir()
    content = tmp_path / "content" / SHIPPED.name
    content.write_text(SHIPPED.read_text(encoding="utf-8"), encoding="utf-8")
    if (SHIPPED.parent / "img").is_dir():  # a copy: a link out of the workspace is refused
        shutil.copytree(SHIPPED.parent / "img", tmp_path / "content" / "img")
    port = 20000 + os.getpid() % 20000
    proc = subprocess.Popen([sys.executable, "-m", "deckgen", "preview", "--port", str(port)],
                            cwd=tmp_path, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)  # fmt: skip
    try:
        first = _sources(_wait(port, lambda b: "deck-1.png" in b and "memo-1.png" in b))
        text = content.read_text(encoding="utf-8")
        content.write_text(re.sub(r"(?m)^title: .*$", 'title: "A new title"', text, count=1),
                           encoding="utf-8")  # fmt: skip
        second = _sources(_wait(port, lambda b: _sources(b) != first and "memo-1.png" in b))
        changed = {n for n in first if second.get(n) != first[n]}
        assert "deck-1.png" in changed  # the title slide
        assert len(changed) < len(first) / 2  # not every picture was re-rendered
        content.write_text(text + "\ntitle: [\n", encoding="utf-8")
        body = _wait(port, lambda b: "error:" in b)
        assert f"content/{SHIPPED.name}:" in body
        assert _sources(body) == second  # the last good pictures are kept
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=60)
    assert proc.returncode == 0, out  # SIGTERM, as Ctrl-C: a clean stop
