"""A marking, a footer line and a page label to the text of a memo's header and footer parts.

The marking goes at the top of every header and the foot of every footer, with the set's
footer line and "Page X of Y" fields where the template has no page number; the template's
own header and footer content stays. Parts arrive prepared (placeholders removed, one part
per kind the memo shows); a part two kinds share is edited twice, as python-docx did.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from deckgen.markings import Banner
from deckgen.ooxml import wordxml
from deckgen.templates.memo import HdrFtr

_SZ9 = '<w:rPr><w:sz w:val="18"/></w:rPr>'


@dataclass
class _Item:
    """A paragraph the writer added; ``empty`` ones go when the part is emptied again."""

    xml: str
    empty: bool = False


@dataclass
class _Part:
    prepared: HdrFtr
    front: list[_Item] = field(default_factory=list)  # inserted before the template's content
    back: list[_Item] = field(default_factory=list)  # appended after it

    def drop_empty(self) -> None:
        """The template's placeholders went in preparation; only added ones can be empty."""
        self.front = [i for i in self.front if not i.empty]
        self.back = [i for i in self.back if not i.empty]

    def has_paragraph(self) -> bool:
        return self.prepared.has_p or bool(self.front or self.back)

    def has_page(self) -> bool:
        return self.prepared.has_page or any(" PAGE " in i.xml for i in self.front + self.back)

    def text(self) -> str:
        p = self.prepared
        items = "".join(i.xml for i in reversed(self.front)) + p.middle
        return p.head + items + "".join(i.xml for i in self.back) + p.tail


@dataclass(frozen=True)
class Page:
    """What a briefing puts in the headers and footers."""

    mark: Banner | None
    footer: str | None  # the template set's footer line
    label: str  # "Page {page} of {pages}" in the set's words
    marking_style: str = ""  # the style id of the set's marking role


def render(
    parts: dict[str, HdrFtr], sections: list[tuple[list[str], list[str]]], page: Page
) -> dict[str, str]:
    """Member name -> the text of each header and footer part, edited for ``page``."""
    state = {name: _Part(prepared) for name, prepared in parts.items()}
    for headers, footers in sections:
        for name in headers:
            part = state[name]
            part.drop_empty()
            if page.mark:
                part.front.append(_marking(page.mark, part.prepared.decl, page.marking_style))
        for name in footers:
            _footer(state[name], page)
        for name in headers:
            part = state[name]
            if not part.has_paragraph():
                part.back.append(_Item(f"<w:p{part.prepared.decl}/>", empty=True))
    return {name: part.text() for name, part in state.items()}


def _footer(part: _Part, page: Page) -> None:
    decl = part.prepared.decl
    part.drop_empty()
    if page.footer:
        runs = wordxml.run(wordxml.run_content(page.footer), '<w:sz w:val="18"/>')
        part.back.append(_Item(wordxml.paragraph('<w:jc w:val="center"/>', runs, decl),
                               empty=not page.footer.strip()))  # fmt: skip
    if page.mark:
        part.back.append(_marking(page.mark, decl, page.marking_style))
    if not part.has_page():
        part.back.append(_Item(_page_numbers(page.label, decl)))
    if not part.has_paragraph():
        part.back.append(_Item(f"<w:p{decl}/>", empty=True))


def _marking(mark: Banner, decl: str, style: str) -> _Item:
    """The banner line, in the marking style: bold, at least 10 pt; a TLP label in its
    colour on black. It is the page's only marking: the memo's body repeats none."""
    props = "<w:b/>"
    if mark.fill:
        props += f'<w:color w:val="{_hex(mark.color)}"/>'
    props += f'<w:sz w:val="{wordxml.half_points(max(10, mark.min_size))}"/>'
    if mark.fill:
        props += f'<w:shd w:val="clear" w:color="auto" w:fill="{_hex(mark.fill)}"/>'
    align = "right" if mark.align == "right" else "center"
    runs = wordxml.run(wordxml.run_content(mark.text), props)
    pstyle = f'<w:pStyle w:val="{wordxml.attr(style)}"/>' if style else ""
    xml = wordxml.paragraph(f'{pstyle}<w:jc w:val="{align}"/>', runs, decl)
    return _Item(xml, empty=not mark.text.strip())


def _page_numbers(label: str, decl: str) -> str:
    """ "Page X of Y" with PAGE and NUMPAGES fields whose cached value readers refresh."""
    before, _, rest = label.partition("{page}")
    middle, _, after = rest.partition("{pages}")
    runs = []
    for piece, name in ((before, None), ("", "PAGE"), (middle, None), ("", "NUMPAGES"),
                        (after, None)):  # fmt: skip
        if name:
            runs.append(_field(name))
        elif piece:
            runs.append(f"<w:r>{_SZ9}{wordxml.run_content(piece)}</w:r>")
    return wordxml.paragraph('<w:jc w:val="center"/>', "".join(runs), decl)


def _field(instruction: str) -> str:
    """A complex field (PAGE, NUMPAGES) with a cached value of 1."""
    return (
        f'<w:r>{_SZ9}<w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r>{_SZ9}<w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
        f'<w:r>{_SZ9}<w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r>{_SZ9}<w:t>1</w:t></w:r>"
        f'<w:r>{_SZ9}<w:fldChar w:fldCharType="end"/></w:r>'
    )


def _hex(color: str | None) -> str:
    return wordxml.attr((color or "#1A1A1A").lstrip("#").upper())
