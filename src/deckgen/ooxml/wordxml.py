"""Text and run properties to WordprocessingML text, written as python-docx and lxml write it.

The memo writer builds its XML as strings; these helpers make each fragment the one
python-docx would have produced (same elements, same order, same escaping), so a memo built
either way has the same infoset, and usually the same bytes.
"""

from __future__ import annotations

import re

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {
    "w": W_NS,
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
}
# Characters XML 1.0 forbids; lxml refuses them, so the writer does too.
_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BREAKS = re.compile(r"([\t\r\n])")
EMU_PER_TWIP = 635
EMU_PER_PT = 12700


def text(value: str) -> str:
    """Character data escaped as lxml escapes it; ValueError for a character XML cannot hold
    (lxml refuses those too). Every piece of content passes here, so nothing else checks."""
    if not value.isprintable():  # a fast test that passes nearly all text at once
        _check(value)
    if "&" in value:
        value = value.replace("&", "&amp;")
    if "<" in value:
        value = value.replace("<", "&lt;")
    if ">" in value:
        value = value.replace(">", "&gt;")
    if "\r" in value:
        value = value.replace("\r", "&#13;")
    return value


def attr(value: str) -> str:
    """An attribute value escaped as lxml escapes it (for double quotes)."""
    value = text(value)
    if '"' in value:
        value = value.replace('"', "&quot;")
    if "\n" in value:
        value = value.replace("\n", "&#10;")
    if "\t" in value:
        value = value.replace("\t", "&#9;")
    return value


def _check(value: str) -> None:
    found = _INVALID.search(value)
    if found:
        raise ValueError(
            "All strings must be XML compatible: the memo's text holds the character "
            f"U+{ord(found.group()):04X}"
        )


def t(value: str) -> str:
    """A `w:t` element; spaces at either end are kept with xml:space, as python-docx does."""
    if value[0].isspace() or value[-1].isspace():  # what python-docx tests with strip()
        return f'<w:t xml:space="preserve">{text(value)}</w:t>'
    return f"<w:t>{text(value)}</w:t>"


def run_content(value: str) -> str:
    """A run's text as python-docx writes it: tabs as `w:tab`, line ends as `w:br`."""
    if "\t" not in value and "\n" not in value and "\r" not in value:
        return t(value) if value else ""
    out = []
    for piece in _BREAKS.split(value):
        if piece == "\t":
            out.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            out.append("<w:br/>")
        elif piece:
            out.append(t(piece))
    return "".join(out)


def run(content: str, props: str = "") -> str:
    """A `w:r` with its properties (already in schema order) and content."""
    if not props and not content:
        return "<w:r/>"
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f"<w:r>{rpr}{content}</w:r>"


def paragraph(props: str, runs: str, decl: str = "") -> str:
    """A `w:p`; ``decl`` declares the w prefix where the part's root does not."""
    if not props and not runs:
        return f"<w:p{decl}/>"
    ppr = f"<w:pPr>{props}</w:pPr>" if props else ""
    return f"<w:p{decl}>{ppr}{runs}</w:p>"


def twips(emu: int) -> str:
    """EMU to the twips python-docx writes (rounded half to even, as Python rounds)."""
    return str(round(emu / float(EMU_PER_TWIP)))


def half_points(points: float) -> str:
    """A font size as `w:sz` holds it, computed the way python-docx's Pt() and setter do."""
    emu = int(points * EMU_PER_PT)
    return str(int(emu / float(EMU_PER_PT) * 2))


def declarations(prefixes: tuple[str, ...], declared: dict[str | None, str]) -> str:
    """xmlns attributes for ``prefixes`` a part's root does not already bind the same way
    (lxml keeps exactly those on an element it moves into the part)."""
    return "".join(f' xmlns:{p}="{NS[p]}"' for p in prefixes if declared.get(p) != NS[p])
