"""The warm renderer and `deckgen preview` against real LibreOffice: the same PDFs as the
one-shot run, and a served page that follows a save."""

from __future__ import annotations

import datetime as dt
import http.client
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from acceptance.test_html import browser  # noqa: F401  (the fixture: one headless Chromium)
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


def _start(workspace: Path) -> tuple[subprocess.Popen[str], int]:
    """`deckgen preview` in ``workspace`` on the free port it chooses (its default), and that
    port, read from the URL it prints first: no port a parallel run could already hold."""
    proc = subprocess.Popen([sys.executable, "-m", "deckgen", "preview"], cwd=workspace,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)  # fmt: skip
    assert proc.stdout is not None
    first = proc.stdout.readline()
    found = re.match(r"preview at http://127\.0\.0\.1:(\d+)/ ", first)
    if not found:
        proc.kill()
        pytest.fail(f"preview printed no URL first: {first!r}{proc.communicate()[0]}")
    return proc, int(found.group(1))


@pytest.mark.soffice
def test_preview_follows_a_save(tmp_path: Path) -> None:
    need_tool("soffice")
    need_tool("pdftoppm")
    (tmp_path / "content").mkdir()
    content = tmp_path / "content" / SHIPPED.name
    content.write_text(SHIPPED.read_text(encoding="utf-8"), encoding="utf-8")
    if (SHIPPED.parent / "img").is_dir():  # a copy: a link out of the workspace is refused
        shutil.copytree(SHIPPED.parent / "img", tmp_path / "content" / "img")
    proc, port = _start(tmp_path)
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


TITLE = "Tehran publicly credits Moscow for standing by the nuclear deal"


@pytest.mark.browser
@pytest.mark.soffice
def test_preview_in_a_browser(tmp_path: Path, browser: Any) -> None:  # noqa: F811
    """Headless Chromium: a picture per slide and memo page, a title edit swaps that slide's
    picture and no other slide's, an invalid save shows the located error and keeps the
    pictures, and axe-core finds no WCAG 2.1 AA violation."""
    from acceptance.test_html import AXE_TAGS, axe_script

    need_tool("soffice")
    script = axe_script()
    (tmp_path / "content").mkdir()
    content = tmp_path / "content" / SHIPPED.name
    text = SHIPPED.read_text(encoding="utf-8")
    assert text.count(TITLE) == 1
    content.write_text(text, encoding="utf-8")
    if (SHIPPED.parent / "img").is_dir():
        shutil.copytree(SHIPPED.parent / "img", tmp_path / "content" / "img")
    proc, port = _start(tmp_path)
    try:
        _wait(port, lambda b: "deck-1.png" in b and "memo-1.png" in b)
        pdfs = {k: next(tmp_path.glob(f"**/*-{k}.pdf")) for k in ("deck", "memo")}
        import pypdfium2  # type: ignore[import-untyped]

        counts = {k: len(pypdfium2.PdfDocument(str(p))) for k, p in pdfs.items()}
        deck = pypdfium2.PdfDocument(str(pdfs["deck"]))
        number = next(i + 1 for i, sheet in enumerate(deck)
                      if TITLE[:30] in sheet.get_textpage().get_text_range())  # fmt: skip
        page = browser.new_page()
        try:
            page.goto(f"http://127.0.0.1:{port}/")
            shown = lambda: page.eval_on_selector_all(  # noqa: E731
                "#pages img", "xs => Object.fromEntries(xs.map(x => [x.id, x.getAttribute('src')]))"
            )
            first = shown()
            assert sorted(first) == sorted(
                [f"deck-{i + 1}.png" for i in range(counts["deck"])]
                + [f"memo-{i + 1}.png" for i in range(counts["memo"])]
            )
            assert (
                page.locator(f'#outline a[href="#deck-{number}.png"]').inner_text().endswith(TITLE)
            )
            page.evaluate("() => { window.kept = true; }")  # gone if the page reloads
            content.write_text(text.replace(TITLE, TITLE.replace("publicly", "openly")),
                               encoding="utf-8")  # fmt: skip
            target = f"deck-{number}.png"
            page.wait_for_function(
                "([n, s]) => document.getElementById(n).getAttribute('src') !== s",
                arg=[target, first[target]], timeout=WAIT * 1000,
            )  # fmt: skip
            second = shown()
            changed = {n for n in first if second[n] != first[n]}
            assert {n for n in changed if n.startswith("deck-")} == {target}
            assert len(changed - {target}) <= 1  # at most the memo page holding the title
            assert page.evaluate("() => window.kept === true")  # swapped, not reloaded
            content.write_text(text + "\ntitle: [\n", encoding="utf-8")
            page.wait_for_function(
                "() => document.getElementById('errors').textContent.includes('error')",
                timeout=WAIT * 1000,
            )
            error = page.locator("#errors").inner_text()
            assert re.search(rf"content/{re.escape(SHIPPED.name)}:\d+:\d+: ", error), error
            assert shown() == second  # the last good pictures stay
            page.add_script_tag(content=script)
            options = {"runOnly": {"type": "tag", "values": AXE_TAGS}}
            result = page.evaluate("o => axe.run(document, o)", options)
            assert result["violations"] == [], [v["id"] for v in result["violations"]]
        finally:
            page.close()
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=60)
    assert proc.returncode == 0, out
