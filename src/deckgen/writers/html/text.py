"""Styled text and citations to HTML: runs with their language and direction, web addresses as
links, and footnotes as numbered notes linked both ways."""

from __future__ import annotations

from html import escape

from deckgen.plan import Memo
from deckgen.text import Text, language_is_rtl, stretches, web_addresses
from deckgen.writers.memo.body import (  # the memo's rules for joining citations in one note
    _close_end,
    _open_end,
)


def linked(s: str) -> str:
    """``s`` escaped, each web address in it a link to itself."""
    return "".join(
        f'<a href="{escape(piece)}">{escape(piece, quote=False)}</a>'
        if url
        else escape(piece, quote=False)
        for piece, url in web_addresses(s)
    )


def inline(text: Text, language: str) -> str:
    """``text`` as inline HTML: bold and italic as ``strong`` and ``em``; a stretch in another
    language than the page's carries ``lang``, and a right-to-left one ``dir="rtl"`` (in a
    left-to-right page), as the Word memo marks the same runs."""
    page_rtl = language_is_rtl(language)
    out = []
    for st in stretches(text, language):
        if not st.text:
            continue
        piece = linked(st.text)
        if st.italic:
            piece = f"<em>{piece}</em>"
        if st.bold:
            piece = f"<strong>{piece}</strong>"
        attrs = f' lang="{escape(st.lang)}"' if st.lang != language else ""
        if st.rtl != page_rtl:
            attrs += f' dir="{"rtl" if st.rtl else "ltr"}"'
        out.append(f"<span{attrs}>{piece}</span>" if attrs else piece)
    return "".join(out)


class Notes:
    """Footnotes as the memo numbers them: one per citing paragraph or row, each source in
    full the first time and shortened after (Chicago notes style)."""

    def __init__(self, memo: Memo) -> None:
        self.memo = memo
        self.cited: set[str] = set()
        self.texts: list[str] = []

    def ref(self, source_ids: tuple[str, ...]) -> str:
        """A new note citing ``source_ids``; returns the link to it ("" for no sources)."""
        if not source_ids:
            return ""
        parts = []
        for source_id in source_ids:
            table = self.memo.short_notes if source_id in self.cited else self.memo.notes
            parts.append(_open_end(table[source_id]))
            self.cited.add(source_id)
        self.texts.append(_close_end("; ".join(parts)))
        n = len(self.texts)
        return (f'<sup class="noteref"><a href="#fn{n}" id="fnref{n}">'
                f'<span class="vh">Note </span>{n}</a></sup>')  # fmt: skip

    def section(self, heading: str, level: int) -> str:
        """The notes, in order, each with a link back to where it is cited."""
        if not self.texts:
            return ""
        items = "".join(
            f'<li id="fn{n}">{linked(text)} <a href="#fnref{n}" class="backref">'
            f'<span aria-hidden="true">↩</span><span class="vh">Back to the text of note {n}'
            "</span></a></li>"
            for n, text in enumerate(self.texts, 1)
        )
        title = f'<h{level} id="notes-heading">{escape(heading)}</h{level}>'
        opening = '<section class="notes" aria-labelledby="notes-heading">'
        return f"{opening}{title}<ol>{items}</ol></section>"
