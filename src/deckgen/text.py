"""Light inline markup (``**bold**``, ``*italic*``, ``[phrase]{lang=fa}``) to runs of styled
text, and the direction and language each stretch of it is written in."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass, replace


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of text with one style."""

    text: str
    bold: bool = False
    italic: bool = False
    lang: str | None = None  # a phrase the author marked `[...]{lang=fa}`; else the briefing's


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

    def bold(self) -> Text:
        """The same runs, all bold (a goal's or an issue's name leading its cell)."""
        return Text(tuple(replace(r, bold=True) for r in self.runs))


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def sentences(text: Text) -> list[Text]:
    """``text`` cut after each sentence's final stop, every run keeping its style and
    language (a long statement continues on a following slide between sentences)."""
    out: list[list[Run]] = [[]]
    for run in text.runs:
        pieces = _SENTENCE_END.split(run.text)
        for i, piece in enumerate(pieces):
            if i:
                out.append([])
            if piece:
                out[-1].append(replace(run, text=piece))
    return [Text(tuple(runs)) for runs in out if runs]


def joined(parts: list[Text]) -> Text:
    """Sentences put back together, a space between each."""
    runs: list[Run] = []
    for i, part in enumerate(parts):
        if i:
            runs.append(Run(" "))
        runs += part.runs
    return Text(tuple(runs) or (Run(""),))


def plain(text: str, bold: bool = False, italic: bool = False) -> Text:
    """Text without markup parsing, in one style."""
    return Text((Run(text, bold, italic),))


# A web address as sources print one: http or https only (no javascript: or file: link can
# come out of a briefing); the stop, comma or bracket after it is not part of it.
_WEB_ADDRESS = re.compile(r"https?://[^\s<>\"]+")
_ADDRESS_TRAILING = ".,;:!?)]}»”’'"


def web_addresses(s: str) -> list[tuple[str, bool]]:
    """``s`` cut into pieces, each with whether it is a web address: the deck, the memo and
    the web edition make those pieces links to themselves, so the link text is the address."""
    out: list[tuple[str, bool]] = []
    pos = 0
    for m in _WEB_ADDRESS.finditer(s):
        url = m.group().rstrip(_ADDRESS_TRAILING)
        if m.start() > pos:
            out.append((s[pos : m.start()], False))
        out.append((url, True))
        pos = m.start() + len(url)
    if pos < len(s) or not out:
        out.append((s[pos:], False))
    return out


# A language tag as BCP 47 writes one: en, fa, pt-BR, zh-Hant-TW.
LANGUAGE_TAG = r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*"
# A marker pair only counts when it hugs non-space text, so "5 * 3 * 2" stays literal;
# `[ایران]{lang=fa}` marks a phrase in another language than the briefing's. At each place
# the first of these that matches wins: a language mark, ***both***, **bold**, *italic*,
# each closed by the nearest closer after it (the reading of a lazy regular expression,
# found here in O(n log n) rather than by scanning ahead from every marker).
_LANG_CLOSE = re.compile(r"\]\{lang=(?P<lang>" + LANGUAGE_TAG + r")\}")
_CANDIDATE = re.compile(r"[\[*]")


class _Closers:
    """Where each kind of marker may close in ``s``, sorted, for the nearest one after a
    place; and where the next line break is (a marker pair never spans one)."""

    def __init__(self, s: str) -> None:
        self.s = s
        n = len(s)
        self.both: list[int] = []
        self.bold: list[int] = []
        self.italic: list[int] = []
        for k in (m.start() for m in re.finditer(r"\*", s)):
            before = s[k - 1] if k else ""
            if not before or before.isspace():
                continue
            after = s[k + 1] if k + 1 < n else ""
            if s.startswith("***", k) and before not in "\\*" and s[k + 3 : k + 4] != "*":
                self.both.append(k)
            if s.startswith("**", k) and before != "\\":
                self.bold.append(k)
            if before not in "\\*" and after != "*":
                self.italic.append(k)
        self.breaks = [m.start() for m in re.finditer("\n", s)]

    @staticmethod
    def first(found: list[int], at_least: int) -> int | None:
        i = bisect_left(found, at_least)
        return found[i] if i < len(found) else None

    def line_end(self, start: int) -> int:
        i = bisect_left(self.breaks, start)
        return self.breaks[i] if i < len(self.breaks) else len(self.s)


