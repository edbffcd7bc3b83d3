"""Built PDFs to a page of slide and memo-page pictures served on loopback: `deckgen preview`.

Safe by construction: the server binds 127.0.0.1 only, answers GET and HEAD only (no
endpoint writes), checks the Host header against its own address (DNS rebinding), and
serves only the pictures it rendered and the outputs of this build, looked up by name in a
table it made, never by joining a requested path onto a folder.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote

HOST = "127.0.0.1"
DPI = 60  # small pictures: enough to read a slide, quick to render and send
KINDS = {
    ".pdf": "application/pdf",
    ".html": "text/html; charset=utf-8",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@dataclass
class Pictures:
    """What the page shows: picture name -> PNG bytes, in order, and the diagnostics.

    ``sources`` keeps each picture's page digest (its content stream and pictures), so a
    rebuild renders only the pages whose digest changed. ``outputs`` is the table of this
    build's files the page links to, by name: the only files the server reads."""

    order: list[str] = field(default_factory=list)
    images: dict[str, bytes] = field(default_factory=dict)
    digests: dict[str, str] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    outputs: dict[str, Path] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    version: int = 0
    changed: threading.Condition = field(default_factory=threading.Condition)


def page_digests(pdf: Path) -> list[str]:
    """A digest per page of ``pdf``: its content stream and the pictures and forms it draws.
    Two pages with the same digest render the same, so an unchanged page is not rendered
    again; fonts are left out (LibreOffice subsets them per file, so one new letter would
    change every page), the glyphs a page draws are in its content stream."""
    import pikepdf

    found = []
    with pikepdf.open(pdf) as document:
        for sheet in document.pages:
            digest = hashlib.sha256()
            for stream in _streams(sheet.obj):
                digest.update(stream)
            found.append(digest.hexdigest())
    return found


def _streams(page: Any) -> list[bytes]:
    import pikepdf

    contents = page.get("/Contents")
    parts = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
    found = [part.read_bytes() for part in parts if part is not None]
    resources = page.get("/Resources")
    xobjects: Any = resources.get("/XObject") if resources is not None else None
    for name in sorted(xobjects.keys()) if xobjects is not None else []:
        found += [str(name).encode(), xobjects[name].read_raw_bytes()]
    return found


def render_pages(
    pdf: Path, prefix: str, folder: Path, known: dict[str, str] | None = None
) -> list[tuple[str, str, bytes | None]]:
    """Each page of ``pdf`` as (name, page digest, PNG bytes); a page whose digest is the one
    in ``known`` (name -> digest) is not rendered again (None). With pypdfium2
    (bench/preview.py: 2.9x faster than pdftoppm on our pages), else poppler's pdftoppm."""
    known = known or {}
    digests = page_digests(pdf)
    names = [f"{prefix}-{i + 1}.png" for i in range(len(digests))]
    wanted = [i for i, (n, d) in enumerate(zip(names, digests)) if known.get(n) != d]
    try:
        import pypdfium2  # type: ignore[import-untyped]
    except ImportError:
        drawn = _poppler(pdf, prefix, folder, wanted)
    else:
        drawn = _pdfium(pypdfium2, pdf, wanted)
    return [(n, d, drawn.get(i)) for i, (n, d) in enumerate(zip(names, digests))]


def _pdfium(pypdfium2: Any, pdf: Path, wanted: list[int]) -> dict[int, bytes]:
    import io

    drawn = {}
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        for i in wanted:
            picture = io.BytesIO()
            document[i].render(scale=DPI / 72).to_pil().save(picture, format="PNG")
            drawn[i] = picture.getvalue()
    finally:
        document.close()
    return drawn


def _poppler(pdf: Path, prefix: str, folder: Path, wanted: list[int]) -> dict[int, bytes]:
    drawn = {}
    for i in wanted:
        stem = folder / f"{prefix}-{i + 1}"
        subprocess.run(["pdftoppm", "-png", "-singlefile", "-r", str(DPI), "-f", str(i + 1),
                        "-l", str(i + 1), str(pdf), str(stem)], check=True,
                       capture_output=True, timeout=300)  # fmt: skip
        drawn[i] = stem.with_suffix(".png").read_bytes()
    return drawn


