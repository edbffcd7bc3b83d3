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
    update(state, [("deck-1.png", b"\x89PNG one"), ("memo-1.png", b"\x89PNG two")], [])
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


@pytest.mark.parametrize("path", ["/img/../../../etc/passwd", "/img/%2e%2e/%2e%2e/etc/passwd",
                                  "/img/..%2f..%2fsecret.txt", "/img/%2fetc%2fpasswd",
                                  "/img/link.png", "/secret.txt", "/../secret.txt"])  # fmt: skip
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
    first = update(state, [("deck-1.png", b"a"), ("deck-2.png", b"b")], [])
    assert first == ["deck-1.png", "deck-2.png"]
    assert update(state, [("deck-1.png", b"a"), ("deck-2.png", b"B")], []) == ["deck-2.png"]
    assert update(state, [], ["content/x.yaml:3:1: error: bad"]) == []
    assert state.images == {"deck-1.png": b"a", "deck-2.png": b"B"}
    assert state.errors == ["content/x.yaml:3:1: error: bad"]