def _match(s: str, i: int, closers: _Closers) -> tuple[str, int, int, int, str | None] | None:
    """The marker pair opening at ``i``: (kind, content start, content end, end, language)."""
    before = s[i - 1] if i else " "  # nothing before reads as a space: no marker, no escape
    if s[i] == "[":
        if before == "\\":
            return None
        close = s.find("]", i + 1)
        inner_open = s.find("[", i + 1, close if close >= 0 else len(s))
        if close <= i + 1 or inner_open >= 0:
            return None
        lang = _LANG_CLOSE.match(s, close)
        return ("span", i + 1, close, lang.end(), lang.group("lang")) if lang else None
    end_of_line = closers.line_end(i)
    nxt = s[i + 1 : i + 2]
    third = s[i + 2 : i + 3]
    fourth = s[i + 3 : i + 4]
    opens_both = fourth and not fourth.isspace() and fourth != "*"
    if s.startswith("***", i) and before not in "\\*" and opens_both:
        k = closers.first(closers.both, i + 4)
        if k is not None and k + 3 <= end_of_line:
            return ("both", i + 3, k, k + 3, None)
    if s.startswith("**", i) and before != "\\" and third and not third.isspace():
        k = closers.first(closers.bold, i + 3)
        if k is not None and k + 2 <= end_of_line:
            return ("bold", i + 2, k, k + 2, None)
    if before not in "\\*" and nxt and not nxt.isspace() and nxt != "*":
        k = closers.first(closers.italic, i + 2)
        if k is not None and k + 1 <= end_of_line:
            return ("italic", i + 1, k, k + 1, None)
    return None


# the start of a language mark, complete or not, so validation can point at a broken one
_LANG_MARK_START = re.compile(r"(?<!\\)\[[^\[\]]*\]\{lang=[^}]*\}?")
_LANG_MARK = re.compile(r"(?<!\\)\[(?P<span>[^\[\]]+)\]\{lang=" + LANGUAGE_TAG + r"\}")


def unread_language_marks(source: str) -> list[str]:
    """The `[…]{lang=…}` marks in ``source`` that parse would leave as literal text."""
    return [m.group() for m in _LANG_MARK_START.finditer(source)
            if not _LANG_MARK.fullmatch(m.group())]  # fmt: skip


def parse(source: str) -> Text:
    """Parse inline markup into runs; unmatched markers stay as literal characters."""
    runs: list[Run] = []
    _parse_into(source, False, False, None, runs)
    merged: list[Run] = []
    for run in runs:
        if merged and (merged[-1].bold, merged[-1].italic, merged[-1].lang) == (
            run.bold, run.italic, run.lang
        ):  # fmt: skip
            merged[-1] = replace(run, text=merged[-1].text + run.text)
        elif run.text:
            merged.append(run)
    return Text(tuple(merged) or (Run(""),))


def _parse_into(source: str, bold: bool, italic: bool, lang: str | None, out: list[Run]) -> None:
    closers = _Closers(source)
    pos = 0
    for candidate in _CANDIDATE.finditer(source):
        i = candidate.start()
        if i < pos:
            continue  # inside a pair already read
        found = _match(source, i, closers)
        if found is None:
            continue
        kind, start, stop, end, marked = found
        out.append(Run(_unescape(source[pos:i]), bold, italic, lang))
        inner = source[start:stop]
        if kind == "span":
            _parse_into(inner, bold, italic, marked, out)
        elif kind == "both":
            _parse_into(inner, True, True, lang, out)
        elif kind == "bold":
            _parse_into(inner, True, italic, lang, out)
        else:
            _parse_into(inner, bold, True, lang, out)
        pos = end
    out.append(Run(_unescape(source[pos:]), bold, italic, lang))


def _unescape(s: str) -> str:
    return s.replace("\\*", "*").replace("\\[", "[")


# -- direction ----------------------------------------------------------------------------

