"""A Memo plan and a memo template to Word bytes, with real footnotes and page fields.

The caller prepares the template once (templates.memo: styles, parts, page setup; cached), and
each memo is then written as XML text: paragraphs, tables and footnotes are strings joined once,
so the time a memo takes grows with its length and nothing else, and no document library is
loaded. The writer is a serializer: it reads no file, no cache and no environment.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar

from deckgen.markings import banner
from deckgen.ooxml import wordxml
from deckgen.ooxml.wordxml import attr, paragraph, run, run_content
from deckgen.plan import Front, Heading, Memo, MemoImage, MemoTable, Para
from deckgen.templates import memo as memoprep
from deckgen.templates import memo_frame as memoframe
from deckgen.text import (
    COMPLEX_SCRIPT_FONT,
    Stretch,
    Text,
    paragraph_rtl,
    stretches,
    web_addresses,
)
from deckgen.text import plain as _plain
from deckgen.writers.memo import chart as memochart
from deckgen.writers.memo import notes as memonotes
from deckgen.writers.memo import package as memopack
from deckgen.writers.memo import page as memopage
from deckgen.writers.memo import typeset

if TYPE_CHECKING:
    import datetime as dt

    from deckgen.templates.sets import TemplateSet

_INCH = 914400
_CELL_SIZE = 9.5  # points: a table cell's runs are <w:sz w:val="19"/> (_Row)
_TABLE_LOOK = (
    '<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" '
    'w:noHBand="0" w:noVBand="1" w:val="04A0"/>'
)
_NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_GRAPHIC = "http://schemas.openxmlformats.org/drawingml/2006/picture"
_ROLE = {"bluf": "body", "source": "body", "attribution": "body"}


def _hex(color: str | None) -> str:
    return attr((color or "#1A1A1A").lstrip("#").upper())


class _MemoWriter:
    def __init__(self, memo: Memo, template: TemplateSet, prepared: memoprep.Prepared,
                 media: Mapping[str, bytes], when: dt.datetime) -> None:  # fmt: skip
        self.memo = memo
        self.when = when
        self.t = template
        self.p = prepared
        self.decl = prepared.body_decl
        self.style = {role: attr(style_id) for role, style_id in prepared.roles.items()}
        self.body: list[str] = []
        self.notes: list[str] = []
        style = str(template.memo_options.get("citations", memonotes.FOOTNOTES))
        self.endnotes = style == memonotes.ENDNOTES
        # endnotes live in a part of their own, which the writer adds: numbered from 1
        self.next_note = 1 if self.endnotes else prepared.next_note
        self.next_shape = prepared.next_shape
        self.cited: set[str] = set()
        self.media = memopack.Media(prepared, media)

    # -- footnotes

    def footnote(self, source_ids: tuple[str, ...]) -> str:
        """Add one note (a footnote, or an endnote when the set asks for them) citing
        ``source_ids``: each source in full the first time, shortened after (Chicago notes
        style). Returns the reference run."""
        if not source_ids:
            return ""
        if self.endnotes:
            return self.endnote(source_ids)
        note_id = self.next_note
        self.next_note += 1
        ref = self.style["footnote_reference"]
        runs = self._note_runs(source_ids, "footnotes")
        self.notes.append(
            f'<w:footnote{self.p.note_decl} w:id="{note_id}"><w:p><w:pPr><w:pStyle '
            f'w:val="{self.style["footnote_text"]}"/></w:pPr><w:r><w:rPr><w:rStyle '
            f'w:val="{ref}"/></w:rPr><w:footnoteRef/></w:r>{runs}</w:p></w:footnote>'
        )
        return (
            f'<w:r><w:rPr><w:rStyle w:val="{ref}"/></w:rPr>'
            f'<w:footnoteReference w:id="{note_id}"/></w:r>'
        )

    def _note_text(self, source_ids: tuple[str, ...]) -> str:
        texts = []
        for source_id in source_ids:
            table = self.memo.short_notes if source_id in self.cited else self.memo.notes
            texts.append(_open_end(table[source_id]))
            self.cited.add(source_id)
        return _close_end("; ".join(texts))

    def _note_runs(self, source_ids: tuple[str, ...], part: str) -> str:
        """A note's text as runs, each web address in it a link from the notes ``part``."""
        return "".join(
            self.link(piece, "", in_notes=part) if address else run(run_content(piece))
            for piece, address in web_addresses(" " + self._note_text(source_ids))
        )

    def endnote(self, source_ids: tuple[str, ...]) -> str:
        """One endnote, as ``footnote`` words it, its web addresses links as there."""
        note_id = self.next_note
        self.next_note += 1
        ref = self.style["footnote_reference"]
        text = self._note_runs(source_ids, "endnotes")
        self.notes.append(
            f'<w:endnote w:id="{note_id}"><w:p><w:pPr><w:pStyle '
            f'w:val="{self.style["footnote_text"]}"/></w:pPr><w:r><w:rPr><w:rStyle '
            f'w:val="{ref}"/></w:rPr><w:endnoteRef/></w:r>{text}</w:p></w:endnote>'
        )
        return (
            f'<w:r><w:rPr><w:rStyle w:val="{ref}"/></w:rPr>'
            f'<w:endnoteReference w:id="{note_id}"/></w:r>'
        )

    def link(self, url: str, props: str, in_notes: str = "") -> str:
        """A ``w:hyperlink`` to ``url`` whose text is the address itself (it reads on its own);
        ``props`` are the run's other properties, in schema order after the style."""
        rid = self.media.hyperlink(url, in_notes)
        # the template's "Hyperlink" character style, or the one the memo adds (package.styles);
        # r declared here: the footnotes part's root declares only w
        props = '<w:rStyle w:val="Hyperlink"/>' + props
        return (f'<w:hyperlink xmlns:r="{_NS_R}" r:id="{rid}">{run(run_content(url), props)}'
                "</w:hyperlink>")  # fmt: skip

    # -- paragraphs

    def paragraph(
        self,
        text: Text,
        role: str = "body",
        rtl: bool = False,
        *,
        border: str = "",
        tabs: str = "",
        spacing: str = "",
        jc: str = "",
        tail: str = "",
        keep: bool = False,
    ) -> str:
        """A paragraph in ``role``'s style; its properties come in the schema's order.
        ``keep`` keeps it on the page of the paragraph after (a heading, a caption)."""
        language = self.memo.language
        rtl = rtl or paragraph_rtl(text, language)
        text = typeset.unbreakable(text)
        props = (f'<w:pStyle w:val="{self.style[role]}"/>{"<w:keepNext/>" if keep else ""}'
                 f'{border}{tabs}{"<w:bidi/>" if rtl else ""}{spacing}{jc}')  # fmt: skip
        runs = []
        for st in stretches(text, language):
            for piece, address in web_addresses(st.text):
                part = replace(st, text=piece)
                if address and not st.rtl:
                    runs.append(self.link(piece, _styled(st.bold, st.italic)))
                else:
                    runs.append(stretch_run(part, language, st.bold, st.italic))
        return paragraph(props, "".join(runs) + tail, self.decl)

    # -- document

    def write(self) -> tuple[bytes, list[str]]:
        add = self.body.append
        for block in self.memo.blocks:
            if isinstance(block, Front):
                self._front()
            elif isinstance(block, Heading):
                role = "heading1" if block.level == 1 else "heading2"
                add(self.paragraph(block.text, role, keep=True))  # never last on a page
            elif isinstance(block, Para):
                self.para(block, block.cites)
            elif isinstance(block, MemoTable):
                self.table(block)
            elif isinstance(block, MemoImage):
                self.image(block)
        changed = self._parts(self.when)
        warnings = list(self.p.warnings)
        marking = banner(self.memo.marking).text if self.memo.marking else None
        warnings += memoframe.kept_mark_warnings(self.p.kept_marks, marking)
        return memopack.assemble(self.p, changed, self.media, self.when), warnings

    def _spaced(self) -> list[str]:
        """The body with a paragraph after a table only where Word needs one: before another
        table and at the end; elsewhere it would be an empty paragraph to a screen reader."""
        out = []
        for i, piece in enumerate(self.body):
            if piece == _SPACER:
                following = self.body[i + 1] if i + 1 < len(self.body) else None
                if following is not None and not following.startswith("<w:tbl"):
                    continue
                piece = f"<w:p{self.decl}/>"
            out.append(piece)
        return out

    def _parts(self, when: dt.datetime) -> dict[str, bytes]:
        """Every member content changes, as bytes."""
        p = self.p
        frames = memopage.render(p.parts, p.sections, self._page())
        changed = {name: xml.encode("utf-8") for name, xml in frames.items()}
        changed[p.document_name] = _fill(p.document, memoprep.BODY, self._spaced())
        if self.endnotes:
            changed[p.footnotes_name] = _fill(p.footnotes, memoprep.NOTES, [])
            changed[memonotes.ENDNOTES_NAME] = memonotes.endnotes_xml(self.notes)
            self.media.endnotes()
        else:
            changed[p.footnotes_name] = _fill(p.footnotes, memoprep.NOTES, self.notes)
        changed[p.styles_name] = memopack.styles(p, self.memo.language, self.media.links)
        changed[p.core_name] = memopack.core(p, self.memo.properties, when)
        changed[p.rels_name] = memopack.relationships(p, self.media)  # after the notes' links
        changed["[Content_Types].xml"] = memopack.content_types(p, self.media)
        return changed

    def _page(self) -> memopage.Page:
        """What this memo puts in headers and footers."""
        return memopage.Page(
            banner(self.memo.marking) if self.memo.marking else None,
            self.t.footer,
            str(self.t.labels.get("page", "Page {page} of {pages}")),
            self.p.roles["marking"],
        )

    def _front(self) -> None:
        m = self.memo
        add = self.body.append
        if self.t.logo:
            logo = self.t.logo
            align = "left" if logo.position.endswith("left") else "right"
            add(self._picture(logo.path, logo.alt, align, height=int(logo.height * 1.5 * _INCH)))
        memorandum = str(self.t.labels.get("memorandum", "MEMORANDUM"))
        add(self.paragraph(_plain(memorandum, bold=True), "memo_field"))
        add(self.paragraph(m.title, "title"))
        if m.subtitle:
            add(self.paragraph(m.subtitle, "subtitle"))
        tab = '<w:tabs><w:tab w:pos="1584" w:val="left"/></w:tabs>'  # 1.1 in, in twips
        # the rule under the front matter is its last paragraph's bottom border: an empty
        # paragraph drawn as a rule is an empty /P to a screen reader
        rule = (f'<w:pBdr><w:bottom w:val="single" w:sz="8" w:space="8" '
                f'w:color="{_hex(self.t.palette.get("primary"))}"/></w:pBdr>')  # fmt: skip
        after = '<w:spacing w:after="240"/>'
        for n, (label, value) in enumerate(m.fields, 1):
            last = n == len(m.fields)
            add(self.paragraph(_plain(label + "\t", bold=True) + value, "memo_field", tabs=tab,
                               border=rule if last else "",
                               spacing=after if last else ""))  # fmt: skip
        if not m.fields:
            add(self.paragraph(_plain(""), "body", border=rule))
        if m.distribution:
            add(self.paragraph(_plain(m.distribution, italic=True), "caption"))

    def para(self, block: Para, cites: tuple[str, ...] = ()) -> None:
        """A paragraph with the note it carries (``cites``: see plan.citations)."""
        role = _ROLE.get(block.role, block.role)
        jc = '<w:jc w:val="right"/>' if block.role == "attribution" else ""
        spacing = '<w:spacing w:after="200"/>' if block.role == "bluf" else ""
        # the note is numbered after the paragraph's text is laid out, as a reader meets it
        note = self.footnote(cites)
        # a caption names the table or chart under it: it goes where that goes
        self.body.append(self.paragraph(block.text, role, block.rtl, spacing=spacing, jc=jc,
                                        tail=note, keep=block.role == "caption"))  # fmt: skip

    def table(self, block: MemoTable) -> None:
        """A table as python-docx's add_table and add_row build it: centred, in the set's
        table style, a repeating shaded header row, every cell one body paragraph."""
        if block.chart is not None:  # drawn natively above its caption and data (memo/chart.py)
            drawn = memochart.paragraph_with_chart(
                block, self.media, self.t.palette, self.when, self.decl
            )
            self.body.insert(len(self.body) - 1, drawn)
        cols = len(block.header)
        widths = [int(self.p.text_width * w) for w in self._fitted(block)]
        self.body.append(self._table_start(cols, widths))
        fills = block.header_fills or [self.t.palette.get("primary")] * cols
        row = _Row(
            [f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{wordxml.twips(widths[c])}"/>'
             for c in range(cols)],
            [f'<w:shd w:val="clear" w:color="auto" w:fill="{_hex(fills[c])}"/>'
             for c in range(cols)],
            self._cell_props(),
            self.footnote,
            self.memo.language,
        )  # fmt: skip
        self.body.append(row.render(block.header, header=True))
        for i, values in enumerate(block.rows):
            cites = block.cites[i] if i < len(block.cites) else ()
            self.body.append(row.render(values, cites=cites))
        self.body.append("</w:tbl>")
        self.body.append(_SPACER)  # Word needs a paragraph between tables: kept only there

    def _fitted(self, block: MemoTable) -> list[float]:
        """The plan's column fractions, each widened to its longest word in the memo's own
        face (plan/columns.py, as the deck's): a serif set broke "Significance" mid-word."""
        from deckgen import metrics as measure
        from deckgen.plan.blocks import Cell
        from deckgen.plan.columns import widened

        cells = [[Cell(t, bold=True) for t in block.header],
                 *([Cell(t) for t in row] for row in block.rows)]  # fmt: skip
        return widened(cells, block.widths, _CELL_SIZE, self.p.text_width / _INCH,
                       measure.font(self.p.cell_face))  # fmt: skip

    def _table_start(self, cols: int, widths: list[int]) -> str:
        grid_default = self._grid_default(cols)
        grid = "".join(
            f'<w:gridCol w:w="{wordxml.twips(widths[c]) if c < len(widths) else grid_default}"/>'
            for c in range(cols)
        )
        style = self.p.table_style
        return (
            f"<w:tbl{self.decl}><w:tblPr>"
            + (f'<w:tblStyle w:val="{attr(style)}"/>' if style is not None else "")
            + f'<w:tblW w:type="auto" w:w="0"/><w:jc w:val="center"/>{_TABLE_LOOK}</w:tblPr>'
            f"<w:tblGrid>{grid}</w:tblGrid>"
        )

    def _cell_props(self) -> str:
        """A cell paragraph's properties; no pStyle when the body style is the default one
        (python-docx's style setter leaves it out then)."""
        style = self.p.cell_style
        pstyle = f'<w:pStyle w:val="{attr(style)}"/>' if style is not None else ""
        return f'<w:pPr>{pstyle}<w:spacing w:after="40"/></w:pPr>'

    def _grid_default(self, cols: int) -> str:
        """The width python-docx gives a new table's columns (ours replace it)."""
        block = self.p.block_width if self.p.block_width is not None else self.p.text_width
        return wordxml.twips(block // cols) if cols > 0 else "0"

    def image(self, block: MemoImage) -> None:
        width = min(6 * _INCH, self.p.text_width)
        # a picture keeps its caption under it on its page, as a heading keeps its paragraph
        self.body.append(self._picture(block.path, block.alt, "center", width=width,
                                       keep=bool(block.caption)))  # fmt: skip
        if block.caption:
            self.body.append(self.paragraph(block.caption, "caption"))

    def _picture(self, path: str, alt: str, align: str, width: int | None = None,
                 height: int | None = None, keep: bool = False) -> str:  # fmt: skip
        """An inline picture in its own paragraph, described as python-docx's add_picture
        writes it, with alt text and a name that is not the file's; ``keep`` keeps it on the
        page of the paragraph after (its caption)."""
        pic = self.media.place(path, width, height)
        shape_id = self.next_shape
        self.next_shape += 1
        name, descr = f"Picture {shape_id}", attr(alt)
        ext = f'cx="{pic.cx}" cy="{pic.cy}"'
        inline = (
            f'<wp:inline{self.p.inline_decl}><wp:extent {ext}/><wp:docPr id="{shape_id}" '
            f'name="{name}" descr="{descr}"/><wp:cNvGraphicFramePr><a:graphicFrameLocks '
            f'noChangeAspect="1"/></wp:cNvGraphicFramePr><a:graphic><a:graphicData '
            f'uri="{_GRAPHIC}"><pic:pic><pic:nvPicPr><pic:cNvPr id="0" name="{name}" '
            f'descr="{descr}"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip '
            f'r:embed="{pic.rid}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
            f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext {ext}/></a:xfrm><a:prstGeom '
            f'prst="rect"/></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline>'
        )
        runs = f"<w:r><w:drawing>{inline}</w:drawing></w:r>"
        props = f'{"<w:keepNext/>" if keep else ""}<w:jc w:val="{align}"/>'
        return paragraph(props, runs, self.decl)


class _Row:
    """Table rows as text; each column's cell opening is worked out once per table."""

    _PROPS: ClassVar[dict[tuple[bool, bool, bool], str]] = {  # (bold, italic, header) -> rPr
        (b, i, h): ("<w:b/>" if b or h else "") + ("<w:i/>" if i else "")
        + ('<w:color w:val="FFFFFF"/>' if h else "") + '<w:sz w:val="19"/>'
        for b in (False, True) for i in (False, True) for h in (False, True)
    }  # fmt: skip

    _HEADER = '<w:color w:val="FFFFFF"/><w:sz w:val="19"/>'
    _BODY = '<w:sz w:val="19"/>'

    def __init__(
        self,
        cells: list[str],
        shading: list[str],
        ppr: str,
        footnote: Callable[..., str],
        language: str,
    ) -> None:
        # the header row's cells are shaded; a cell holds one paragraph in the body style
        self.header_open = [f"{c}{s}</w:tcPr><w:p>{ppr}" for c, s in zip(cells, shading)]
        self.body_open = [f"{c}</w:tcPr><w:p>{ppr}" for c in cells]
        self.footnote = footnote
        self.language = language

    def render(self, values: list[Text], header: bool = False, cites: tuple[str, ...] = ()) -> str:
        # no row splits across a page; the header row repeats on each page the table reaches
        # and keeps with the first row under it
        out = ["<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" if header
               else "<w:tr><w:trPr><w:cantSplit/></w:trPr>"]  # fmt: skip
        props = self._PROPS
        middle = self._HEADER if header else self._BODY
        for c, opening in enumerate(self.header_open if header else self.body_open):
            out.append(opening.replace("<w:spacing", "<w:keepNext/><w:spacing", 1) if header
                       else opening)  # fmt: skip
            for st in stretches(typeset.unbreakable(values[c]), self.language):
                if st.rtl or st.lang != self.language:
                    out.append(stretch_run(st, self.language, st.bold or header, st.italic,
                                           middle))  # fmt: skip
                    continue
                content = run_content(st.text)
                out.append(
                    f"<w:r><w:rPr>{props[st.bold, st.italic, header]}</w:rPr>{content}</w:r>"
                )
            if c == 0 and cites:
                out.append(self.footnote(cites))
            out.append("</w:p></w:tc>")
        out.append("</w:tr>")
        return "".join(out)


def _styled(bold: bool, italic: bool) -> str:
    return ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")


def stretch_run(st: Stretch, language: str, bold: bool, italic: bool, middle: str = "") -> str:
    """A run of one direction: a right-to-left one in the complex-script face, bold and
    italic as complex script, marked ``w:rtl`` with its language; a phrase in another
    language named by ``w:lang``. ``middle`` holds the properties between (colour, size)."""
    props = ""
    if st.rtl:
        props += f'<w:rFonts w:cs="{COMPLEX_SCRIPT_FONT}"/>'
    if bold:
        props += "<w:b/><w:bCs/>" if st.rtl else "<w:b/>"
    if italic:
        props += "<w:i/><w:iCs/>" if st.rtl else "<w:i/>"
    props += middle
    if st.rtl:
        props += f'<w:rtl/><w:lang w:bidi="{attr(st.lang)}"/>'
    elif st.lang != language:
        props += f'<w:lang w:val="{attr(st.lang)}"/>'
    return run(run_content(st.text), props)


_SPACER = "\0"  # where a table ends; no XML holds a NUL, so it is never a real piece


def _fill(prepared: str, mark: str, pieces: list[str]) -> bytes:
    """A prepared part with ``pieces`` where its mark is, joined once."""
    head, tail = memoprep.cut(prepared, mark)
    return "".join([head, *pieces, tail]).encode("utf-8")


def _open_end(note: str) -> str:
    """A citation without its final full stop, so several can share one note."""
    return note.removesuffix(".").replace(".”", "”") if note.endswith((".", ".”")) else note


def _close_end(note: str) -> str:
    """End a note with a full stop, inside closing quotes as Chicago style wants."""
    if note.endswith(("?”", "!”")):
        return note
    if note.endswith("”"):
        return note[:-1] + ".”"
    return note + "."


def write_memo(
    memo: Memo,
    template: TemplateSet,
    prepared: memoprep.Prepared,
    media: Mapping[str, bytes],
    when: dt.datetime,
) -> tuple[bytes, list[str]]:
    """Serialize ``memo`` through the set's memo file, as ``templates.memo.prepare`` prepared
    it: .docx bytes and warnings. Pictures come from ``media`` (path -> bytes; every picture
    the plan and the set's logo name), dates from ``when``."""
    return _MemoWriter(memo, template, prepared, media, when).write()
