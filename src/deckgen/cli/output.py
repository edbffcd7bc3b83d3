"""Results and diagnostics to what a command prints: styled text, or `--json`'s JSON.

Diagnostics styled as --color, NO_COLOR and FORCE_COLOR say (console.py's styling), file
names shown safely, a build's report, and the versioned JSON of docs/cli.md.
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import click

from deckgen.cli.options import COLOR_KEY
from deckgen.console import Style, printable, style_for
from deckgen.errors import DeckgenError, Diagnostic

if TYPE_CHECKING:
    from deckgen.build.run import Report

# -- JSON -----------------------------------------------------------------------------------

VERSION = 1  # bump when a key changes meaning or disappears; adding keys keeps the version

# Each command's own keys, present (empty) even when the command stopped before any work
OWN_KEYS: dict[str, dict[str, Any]] = {
    "build": {"outputs": (), "built": (), "up_to_date": ()},
    "validate": {"valid": ()},
    "lint": {"infos": (), "strict": False},
    "score": {
        "briefings": (),
        "counts": None,
        "brier": None,
        "partly_counts_as": 0.5,
        "by_band": (),
        "by_actor": (),
        "by_area": (),
        "by_confidence": (),
        "forecasts": (),
        "outputs": (),
    },
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


# -- the terminal ---------------------------------------------------------------------------


def current_style(stream: TextIO | None = None) -> Style:
    """Colours for ``stream`` (stderr by default), as --color, NO_COLOR and FORCE_COLOR say."""
    ctx = click.get_current_context(silent=True)
    choice = ctx.meta.get(COLOR_KEY, "auto") if ctx else "auto"
    return style_for(stream or sys.stderr, choice)


def echo(text: str, err: bool = False) -> None:
    """Print text current_style() has already coloured or not: click must not strip it again."""
    click.echo(text, err=err, color=True)


def fail(exc: DeckgenError) -> None:
    echo(exc.format(current_style()), err=True)
    sys.exit(1)


def fail_json(command: str, exc: DeckgenError) -> None:
    """An error that stopped the command before any file was done, as --json reports it."""
    click.echo(dumps(result(command, False, diagnostics_of([exc]), [])))
    sys.exit(1)


def show(path: Path) -> str:
    try:
        shown = str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        shown = str(path)
    return printable(shown, lines=False)  # a file name may hold an escape sequence


def file_size(path: Path) -> str:
    try:
        return f"{path.stat().st_size / 1024:.0f} kB"
    except OSError:
        return "missing"


def no_files(command: str, as_json: bool, workspace: Path) -> None:
    message = "no content files found"
    hint = "Create one with `deckgen new NAME`, or name the files."
    if as_json:
        from deckgen.errors import ContentError, Diagnostic, Location

        where = Location(show(workspace / "content"))
        fail_json(command, ContentError([Diagnostic(where, message, hint)]))
    click.echo(f"{message}; create one with `deckgen new NAME`", err=True)
    sys.exit(1)


def print_report(report: Report, quiet: bool, verbose: bool, started: float) -> None:
    """A build's diagnostics on stderr and its outputs on stdout, as `build` and `watch` print."""
    style = current_style()
    for error in report.errors:
        echo(error.format(style), err=True)
    if quiet:
        return
    for warning in report.warnings:
        echo(warning.format(style), err=True)
    for output in report.outputs:
        size = f" ({file_size(output)})" if verbose else ""
        click.echo(f"wrote {show(output)}{size}")
    if verbose:
        for output in report.up_to_date:
            click.echo(f"up to date {show(output)}")
    elif report.up_to_date:
        count = len(report.up_to_date)
        click.echo(
            f"{count} output{'s' if count != 1 else ''} already up to date (--force rebuilds them)"
        )
    if verbose:
        count = len(report.built)
        click.echo(
            f"built {count} briefing{'s' if count != 1 else ''} in "
            f"{time.monotonic() - started:.2f} s",
            err=True,
        )
