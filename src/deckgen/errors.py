"""Locations, diagnostics and the exception tree that carries them to the command line.

DeckgenError                 base; ``category`` names the kind for the user
├── ContentError             one or more located diagnostics in content files (exit 1)
├── TemplateError            a template set or template file cannot be used (exit 1)
└── RenderError              an output could not be produced or written (exit 1)
    └── PdfError             LibreOffice is missing, failed or timed out
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable
from dataclasses import dataclass

from deckgen.console import PLAIN, Style, printable

# The shown source line: this many characters before the column, and this many in all, so a
# 50 MB single-line file prints one terminal line, and reading stops soon after the column.
BEFORE = 40
WIDTH = 96
_CHUNK = 1 << 16
# a token the caret underlines: a quoted string, or a run of plain YAML scalar characters
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"?|\'(?:[^\']|\'\')*\'?|(?:[^\s,\[\]{}#:]|:(?=\S))+')


@dataclass(frozen=True, slots=True)
class Location:
    """A place in a file; line and column count from 1, as editors show them."""

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        path = printable(self.path, lines=False)  # a name may hold an escape sequence
        if self.line <= 0:
            return path
        return f"{path}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding: where, what is wrong, and what to do about it."""

    location: Location | None
    message: str
    hint: str = ""
    severity: str = "error"
    code: str = ""  # a rule id such as EST-03, printed before the message

    def format(self, style: Style = PLAIN, source: bool = True) -> str:
        """``file:line:column: severity: message`` (editors and tests parse this first line),
        then the source line with a caret under the column, then the hint; every line after
        the first is indented, so a reader can tell where one diagnostic ends."""
        where = style.location(f"{self.location}:") + " " if self.location else ""
        message = printable(f"{self.code}: {self.message}" if self.code else self.message)
        text = f"{where}{style.severity(self.severity, self.severity + ':')} {message}"
        shown = excerpt(self.location) if source and self.location else None
        if shown is not None:
            number, line, pad, width = shown
            gutter = " " * (len(number) + 1)
            text += f"\n {number} | {line}\n{gutter} | "
            text += " " * pad + style.caret(self.severity, "^" + "~" * (width - 1))
        if self.hint:
            text += "\n    " + style.hint(printable(self.hint))
        return text


class DeckgenError(Exception):
    """Base of every error deckgen reports to a user without a traceback."""

    category = "error"

    def __init__(self, message: str, diagnostics: Iterable[Diagnostic] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.diagnostics = list(diagnostics)

    def format(self, style: Style = PLAIN) -> str:
        if self.diagnostics:
            return "\n".join(d.format(style) for d in self.diagnostics)
        return f"{style.severity('error', self.category + ':')} {printable(self.message)}"


class ContentError(DeckgenError):
    """Content files hold errors; every one found is in ``diagnostics``."""

    category = "content error"

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        found = list(diagnostics)
        count = sum(1 for d in found if d.severity == "error")
        super().__init__(f"{count} error{'s' if count != 1 else ''} in content", found)


class TemplateError(DeckgenError):
    """A template set, deck template or memo template cannot be used."""

    category = "template error"


class RenderError(DeckgenError):
    """An output could not be produced or written."""

    category = "render error"


class PdfError(RenderError):
    """PDF export through LibreOffice failed or LibreOffice is absent."""

    category = "pdf error"


def excerpt(location: Location) -> tuple[str, str, int, int] | None:
    """The line number, the line as shown (clipped around the column, controls replaced),
    the caret's offset in terminal cells, and the caret's width; None when there is no text
    line to show. The file is read only now, and only up to the line and a little past the
    column, so diagnostics cost nothing until printed."""
    if location.line <= 0:
        return None
    column = max(location.column, 1)
    lo = max(0, column - 1 - BEFORE)
    try:
        found = _window(location.path, location.line, lo, lo + WIDTH)
        if found is not None and lo and found[2] <= lo:  # the column lies past the line's end
            lo = max(0, found[2] - BEFORE)
            found = _window(location.path, location.line, lo, lo + WIDTH)
    except (OSError, ValueError):
        return None
    if found is None:
        return None
    text, more, _length = found
    if "\x00" in text:  # a binary file: nothing a reader could look at
        return None
    text = "".join(_printable(c) for c in text)
    at = min(column - 1 - lo, len(text))
    match = _TOKEN.match(text, at)
    width = _cells(match.group()) if match and match.group() else 1
    left = "…" if lo else ""
    shown = left + text + ("…" if more else "")
    return str(location.line), shown, len(left) + _cells(text[:at]), max(width, 1)


def _window(path: str, line: int, lo: int, hi: int) -> tuple[str, bool, int] | None:
    """Characters ``lo``..``hi`` of line ``line`` of ``path``, whether the line goes on past
    them, and how many characters were read. Memory stays bounded by the chunk size whatever
    the file's line lengths."""
    with open(path, "rb") as fh:
        rest = b""
        to_skip = line - 1
        while to_skip:
            chunk = fh.read(_CHUNK)
            if not chunk:
                return None  # the file has changed since; no such line any more
            count = chunk.count(b"\n")
            if count < to_skip:
                to_skip -= count
                continue
            at = -1
            for _ in range(to_skip):
                at = chunk.index(b"\n", at + 1)
            rest, to_skip = chunk[at + 1 :], 0
        decoder = codecs.getincrementaldecoder("utf-8")("replace")
        kept: list[str] = []
        seen = 0
        data = rest or fh.read(_CHUNK)
        while True:
            text = decoder.decode(data, final=not data)
            end = text.find("\n")
            if end >= 0:
                text = text[:end].removesuffix("\r")
            if seen == 0 and line == 1:
                text = text.removeprefix("\ufeff")  # YAML columns do not count the BOM
            start, seen = seen, seen + len(text)
            if lo < seen and start < hi:
                kept.append(text[max(lo, start) - start : min(hi, seen) - start])
            if seen > hi:
                return "".join(kept), True, seen
            if end >= 0 or not data:
                return "".join(kept), False, seen
            data = fh.read(_CHUNK)


def _printable(char: str) -> str:
    """Tabs become one space (YAML counts a tab as one column); other control characters
    (and bidirectional overrides) become U+FFFD, so a file cannot send escape sequences to
    the terminal, and the caret stays under the column."""
    if char == "\t":
        return " "
    if printable(char) != char:
        return "\ufffd"
    return char


def _cells(text: str) -> int:
    """Terminal cells ``text`` takes: wide East Asian characters two, combining marks none."""
    import unicodedata

    if text.isascii():
        return len(text)
    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
        for c in text
    )
