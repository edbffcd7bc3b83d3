"""Built PDFs to a page of slide and memo-page pictures served on loopback: `deckgen preview`.

Safe by construction: the server binds 127.0.0.1 only, answers GET and HEAD only (no
endpoint writes), checks the Host header against its own address (DNS rebinding), and
serves only the pictures it rendered and the outputs of this build, looked up by name in a
table it made, never by joining a requested path onto a folder.
"""

from __future__ import annotations

import hashlib
import html
import subprocess
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

HOST = "127.0.0.1"
DPI = 60  # small pictures: enough to read a slide, quick to render and send


@dataclass
class Pictures:
    """What the page shows: picture name -> PNG bytes, in order, and the diagnostics."""

    order: list[str] = field(default_factory=list)
    images: dict[str, bytes] = field(default_factory=dict)
    digests: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    version: int = 0
    changed: threading.Condition = field(default_factory=threading.Condition)


def render_pages(pdf: Path, prefix: str, folder: Path) -> list[tuple[str, bytes]]:
    """Each page of ``pdf`` as (name, PNG bytes): with pypdfium2 (bench/preview.py: 2.9x
    faster than pdftoppm on our pages), else poppler's pdftoppm."""
    try:
        import pypdfium2  # type: ignore[import-untyped]
    except ImportError:
        return _poppler(pdf, prefix, folder)
    import io

    pages = []
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        for i, sheet in enumerate(document):
            picture = io.BytesIO()
            sheet.render(scale=DPI / 72).to_pil().save(picture, format="PNG")
            pages.append((f"{prefix}-{i + 1}.png", picture.getvalue()))
    finally:
        document.close()
    return pages


def _poppler(pdf: Path, prefix: str, folder: Path) -> list[tuple[str, bytes]]:
    stem = folder / prefix
    subprocess.run(["pdftoppm", "-png", "-r", str(DPI), str(pdf), str(stem)], check=True,
                   capture_output=True, timeout=300)  # fmt: skip
    found = sorted(folder.glob(f"{prefix}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    return [(f"{prefix}-{i + 1}.png", p.read_bytes()) for i, p in enumerate(found)]


def update(state: Pictures, pages: list[tuple[str, bytes]], errors: list[str]) -> list[str]:
    """Take a new rendering; return the names whose pictures changed (only those are re-sent).
    With errors and no pages (an invalid save), the last good pictures stay."""
    changed: list[str] = []
    with state.changed:
        state.errors = errors
        if pages:
            state.order = [name for name, _ in pages]
            for name, data in pages:
                digest = hashlib.sha256(data).hexdigest()
                if state.digests.get(name) != digest:
                    changed.append(name)
                    state.digests[name] = digest
                    state.images[name] = data
        state.version += 1
        state.changed.notify_all()
    return changed


def allowed_host(host: str | None, port: int) -> bool:
    """Whether a request's Host names this server itself (a DNS-rebinding page's does not)."""
    return host in {f"{HOST}:{port}", f"localhost:{port}"}


def page(state: Pictures) -> str:
    """The preview page: every picture in order, the errors at the top."""
    errors = "".join(f"<li><pre>{html.escape(e)}</pre></li>" for e in state.errors)
    figures = "".join(
        f'<li><img src="/img/{html.escape(n)}?v={state.digests[n][:12]}" id="{html.escape(n)}" '
        f'alt="{html.escape(_label(n))}" width="480"></li>'
        for n in state.order
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        "<title>deckgen preview</title></head><body><main><h1>deckgen preview</h1>"
        f'<section aria-label="Build errors"><ul id="errors">{errors}</ul></section>'
        f'<ul id="pages">{figures}</ul></main><script>'
        'const s=new EventSource("/events");s.onmessage=()=>location.reload();'
        "</script></body></html>"
    )


def _label(name: str) -> str:
    kind, number = name.rsplit("-", 1)
    return f"{'Slide' if kind == 'deck' else 'Memo page'} {number.removesuffix('.png')}"


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
                with state.changed:
                    body = page(state).encode()
                self._send(200, body, "text/html; charset=utf-8")
            elif path == "/events":
                self._events()
            elif path.startswith("/img/") and unquote(path[5:]) in state.images:
                self._send(200, state.images[unquote(path[5:])], "image/png")
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
