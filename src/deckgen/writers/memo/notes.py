"""A memo's notes to the endnotes part a memo gets when its template set asks for endnotes.

``memo_options: citations: endnotes`` (the ICD 206 habit) puts the notes plan.citations
placed at the end of the memo, as real Word endnotes, instead of at the foot of each page.
"""

from __future__ import annotations

import io
import zipfile

FOOTNOTES, ENDNOTES = "footnotes", "endnotes"
NOTE_STYLES = (FOOTNOTES, ENDNOTES)
ENDNOTES_NAME = "word/endnotes.xml"
ENDNOTES_RELS = "word/_rels/endnotes.xml.rels"  # its links to the sources' web addresses
ENDNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml"
RT_ENDNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes"
_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def endnotes_xml(notes: list[str]) -> bytes:
    """The endnotes part: Word's separator and continuation separator, then the notes."""
    separators = "".join(
        f'<w:endnote w:type="{kind}" w:id="{n}"><w:p><w:pPr><w:spacing w:after="0" '
        f'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:{tag}/></w:r></w:p></w:endnote>'
        for kind, n, tag in (("separator", -1, "separator"),
                             ("continuationSeparator", 0, "continuationSeparator"))
    )  # fmt: skip
    head = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:endnotes xmlns:w="{_W_NS}">'
    )
    return (head + separators + "".join(notes) + "</w:endnotes>").encode("utf-8")


def carries_endnotes(docx: bytes) -> bool:
    """Whether a memo package cites in endnotes: LibreOffice sets them on pages of their own
    after the text, so such a memo's last page is its notes', not lines left alone."""
    try:
        with zipfile.ZipFile(io.BytesIO(docx)) as package:
            return b"<w:endnoteReference" in package.read("word/document.xml")
    except (zipfile.BadZipFile, KeyError):
        return False
