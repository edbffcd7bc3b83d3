"""Conversion requests on stdin to PDFs through one LibreOffice kept running: the warm renderer.

deckgen starts this file as a script under a Python that can import LibreOffice's ``uno``
(Debian's python3-uno lives in the system Python, not in a virtual environment):

    python warm_server.py PARENT_PID UNOSERVER_DIR -- SOFFICE ARG...

It starts SOFFICE (with ``--accept`` on a loopback socket) in a process group of its own,
connects to it with unoserver's converter (a well-kept engine over LibreOffice's UNO API),
whose desktop loads each file hidden and stores its PDF. It reads one JSON request a line
on stdin and answers one JSON line on stdout:

    {"in": "/tmp/a.pptx", "out": "/tmp/a.pdf", "filter": "impress_pdf_Export",
     "options": ["PDFUACompliance=true"]}  ->  {"ok": true} or {"error": "..."}

It ends LibreOffice's whole group and exits when stdin closes (deckgen is done or gone),
when its parent changes (deckgen died by kill -9) or on SIGTERM/SIGHUP. No import of
deckgen: it runs under another interpreter.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from types import FrameType
from typing import Any

CONNECT_WAIT = 60.0  # seconds LibreOffice has to accept the first connection
POLL = 0.05


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _kill(child: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(child.pid, signal.SIGKILL)
    with contextlib.suppress(Exception):
        child.wait(timeout=5)


def _connect(child: subprocess.Popen[bytes], port: int) -> Any:
    """unoserver's converter, once LibreOffice accepts (it takes a second or so to start)."""
    from unoserver.converter import UnoConverter  # type: ignore[import-untyped]

    deadline = time.monotonic() + CONNECT_WAIT
    while True:
        try:
            return UnoConverter(interface="127.0.0.1", port=str(port))
        except Exception as exc:
            if child.poll() is not None:
                raise RuntimeError(f"LibreOffice exited ({child.returncode}) on start") from None
            if time.monotonic() > deadline:
                raise RuntimeError(f"LibreOffice did not accept a connection: {exc}") from None
            time.sleep(POLL)


def _watch_parent(parent: int, child: subprocess.Popen[bytes]) -> None:
    while True:
        time.sleep(0.2)
        if os.getppid() != parent:  # orphaned: deckgen is gone
            _kill(child)
            os._exit(1)


def _value(text: str) -> Any:
    """A filter option's value as LibreOffice types it: true/false, a whole number, or text."""
    if text in ("true", "false"):
        return text == "true"
    return int(text) if text.lstrip("-").isdigit() else text


def convert(desktop: Any, request: dict[str, Any]) -> None:
    """One file to PDF, loaded hidden and read-only as ``soffice --convert-to`` loads it:
    unoserver's own convert() opens a visible frame, which costs a deck a tenth of a second
    more (a sixth of its conversion). The document is closed even when the export fails, or
    a long-running renderer would keep every failed one open."""
    import uno  # type: ignore[import-not-found]
    from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]

    def url(path: str) -> str:
        return str(uno.systemPathToFileUrl(os.path.abspath(path)))

    document = desktop.loadComponentFromURL(
        url(request["in"]),
        "_blank",
        0,
        (PropertyValue(Name="Hidden", Value=True), PropertyValue(Name="ReadOnly", Value=True)),
    )
    if document is None:
        raise RuntimeError(f"LibreOffice could not open {request['in']}")
    try:
        options = [
            PropertyValue(Name=name, Value=_value(value))
            for name, value in (o.split("=", 1) for o in request.get("options", []))
        ]
        data = uno.Any("[]com.sun.star.beans.PropertyValue", tuple(options))
        document.storeToURL(url(request["out"]), (
            PropertyValue(Name="FilterName", Value=request["filter"]),
            PropertyValue(Name="FilterData", Value=data)))  # fmt: skip
    finally:
        document.close(True)


def _reply(message: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def main(argv: list[str]) -> int:
    parent = int(argv[0])
    sys.path.append(argv[1])  # unoserver, from deckgen's environment: pure Python
    cut = argv.index("--")
    port = _free_port()
    command = [*argv[cut + 1 :], f"--accept=socket,host=127.0.0.1,port={port};urp;"]
    if os.getppid() != parent:
        return 1
    child = subprocess.Popen(command, start_new_session=True, stdin=subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip

    def stop(_signum: int, _frame: FrameType | None) -> None:
        _kill(child)
        os._exit(143)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGHUP, stop)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # deckgen decides what Ctrl-C means
    threading.Thread(target=_watch_parent, args=(parent, child), daemon=True).start()
    try:
        converter = _connect(child, port)
    except Exception as exc:
        _reply({"error": str(exc)})
        _kill(child)
        return 1
    _reply({"ready": True, "pid": child.pid})
    try:
        for line in sys.stdin:
            if not line.strip():
                continue
            request = json.loads(line)
            try:
                convert(converter.desktop, request)
            except Exception as exc:
                _reply({"error": f"{type(exc).__name__}: {exc}"})
                if child.poll() is not None:
                    return 1
                continue
            _reply({"ok": True})
    finally:
        _kill(child)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
