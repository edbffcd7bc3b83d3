"""A source to its Chicago short note: author's surname or publisher, short title, no date.

Chicago notes style gives a source in full at its first note and shortened after: the
author's surname (or, without an author, the publisher), then a short title of at most
four words, with the subtitle dropped. A long report title repeated in every note was the
clutter readers saw; the sources section keeps the full entry.
"""

from __future__ import annotations

import re

from deckgen.content.model import Source

SHORT_TITLE_WORDS = 4
KEPT_WHOLE = 6  # a title this short is already its own short title
# words a short title does not end on ("How Strong Is the" reads as cut off)
_WEAK = {"a", "an", "and", "as", "at", "by", "for", "from", "in", "is", "of", "on", "or",
         "the", "to", "with", "are", "was", "its", "no"}  # fmt: skip
# where a subtitle starts: a colon, an em dash, or a spaced en dash
_SUBTITLE = re.compile(r":\s|\s[—–]\s|—")


def short_title(title: str) -> str:
    """The title before its subtitle; past KEPT_WHOLE words, cut to SHORT_TITLE_WORDS
    words that do not end on a function word."""
    main = _SUBTITLE.split(title, maxsplit=1)[0].strip() or title.strip()
    words = main.split()
    if len(words) <= KEPT_WHOLE:
        return main
    cut = words[:SHORT_TITLE_WORDS]
    while len(cut) > 1 and cut[-1].lower().strip("‘’“”\"'") in _WEAK:
        cut.pop()
    return " ".join(cut).rstrip(",;")


def short_name(s: Source) -> str:
    """Who a short note names: the author's surname, else the publisher, else nothing."""
    if s.author:
        first = re.split(r"\s+(?:and|&)\s+|,\s*", s.author.strip())[0]
        return first.split()[-1] if first.split() else s.author
    return s.publisher or ""


def short_note(s: Source) -> str:
    """A source's note after its first: “Surname or Publisher, “Short Title”” (no date)."""
    title = f"“{short_title(s.title)}”"
    name = short_name(s)
    return f"{name}, {title}" if name else title
