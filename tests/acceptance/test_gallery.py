"""The gallery: index.html in the output folder lists every built briefing with its files,
bundles and slide thumbnails; read back in headless Chromium."""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pptx
import pytest

from deckgen.publish.gallery import _split, page, png_size

from conftest import ROOT, need_tool, run_cli

ID = "russia-iran-2017"
TITLE = "The Russia–Iran Alliance"
STEMS = (ID, f"{ID}-public", f"{ID}-internal")
NO_SOFFICE = {"DECKGEN_SOFFICE": "/nonexistent/soffice"}


class Dom(HTMLParser):
    """Links, images and headings of a page, as the browser left it."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.links: list[str] = []
        self.images: list[dict[str, str]] = []
        self.headings: list[str] = []
        self.tags: list[str] = []
        self._heading = False
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        self.tags.append(tag)
        if tag == "a":
            self.links.append(found["href"])
        elif tag == "img":
            self.images.append(found)
        self._heading = tag == "h3"

    def handle_data(self, data: str) -> None:
        if self._heading:
            self.headings.append(data.strip())
            self._heading = False


def chromium(profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Headless Chromium, offline and with a profile of its own."""
    tool = need_tool("chromium")
    return subprocess.run(
        [tool, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={profile}", *args],
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip


def workspace(at: Path) -> Path:
    # the shipped briefing alone (content/ holds its review too) and its picture
    shutil.copytree(ROOT / "content" / "img", at / "content" / "img")
    shutil.copy(ROOT / "content" / f"{ID}.yaml", at / "content")
    return at


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Plain build with PDFs, variants without, a bundle, then `deckgen gallery`: thumbnails
    come from the existing PDF for one deck and from LibreOffice for the other two."""
    for tool in ("chromium", "soffice", "pdftoppm"):
        need_tool(tool)
    ws = workspace(tmp_path_factory.mktemp("gallery"))
    for args, env in (
        (["build", "-f", "pptx,docx,pdf"], {}),
        (["build", "--variant", "all"], {}),
        (["dist"], NO_SOFFICE),
        (["gallery"], {}),
    ):
        done = run_cli(*args, "-o", "out", cwd=ws, env=env, timeout=600)
        assert done.returncode == 0, done.stderr
    assert "wrote out/index.html" in done.stdout
    return ws / "out"


def expected_thumbnails(site: Path) -> dict[str, int]:
    return {s: len(pptx.Presentation(str(site / f"{s}-deck.pptx")).slides) for s in STEMS}


@pytest.mark.soffice
@pytest.mark.browser
def test_gallery_lists_every_file_and_thumbnail_in_chromium(site: Path, tmp_path: Path) -> None:
    done = chromium(tmp_path / "profile", "--dump-dom", (site / "index.html").as_uri())
    assert done.returncode == 0, done.stderr
    dom = Dom(done.stdout)

    files = {f"{s}-{k}" for s in STEMS for k in ("deck.pptx", "memo.docx")}
    files |= {f"{ID}-deck.pdf", f"{ID}-memo.pdf", f"dist/{ID}-1.0.zip"}
    assert sorted(dom.links) == sorted(files)
    assert all((site / link).is_file() for link in dom.links)
    assert dom.headings == ["All items (no variant applied)", "Variant: public",
                            "Variant: internal", "Distribution bundles"]  # fmt: skip
    assert "script" not in dom.tags and "UNCLASSIFIED" in done.stdout

    counts = expected_thumbnails(site)
    want = [(f"thumbs/{s}-{n}.png", f"Slide {n} of {TITLE}")
            for s in STEMS for n in range(1, counts[s] + 1)]  # fmt: skip
    assert [(i["src"], i["alt"]) for i in dom.images] == want
    for image in dom.images:
        size = png_size(site / image["src"])
        assert size and (str(size[0]), str(size[1])) == (image["width"], image["height"])
        assert 250 < size[0] < 400  # 24 dpi of a 13.33-inch slide


@pytest.fixture
def server(site: Path) -> Iterator[str]:
    """The gallery's parent folder over HTTP on 127.0.0.1, so a page there may read it."""
    handler = functools.partial(QuietHandler, directory=str(site.parent))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


PROBE = """<!DOCTYPE html><meta charset="utf-8"><pre id="r">pending</pre>
<iframe id="f" src="out/index.html" width="1200" height="900"></iframe>
<script>
const f = document.getElementById("f");
f.addEventListener("load", () => {  // after every image has loaded or failed
  document.getElementById("r").textContent = JSON.stringify([...f.contentDocument.images]
    .map(i => [i.getAttribute("src"), i.complete, i.naturalWidth, i.naturalHeight]));
});
</script>"""


@pytest.mark.soffice
@pytest.mark.browser
def test_every_thumbnail_decodes_in_chromium(site: Path, server: str, tmp_path: Path) -> None:
    (site.parent / "probe.html").write_text(PROBE, encoding="utf-8")
    done = chromium(tmp_path / "profile", "--dump-dom", f"{server}/probe.html")
    assert done.returncode == 0, done.stderr
    found = re.search(r'<pre id="r">([^<]*)</pre>', done.stdout)
    assert found, done.stdout[-2000:]
    images = json.loads(found.group(1).replace("&quot;", '"'))
    assert len(images) == sum(expected_thumbnails(site).values())
    for src, complete, width, height in images:
        assert complete and (width, height) == png_size(site / src), src


@pytest.mark.soffice
@pytest.mark.browser
def test_gallery_screenshot(site: Path, tmp_path: Path) -> None:
    shot = tmp_path / "gallery.png"
    done = chromium(tmp_path / "profile", "--hide-scrollbars", f"--screenshot={shot}",
                    "--window-size=1200,900", (site / "index.html").as_uri())  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert png_size(shot) == (1200, 900)


def test_build_refreshes_an_existing_gallery_without_libreoffice(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    log = tmp_path / "soffice.log"
    spy = tmp_path / "soffice"
    spy.write_text(f'#!/bin/sh\necho "$@" >> "{log}"\nexit 1\n', encoding="utf-8")
    spy.chmod(0o755)
    env = {"DECKGEN_SOFFICE": str(spy)}
    out = ws / "out"

    assert run_cli("build", "-o", "out", cwd=ws, env=env).returncode == 0
    assert not (out / "index.html").exists()  # a build writes only what was asked for
    done = run_cli("gallery", "-o", "out", cwd=ws, env=NO_SOFFICE)
    assert done.returncode == 0, done.stderr
    assert "note: thumbnails skipped" in done.stderr
    first = (out / "index.html").read_text(encoding="utf-8")
    assert f'href="{ID}-deck.pptx"' in first and "public" not in first

    done = run_cli("build", "--variant", "all", "-o", "out", cwd=ws, env=env)
    assert done.returncode == 0, done.stderr
    refreshed = (out / "index.html").read_text(encoding="utf-8")
    assert f'href="{ID}-public-deck.pptx"' in refreshed and "Variant: internal" in refreshed
    assert not log.exists() and not list(out.glob("thumbs/*.png"))  # no LibreOffice, no PNGs

    stamp = (out / "index.html").stat().st_mtime_ns
    assert run_cli("gallery", "-o", "out", cwd=ws, env=NO_SOFFICE).returncode == 0
    assert (out / "index.html").read_text(encoding="utf-8") == refreshed
    assert (out / "index.html").stat().st_mtime_ns == stamp  # unchanged page, untouched file


def test_every_text_is_escaped(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    text = (ROOT / "tests" / "fixtures" / "minimal.yaml").read_text(encoding="utf-8")
    evil = """title: '<script>alert("x")</script> & <b>Co</b>'"""
    (tmp_path / "content" / "odd.yaml").write_text(
        text.replace("title: Minimal Briefing", evil), encoding="utf-8"
    )
    assert run_cli("build", "-o", "out", cwd=tmp_path).returncode == 0
    done = run_cli("gallery", "-o", "out", cwd=tmp_path, env=NO_SOFFICE)
    assert done.returncode == 0, done.stderr
    page_text = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;Co&lt;/b&gt;" in page_text
    )
    assert "<script" not in page_text and "<b>" not in page_text


def test_variants_come_from_the_content_and_an_empty_folder_says_so() -> None:
    declared = {"a": ["b"], "a-b": ["c"]}
    assert _split("a-b", declared) == ("a", "b")
    assert _split("a-b-c", declared) == ("a-b", "c")
    assert _split("a-x", declared) == ("a-x", None)  # undeclared: a briefing of its own
    assert "Nothing built here yet" in page({}, {})


def test_gallery_needs_an_existing_folder(tmp_path: Path) -> None:
    done = run_cli("gallery", "-o", str(tmp_path / "nope"), cwd=tmp_path)
    assert done.returncode == 1 and "does not exist" in done.stderr
    assert "Traceback" not in done.stderr


def test_variants_come_from_the_build_record_not_the_content(tmp_path: Path) -> None:
    """The gallery reads no content file: with content/ gone and a FIFO in its place, the
    build record still says which stem is which variant; copied elsewhere without a record,
    the outputs are listed by name, with a note."""
    import os

    ws = workspace(tmp_path)
    assert run_cli("build", "--variant", "all", "-o", "out", cwd=ws).returncode == 0
    shutil.rmtree(ws / "content")
    (ws / "content").mkdir()
    os.mkfifo(ws / "content" / f"{ID}.yaml")  # would block a reader forever
    done = run_cli("gallery", "-o", "out", cwd=ws, env=NO_SOFFICE, timeout=30)
    assert done.returncode == 0, done.stderr
    page_text = (ws / "out" / "index.html").read_text(encoding="utf-8")
    assert "Variant: public" in page_text and "Variant: internal" in page_text
    assert page_text.count("<article") == 1 and "no build record" not in done.stderr

    shutil.copytree(ws / "out", ws / "copy", ignore=shutil.ignore_patterns("index.html"))
    done = run_cli("gallery", "-o", "copy", cwd=ws, env=NO_SOFFICE, timeout=30)
    assert done.returncode == 0, done.stderr
    assert f"note: no build record for {ID}-internal, {ID}-public: listed by file name" in (
        done.stderr
    )
    copied = (ws / "copy" / "index.html").read_text(encoding="utf-8")
    assert copied.count("<article") == 2 and "Variant: public" not in copied


def test_a_file_where_thumbnails_go_is_refused(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    assert run_cli("build", "-o", "out", cwd=ws).returncode == 0
    (ws / "out" / "thumbs").write_text("not a folder\n", encoding="utf-8")
    done = run_cli("gallery", "-o", "out", cwd=ws, env=NO_SOFFICE)
    assert done.returncode == 1, done.stderr
    assert "out/thumbs: error: is a file where deckgen needs a folder" in done.stderr
    assert "Move it away" in done.stderr and "Traceback" not in done.stderr
    assert not (ws / "out" / "index.html").exists()
    assert (ws / "out" / "thumbs").read_text(encoding="utf-8") == "not a folder\n"


def test_a_linked_index_is_neither_read_nor_replaced(tmp_path: Path) -> None:
    """index.html as a link (to a page elsewhere): `gallery` refuses it, located; a build
    into the folder writes its outputs and warns that the page was not updated."""
    ws = workspace(tmp_path)
    elsewhere = tmp_path / "elsewhere.html"
    elsewhere.write_text("<p>someone else's page</p>\n", encoding="utf-8")
    (ws / "out").mkdir()
    (ws / "out" / "index.html").symlink_to(elsewhere)
    done = run_cli("gallery", "-o", "out", cwd=ws, env=NO_SOFFICE)
    assert done.returncode == 1, done.stderr
    assert "out/index.html: error: is a symbolic link" in done.stderr, done.stderr
    done = run_cli("build", "-o", "out", cwd=ws, env=NO_SOFFICE)
    assert done.returncode == 0, done.stderr
    assert "index.html was not updated" in done.stderr and "Traceback" not in done.stderr
    assert (ws / "out" / "index.html").is_symlink()
    assert elsewhere.read_text(encoding="utf-8") == "<p>someone else's page</p>\n"
