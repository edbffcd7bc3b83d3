"""The preview server's safety: loopback only, its own Host, read-only, no path leaves it."""

from __future__ import annotations

import http.client
import threading
from collections.abc import Iterator

import pytest

from deckgen.build.preview import Pictures, allowed_host, make_server, update


@pytest.fixture
def served(tmp_path) -> Iterator[tuple[int, Pictures]]:
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the page")
    (tmp_path / "link.png").symlink_to(secret)
    state = Pictures()
    outputs = tmp_path / "out"
    outputs.mkdir()
    (outputs / "b-deck.pdf").write_bytes(b"%PDF deck")
    update(state, [("deck-1.png", "s1", b"\x89PNG one"), ("memo-1.png", "s2", b"\x89PNG two")],
           ["content/b.yaml:9:3: warning: slide 1 'T': text shrunk", "x.yaml:1:1: warning: other"],
           {"b-deck.pdf": outputs / "b-deck.pdf"}, {"deck-1.png": "The <title>"})  # fmt: skip
    server = make_server(state)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server.server_address[1], state
    finally:
        server.shutdown()
        server.server_close()


def _get(port: int, path: str, method: str = "GET", host: str | None = None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.putrequest(method, path, skip_host=True)
    conn.putheader("Host", f"127.0.0.1:{port}" if host is None else host)
    conn.endheaders()
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, body


def test_binds_loopback_only(served):
    _port, state = served
    server = make_server(state)
    try:
        assert server.server_address[0] == "127.0.0.1"
    finally:
        server.server_close()


def test_serves_its_pictures_and_page(served):
    port, _ = served
    assert _get(port, "/img/deck-1.png") == (200, b"\x89PNG one")
    status, body = _get(port, "/")
    assert status == 200 and b'id="memo-1.png"' in body


def test_page_outline_outputs_and_diagnostics_beside_their_slide(served):
    port, _ = served
    body = _get(port, "/")[1].decode()
    assert '<a href="#deck-1.png">Slide 1: The &lt;title&gt;</a>' in body  # the outline
    assert '<a href="/out/b-deck.pdf">' in body
    beside = body.split('id="notes-deck-1.png"', 1)[1].split("</ul>", 1)[0]
    assert "slide 1 &#x27;T&#x27;: text shrunk" in beside  # beside its slide
    top = body.split('id="errors"', 1)[1].split("</ul>", 1)[0]
    assert "x.yaml:1:1: warning: other" in top and "shrunk" not in top
    assert _get(port, "/out/b-deck.pdf") == (200, b"%PDF deck")
    assert b'"deck-1.png"' in _get(port, "/state.json")[1]


@pytest.mark.parametrize("path", ["/img/../../../etc/passwd", "/img/%2e%2e/%2e%2e/etc/passwd",
                                  "/img/..%2f..%2fsecret.txt", "/img/%2fetc%2fpasswd",
                                  "/img/link.png", "/secret.txt", "/../secret.txt",
                                  "/out/../secret.txt", "/out/%2e%2e%2fsecret.txt",
                                  "/out/link.png", "/out/secret.txt", "/out/"])  # fmt: skip
def test_no_path_leaves_the_build(served, path):
    port, _ = served
    status, body = _get(port, path)
    assert status == 404 and b"not for the page" not in body


@pytest.mark.parametrize("host", ["evil.example", "evil.example:80", "127.0.0.1:1", ""])
def test_foreign_host_refused(served, host):
    port, _ = served
    assert _get(port, "/", host=host)[0] == 421
    assert allowed_host(f"localhost:{port}", port)


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE"])
def test_no_endpoint_writes(served, method):
    port, _ = served
    assert _get(port, "/", method=method)[0] == 405


def test_only_changed_pictures_count_and_errors_keep_the_last_good():
    state = Pictures()
    first = update(state, [("deck-1.png", "s1", b"a"), ("deck-2.png", "s2", b"b")], [])
    assert first == ["deck-1.png", "deck-2.png"]
    again = [("deck-1.png", "s1", None), ("deck-2.png", "s3", b"B")]  # page 1 not re-rendered
    assert update(state, again, []) == ["deck-2.png"]
    assert update(state, [], ["content/x.yaml:3:1: error: bad"]) == []
    assert state.images == {"deck-1.png": b"a", "deck-2.png": b"B"}
    assert state.errors == ["content/x.yaml:3:1: error: bad"]


def _pdf(path, texts: list[str]) -> None:
    import pikepdf

    document = pikepdf.new()
    for text in texts:
        document.add_blank_page(page_size=(200, 100))
        content = f"BT /F1 12 Tf 10 50 Td ({text}) Tj ET".encode()
        document.pages[-1].obj.Contents = document.make_stream(content)
    document.save(path)


def test_only_pages_whose_content_changed_are_rendered(tmp_path):
    from deckgen.build.preview import page_digests, render_pages

    _pdf(tmp_path / "a.pdf", ["one", "two", "three"])
    _pdf(tmp_path / "b.pdf", ["one", "TWO", "three"])
    first = render_pages(tmp_path / "a.pdf", "deck", tmp_path)
    assert [n for n, _, png in first if png] == ["deck-1.png", "deck-2.png", "deck-3.png"]
    known = {n: d for n, d, _ in first}
    again = render_pages(tmp_path / "b.pdf", "deck", tmp_path, known)
    assert [n for n, _, png in again if png] == ["deck-2.png"]  # only the edited page
    assert page_digests(tmp_path / "a.pdf")[0] == page_digests(tmp_path / "b.pdf")[0]
