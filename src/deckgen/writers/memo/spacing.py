"""A memo package to the same memo with its vertical spacing scaled: tighter to pull a short
last page back onto the page before it, looser to carry more onto it.

Only the space between paragraphs and the extra leading of auto line spacing change (the
template's and deckgen's own, in the styles, the body and the notes); type sizes, margins,
indents and exact line heights stay the template's, so the memo still looks like its house
style, set a little closer or a little more open.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

from deckgen.ooxml.zip import write_zip

# the parts whose paragraph spacing sets how far the memo runs
PARTS = ("word/styles.xml", "word/document.xml", "word/footnotes.xml", "word/endnotes.xml")
SINGLE = 240  # w:line of single spacing, in 240ths of a line
# (gaps, leading): paragraph gaps times the first, the leading above single times the second
TIGHTER = ((0.5, 0.0), (0.25, 0.0))  # tried in order until the short page is gone
LOOSER = (1.6, 1.5)
_SPACING = re.compile(rb"<w:spacing\b[^>]*/>")
_ATTR = re.compile(rb'\bw:(before|after|line)="(\d+)"')
_AUTO = re.compile(rb'\bw:lineRule="(?!auto")')  # exact or atLeast: a height, left alone


def scaled(docx: bytes, gaps: float, leading: float, when: dt.datetime) -> bytes:
    """``docx`` with every paragraph's space before and after times ``gaps`` and the leading
    of auto line spacing above single times ``leading``; zipped as deckgen zips (``when``)."""
    with zipfile.ZipFile(io.BytesIO(docx)) as src:
        files = {name: src.read(name) for name in src.namelist()}
    for part in PARTS:
        if part in files:
            files[part] = _SPACING.sub(lambda m: _scale(m.group(0), gaps, leading), files[part])
    return write_zip(files, when, keep_order=True)


def _scale(tag: bytes, gaps: float, leading: float) -> bytes:
    """One w:spacing element scaled; a run's character spacing (w:val) has no such keys."""
    exact = _AUTO.search(tag) is not None

    def one(match: re.Match[bytes]) -> bytes:
        key, value = match.group(1), int(match.group(2))
        if key == b"line":
            if exact or value <= SINGLE:
                return match.group(0)
            value = SINGLE + round((value - SINGLE) * leading)
        else:
            value = round(value * gaps)
        return b'w:%s="%d"' % (key, value)

    return _ATTR.sub(one, tag)