# Languages written right to left (BCP 47 primary subtags), and scripts that are.
_RTL_LANGUAGES = {"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ku", "ps", "sd", "syr",
                  "ug", "ur", "yi"}  # fmt: skip
_RTL_SCRIPTS = {"arab", "hebr", "syrc", "thaa", "nkoo", "adlm"}
# The typeface for right-to-left stretches: Arial carries Arabic and Hebrew on Windows and
# macOS, and LibreOffice finds a face with the script where it lacks them.
COMPLEX_SCRIPT_FONT = "Arial"
# Letters only Persian (and Urdu) use among the Arabic script's, to name an unmarked stretch
_PERSIAN = set("پچژگکی")
_URDU = set("ٹڈڑںےھ")


def _strong(ch: str) -> str:
    """ "R" for a right-to-left letter, "L" for a left-to-right one, "" for anything else."""
    bidi = unicodedata.bidirectional(ch)
    if bidi in ("R", "AL"):
        return "R"
    return "L" if bidi == "L" else ""


def language_is_rtl(tag: str) -> bool:
    """True for a language (or a script subtag) written right to left: fa, he, az-Arab."""
    subtags = tag.lower().split("-")
    return subtags[0] in _RTL_LANGUAGES or any(s in _RTL_SCRIPTS for s in subtags[1:])


def wholly_rtl(s: str) -> bool:
    """True when ``s`` has right-to-left letters and no left-to-right one."""
    kinds = {_strong(ch) for ch in s}
    return "R" in kinds and "L" not in kinds


def is_rtl(s: str) -> bool:
    """True when the first strongly directional character is right-to-left."""
    for ch in s:
        kind = _strong(ch)
        if kind:
            return kind == "R"
    return False


def paragraph_rtl(text: Text | str, language: str) -> bool:
    """A paragraph's direction: the briefing's language's, unless every letter in it is
    right-to-left. A Persian quote inside an English sentence leaves the sentence
    left-to-right; a paragraph wholly in Persian reads right to left."""
    s = text.plain if isinstance(text, Text) else text
    return language_is_rtl(language) or wholly_rtl(s)


@dataclass(frozen=True, slots=True)
class Stretch:
    """A piece of a run in one direction, with the language it is written in."""

    text: str
    bold: bool
    italic: bool
    lang: str
    rtl: bool


# From a right-to-left letter to the last one before a left-to-right letter (the spaces and
# punctuation between two Persian words belong to the Persian stretch; those around it, not).
_RTL_STRETCH = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff\U0001e800-\U0001efff]"
    "(?:[^A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u052f]*"
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff\U0001e800-\U0001efff])?"
)


def stretches(text: Text, language: str) -> list[Stretch]:
    """The runs of ``text`` cut where the direction changes, each with its language: the one
    the author marked, else the briefing's, else (right-to-left in a left-to-right briefing)
    one guessed from the letters: Persian, Urdu, Hebrew or Arabic."""
    out: list[Stretch] = []
    for run in text.runs:
        pos = 0
        for m in _RTL_STRETCH.finditer(run.text) if _has_rtl(run.text) else ():
            if not all(_strong(ch) != "L" for ch in m.group()):
                continue  # a left-to-right letter outside the ranges above: keep it whole
            if m.start() > pos:
                out.append(_stretch(run, run.text[pos : m.start()], language, False))
            out.append(_stretch(run, m.group(), language, True))
            pos = m.end()
        if pos < len(run.text) or not run.text:
            out.append(_stretch(run, run.text[pos:], language, False))
    return out


def _has_rtl(s: str) -> bool:
    return any(_strong(ch) == "R" for ch in s)


def _stretch(run: Run, piece: str, language: str, rtl: bool) -> Stretch:
    lang = run.lang or language
    if rtl and not run.lang and not language_is_rtl(language):
        lang = _guess(piece)
    return Stretch(piece, run.bold, run.italic, lang, rtl)


def _guess(piece: str) -> str:
    letters = set(piece)
    if any("\u0590" <= ch <= "\u05ff" for ch in piece):
        return "he"
    if letters & _URDU:
        return "ur"
    if letters & _PERSIAN:
        return "fa"
    return "ar"
