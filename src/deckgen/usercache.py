"""A template file's analysis to a JSON file in the user's cache, and back.

Reading a template with python-pptx or python-docx costs more than building a briefing, and
its answer depends only on the template's bytes and the set's settings. The analysis is saved
once per template and read back on later builds, which then never import those libraries.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from deckgen import __version__

_CODE_STAMP: str | None = None


def cache_dir() -> Path:
    """Where analyses live: DECKGEN_CACHE_DIR, else $XDG_CACHE_HOME/deckgen, else
    ~/.cache/deckgen."""
    named = os.environ.get("DECKGEN_CACHE_DIR")
    if named:
        return Path(named)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "deckgen"


def code_stamp() -> str:
    """deckgen's version and the size and time of each of its modules: an edited deckgen
    (a development checkout) never reads an analysis an older one wrote."""
    global _CODE_STAMP
    if _CODE_STAMP is None:
        digest = hashlib.sha256(__version__.encode())
        package = Path(__file__).parent
        for path in sorted(package.rglob("*.py")):
            stat = path.stat()
            digest.update(f"{path.relative_to(package)}:{stat.st_size}:{stat.st_mtime_ns}".encode())
        _CODE_STAMP = digest.hexdigest()[:16]
    return _CODE_STAMP


def key(*parts: bytes | str) -> str:
    """A cache key over ``parts`` (file bytes, settings) and the running deckgen."""
    digest = hashlib.sha256(code_stamp().encode())
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def load(kind: str, cache_key: str) -> dict[str, Any] | None:
    """The analysis stored under ``cache_key``, or None when absent or unreadable."""
    path = cache_dir() / kind / f"{cache_key}.json"
    try:
        value = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None  # absent or damaged: the caller analyses the template again
    return value if isinstance(value, dict) else None


def store(kind: str, cache_key: str, value: dict[str, Any]) -> None:
    """Save ``value`` atomically; a cache that cannot be written is simply not used."""
    folder = cache_dir() / kind
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as fh:
            fh.write(json.dumps(value, separators=(",", ":")).encode())
        os.replace(tmp, folder / f"{cache_key}.json")
    except OSError:
        return


def pack(data: bytes) -> str:
    """Bytes as JSON text."""
    return base64.b64encode(data).decode("ascii")


def unpack(text: str) -> bytes:
    return base64.b64decode(text)
