"""Memo text to text that does not break where a typesetter would not: ranges, dates, units.

A likelihood range broke mid-range in the memo ("(95–" at a line's end, "99%)" on the next).
Word and LibreOffice break after an en dash and at a hyphen or space, so inside a range the
dash is held between word joiners (U+2060, invisible, not a space to a screen reader) and a
hyphen becomes a non-breaking one (U+2011); a day and its month, a month and its year, and a
number and its unit are joined by no-break spaces (U+00A0). Only the memo does this: the web
edition's text stays as written.
"""

from __future__ import annotations

import re

from deckgen.text import Run, Text

WORD_JOINER, NB_HYPHEN, NBSP = "\u2060", "\u2011", "\u00a0"
_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|"
           "December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec")  # fmt: skip
_EN_RANGE = re.compile(r"(?<=\d)\s?–\s?(?=\d)")  # 55–80, 1998 – 2001
_HYPHEN_RANGE = re.compile(r"(?<=\d)-(?=\d)")  # 55-80
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}}) (?=(?:{_MONTHS})\b)")  # 1 April
_MONTH_YEAR = re.compile(rf"\b((?:{_MONTHS})\.?) (?=\d{{1,4}}\b)")  # April 2017, April 1
_UNIT = re.compile(r"(?<=\d) (?=(?:%|km|m|kg|t|mi|nm|bn|billion|million|per cent|percent)\b)")


def unbreakable_text(text: str) -> str:
    """``text`` with no break allowed inside a range, a date or a number with its unit."""
    if not any(c.isdigit() for c in text):
        return text
    text = _EN_RANGE.sub(f"{WORD_JOINER}–{WORD_JOINER}", text)
    text = _HYPHEN_RANGE.sub(NB_HYPHEN, text)
    text = _DAY_MONTH.sub(rf"\1{NBSP}", text)
    text = _MONTH_YEAR.sub(rf"\1{NBSP}", text)
    return _UNIT.sub(NBSP, text)


def unbreakable(text: Text) -> Text:
    """Every run of ``text`` through ``unbreakable_text`` (a range cut by a change of style
    is left alone: it is rare, and joining across runs would move the style)."""
    runs = tuple(Run(unbreakable_text(r.text), r.bold, r.italic, r.lang) for r in text.runs)
    return text if runs == text.runs else Text(runs)
