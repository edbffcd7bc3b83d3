"""Light inline markup (``**bold**``, ``*italic*``) to runs of styled text."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of text with one style."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True, slots=True)
class Text:
    """Text as runs; ``plain`` is what a reader of the output sees."""

    runs: tuple[Run, ...]

    @property
    def plain(self) -> str:
        return "".join(r.text for r in self.runs)

    def __str__(self) -> str:
        return self.plain

    def __bool__(self) -> bool:
        return bool(self.plain.strip())

    def __add__(self, other: Text | str) -> Text:
        tail = other.runs if isinstance(other, Text) else (Run(other),)
        return Text(self.runs + tail)

    @property
    def is_rtl(self) -> bool:
        return is_rtl(self.plain)


def plain(text: str, bold: bool = False, italic: bool = False) -> Text:
    """Text without markup parsing, in one style."""
    return Text((Run(text, bold, italic),))


# A marker pair only counts when it hugs non-space text, so "5 * 3 * 2" stays literal.
_MARKUP = re.compile(
    r"(?<![\\*])\*\*\*(?=[^\s*])(?P<both>.+?)(?<=[^\s\\*])\*\*\*(?!\*)"
    r"|(?<!\\)\*\*(?=\S)(?P<bold>.+?)(?<=\S)(?<!\\)\*\*"
    r"|(?<![\\*])\*(?=[^\s*])(?P<italic>.+?)(?<=[^\s\\*])\*(?!\*)"
)


def parse(source: str) -> Text:
    """Parse inline markup into runs; unmatched markers stay as literal characters."""
    runs: list[Run] = []
    _parse_into(source, False, False, runs)
    merged: list[Run] = []
    for run in runs:
        if merged and (merged[-1].bold, merged[-1].italic) == (run.bold, run.italic):
            merged[-1] = Run(merged[-1].text + run.text, run.bold, run.italic)
        elif run.text:
            merged.append(run)
    return Text(tuple(merged) or (Run(""),))


def _parse_into(source: str, bold: bool, italic: bool, out: list[Run]) -> None:
    pos = 0
    for m in _MARKUP.finditer(source):
        out.append(Run(_unescape(source[pos : m.start()]), bold, italic))
        if m.group("both") is not None:
            _parse_into(m.group("both"), True, True, out)
        elif m.group("bold") is not None:
            _parse_into(m.group("bold"), True, italic, out)
        else:
            _parse_into(m.group("italic"), bold, True, out)
        pos = m.end()
    out.append(Run(_unescape(source[pos:]), bold, italic))


def _unescape(s: str) -> str:
    return s.replace("\\*", "*")


def is_rtl(s: str) -> bool:
    """True when the first strongly directional character is right-to-left."""
    for ch in s:
        bidi = unicodedata.bidirectional(ch)
        if bidi in ("R", "AL"):
            return True
        if bidi == "L":
            return False
    return False
