"""A stream and the user's wishes (--color, NO_COLOR, FORCE_COLOR) to ANSI styling, or none;
and any text deckgen prints to text a terminal shows as it is, never obeys."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import TextIO

CHOICES = ("auto", "always", "never")

_RESET = "\x1b[0m"
_CODES = {"bold": "1", "dim": "2", "red": "31", "yellow": "33", "cyan": "36", "green": "32"}
_SEVERITY = {"error": "red", "warning": "yellow", "info": "cyan"}


# What a terminal would obey rather than show: C0 and C1 controls (ESC starts a sequence
# that can retitle the window, move the cursor or hide text; C1 U+009B is one on its own),
# DEL, the bidirectional overrides that make a name read other than it is ("Trojan Source"),
# and the halves of surrogate pairs that stand for bytes of a file name that are not UTF-8
# (printing one would fail). Line breaks and tabs are left where a caller allows them.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_UNSAFE_LINES = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def printable(text: str, lines: bool = True) -> str:
    """``text`` with every character a terminal would act on written as an escape a reader
    can see (`\\x1b`; a file name's undecodable byte as `\\xff`): a file or template
    named with an escape sequence cannot colour, retitle or clear the terminal. With
    ``lines`` False, line breaks and tabs are escaped too (a path on a diagnostic's first
    line, which editors parse)."""
    pattern = _UNSAFE if lines else _UNSAFE_LINES
    if not pattern.search(text):
        return text
    return pattern.sub(_escaped, text)


def _escaped(m: re.Match[str]) -> str:
    code = ord(m.group())
    if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's stand-in for the byte code - 0xDC00
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def wants_color(stream: TextIO, choice: str = "auto") -> bool:
    """Whether to colour ``stream``: `--color always|never` wins; then NO_COLOR (no-color.org:
    set and not empty means no colour); then FORCE_COLOR; else only on a terminal that is
    not TERM=dumb, so pipes, files and CI logs stay plain."""
    if choice == "always":
        return True
    if choice == "never":
        return False
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


@dataclass(frozen=True, slots=True)
class Style:
    """Paints the parts of a diagnostic; with ``color`` off every method returns its text."""

    color: bool = False

    def paint(self, text: str, *names: str) -> str:
        if not self.color or not text:
            return text
        return "\x1b[" + ";".join(_CODES[n] for n in names) + "m" + text + _RESET

    def location(self, text: str) -> str:
        return self.paint(text, "bold")

    def severity(self, severity: str, text: str) -> str:
        return self.paint(text, "bold", _SEVERITY.get(severity, "bold"))

    def caret(self, severity: str, text: str) -> str:
        return self.paint(text, _SEVERITY.get(severity, "bold"))

    def hint(self, text: str) -> str:
        return self.paint(text, "dim")

    def good(self, text: str) -> str:
        return self.paint(text, "green")


PLAIN = Style(False)


def style_for(stream: TextIO, choice: str = "auto") -> Style:
    return Style(wants_color(stream, choice))