def update(state: Pictures, pages: list[tuple[str, str, bytes | None]], errors: list[str],
           outputs: dict[str, Path] | None = None,
           titles: dict[str, str] | None = None) -> list[str]:  # fmt: skip
    """Take a new rendering; return the names whose pictures changed (only those are re-sent).
    A page not rendered again (None) keeps its picture. With errors and no pages (an
    invalid save), the last good pictures, outputs and titles stay."""
    changed: list[str] = []
    with state.changed:
        state.errors = errors
        if pages:
            state.order = [name for name, _, _ in pages]
            for name, source, data in pages:
                state.sources[name] = source
                if data is None and name in state.images:
                    continue
                digest = hashlib.sha256(data or b"").hexdigest()
                if state.digests.get(name) != digest:
                    changed.append(name)
                    state.digests[name] = digest
                    state.images[name] = data or b""
            state.outputs = dict(outputs or {})
            state.titles = dict(titles or {})
        state.version += 1
        state.changed.notify_all()
    return changed


def allowed_host(host: str | None, port: int) -> bool:
    """Whether a request's Host names this server itself (a DNS-rebinding page's does not)."""
    return host in {f"{HOST}:{port}", f"localhost:{port}"}


def make_server(state: Pictures, port: int = 0) -> ThreadingHTTPServer:
    """A server on 127.0.0.1 (``port`` 0: a free one) serving ``state``."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass  # the terminal shows the builds, not every request

        def do_GET(self) -> None:
            own_port = self.server.server_address[1]  # type: ignore[index]
            if not allowed_host(self.headers.get("Host"), int(own_port)):
                self._send(421, b"wrong Host", "text/plain")
                return
            path = self.path.split("?", 1)[0]
            if path == "/":
                from deckgen.build.preview_page import page

                with state.changed:
                    body = page(state).encode()
                self._send(200, body, "text/html; charset=utf-8")
            elif path == "/events":
                self._events()
            elif path == "/state.json":
                with state.changed:
                    body = json.dumps({"version": state.version, "digests": state.digests,
                                       "errors": state.errors}).encode()  # fmt: skip
                self._send(200, body, "application/json")
            elif path.startswith("/img/") and unquote(path[5:]) in state.images:
                self._send(200, state.images[unquote(path[5:])], "image/png")
            elif path.startswith("/out/") and unquote(path[5:]) in state.outputs:
                self._output(state.outputs[unquote(path[5:])])
            else:  # no path is ever joined onto a folder: `..`, %2f or a link find nothing
                self._send(404, b"not found", "text/plain")

        do_HEAD = do_GET

        def _send(self, code: int, body: bytes, kind: str) -> None:
            self.send_response(code)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _output(self, file: Path) -> None:
            # a name from the table of this build's outputs; a file gone since is not found
            try:
                body = file.read_bytes()
            except OSError:
                self._send(404, b"not found", "text/plain")
                return
            self._send(200, body, KINDS.get(file.suffix, "application/octet-stream"))

        def _events(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            with state.changed:
                seen = state.version
            try:
                while True:
                    with state.changed:
                        state.changed.wait_for(lambda s=seen: state.version != s, timeout=15)  # type: ignore[misc]
                        now = state.version
                    self.wfile.write(f"data: {now}\n\n".encode() if now != seen else b": ping\n\n")
                    self.wfile.flush()
                    seen = now
            except OSError:
                return  # the page went away

        def do_POST(self) -> None:
            self._send(405, b"read-only", "text/plain")

        do_PUT = do_DELETE = do_PATCH = do_POST

    server = ThreadingHTTPServer((HOST, port), Handler)
    server.daemon_threads = True
    return server
