"""Diagnostics and command results to the versioned JSON that `--json` prints (docs/cli.md)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from deckgen.errors import DeckgenError, Diagnostic

VERSION = 1  # bump when a key changes meaning or disappears; adding keys keeps the version

# Each command's own keys, present (empty) even when the command stopped before any work
OWN_KEYS: dict[str, dict[str, Any]] = {
    "build": {"outputs": (), "built": (), "up_to_date": ()},
    "validate": {"valid": ()},
    "lint": {"infos": (), "strict": False},
}

_CODE = re.compile(r"([A-Z][A-Z0-9]*-\d\d): ")  # lint rule ids, as lint puts them first


def diagnostic(d: Diagnostic) -> dict[str, Any]:
    """One finding; every key is always present, null when it does not apply."""
    code, message = d.code, d.message
    found = None if code else _CODE.match(message)
    if found:  # a finding that carries its rule in the message text, as lint's do today
        code, message = found.group(1), message[found.end() :]
    located = d.location is not None and d.location.line > 0
    return {
        "file": d.location.path if d.location else None,
        "line": d.location.line if located and d.location else None,
        "column": d.location.column if located and d.location else None,
        "severity": d.severity,
        "code": code or None,
        "message": message,
        "hint": d.hint or None,
    }


def diagnostics_of(errors: Iterable[DeckgenError]) -> list[dict[str, Any]]:
    """Every diagnostic an error carries; an unlocated error becomes one without a file."""
    out: list[dict[str, Any]] = []
    for exc in errors:
        found = exc.diagnostics or [Diagnostic(None, exc.message)]
        out += [diagnostic(d) for d in found]
    return out


def result(
    command: str,
    ok: bool,
    errors: list[dict[str, Any]],
    warnings: list[dict[str, Any]],
    **extra: Any,
) -> dict[str, Any]:
    """The envelope every `--json` command prints: version, command, ok, errors, warnings,
    then the command's own keys."""
    return {
        "version": VERSION,
        "command": command,
        "ok": ok,
        "errors": errors,
        "warnings": warnings,
        **OWN_KEYS.get(command, {}),
        **extra,
    }


# What JSON may carry raw but a terminal would obey (C1 controls, U+009B among them;
# bidirectional overrides) or a UTF-8 stream cannot print (a file name's undecodable bytes, as
# surrogates): written as \u escapes, which any JSON reader turns back into the same text.
_RAW = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def dumps(data: dict[str, Any]) -> str:
    text = json.dumps(data, indent=2, ensure_ascii=False, default=_default)
    return _RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _default(value: object) -> object:
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON")
