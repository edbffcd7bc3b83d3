"""A stream and the user's wishes (--color, NO_COLOR, FORCE_COLOR) to ANSI styling, or none."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TextIO

CHOICES = ("auto", "always", "never")

_RESET = "\x1b[0m"
_CODES = {"bold": "1", "dim": "2", "red": "31", "yellow": "33", "cyan": "36", "green": "32"}
_SEVERITY = {"error": "red", "warning": "yellow", "info": "cyan"}


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
